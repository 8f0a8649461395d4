"""The self-sufficiency frontier figure: cost, CO2, green share and the floor's price against the floor, and what
is built in the focus region and elsewhere at each point (data: network/analysis/frontier.py)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from network.plots.language import _place, _t
from network.plots.style import A4_COLUMN, _color, _nice, _save

PANELS = (  # (title, metric, scope or None = focus, unit, factor)
    ("Total system cost", "total_system_cost", "national", "bn CNY/a", 1.0),
    ("CO$_2$ emissions", "co2_emissions", "national", "Mt", 1.0),
    ("Traced green share of consumption, {place}", "traced_green_share_of_consumption", None, "%", 100.0),
    ("Price of self-sufficiency, {place}", "price_of_self_sufficiency", None, "CNY/MWh", 1.0),
)


def _value(t: pd.DataFrame, run: str, metric: str, scope: str, carrier: str = "") -> float:
    hit = t[(t.run == run) & (t.metric == metric) & (t.scope == scope) & (t.carrier == carrier)]
    return float(hit.value.iloc[0]) if len(hit) else float("nan")


def plot_frontier(table: pd.DataFrame, focus: str, regions: pd.Series, path: Path) -> Path:
    """Top: four panels against the achieved self-sufficiency of the focus region (%); bottom: capacity built (GW) by
    option, in the focus region and elsewhere, at each point. PNG + SVG + the plotted data as CSV."""
    t = table.copy()
    t["carrier"] = t["carrier"].fillna("")
    runs = list(dict.fromkeys(t.run))
    x = pd.Series({r: 100 * _value(t, r, "self_sufficiency_focus_region", focus) for r in runs})
    fig = plt.figure(figsize=(A4_COLUMN[0] * 1.6, A4_COLUMN[1] * 2.7))
    grid = fig.add_gridspec(3, 2, height_ratios=[1, 1, 1.3])
    data = {"run": runs, "self_sufficiency_pct": x.to_numpy(), "floor_pct": [100 * t[t.run == r].floor.iloc[0] for r in runs]}
    for i, (title, metric, scope, unit, factor) in enumerate(PANELS):
        ax = fig.add_subplot(grid[i // 2, i % 2])
        y = pd.Series({r: factor * _value(t, r, metric, scope or focus) for r in runs})
        if metric == "price_of_self_sufficiency":  # a run without a floor: the floor at what it reaches does not bind
            y = y.where(y.notna() | pd.Series({r: pd.notna(t[t.run == r].floor.iloc[0]) for r in runs}), 0.0)
        ax.plot(x, y, marker="o", color="#2f6eba")
        ax.set_title(_t(title, place=_place(focus)), fontsize=9)
        ax.set_ylabel(unit, fontsize=8)
        ax.set_xlabel(_t("Self-sufficiency of {place} (%)", place=_place(focus)), fontsize=8)
        ax.tick_params(labelsize=7)
        data[f"{metric}_{unit}"] = y.to_numpy()
    built = t[(t.metric == "built_capacity") & (t.carrier != "") & t.scope.isin(regions.index)].copy()
    built["side"] = (built.scope.map(regions) == focus).map({True: "focus", False: "other"})
    stacked = built.groupby(["run", "side", "carrier"]).value.sum().unstack("carrier").fillna(0.0)
    ax = fig.add_subplot(grid[2, :])
    labels, bottom_rows = [], []
    for run in runs:
        for side in ("focus", "other"):
            labels.append(f"{x[run]:.0f} %\n" + (_place(focus) if side == "focus" else _t("rest of China")))
            bottom_rows.append(stacked.loc[(run, side)] if (run, side) in stacked.index else pd.Series(0.0, index=stacked.columns))
    frame = pd.DataFrame(bottom_rows, index=labels).fillna(0.0)
    bottom = pd.Series(0.0, index=frame.index)
    for option in frame.columns:
        carrier = option.split(" ")[0] if option not in ("PHS", "battery") else option
        hatch = "//" if option.endswith("distributed") else None
        ax.bar(
            range(len(frame)),
            frame[option],
            bottom=bottom,
            color=_color(carrier),
            hatch=hatch,
            label=_nice(carrier) + (" " + _t("(distributed)") if hatch else ""),
        )
        bottom += frame[option]
    ax.set_ylim(0, max(float(bottom.max()), 1.0) * 1.08)
    ax.set_xticks(range(len(frame)), frame.index, fontsize=7)
    ax.set_ylabel(_t("Capacity built (GW)"))
    ax.set_title(_t("Capacity built by the optimisation at each point of the frontier"), fontsize=9)
    ax.legend(fontsize=7, ncol=4, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.16))
    fig.suptitle(_t("Eastern self-sufficiency frontier: what a higher floor costs and builds"), fontsize=11)
    fig.set_layout_engine("tight")
    return _save(fig, path, pd.DataFrame(data).set_index("run").join(
        stacked.groupby(level=0).sum().add_prefix("built_gw_"), how="left"))  # fmt: skip
