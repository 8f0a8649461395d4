"""The metric catalogue: every metric `summarize` may write, with its unit, scopes and definition.

The single source of the metric definitions: `summarize` refuses a metric that is not here or has
another unit, and docs/metrics.md and the README's metrics table are generated from it
(`python -m network.cli docs`; a test keeps them in sync).

Conventions: local generation of a province = energy of the generators at its electricity bus
(storage discharge and unserved load excluded); consumption = its electricity loads plus what sector
links draw from its bus (data centres, water pumping); inter-provincial exchange = links of carrier
AC; energy = MW x snapshot weighting (h), summed over the year. Green carriers: wind, solar, hydro,
biomass; non-fossil adds nuclear (the technology table, inputs/technologies.csv). Region scopes are
the region classes of `regions.classes` (NBS East/Central/West/Northeast by default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

P, R, N = "province", "region", "national"


@dataclass(frozen=True)
class Metric:
    name: str
    unit: str
    scopes: str
    definition: str
    family: str


class MetricError(ValueError):
    """A metric outside the catalogue, or with another unit."""


_ENTRIES = [
    # power system
    ("generation", "TWh", "province, region, national; by carrier and total", "energy of generators at electricity buses, unserved load excluded", "power"),
    ("consumption", "TWh", "province, region, national", "electricity loads plus electricity drawn by sector links (data centres, water pumping)", "power"),
    ("net_import", "TWh", "province, region", "energy received over inter-provincial links minus energy sent (+ = imports)", "power"),
    ("transmission_losses", "TWh", "national", "losses of inter-provincial links (sent minus delivered)", "power"),
    ("storage_losses", "TWh", "national", "energy into storage minus energy out of it (round trip, spill)", "power"),
    ("capacity", "GW", "national, by carrier", "installed capacity of generators at electricity buses", "power"),
    ("full_load_hours", "h", "national, by carrier", "generation / capacity", "power"),
    ("self_sufficiency", "fraction", "province, region", "local generation / consumption, annual", "power"),
    ("self_sufficiency_focus_region", "fraction", "focus region", "self_sufficiency of `regions.focus`", "power"),
    ("self_sufficiency_lowest_hour", "fraction", "province, region", "lowest snapshot value of local generation / consumption", "power"),
    ("hours_below_50pct_self_sufficiency", "h", "province, region", "hours in which local generation is below half of consumption", "power"),
    ("green_share_of_generation", "fraction", "province, region, national", "green generation / generation (wind, solar, hydro, biomass)", "power"),
    ("non_fossil_share_of_generation", "fraction", "province, region, national", "non-fossil generation / generation (green + nuclear)", "power"),
    ("curtailment", "TWh", "province, national; by carrier", "available minus generated energy of wind, solar and hydro (annual, so hydro moved within its budget is not spill)", "power"),
    ("curtailment_rate", "fraction", "national, by carrier", "curtailment / (curtailment + generation)", "power"),
    ("unserved_energy", "TWh", "province, national", "load not served (the value-of-lost-load slack)", "power"),
    ("system_cost", "bn CNY", "national", "operating cost incl. unserved load at the value of lost load (n.statistics.opex)", "power"),
    ("co2_emissions", "Mt", "province, region, national", "generation / efficiency x CO2 content of the fuel", "power"),
    ("load_weighted_price", "CNY/MWh", "province", "marginal price of the electricity bus weighted by consumption", "power"),
    # exchange and corridors
    ("link_energy", "TWh", "directed inter-provincial link", "energy sent into the link", "exchange"),
    ("link_full_load_hours", "h", "directed inter-provincial link", "link_energy / capacity", "exchange"),
    ("link_hours_at_limit", "h", "directed inter-provincial link", "hours at 99.9 % or more of capacity x p_max_pu", "exchange"),
    ("pair_energy", "TWh", "province pair 'A - B'", "energy sent over all links between the pair, both directions", "exchange"),
    ("pair_utilisation", "fraction", "province pair", "pair_energy / (larger directional capacity x hours)", "exchange"),
    ("corridor_capacity", "GW", "named UHV line; carrier AC/DC", "rating of one direction (AC: mean over its segments)", "exchange"),
    ("corridor_energy", "TWh", "named UHV line", "energy sent, both directions (AC: mean over segments)", "exchange"),
    ("corridor_energy_delivered", "TWh", "named UHV line", "energy delivered after line losses", "exchange"),
    ("corridor_utilisation_hours", "h", "named UHV line", "corridor_energy / corridor_capacity", "exchange"),
    ("corridor_hours_at_limit", "h", "named UHV line", "hours in which any of its links runs at 99.9 % or more of capacity x p_max_pu", "exchange"),
    ("corridor_congestion_value", "bn CNY", "named UHV line", "sum of flow x (efficiency x price at the receiving bus - price at the sending bus)", "exchange"),
    ("corridor_built_capacity", "GW", "named UHV line (extendable)", "capacity chosen by the optimisation", "exchange"),
    ("corridor_capital_cost", "bn CNY/a", "named UHV line (extendable)", "annualised investment of the chosen capacity", "exchange"),
    ("corridor_rating", "GW", "named UHV line (planning candidate)", "the most the sizing step could build (p_nom_max, one direction; AC: mean over its segments)", "exchange"),
    ("corridor_unit_cost", "CNY/kW/a", "named UHV line (planning candidate)", "annualised investment of one more kW on each of its links (segments, terminals, both directions)", "exchange"),
    ("corridor_capacity_value", "CNY/kW/a", "named UHV line (planning candidate)", "annual system cost one more kW of rating on each of its links would save, net of its cost: minus the dual of p_nom <= p_nom_max in the sizing LP; 0 if built below its rating (network/model/capacity_value.py)", "exchange"),
    ("west_east_capacity", "GW", "West->East; carrier '' all links, 'UHV' named lines", "capacity of links from the West class and Shanxi to the rest of China", "exchange"),
    ("west_east_energy", "TWh", "West->East; carrier '' / 'UHV'", "energy sent over those links", "exchange"),
    ("focus_import_capacity", "GW", "focus region; carrier '' / 'UHV'", "capacity of links from outside the focus region into it", "exchange"),
    ("focus_import_energy", "TWh", "focus region; carrier '' / 'UHV'", "energy sent over those links", "exchange"),
    ("residual_clipped", "GW", "province pair, national", "named lines in excess of the aggregated exchange table of the pair (residual clipped to 0)", "exchange"),
    # flow tracing
    ("traced_green_share_of_consumption", "fraction", "province, region, national", "green share of consumed electricity by proportional sharing", "tracing"),
    ("traced_non_fossil_share_of_consumption", "fraction", "province, region, national", "non-fossil share of consumed electricity by proportional sharing", "tracing"),
    ("traced_green_share_of_flow", "fraction", "directed link, named UHV line, 'UHV lines', 'UHV DC lines', 'into <focus>', 'West->East'", "green share of the energy sent over the links, traced", "tracing"),
    ("traced_non_fossil_share_of_flow", "fraction", "as traced_green_share_of_flow", "non-fossil share of the energy sent, traced", "tracing"),
    ("traced_flow_energy", "TWh", "'into <focus>', 'UHV lines', 'UHV DC lines', 'West->East'", "energy delivered over the group of links", "tracing"),
    # compute
    ("compute_demand", "TWh IT", "demand region, national", "IT energy demanded by the demand regions", "compute"),
    ("compute_served", "TWh IT", "hub, 'west hubs', 'demand hubs', national", "IT energy served at the hubs", "compute"),
    ("compute_share_west_hubs", "fraction", "national", "share of IT energy served at the western (supply) hubs", "compute"),
    ("compute_share_served", "fraction", "region class", "share of IT energy served at hubs in the region class", "compute"),
    ("compute_relocated", "TWh IT", "demand region, national", "IT energy of a region served at its paired western hubs", "compute"),
    ("compute_deferred", "TWh IT", "demand region, national", "IT energy moved later in the day (positive shift)", "compute"),
    ("dc_electricity", "TWh", "hub, 'west hubs', 'demand hubs', region class, national", "electricity drawn by data centres (IT x PUE)", "compute"),
    ("dc_green_share", "fraction", "hub, 'west hubs', 'demand hubs', national", "green share of the generation of the hub's province (electricity-weighted for groups)", "compute"),
    ("dc_traced_green_share", "fraction", "hub, 'west hubs', 'demand hubs', national", "traced green share of the electricity each hub draws", "compute"),
    ("dc_pue_effective", "MWh/MWh IT", "national", "data-centre electricity / IT energy", "compute"),
    ("dc_water", "million m3", "hub, 'west hubs', 'demand hubs', national", "water drawn by data centres (WUE x electricity)", "compute"),
    # water
    ("water_withdrawal", "million m3", "province, region, national; by sector and total", "fresh water withdrawn by power plants (cooling, PV cleaning) and sector links", "water"),
    ("water_consumption", "million m3", "province, region, national; by sector and total", "fresh water consumed (evaporated), reservoir evaporation excluded", "water"),
    ("reservoir_evaporation", "million m3", "province, region, national", "evaporation attributed to hydro generation (reported, not capped)", "water"),
    ("seawater_withdrawal", "million m3", "province, region, national; by carrier", "seawater withdrawn for once-through cooling", "water"),
    ("cooling_water_withdrawal", "million m3", "national; carrier once-through fresh / other fresh / seawater", "cooling water of power plants by kind", "water"),
    ("water_allowance", "million m3", "province, national", "annual fresh-water allowance of power and compute (the cap)", "water"),
    ("water_fresh_supply", "million m3", "province, national", "fresh water supplied within the allowance", "water"),
    ("water_cap_utilisation", "fraction", "province", "water_fresh_supply / water_allowance", "water"),
    ("water_overdraft", "million m3", "province, national", "water drawn above the allowance at the overdraft penalty", "water"),
    ("water_shadow_price", "CNY/m3", "province", "time-averaged marginal value of water at the province's water bus above its price", "water"),
    ("water_transfer", "million m3", "province, national; by route", "water delivered by the South-to-North Water Diversion", "water"),
    ("water_pumping_electricity", "TWh", "province, national", "electricity drawn by transfer pumping", "water"),
    # policy
    ("policy_dual", "CNY/MWh or CNY/t or CNY/MW/a", "policy row: co2_cap, non_fossil_share_min, 'self_sufficiency_floor <region>', 'dc_green_share_min <province>', 'curtailment_max <province or all>', 'capacity_min <carriers>', 'build_max <carriers>'", "shadow price of the `policy:` row, positive when it binds: CNY/t CO2 for co2_cap, CNY/MW/a of capacity for capacity_min and build_max, CNY/MWh of the row's energy for the others", "policy"),
    # planning (capacity expansion)
    ("built_capacity", "GW", "province, region, national; by planning option and total", "capacity the sizing step built (planning.options; the fleet kept is not counted)", "planning"),
    ("built_line_capacity", "GW", "candidate line or 'reinforcement <pair>'", "capacity of a candidate UHV line or AC reinforcement the sizing step built (one direction)", "planning"),
    ("investment_cost", "bn CNY/a", "national; by planning option, 'transmission' and total", "annualised investment + fixed O&M of what was built (planning_costs_<year>.csv, planning.discount_rate)", "planning"),
    ("total_system_cost", "bn CNY/a", "national", "investment_cost + system_cost (operation of the sized system)", "planning"),
    ("sizing_objective", "bn CNY/a", "national", "objective of the sizing LP (investment + operation at the sizing resolution)", "planning"),
    ("sizing_nodal_residual", "MW", "national", "largest nodal power-balance violation of the sizing solution (about 0 for simplex/IPM; first-order methods leave some)", "planning"),
    ("sizing_snapshots", "count", "national", "snapshots of the sizing step (the sampled and extreme days, network/model/sizing.py)", "planning"),
    ("sizing_kkt_residual", "fraction", "primal, dual, gap", "largest relative KKT residual of the sizing solution as written back: row or bound violation / (1 + |rhs|), reduced-cost or row-dual sign violation / (1 + largest |cost|), duality gap / (1 + |objective|) (network/model/residuals.py)", "planning"),
    ("sizing_adequacy_iterations", "count", "national", "times the sizing was repeated with the days on which the full-year dispatch shed load added to its sample (planning.adequacy_max_iterations)", "planning"),
    ("price_of_self_sufficiency", "CNY/MWh", "focus region", "shadow price of `policy.self_sufficiency_floor`: system cost of one more MWh of local generation required of the focus region", "policy"),
    # dry-year stress test (runs/<run>/stress_dry_year.csv, network/model/stress.py): the run's system, capacities fixed, dispatched under `stress.hydro_years`
    ("stress_unserved_energy", "TWh", "province, national; carrier '' the year, '01'..'12' the month", "load not served in the stress dispatch", "stress"),
    ("stress_unserved_share", "fraction", "province, national", "stress_unserved_energy / consumption of the stress dispatch", "stress"),
    ("stress_unserved_energy_change", "TWh", "province, national", "stress_unserved_energy minus the run's unserved_energy", "stress"),
    ("stress_hydro_available", "TWh", "province, national; carrier 'run' / 'stress'", "hydro energy available (the sum of the monthly budgets: p_max_pu x p_nom) under the run's and the stress hydrology", "stress"),
    ("stress_hydro_generation", "TWh", "province, national; carrier 'run' / 'stress'", "hydro generation in the run's dispatch and in the stress dispatch", "stress"),
    ("stress_system_cost_change", "bn CNY", "national", "system_cost of the stress dispatch minus the run's (capacities equal, so also the total cost change)", "stress"),
    ("stress_co2_change", "Mt", "national", "co2_emissions of the stress dispatch minus the run's", "stress"),
]  # fmt: skip

CATALOGUE: dict[str, Metric] = {name: Metric(name, unit, scopes, definition, family) for name, unit, scopes, definition, family in _ENTRIES}


def check(table: pd.DataFrame) -> pd.DataFrame:
    """Return the table if every (metric, unit) is in the catalogue (a unit "A or B" admits either); MetricError
    naming the first that is not."""
    for (metric, unit), _ in table.groupby(["metric", "unit"], sort=False):
        if metric not in CATALOGUE:
            raise MetricError(f"metric {metric!r} is not in the catalogue (network/analysis/metrics/catalogue.py)")
        if unit not in CATALOGUE[metric].unit.split(" or "):
            raise MetricError(f"metric {metric!r} has unit {unit!r}; the catalogue says {CATALOGUE[metric].unit!r}")
    return table


def markdown_table() -> str:
    """The catalogue as a Markdown table (metric, unit, scopes, definition), grouped by family."""
    lines = ["| metric | unit | scopes | definition |", "|---|---|---|---|"]
    lines += [f"| `{m.name}` | {m.unit} | {m.scopes} | {m.definition} |" for m in CATALOGUE.values()]
    return "\n".join(lines) + "\n"


README_START, README_END = "<!-- metrics table: generated from network/analysis/metrics/catalogue.py -->", "<!-- end of metrics table -->"


def metrics_doc() -> str:
    """docs/metrics.md: conventions (this module's docstring) and the table."""
    conventions = __doc__.split("Conventions: ", 1)[1].strip()
    return ("# Metrics\n\nGenerated from `network/analysis/metrics/catalogue.py` by `python -m network.cli docs`; do not edit.\n\n"
            f"Conventions: {conventions}\n\n" + markdown_table())  # fmt: skip


def readme_with_table(readme: str) -> str:
    """The README with the text between the metrics-table markers replaced by the generated table."""
    pattern = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.S)
    if not pattern.search(readme):
        raise MetricError("README.md has no metrics-table markers")
    return pattern.sub(lambda _: f"{README_START}\n{markdown_table()}{README_END}", readme)


def write_docs(root: Path) -> list[Path]:
    """Regenerate docs/metrics.md and the README's metrics table under root."""
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "metrics.md").write_text(metrics_doc(), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    return [root / "docs" / "metrics.md", readme]
