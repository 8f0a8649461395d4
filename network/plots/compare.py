"""Figures comparing runs: key metrics and corridors."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from network.plots.language import _t
from network.plots.style import (
    ID_COLUMNS,
    _carrier_order,
    _color,
    _nice,
    _save,
    _tidy,
)
from network.plots.summary import bar_panels

# (title, metric, scope, carrier or None = sum over carriers, unit); fractions shown in %
KEY_METRICS = (
    ("Self-sufficiency, East", "self_sufficiency", "East", "", "%"),
    ("Green share of generation", "green_share_of_generation", "national", "", "%"),
    ("System cost (operating)", "system_cost", "national", "", "bn CNY"),
    ("CO$_2$ emissions", "co2_emissions", "national", "", "Mt CO$_2$"),
    ("Curtailment (all carriers)", "curtailment", "national", None, "TWh"),
    ("Unserved energy", "unserved_energy", "national", "", "TWh"),
    ("Traced green share of consumption, East", "traced_green_share_of_consumption", "East", "", "%"),
    ("Traced green share of flow into East", "traced_green_share_of_flow", "into East", "", "%"),
)


def plot_metric_panels(
    comparison: pd.DataFrame,
    specs,
    title: str,
    out_path: Path,
    runs: list[str] | None = None,
    baseline: str | None = None,
) -> list[Path]:
    """One panel per (title, metric, scope, carrier or None = sum, unit) spec, one horizontal bar per run with its value
    (network/plots/summary.py bar_panels: 3 panels a row on A4, 5 on a slide; run names once per row).

    `comparison`: columns metric, scope, carrier, unit, then one value column per run; fractions shown in %.
    Specs without rows are skipped; returns [] when no panel has data.
    """
    c = _tidy(comparison)
    runs = runs or [col for col in c.columns if col not in ID_COLUMNS]
    panels = []
    for panel_title, metric, scope, carrier, unit in specs:
        rows = c[(c.metric == metric) & (c.scope == scope)]
        rows = rows[rows.carrier != ""] if carrier is None else rows[rows.carrier == carrier]
        if rows.empty:
            continue
        values = rows[runs].apply(pd.to_numeric, errors="coerce").sum(min_count=1)
        if "unit" in rows and (rows["unit"].astype(str) == "fraction").any():
            values = values * 100
        panels.append((panel_title, unit, values))
    if not panels:
        return []
    values = pd.DataFrame({t: v for t, _, v in panels}).reindex(runs)
    titles = [f"{_t(t)} ({_t(unit)})" for t, unit, _ in panels]
    data = pd.DataFrame({t: v for t, _, v in panels}).T.rename_axis("panel")
    data.insert(0, "unit", [unit for _, unit, _ in panels])
    return [bar_panels(values, titles, baseline, _t(title), Path(out_path), data)]


def plot_comparison(comparison: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Key metrics across runs (key_metrics.png) and national generation by carrier per run (TWh).

    `comparison`: columns metric, scope, carrier, unit, then one value column per run.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    c = _tidy(comparison)
    runs = [col for col in c.columns if col not in ID_COLUMNS]
    written = plot_metric_panels(comparison, KEY_METRICS, "Key metrics across runs (national unless stated)", out_dir / "key_metrics.png")

    gen = c[(c.metric == "generation") & (c.scope == "national") & (c.carrier != "")]
    if not gen.empty:
        gen = gen.set_index("carrier")[runs].apply(pd.to_numeric, errors="coerce").fillna(0.0).groupby(level=0).sum()
        fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(runs) + 4), 5.5))
        bottom = np.zeros(len(runs))
        for carrier in _carrier_order(gen.index):
            ax.bar(runs, gen.loc[carrier], bottom=bottom, color=_color(carrier), label=_nice(carrier), width=0.6)
            bottom += gen.loc[carrier].to_numpy()
        for i, total in enumerate(bottom):
            ax.annotate(f"{total:,.0f}", (i, total), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8)
        ax.set_ylabel(_t("Annual generation (TWh)"))
        ax.set_title(_t("National generation by carrier per run"))
        ax.grid(axis="y", alpha=0.3)
        ax.tick_params(axis="x", labelrotation=90 if len(runs) > 3 else 0)  # upright names never overlap
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9)
        written.append(_save(fig, out_dir / "generation_mix.png", gen.rename_axis("carrier (TWh)")))
    return written


# (title, metric, scope, carrier or None = sum over carriers, unit); fractions are shown in %
CORRIDOR_METRICS = KEY_METRICS[:5] + (
    ("West->East capacity", "west_east_capacity", "West->East", "", "GW"),
    ("West->East energy", "west_east_energy", "West->East", "", "TWh"),
)


def plot_corridor_comparison(comparison: pd.DataFrame, out_dir: Path, runs: list[str] | None = None) -> list[Path]:
    """corridor_comparison.png: the CORRIDOR_METRICS across runs (comparison: metric, scope, carrier, unit, <run>...)."""
    return plot_metric_panels(comparison, CORRIDOR_METRICS, "Runs compared: corridors and West->East exchange (national unless stated)",
                              Path(out_dir) / "corridor_comparison.png", runs=runs)  # fmt: skip
