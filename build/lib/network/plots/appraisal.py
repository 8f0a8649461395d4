"""The corridor question at a glance: the candidate UHV lines of a plan (corridor_appraisal.png) and the plan against
its alternative without new corridors (plan_comparison.png). Data: network/analysis/appraisal.py."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from network.plots.language import _place, _t, current, text_table
from network.plots.style import A4_COLUMN, FOCUS_COLOR, _color, _fmt, _nice, _save

LINE_PANELS = (  # (title, metric, factor, unit)
    ("Capacity built of the rating", "corridor_built_capacity", 1.0, "GW"),
    ("Annualised cost", "corridor_capital_cost", 1.0, "bn CNY/a"),
    ("Energy sent", "corridor_energy", 1.0, "TWh"),
    ("Traced green share of its flow", "traced_green_share_of_flow", 100.0, "%"),
    ("Congestion rent", "corridor_congestion_value", 1.0, "bn CNY/a"),
    ("Value of 1 kW more rating (sizing dual)", "corridor_capacity_value", 1.0, "CNY/kW/a"),
)
PLAN_PANELS = (  # (title, metric, scope: None = focus, carrier, factor, unit)
    ("Total system cost", "total_system_cost", "national", "", 1.0, "bn CNY/a"),
    ("Investment (annualised)", "investment_cost", "national", "", 1.0, "bn CNY/a"),
    ("Self-sufficiency, {place}", "self_sufficiency_focus_region", None, "", 100.0, "%"),
    ("Traced green share of consumption, {place}", "traced_green_share_of_consumption", None, "", 100.0, "%"),
    ("CO$_2$ emissions", "co2_emissions", "national", "", 1.0, "Mt"),
    ("Curtailment (all carriers)", "curtailment", "national", "all", 1.0, "TWh"),
    ("Fresh-water withdrawal", "water_withdrawal", "national", "", 1.0, "million m3"),
    ("Unserved energy", "unserved_energy", "national", "", 1.0, "TWh"),
)
MIN_BUILT_GW = 0.05  # an option built less than this in both plans is left out of the figure
MIN_VALUE = 0.5  # CNY/kW/a: a smaller capacity value is shown as 0
BUILT_COLOR, PARTLY_COLOR, NONE_COLOR, RATING_COLOR = "#2f6eba", "#8fb3de", "#b5b5b5", "#e3e3e3"


def _line(name: str, names_zh: dict[str, str]) -> str:
    """A named UHV line in the current language: its Chinese name (`names_zh`: name_zh of inputs/uhv_lines.csv), else
    its row of inputs/plot_text.csv (the candidate corridors of inputs/uhv_candidates.csv), else its English name."""
    if current() == "en":
        return name
    return names_zh.get(name) or text_table().get(name, {}).get(current()) or name


def _wide(table: pd.DataFrame, run: str) -> pd.DataFrame:
    """One row per line of `run`, one column per metric."""
    t = table[table.run == run]
    return t.pivot_table(index="line", columns="metric", values="value", aggfunc="first", dropna=False)


def plot_corridor_appraisal(table: pd.DataFrame, path: Path, run: str | None = None, line_names_zh: dict[str, str] | None = None) -> Path:
    """Per candidate line of `run` (default: the first run with lines), sorted by its value then by what was built:
    capacity built of its rating (GW), annualised cost, energy sent, traced green share, congestion rent and the
    value of one more kW of rating. Bars coloured by built to rating / partly / not built."""
    run = run or (str(table.run.iloc[0]) if len(table) else "")
    w = _wide(table, run)
    if w.empty:
        fig, ax = plt.subplots(figsize=A4_COLUMN)
        ax.text(0.5, 0.5, _t("no candidate lines in this run"), ha="center", va="center")
        ax.set_axis_off()
        return _save(fig, path, w)
    for metric in ("corridor_rating", "corridor_built_capacity", "corridor_capacity_value"):
        if metric not in w:
            w[metric] = np.nan
    w = w.assign(_v=w.corridor_capacity_value.fillna(-1.0), _b=w.corridor_built_capacity.fillna(0.0))
    w = w.sort_values(["_v", "_b"], ascending=True).drop(columns=["_v", "_b"])  # barh draws bottom-up: the largest on top
    share = w.corridor_built_capacity / w.corridor_rating
    colors = np.where(share >= 0.999, BUILT_COLOR, np.where(w.corridor_built_capacity > 1e-3, PARTLY_COLOR, NONE_COLOR))
    labels = [_line(name, line_names_zh or {}) for name in w.index]
    y = np.arange(len(w))
    fig, axes = plt.subplots(2, 3, figsize=(A4_COLUMN[0] * 1.5, 0.22 * len(w) * 2 + 2.2), sharey=True)
    for ax, (title, metric, factor, unit) in zip(axes.flat, LINE_PANELS):
        values = w.get(metric, pd.Series(np.nan, index=w.index)) * factor
        at = values.copy()  # where the label goes
        if metric == "corridor_built_capacity":
            ax.barh(y, w.corridor_rating.fillna(values), color=RATING_COLOR, edgecolor="#999999", linewidth=0.5, height=0.7)
        if metric == "corridor_capacity_value":
            values = values.where(values.abs() >= MIN_VALUE, 0.0)  # an interior-point solution's crumbs
            if "corridor_unit_cost" in w:
                ax.scatter(w.corridor_unit_cost, y, marker="|", s=60, linewidths=1.5, color="black", zorder=3)
                at = np.maximum(values.fillna(0.0), w.corridor_unit_cost.fillna(0.0))
        ax.barh(y, values.fillna(0.0), color=colors, height=0.7 if metric != "corridor_built_capacity" else 0.45)
        small = 0.01 * float(np.nanmax(np.abs(values.to_numpy()))) if values.notna().any() else 0.0
        for yi, v, x in zip(y, values, at):
            if pd.notna(v) and (abs(v) >= small or metric == "corridor_capacity_value"):
                ax.annotate(_fmt(v), (max(x, 0.0), yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=6)
        ax.set_title(_t(title), fontsize=8)
        ax.set_xlabel(_t(unit), fontsize=7)
        ax.margins(x=0.25)
        ax.set_xlim(left=0)
        ax.tick_params(labelsize=7)
        ax.grid(axis="x", alpha=0.3)
    for ax in axes[:, 0]:
        ax.set_yticks(y, labels, fontsize=7)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in (BUILT_COLOR, PARTLY_COLOR, NONE_COLOR, RATING_COLOR)]
    handles.append(Line2D([], [], color="black", marker="|", linestyle="", markersize=8, markeredgewidth=1.5))
    names = [_t("built to its rating"), _t("partly built"), _t("not built"), _t("rating"), _t("annualised cost of 1 kW of rating")]
    fig.legend(handles, names, loc="lower center", ncol=5, fontsize=7, frameon=False, bbox_to_anchor=(0.5, -0.01))
    fig.suptitle(_t("Candidate UHV lines of {run}: what is built, carried and worth", run=run), fontsize=10)
    fig.set_layout_engine("tight", rect=(0, 0.03, 1, 1))
    return _save(fig, path, w.rename_axis("line"))


def plot_plan_comparison(table: pd.DataFrame, names: tuple[str, str], focus: str, path: Path) -> Path:
    """Top: the two plans side by side on eight metrics (horizontal bars, values labelled; a metric neither run has,
        e.g. water without water tracking, says so). Bottom: capacity built (GW) by option, in the focus region and in
        the rest of China, and the UHV and reinforcement lines built (one direction). The alternative's value is labelled
    with its difference from the plan."""
    t = table.copy()
    t["carrier"] = t["carrier"].fillna("")
    fig = plt.figure(figsize=(A4_COLUMN[0] * 1.5, A4_COLUMN[1] * 2.2))
    grid = fig.add_gridspec(3, 4, height_ratios=[1, 1, 1.5])
    colors = [FOCUS_COLOR, "#d9822b"]
    data = {}
    for i, (title, metric, scope, carrier, factor, unit) in enumerate(PLAN_PANELS):
        ax = fig.add_subplot(grid[i // 4, i % 4])
        hit = t[(t.metric == metric) & (t.scope == (scope or focus)) & (t.carrier == carrier)]
        values = hit[list(names)].iloc[0].astype(float) * factor if len(hit) else pd.Series(np.nan, index=list(names))
        ax.set_title(_t(title, place=_place(focus)), fontsize=8)
        ax.set_xlabel(_t(unit), fontsize=7)
        ax.set_yticks([0, 1], list(names) if i % 4 == 0 else ["", ""], fontsize=7)
        ax.invert_yaxis()
        ax.tick_params(labelsize=7)
        if values.isna().all():
            ax.text(0.5, 0.5, _t("not in these runs"), transform=ax.transAxes, ha="center", va="center", fontsize=7, color="#777777")
            ax.set_xticks([])
            continue
        ax.barh([0, 1], values.fillna(0.0), color=colors, height=0.6)
        change = values.iloc[1] - values.iloc[0]
        for yi, v in enumerate(values):
            label = _fmt(v) + (f" ({'+' if change >= 0 else '−'}{_fmt(abs(change))})" if yi == 1 and pd.notna(change) else "")
            ax.annotate(label, (max(v, 0.0) if pd.notna(v) else 0.0, yi), xytext=(2, 0), textcoords="offset points", va="center", fontsize=6)
        ax.margins(x=0.7)
        ax.set_xlim(left=0)
        data[f"{metric} {scope or focus} ({unit})"] = values
    ax = fig.add_subplot(grid[2, :])
    built = t[(t.metric == "built_capacity")]
    lines_label = _t("UHV lines and reinforcements")
    rows, labels = [], []
    for name in names:
        for side in ("focus", "other"):
            pick = built[(built.scope == focus) == (side == "focus")]
            rows.append(pick.groupby("carrier")[name].sum())
            labels.append(f"{name}\n" + (_place(focus) if side == "focus" else _t("rest of China")))
        rows.append(pd.Series({lines_label: float(t.loc[t.metric == "built_line_capacity", name].sum())}))
        labels.append(f"{name}\n" + _t("lines"))
    frame = pd.DataFrame(rows, index=labels).fillna(0.0)
    frame = frame.loc[:, frame.sum() >= MIN_BUILT_GW]  # options neither plan builds stay out of the legend
    left = np.zeros(len(frame))
    for option in frame.columns:
        carrier = option.split(" ")[0] if option not in ("PHS", "battery") else option
        is_line = option == lines_label
        ax.barh(range(len(frame)), frame[option], left=left, height=0.6, color="#444444" if is_line else _color(carrier),
                hatch="//" if option.endswith("distributed") else None,
                label=option if is_line else _nice(carrier) + (" " + _t("(distributed)") if option.endswith("distributed") else ""))  # fmt: skip
        left += frame[option].to_numpy()
    for yi, total in enumerate(left):
        ax.annotate(_fmt(total), (total, yi), xytext=(2, 0), textcoords="offset points", va="center", fontsize=7)
    ax.set_yticks(range(len(frame)), frame.index, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, max(float(left.max()), 1.0) * 1.12)
    ax.set_xlabel(_t("Capacity built (GW)"), fontsize=7)
    ax.set_title(_t("What each plan builds where (GW; lines: capacity of one direction)"), fontsize=8)
    ax.legend(fontsize=6, ncol=5, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22))
    fig.suptitle(_t("The corridor question: {plan} against {alternative}", plan=names[0], alternative=names[1]), fontsize=10)
    fig.set_layout_engine("tight")
    tidy = [{"item": key, "run": name, "value": v} for key, values in data.items() for name, v in values.items()]
    tidy += [{"item": f"built {option} GW, {('focus', 'rest of China', 'lines')[k % 3]}", "run": names[k // 3], "value": v}
             for k, (_, row) in enumerate(frame.iterrows()) for option, v in row.items() if v]  # fmt: skip
    return _save(fig, path, pd.DataFrame(tidy, columns=["item", "run", "value"]))
