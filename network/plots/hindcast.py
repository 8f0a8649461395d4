"""Figure of the 2024 hindcast (network/analysis/hindcast.py): GW added in 2024 by the planner and in the statistics,
East and rest, and the East's share of what was added."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from network.plots.language import _place, _t
from network.plots.style import _save

MODEL_COLOR, ACTUAL_COLOR = "#1f77b4", "#7f7f7f"
ADDED = [("wind", "East"), ("wind", "rest"), ("solar", "East"), ("solar", "rest"), ("storage (new-type)", "national")]
SHARES = ["wind", "solar", "wind + solar"]


def _label(carrier: str, scope: str) -> str:
    return f"{_t(carrier)}\n{_place(scope) if scope == 'East' else _t(scope)}"


def plot_hindcast(table: pd.DataFrame, path: Path) -> Path:
    """Left: GW added in 2024, model and statistics, wind and solar by East/rest, new-type storage nationally.
    Right: the East's share of wind, solar and both. Writes PNG, SVG and the rows drawn as CSV."""
    rows = table.set_index(["carrier", "scope"])
    added = rows.loc[ADDED]
    shares = rows.loc[[(c, "East share") for c in SHARES]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.0, 3.8), gridspec_kw={"width_ratios": [5, 3]})
    for ax, data, labels in ((left, added, [_label(c, s) for c, s in ADDED]), (right, shares, [_t(c) for c in SHARES])):
        x = np.arange(len(data))
        scale = 100.0 if ax is right else 1.0
        ax.bar(x - 0.2, data.model.to_numpy(float) * scale, width=0.4, color=MODEL_COLOR, label=_t("model"))
        ax.bar(x + 0.2, data.actual.to_numpy(float) * scale, width=0.4, color=ACTUAL_COLOR, label=_t("statistics"))
        ax.set_xticks(x, labels, fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
    left.set_ylabel(_t("Added in 2024 (GW)"), fontsize=9)
    right.set_ylabel(_t("East share of what was added (%)"), fontsize=9)
    right.set_ylim(0, 100)
    left.legend(fontsize=8, frameon=False)
    fig.suptitle(_t("Hindcast 2024: what the planner builds from the end-2023 fleet and what was added"), fontsize=10)
    drawn = pd.concat([added, shares]).reset_index()
    return _save(fig, path, drawn)
