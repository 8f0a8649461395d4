"""Data-centre figures."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pypsa

from network.analysis.metrics.compute import hub_table
from network.config.technologies import colors
from network.data.compute import ROLE_LABEL
from network.model.compute import HUB, RELOCATION
from network.plots.language import _place, _t
from network.plots.style import _save
from network.units import MW_PER_GW, TWH


def role_colors() -> dict[str, str]:
    """Colours of the hub roles (the supply hubs': the relocation carrier's of the technology table)."""
    return {ROLE_LABEL["demand"]: "#b2abd2", ROLE_LABEL["supply"]: colors()[RELOCATION]}


def relocated_by_region(n: pypsa.Network) -> pd.DataFrame:
    """IT load (MW) served at western hubs per demand region and snapshot."""
    links = n.links[n.links.carrier == RELOCATION]
    flow = n.links_t.p0.reindex(columns=links.index, fill_value=0.0)
    return flow.T.groupby(links.demand_region).sum().T


def week_with_most(series: pd.Series, days: int = 7) -> slice:
    """Index positions of the 7-day window that starts at midnight and moves the most energy."""
    idx = pd.DatetimeIndex(series.index)
    starts = [i for i in range(len(idx)) if idx[i].hour == 0 and idx[i] + pd.Timedelta(days=days) <= idx[-1] + pd.Timedelta(days=1)]
    if not starts:
        return slice(0, len(idx))
    end = lambda i: int(np.searchsorted(idx, idx[i] + pd.Timedelta(days=days)))  # noqa: E731
    best = max(starts, key=lambda i: series.iloc[i : end(i)].sum())
    return slice(best, end(best))


def plot_relocation_week(n: pypsa.Network, path: Path) -> Path:
    """Stacked compute moved East->West (GW IT) by demand region over the week that moves the most."""
    moved = relocated_by_region(n) / MW_PER_GW
    fig, ax = plt.subplots(figsize=(10, 4))
    week = moved.iloc[:0]
    if moved.empty or moved.to_numpy().sum() <= 0:
        ax.text(0.5, 0.5, _t("no compute moved to western hubs in this run"), ha="center", va="center", transform=ax.transAxes)
    else:
        week = moved.iloc[week_with_most(moved.sum(axis=1))]
        ax.stackplot(week.index, week.T.to_numpy(), labels=[_place(c) for c in week.columns], step="post", alpha=0.85)
        ax.set_xlim(week.index[0] - pd.Timedelta(hours=14), week.index[-1])  # the first (rotated) date clear of the y tick labels
        ax.set_ylim(0, 1.3 * week.sum(axis=1).max())
        ax.legend(loc="upper left", fontsize=8, ncol=4, title=_t("demand region"), title_fontsize=8)
    ax.set_ylabel(_t("IT load served in the West, GW"))
    ax.set_title(_t("Compute moved East -> West (week moving the most)"))
    fig.autofmt_xdate()
    return _save(fig, path, week.add_suffix(" GW IT").rename_axis("snapshot"))


def plot_hubs(n: pypsa.Network, path: Path) -> Path:
    """Per hub: compute served (TWh IT) and electricity (TWh), labelled with the green share of its province."""
    t = hub_table(n).sort_values(["role", "it_mwh"], ascending=[True, False])
    x = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(10, 4.5))
    ax.bar(x - 0.2, t.it_mwh / TWH, 0.4, color=t.role.map(role_colors()), label=_t("compute served (TWh IT)"))
    ax.bar(x + 0.2, t.electricity_mwh / TWH, 0.4, color="#666666", alpha=0.6, label=_t("electricity (TWh)"))
    for xi, (_, row) in zip(x, t.iterrows()):
        ax.annotate(f"{row.green_share:.0%}", (xi, row.electricity_mwh / TWH), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=7)
    ax.set_xticks(x, [f"{_place(h)}\n({_place(p)})" for h, p in zip(t.index, t.province)], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("TWh")
    ax.set_ylim(0, 1.12 * max(float((t.electricity_mwh / TWH).max()), float((t.it_mwh / TWH).max()), 1e-9))  # room for the labels
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in role_colors().values()] + [plt.Rectangle((0, 0), 1, 1, color="#666666", alpha=0.6)]
    ax.legend(handles, [_t("compute served, {role} (TWh IT)", role=_t(r)) for r in role_colors()] + [_t("electricity (TWh)")], fontsize=8)
    ax.set_title(_t("Data-centre hubs: compute, electricity and green share of the hub province's generation (labels)"))
    data = pd.DataFrame({"province": t.province, "role": t.role, "compute_served_twh_it": t.it_mwh / TWH,
                         "electricity_twh": t.electricity_mwh / TWH, "green_share": t.green_share}).rename_axis("hub")  # fmt: skip
    return _save(fig, path, data)


def plot_compute(n: pypsa.Network, metrics: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Both figures of a solved run with data-centre hubs; [] when the run has none.

    metrics (the run's tidy table) is accepted for the interface; the figures read the solved network."""
    if not (n.links.carrier == HUB).any():
        return []
    out_dir = Path(out_dir)
    return [plot_relocation_week(n, out_dir / "compute_moved_west_week.png"), plot_hubs(n, out_dir / "compute_hubs.png")]
