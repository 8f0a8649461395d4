"""Figures of the planner's summary and of the corridors across runs (network/analysis/planner.py tables).

summary.png: one panel per answer (eastern self-sufficiency, traced green share, cost, CO2, ...), one horizontal bar
per run (the baseline run dark, its value a dashed line), the value at each bar's end; sized for an A4 column (3
panels a row) or a slide (5 a row). corridors_<quantity>.png: named UHV lines (rows) x runs (columns), the value in
each cell (energy TWh, utilisation in 1,000 h, traced green share %).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from network.analysis.planner import answers
from network.plots.language import _place, _t
from network.plots.style import FOCUS_COLOR, _fmt, _save, page_size

BASELINE_COLOR = "#333333"
ROW_IN = 0.17  # height of one run's bar (inches, before the page's font scale)


def _label(key: str, focus: str) -> str:
    template = {a.key: a.label for a in answers(focus)}[key]
    return _t(template.replace("{focus}", "{place}"), place=_place(focus)) if "{focus}" in template else _t(template)


def _unit(unit: str) -> str:
    return _t(unit)


def bar_panels(values: pd.DataFrame, titles: list[str], baseline: str | None, title: str, out_path: Path, data: pd.DataFrame) -> Path:
    """One horizontal-bar panel per column of `values` (index: runs in order; titles: panel titles with unit), the
    runs' names on the first panel of each row only; `baseline` (a run or None) drawn dark with a dashed line."""
    runs = list(values.index)
    ncols = 3 if page_size().width_in < 8 else 5  # A4 column: 3 panels a row; slide: 5
    ncols = min(ncols, values.shape[1])
    nrows = int(np.ceil(values.shape[1] / ncols))
    size = page_size()
    row_in = max(ROW_IN, 1.3 * size.min_font_pt / 72)  # a run's bar is at least its label's height at the page's smallest font
    fig, axes = plt.subplots(nrows, ncols, figsize=(size.width_in, nrows * (len(runs) * row_in + 0.75)), squeeze=False, sharey=True)
    y = np.arange(len(runs))
    colors = [BASELINE_COLOR if r == baseline else FOCUS_COLOR for r in runs]
    for ax, column, panel_title in zip(axes.flat, values.columns, titles, strict=False):
        v = pd.to_numeric(values[column], errors="coerce")
        ax.barh(y, v.fillna(0.0), color=colors, height=0.7)
        top = np.nanmax(np.abs(v.to_numpy())) if v.notna().any() else 1.0
        low = min(0.0, float(np.nanmin(v.to_numpy()))) if v.notna().any() else 0.0
        ax.set_xlim(low * 1.5, (top or 1.0) * 1.55)
        for yi, vi in zip(y, v, strict=True):
            ax.annotate(_fmt(vi), (0.0 if pd.isna(vi) else max(vi, 0.0), yi), xytext=(2, 0), textcoords="offset points", va="center", fontsize=7)
        if baseline in runs and pd.notna(v.get(baseline)):
            ax.axvline(v[baseline], color=BASELINE_COLOR, lw=0.8, ls="--")
        ax.set_title(panel_title, fontsize=8, loc="left")
        ax.set_xticks([])
        ax.tick_params(axis="y", length=0, labelsize=7)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
    axes[0, 0].set_yticks(y, runs)
    axes[0, 0].invert_yaxis()
    for ax in axes.flat[values.shape[1] :]:
        fig.delaxes(ax)
    fig.suptitle(title, fontsize=10)
    fig.set_layout_engine("constrained")
    return _save(fig, Path(out_path), data)


def plot_summary(table: pd.DataFrame, out_dir: Path, focus: str = "East") -> list[Path]:
    """summary.png (+ .svg, .csv): the planner's summary (analysis/planner.py summary_table) as one panel per answer."""
    if table.empty:
        return []
    runs = list(dict.fromkeys(table["run"]))
    keys = list(dict.fromkeys(table["key"]))
    values = table.pivot(index="run", columns="key", values="value").reindex(index=runs, columns=keys)
    units = table.groupby("key")["unit"].first()
    titles = [f"{_label(k, focus)} ({_unit(units[k])})" for k in keys]
    baseline = str(table["baseline"].iloc[0])
    title = _t("Planner's summary: every run against {baseline} (dark bar, dashed line)", baseline=baseline)
    data = table.pivot(index="run", columns="key", values="value").reindex(index=runs, columns=keys)
    data.columns = [f"{k} ({units[k]})" for k in keys]
    return [bar_panels(values, titles, baseline, title, Path(out_dir) / "summary.png", data)]


CORRIDOR_FIGURES = (  # (file, column of corridor_table, title, factor, format)
    ("corridors_energy.png", "energy_twh", "Energy sent over each named UHV line (TWh per year)", 1.0, "{:.0f}", "Blues"),
    (
        "corridors_utilisation.png",
        "utilisation_hours",
        "Utilisation of each named UHV line (1,000 full-load hours per year)",
        1e-3,
        "{:.1f}",
        "Purples",
    ),
    ("corridors_green_share.png", "green_share_pct", "Traced green share of the energy each named UHV line carries (%)", 1.0, "{:.0f}", "YlGn"),
)


def _line_names(lines: list[str]) -> dict[str, str]:
    """Display names: the current language's (inputs/plot_text.csv where it has the line), in English the name without
    its parenthesised alias where that keeps names distinct."""
    shown = {line: _place(line) for line in lines}
    short = {line: name.split(" (")[0] for line, name in shown.items()}
    return short if len(set(short.values())) == len(short) else shown


def plot_corridors_across_runs(table: pd.DataFrame, out_dir: Path) -> list[Path]:
    """corridors_energy/utilisation/green_share.png (+ .svg, .csv): named lines x runs heat maps, values in the cells
    (table: analysis/planner.py corridor_table). A line absent from a run (not yet in service) is left blank."""
    if table.empty:
        return []
    runs = list(dict.fromkeys(table["run"]))
    lines = sorted(set(table["line"]), key=lambda line: -table.loc[table.line == line, "energy_twh"].max())
    size = page_size()
    font_pt = max(size.min_font_pt, 6.5 * size.font_scale)
    row_in, names_in = 1.3 * font_pt / 72, max(len(r) for r in runs) * 0.62 * font_pt / 72 + 0.8  # upright run names, title
    room = int((size.max_height_in - names_in - 0.2) / row_in)  # rows that fit at the page's font
    note = _t("the {count} lines that carry the most energy", count=room) if len(lines) > room else ""
    lines = lines[:room]
    names = _line_names(lines)
    written = []
    for name, column, title, factor, fmt, cmap in CORRIDOR_FIGURES:
        grid = table.pivot(index="line", columns="run", values=column).reindex(index=lines, columns=runs)
        shown = grid * factor
        fig, ax = plt.subplots(figsize=(size.width_in, row_in * len(lines) + names_in))
        ax.imshow(shown.to_numpy(dtype=float), aspect="auto", cmap=cmap, vmin=0, interpolation="nearest")
        finite = shown.to_numpy(dtype=float)
        high = np.nanmax(finite) if np.isfinite(finite).any() else 1.0
        for (i, j), v in np.ndenumerate(finite):
            if np.isfinite(v):
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=5.5, color="white" if v > 0.6 * high else "black")
        ax.set_xticks(range(len(runs)), runs, rotation=90, fontsize=6.5)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(lines)), [names[line] for line in lines], fontsize=6.5)
        ax.tick_params(length=0)
        ax.set_title(_t(title) + (f"; {note}" if note else ""), fontsize=9)
        fig.set_layout_engine("constrained")
        data = grid.rename_axis(index="line", columns=None)
        written.append(_save(fig, Path(out_dir) / name, data))
    return written
