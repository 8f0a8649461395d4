"""The planner's summary and the corridors across runs, from the comparison table (runs/comparison.csv).

summary_table: per run, a few answers (eastern self-sufficiency, traced green share of eastern consumption, system
cost, CO2, curtailment, unserved energy, West->East energy and its traced green share) in the units shown (fractions
as %), with the difference to a baseline run (`baseline` in config.yaml; percentage points for %).
corridor_table: every named UHV line in every run: capacity (GW), energy (TWh), utilisation hours (h) and traced
green share (%). Metric names and units are those of the catalogue (analysis/metrics/catalogue.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from network.analysis.compare import KEYS
from network.analysis.metrics.catalogue import CATALOGUE


@dataclass(frozen=True)
class Answer:
    """One column of the summary: `metric` at `scope` (carrier '' the total, None the sum over carriers), shown in
    `unit` (a fraction metric x 100 in '%'); `label` is the English text (inputs/plot_text.csv has its Chinese)."""

    key: str
    label: str
    metric: str
    scope: str
    carrier: str | None
    unit: str


def answers(focus: str = "East") -> tuple[Answer, ...]:
    """The summary's columns; `focus` is the region class the model is about (regions.focus)."""
    return (
        Answer("self_sufficiency", "Self-sufficiency, {focus}", "self_sufficiency", focus, "", "%"),
        Answer("green_share", "Traced green share of consumption, {focus}", "traced_green_share_of_consumption", focus, "", "%"),
        Answer("system_cost", "System cost (operating)", "system_cost", "national", "", "bn CNY"),
        Answer("total_system_cost", "Total system cost (planning runs)", "total_system_cost", "national", "", "bn CNY/a"),
        Answer("co2", "CO$_2$ emissions", "co2_emissions", "national", "", "Mt"),
        Answer("curtailment", "Curtailment (wind, solar, hydro)", "curtailment", "national", None, "TWh"),
        Answer("unserved", "Unserved energy", "unserved_energy", "national", "", "TWh"),
        Answer("west_east_energy", "West->East energy", "west_east_energy", "West->East", "", "TWh"),
        Answer("west_east_green", "Traced green share of West->East flow", "traced_green_share_of_flow", "West->East", "", "%"),
    )


def _runs(comparison: pd.DataFrame) -> list[str]:
    return [c for c in comparison.columns if c not in KEYS]


def _values(comparison: pd.DataFrame, a: Answer) -> pd.Series:
    """The answer's value per run in its unit (NaN where a run has no such row)."""
    c = comparison
    sel = (c.metric == a.metric) & (c.scope == a.scope)
    sel &= (c.carrier != "") if a.carrier is None else (c.carrier == a.carrier)
    rows = c.loc[sel, _runs(c)].apply(pd.to_numeric, errors="coerce")
    values = rows.sum(min_count=1) if len(rows) else pd.Series(np.nan, index=_runs(c))
    unit = CATALOGUE[a.metric].unit
    if unit == "fraction":
        return values * 100
    if unit != a.unit:
        raise ValueError(f"summary: {a.metric} is in {unit} in the catalogue, not {a.unit}")
    return values


def choose_baseline(runs: list[str], baseline: str) -> str:
    """`baseline` if it is one of the runs, else the first run."""
    return baseline if baseline in runs else runs[0]


def summary_table(comparison: pd.DataFrame, baseline: str, focus: str = "East") -> pd.DataFrame:
    """Tidy: run, key, label, unit, value, baseline (the run compared with), difference (value - the baseline's value;
    percentage points for %). Answers no run has (e.g. total system cost without planning runs) are left out."""
    c = comparison.copy()
    for col in ("metric", "scope", "carrier"):
        c[col] = c[col].fillna("").astype(str)
    runs = _runs(c)
    base = choose_baseline(runs, baseline)
    frames = []
    for a in answers(focus):
        values = _values(c, a)
        if values.isna().all():
            continue
        frames.append(pd.DataFrame({"run": runs, "key": a.key, "label": a.label.format(focus=focus), "unit": a.unit,
                                    "value": values.to_numpy(), "baseline": base, "difference": (values - values[base]).to_numpy()}))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


CORRIDOR_METRICS = {  # column of corridor_table: metric (scope: the line)
    "capacity_gw": "corridor_capacity",
    "energy_twh": "corridor_energy",
    "utilisation_hours": "corridor_utilisation_hours",
    "green_share_pct": "traced_green_share_of_flow",
}


def corridor_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """Tidy, by run (in the comparison's order), then line: line, kind (AC/DC), run, capacity_gw, energy_twh (sent, both directions), utilisation_hours (h) and
    green_share_pct (traced green share of the energy it carries, %), one row per named line present in a run."""
    c = comparison.copy()
    for col in ("metric", "scope", "carrier"):
        c[col] = c[col].fillna("").astype(str)
    runs = _runs(c)
    lines = c[c.metric == "corridor_capacity"]
    kinds = lines.groupby("scope")["carrier"].first()
    long = c[c.metric.isin(CORRIDOR_METRICS.values()) & c.scope.isin(kinds.index)].melt(id_vars=KEYS, value_vars=runs, var_name="run")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    wide = long.pivot_table(index=["scope", "run"], columns="metric", values="value", aggfunc="first")
    table = pd.DataFrame({col: wide.get(m, np.nan) for col, m in CORRIDOR_METRICS.items()}, index=wide.index)
    table["green_share_pct"] *= 100
    table = table[table["capacity_gw"].notna()].reset_index().rename(columns={"scope": "line"})
    table.insert(1, "kind", table["line"].map(kinds))
    order = {run: i for i, run in enumerate(runs)}
    return table.sort_values(["run", "line"], key=lambda s: s.map(order) if s.name == "run" else s).reset_index(drop=True)  # runs in their order
