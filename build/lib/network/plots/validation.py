"""Figure of the validation report: model vs published, one panel per family of checks."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from network.plots.style import _save, page_size

WITHIN_COLOR, MISS_COLOR, PUBLISHED_COLOR = "#2e8b57", "#c0392b", "#4d4d4d"


def _bounds(rows: pd.DataFrame) -> np.ndarray:
    """Half-width of the tolerance band of each row (in the row's unit)."""
    tol = rows.tolerance.fillna(0.0).to_numpy(float)
    relative = (rows.tolerance_kind == "relative").to_numpy()
    return np.where(relative, tol * rows.published.abs().to_numpy(float), tol)


def _label(quantity: str, scope: str, family: str) -> str:
    """A check's row label, short enough for two panels side by side on an A4 page: the scope where the
    quantity ends with it ('net_import_Beijing' -> 'Beijing'), else the quantity without the family's
    prefix ('line_energy_Qishao' -> 'Qishao'); the full scope is in the figure's CSV."""
    if scope not in ("national", "") and quantity.endswith(scope.replace(" ", "_")):
        return scope
    return quantity.removeprefix(f"{family}_").removesuffix("_national")


def plot_validation(validation: pd.DataFrame, path: Path, title: str = "Model vs published statistics") -> Path:
    """One panel per family: published value with its tolerance band (grey), model value as a dot
    (green within tolerance, red outside); rows in the order of the table. Writes PNG, SVG and CSV."""
    data = validation.assign(within=validation.within.astype(str).str.lower().eq("true"))
    families = list(dict.fromkeys(data.family))
    ncols = min(3 if page_size().width_in > 8 else 2, len(families))
    nrows = math.ceil(len(families) / ncols)
    heights = [max(len(data[data.family == f]) for f in families[r * ncols : (r + 1) * ncols]) for r in range(nrows)]
    height_in = sum(0.32 * h + 1.2 for h in heights) + 0.8  # + suptitle and legend
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, height_in), squeeze=False,
                             gridspec_kw={"height_ratios": heights})  # fmt: skip
    for ax, family in zip(axes.flat, families):
        rows = data[data.family == family]
        y = np.arange(len(rows))[::-1]
        labels = [_label(q, s, family) for q, s in zip(rows.quantity, rows.scope)]
        ax.errorbar(rows.published, y, xerr=_bounds(rows), fmt="|", color=PUBLISHED_COLOR, ecolor="#bbbbbb", elinewidth=6,
                    markersize=12, label="published ± tolerance")  # fmt: skip
        ax.scatter(rows.model, y, c=[WITHIN_COLOR if w else MISS_COLOR for w in rows.within], zorder=3, s=28, label="model")
        ax.set_yticks(y, labels, fontsize=7)
        units = ", ".join(dict.fromkeys(rows.unit))
        ax.set_title(f"{family} ({rows.within.sum()} of {len(rows)} within)", fontsize=9)
        ax.set_xlabel(units, fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.axvline(0, color="#dddddd", lw=0.8, zorder=0)
    for ax in list(axes.flat)[len(families) :]:
        ax.set_visible(False)
    handles, names = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=2, fontsize=8, frameon=False)
    fig.suptitle(f"{title}: {int(data.within.sum())} of {len(data)} checks within tolerance", fontsize=11)
    fig.set_layout_engine("tight", rect=(0, 0.35 / height_in, 1, 1 - 0.4 / height_in))
    columns = ["quantity", "family", "scope", "carrier", "model", "published", "unit", "tolerance", "tolerance_kind", "within"]
    return _save(fig, path, data[columns])
