"""The self-sufficiency frontier: planning runs that differ only in the eastern floor, side by side (tidy).

One row per (run, metric, scope, carrier): the run's floor (`policy.self_sufficiency_floor`, NaN = none), what it
achieved and cost, and what it built where (built_capacity by province and option, built_line_capacity). Column `flag`
marks a point whose total system cost is below that of a lower floor, which an exact solve of the same LP cannot give
(the sizing sample or the solver's tolerance is then larger than the cost difference): read such a point with care.
"""

from __future__ import annotations

import pandas as pd

SUMMARY = (  # (metric, scope or None = the focus region, carrier)
    ("self_sufficiency_focus_region", None, ""),
    ("price_of_self_sufficiency", None, ""),
    ("total_system_cost", "national", ""),
    ("investment_cost", "national", ""),
    ("system_cost", "national", ""),
    ("co2_emissions", "national", ""),
    ("traced_green_share_of_consumption", None, ""),
    ("traced_green_share_of_consumption", "national", ""),
    ("curtailment_rate", "national", "onwind"),
    ("curtailment_rate", "national", "solar"),
    ("unserved_energy", "national", ""),
)
BUILT = ("built_capacity", "built_line_capacity")


def frontier_table(metrics: dict[str, pd.DataFrame], floors: dict[str, float | None], focus: str) -> pd.DataFrame:
    """Columns run, floor, metric, scope, carrier, value, unit, flag; runs in order of their floor (none first)."""
    frames = []
    for run, m in metrics.items():
        keep = m.metric.isin(BUILT)
        for metric, scope, carrier in SUMMARY:
            keep |= (m.metric == metric) & (m.scope == (scope or focus)) & (m.carrier == carrier)
        frames.append(m[keep].assign(run=run, floor=floors.get(run)))
    table = pd.concat(frames, ignore_index=True)
    table["floor"] = pd.to_numeric(table["floor"], errors="coerce")
    order = sorted(metrics, key=lambda r: (floors.get(r) is not None, floors.get(r) or 0.0))
    table["run"] = pd.Categorical(table["run"], categories=order, ordered=True)
    table = table.sort_values(["run", "metric", "scope", "carrier"], kind="stable")
    table["run"] = table["run"].astype(str)
    cost = table[(table.metric == "total_system_cost") & (table.scope == "national")].set_index("run")["value"].reindex(order)
    falls = cost < cost.cummax().shift(fill_value=-float("inf"))
    table["flag"] = table["run"].map(lambda run: "total cost below that of a lower floor" if falls.get(run, False) else "")
    return table[["run", "floor", "metric", "scope", "carrier", "value", "unit", "flag"]].reset_index(drop=True)
