"""The corridor question: a plan with candidate corridors against one without (`appraisal:` in config.yaml), and an
appraisal of each candidate UHV line, from the two runs' metrics.csv.

corridor_table: tidy (run, line, metric, value, unit), one row per candidate line (a named line the sizing step could
build: it has corridor_built_capacity) and metric of CORRIDOR. Its value to the system is
`corridor_capacity_value`: minus the dual of the line's rating in the sizing LP (CNY per kW of rating and year, net of
the kW's own annualised cost; network/model/capacity_value.py), i.e. the marginal cost change of leaving a kW of it
out; chosen over re-sizing without each line (15 sizing solves of ~6 min) because it comes with the one sizing solve.
A line that is built has a gross marginal value of corridor_unit_cost + corridor_capacity_value. The cost change of leaving all corridors out
at once is the plan comparison's total_system_cost difference.

plan_table: the pair side by side (metric, scope, carrier, unit, <plan>, <alternative>, difference = alternative -
plan) for COMPARISON, plus what each built where: built_capacity by region class and option (GW), built line
capacity (GW) and corridor energy (TWh) in total.
"""

from __future__ import annotations

import pandas as pd

CORRIDOR = (  # (metric of metrics.csv, unit); scope = the line's name
    ("corridor_rating", "GW"),
    ("corridor_built_capacity", "GW"),
    ("corridor_capital_cost", "bn CNY/a"),
    ("corridor_unit_cost", "CNY/kW/a"),
    ("corridor_energy", "TWh"),
    ("corridor_utilisation_hours", "h"),
    ("traced_green_share_of_flow", "fraction"),
    ("corridor_congestion_value", "bn CNY"),
    ("corridor_capacity_value", "CNY/kW/a"),
)

COMPARISON = (  # (metric, scope: None = the focus region, carrier: None = sum over carriers)
    ("total_system_cost", "national", ""),
    ("investment_cost", "national", ""),
    ("investment_cost", "national", "transmission"),
    ("system_cost", "national", ""),
    ("self_sufficiency_focus_region", None, ""),
    ("traced_green_share_of_consumption", None, ""),
    ("traced_green_share_of_consumption", "national", ""),
    ("co2_emissions", "national", ""),
    ("curtailment", "national", None),
    ("curtailment_rate", "national", "onwind"),
    ("curtailment_rate", "national", "solar"),
    ("water_withdrawal", "national", ""),
    ("unserved_energy", "national", ""),
    ("west_east_energy", "West->East", ""),
    ("focus_import_energy", None, ""),
)
KEYS = ["metric", "scope", "carrier", "unit"]
NOT_BUILT_GW = 1e-3  # a line built less than 1 MW is not built: its utilisation and traced share are left out (NaN)


def _clean(m: pd.DataFrame) -> pd.DataFrame:
    m = m.copy()
    for col in ("metric", "scope", "carrier", "unit"):
        m[col] = m[col].fillna("").astype(str)
    m["value"] = pd.to_numeric(m["value"], errors="coerce")
    return m


def candidate_lines(metrics: pd.DataFrame) -> list[str]:
    """Named lines the sizing step could build (they have corridor_built_capacity), in the table's order."""
    m = _clean(metrics)
    return list(dict.fromkeys(m.scope[m.metric == "corridor_built_capacity"]))


def _built_gw(at: pd.DataFrame) -> float:
    hit = at.value[at.metric == "corridor_built_capacity"]
    return float(hit.iloc[0]) if len(hit) and pd.notna(hit.iloc[0]) else 0.0


def corridor_table(metrics: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Columns run, line, metric, value, unit (see module docstring); a metric a run lacks is NaN (e.g. no tracing)."""
    out = []
    for run, m in metrics.items():
        m = _clean(m)
        for line in candidate_lines(m):
            at = m[m.scope == line]
            for metric, unit in CORRIDOR:
                hit = at[at.metric == metric]
                value = float(hit.value.iloc[0]) if len(hit) else float("nan")
                if metric in ("corridor_built_capacity", "corridor_capital_cost", "corridor_energy", "corridor_congestion_value"):
                    value = 0.0 if pd.isna(value) else value  # absent = nothing built or sent
                if metric in ("corridor_utilisation_hours", "traced_green_share_of_flow") and _built_gw(at) < NOT_BUILT_GW:
                    value = float("nan")  # no line, no flow to measure (a solver's crumbs of MW give noise)
                out.append({"run": run, "line": line, "metric": metric, "value": value, "unit": unit})
    return pd.DataFrame(out, columns=["run", "line", "metric", "value", "unit"])


def _pick(m: pd.DataFrame, metric: str, scope: str, carrier: str | None) -> tuple[float, str]:
    hit = m[(m.metric == metric) & (m.scope == scope)]
    hit = hit[hit.carrier != ""] if carrier is None else hit[hit.carrier == carrier]
    if hit.empty:
        return float("nan"), ""
    return (float(hit.value.sum()) if carrier is None else float(hit.value.iloc[0])), str(hit.unit.iloc[0])


def plan_table(plan: pd.DataFrame, alternative: pd.DataFrame, names: tuple[str, str], focus: str, regions: pd.Series) -> pd.DataFrame:
    """Columns metric, scope, carrier, unit, <plan name>, <alternative name>, difference (alternative - plan)."""
    a, b = _clean(plan), _clean(alternative)
    rows = []
    for metric, scope, carrier in COMPARISON:
        scope = scope or focus
        (va, ua), (vb, ub) = _pick(a, metric, scope, carrier), _pick(b, metric, scope, carrier)
        rows.append(
            {"metric": metric, "scope": scope, "carrier": "all" if carrier is None else carrier, "unit": ua or ub, names[0]: va, names[1]: vb}
        )
    for name, m in zip(names, (a, b)):  # what is built where: by region class and option
        built = m[(m.metric == "built_capacity") & (m.carrier != "") & m.scope.isin(regions.index)]
        by = built.groupby([built.scope.map(regions), built.carrier]).value.sum()
        for (region, option), value in by.items():
            rows.append({"metric": "built_capacity", "scope": region, "carrier": option, "unit": "GW", name: value})
        lines = m[(m.metric == "built_line_capacity")]
        rows.append({"metric": "built_line_capacity", "scope": "national", "carrier": "", "unit": "GW", name: float(lines.value.sum())})
    table = pd.DataFrame(rows).groupby(KEYS, sort=False, dropna=False)[list(names)].first().reset_index()
    built = table.metric.isin(["built_capacity", "built_line_capacity"])
    table.loc[built, list(names)] = table.loc[built, list(names)].fillna(0.0)  # nothing built there
    table["difference"] = table[names[1]] - table[names[0]]
    return table
