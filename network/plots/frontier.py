"""The self-sufficiency frontier figure: cost, CO2, green share and the floor's price against the floor, and what
is built in the focus region and elsewhere at each point (data: network/analysis/frontier.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from network.plots.language import _place, _t
from network.plots.style import A4_COLUMN, _color, _nice, _save, page_size, wide_page

PANELS = (  # (title, metric, scope or None = focus, unit, factor)
    ("Total system cost", "total_system_cost", "national", "bn CNY/a", 1.0),
    ("CO$_2$ emissions", "co2_emissions", "national", "Mt", 1.0),
    ("Traced green share of consumption, {place}", "traced_green_share_of_consumption", None, "%", 100.0),
    ("Price of self-sufficiency, {place}", "price_of_self_sufficiency", None, "CNY/MWh", 1.0),
)


def _value(t: pd.DataFrame, run: str, metric: str, scope: str, carrier: str = "") -> float:
    hit = t[(t.run == run) & (t.metric == metric) & (t.scope == scope) & (t.carrier == carrier)]
    return float(hit.value.iloc[0]) if len(hit) else float("nan")


def _wrapped(label: str) -> str:
    """A bar's tick label on lines that fit under one bar: 8 Latin letters or 4 Chinese characters a line."""
    return textwrap.fill(label, 8 if label.isascii() else 4)


def _point_label(floor_pct: float, reached_pct: float, flagged: bool) -> str:
    """A bar's label: its floor (or none) and the self-sufficiency reached (%); '*' where the point is flagged."""
    name = _t("no floor") if pd.isna(floor_pct) else _t("floor {floor} %", floor=f"{floor_pct:.0f}")
    return name + ("*" if flagged else "") + "\n" + _t("reaches {reached} %", reached=f"{reached_pct:.1f}")


def plot_frontier(table: pd.DataFrame, focus: str, regions: pd.Series, path: Path) -> Path:
    """Top: four panels against the achieved self-sufficiency of the focus region (%); bottom: capacity built (GW) by
    option, in the focus region and elsewhere, at each point. PNG + SVG + the plotted data as CSV."""
    t = table.copy()
    t["carrier"] = t["carrier"].fillna("")
    runs = list(dict.fromkeys(t.run))
    x = pd.Series({r: 100 * _value(t, r, "self_sufficiency_focus_region", focus) for r in runs})
    floor = pd.Series({r: 100 * t[t.run == r].floor.iloc[0] for r in runs})
    flagged = pd.Series({r: bool((t[t.run == r].get("flag", pd.Series(dtype=str)).fillna("") != "").any()) for r in runs})
    fig = plt.figure(figsize=(A4_COLUMN[0] * 1.6, A4_COLUMN[1] * 2.7))
    grid = fig.add_gridspec(3, 2, height_ratios=[1, 1, 1.3])
    data = {"run": runs, "self_sufficiency_pct": x.to_numpy(), "floor_pct": floor.to_numpy(), "flagged": flagged.to_numpy()}
    for i, (title, metric, scope, unit, factor) in enumerate(PANELS):
        ax = fig.add_subplot(grid[i // 2, i % 2])
        y = pd.Series({r: factor * _value(t, r, metric, scope or focus) for r in runs})
        if metric == "price_of_self_sufficiency":  # a run without a floor: the floor at what it reaches does not bind
            y = y.where(y.notna() | pd.Series({r: pd.notna(t[t.run == r].floor.iloc[0]) for r in runs}), 0.0)
        ax.plot(x, y, marker="o", color="#2f6eba")
        if flagged.any():  # their cost differences are the sizing sample's noise: marked, not hidden
            ax.plot(x[flagged], y[flagged], ls="none", marker="o", ms=9, mfc="none", mec="#c0392b", mew=1.3,
                    label=_t("flagged: total cost below a lower floor's"))  # fmt: skip
            if i == 0:
                ax.legend(fontsize=6, frameon=False)
        ax.set_title(_t(title, place=_place(focus)), fontsize=9)
        ax.set_ylabel(unit, fontsize=8)
        ax.set_xlabel(_t("Self-sufficiency of {place} (%)", place=_place(focus)), fontsize=8)
        ax.tick_params(labelsize=7)
        data[f"{metric}_{unit}"] = y.to_numpy()
    built = t[(t.metric == "built_capacity") & (t.carrier != "") & t.scope.isin(regions.index)].copy()
    built["side"] = (built.scope.map(regions) == focus).map({True: "focus", False: "other"})
    stacked = built.groupby(["run", "side", "carrier"]).value.sum().unstack("carrier").fillna(0.0)
    ax = fig.add_subplot(grid[2, :])
    sides, rows, positions = [], [], []
    for i, run in enumerate(runs):  # a pair of bars per point, a gap between points
        for j, side in enumerate(("focus", "other")):
            sides.append(_place(focus) if side == "focus" else _wrapped(_t("rest of China")))
            rows.append(stacked.loc[(run, side)] if (run, side) in stacked.index else pd.Series(0.0, index=stacked.columns))
            positions.append(2.6 * i + j)
    frame = pd.DataFrame(rows).reset_index(drop=True).fillna(0.0)
    bottom = pd.Series(0.0, index=frame.index)
    for option in frame.columns:
        carrier = option.split(" ")[0] if option not in ("PHS", "battery") else option
        hatch = "//" if option.endswith("distributed") else None
        ax.bar(
            positions,
            frame[option],
            bottom=bottom,
            color=_color(carrier),
            hatch=hatch,
            label=_nice(carrier) + (" " + _t("(distributed)") if hatch else ""),
        )
        bottom += frame[option]
    ax.set_ylim(0, max(float(bottom.max()), 1.0) * (2.0 if wide_page() else 1.3))  # room for the legend
    ax.set_xticks(positions, sides, fontsize=6)
    size = page_size()  # fonts are scaled to the page when saved: the labels below the ticks move down with them
    below_ticks_pt = 2 * 1.25 * max(size.min_font_pt, 6 * size.font_scale) + 10
    for i, run in enumerate(runs):  # the point's floor and what it reaches, once under its pair of bars
        ax.annotate(_point_label(floor[run], x[run], flagged[run]), xy=(2.6 * i + 0.5, 0), xycoords=ax.get_xaxis_transform(),
                    xytext=(0, -below_ticks_pt), textcoords="offset points", ha="center", va="top", fontsize=7)  # fmt: skip
    ax.set_ylabel(_t("Capacity built (GW)"))
    title = _t("Capacity built by the optimisation at each point of the frontier")
    if flagged.any():
        title += "\n" + _t("* flagged: total cost below a lower floor's")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, ncol=5 if wide_page() else 4, frameon=False, loc="upper center")
    fig.suptitle(_t("Eastern self-sufficiency frontier: what a higher floor costs and builds"), fontsize=11)
    fig.set_layout_engine("tight")
    return _save(fig, path, pd.DataFrame(data).set_index("run").join(
        stacked.groupby(level=0).sum().add_prefix("built_gw_"), how="left"))  # fmt: skip
