"""The dry-year stress figure (data: network/analysis/stress.py): unserved energy by province and month in the stress
dispatch (heat map) beside each province's hydro shortfall against the run (bars)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from network.plots.language import _place, _t
from network.plots.style import A4_COLUMN, _save

FIGURE = "stress_dry_year.png"
MONTHS = [f"{m:02d}" for m in range(1, 13)]
GWH_PER_TWH = 1e3


def _provincial(table: pd.DataFrame, metric: str, carrier: str = "") -> pd.Series:
    rows = table[(table.metric == metric) & (table.carrier == carrier) & (table.scope != "national")]
    return rows.set_index("scope").value


def stress_frames(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Unserved energy (GWh, provinces x months) and the hydro shortfall against the run (TWh: available energy and
    generation, run minus stress) of the provinces that shed load or lose hydro, the largest unserved energy first."""
    t = table.assign(carrier=table.carrier.fillna("").astype(str))
    unserved = pd.DataFrame({m: _provincial(t, "stress_unserved_energy", m) for m in MONTHS}) * GWH_PER_TWH
    shortfall = pd.DataFrame({
        "available": _provincial(t, "stress_hydro_available", "run") - _provincial(t, "stress_hydro_available", "stress"),
        "generation": _provincial(t, "stress_hydro_generation", "run") - _provincial(t, "stress_hydro_generation", "stress"),
    }).reindex(unserved.index).fillna(0.0)  # fmt: skip
    keep = (unserved.sum(axis=1) > 1e-3) | (shortfall.abs().max(axis=1) > 1e-3)  # > 1 MWh or 1 GWh
    order = pd.DataFrame({"unserved": unserved.sum(axis=1), "short": shortfall.available}).loc[keep]
    order = order.sort_values(["unserved", "short"], ascending=False).index
    return unserved.loc[order], shortfall.loc[order]


def plot_stress(table: pd.DataFrame, path: Path, run: str, years: list[int]) -> Path:
    """Left: unserved energy of the stress dispatch per province and month (GWh, heat map, values written in the cells
    that shed); right: hydro energy available and generated, the run's minus the stress dispatch's (TWh). PNG + SVG +
    the data as CSV."""
    unserved, shortfall = stress_frames(table)
    national = table[(table.scope == "national") & (table.carrier.fillna("") == "")].set_index("metric").value
    total, change = float(national.get("stress_unserved_energy", 0.0)), float(national.get("stress_unserved_energy_change", 0.0))
    rows = max(len(unserved), 1)
    fig, (ax, bar) = plt.subplots(1, 2, figsize=(A4_COLUMN[0] * 1.3, 1.2 + 0.24 * rows), sharey=True,
                                  gridspec_kw={"width_ratios": [3, 1.3]})  # fmt: skip
    labels = [_place(p) for p in unserved.index]
    y = np.arange(len(unserved))
    if len(unserved):
        values = unserved.to_numpy()
        image = ax.imshow(values, cmap="Reds", aspect="auto", vmin=0.0, vmax=max(float(values.max()), 1e-9))
        for (i, j), v in np.ndenumerate(values):
            if v >= 0.5:
                ax.text(j, i, f"{v:,.0f}", ha="center", va="center", fontsize=6, color="white" if v > 0.6 * values.max() else "black")
        bar_of_colours = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.01)
        bar_of_colours.set_label(_t("Unserved energy (GWh)"), fontsize=8)
        bar_of_colours.ax.tick_params(labelsize=7)
        bar.barh(y - 0.2, shortfall.available, height=0.4, color="#9ecae1", label=_t("available"))
        bar.barh(y + 0.2, shortfall.generation, height=0.4, color="#2f6eba", label=_t("generated"))
        bar.axvline(0.0, color="black", linewidth=0.5)
        bar.legend(fontsize=7, frameon=False, loc="lower right")
    else:
        ax.text(0.5, 0.5, _t("no unserved energy and no hydro shortfall"), ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks(range(12), [str(m) for m in range(1, 13)], fontsize=7)
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlabel(_t("Month"), fontsize=8)
    ax.set_title(_t("Unserved energy by province and month (GWh); year: {total:.2f} TWh, with the run's hydrology {run_total:.2f} TWh",
                    total=total, run_total=total - change), fontsize=9)  # fmt: skip
    bar.set_xlabel(_t("Hydro shortfall against the run (TWh)"), fontsize=8)
    bar.set_title(_t("Hydro energy: run minus dry year"), fontsize=9)
    bar.tick_params(labelsize=7)
    hydrology = ", ".join(str(y) for y in years)
    fig.suptitle(_t("Dry-year stress test: the {run} system under the {years} hydrology", run=run, years=hydrology), fontsize=11)
    fig.set_layout_engine("tight")
    data = unserved.add_prefix("unserved_gwh_").join(shortfall.add_prefix("hydro_shortfall_twh_"))
    data.index.name = "province"
    return _save(fig, path, data)


def plot_stress_languages(table: pd.DataFrame, out_dir: Path, run: str, years: list[int], languages=("en", "zh")) -> list[Path]:
    """The figure in each language, as out_dir/<language>/stress_dry_year.png (+ .svg, .csv)."""
    from network.plots.language import language

    written = []
    for lang in languages:
        with language(lang):
            written.append(plot_stress(table, Path(out_dir) / lang / FIGURE, run, years))
    return written
