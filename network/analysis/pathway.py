"""The pathway table (docs/pathways.md): per horizon, the figures a planner follows from 2025 to 2060, tidy like
metrics.csv with a horizon column: runs/<pathway>/pathway.csv (horizon, metric, scope, carrier, value, unit).

`horizon_rows(n, metrics, focus, horizon)` takes one solved horizon (its network and metrics.csv); `pathway_table`
stacks the horizons and adds what needs more than one horizon: the annuities of what earlier horizons built and
that is still alive (`carried_investment_cost`), so that `pathway_system_cost` is the whole cost of a horizon's
system (a horizon's own total_system_cost pays only for what that horizon built). `compare_pathways` puts the
pathways side by side.
"""

from __future__ import annotations

import pandas as pd
import pypsa

from network.config.technologies import SHEDDING_CARRIER
from network.units import MW_PER_GW

COLUMNS = ["horizon", "metric", "scope", "carrier", "value", "unit"]
REST = "rest"  # scope of the provinces outside the focus region
POWER_ROLES = ("electricity", "base")  # buses whose generators and storage are the power fleet (a province, an energy base)
# metrics.csv rows taken over as they are: (metric, scope, or None for the focus region)
FROM_METRICS = [
    ("west_east_capacity", "West->East"),
    ("west_east_energy", "West->East"),
    ("self_sufficiency_focus_region", None),
    ("traced_green_share_of_consumption", None),
    ("traced_green_share_of_consumption", "national"),
    ("consumption", None),
    ("consumption", "national"),
    ("total_system_cost", "national"),
    ("investment_cost", "national"),
    ("system_cost", "national"),
    ("co2_emissions", "national"),
    ("co2_emissions", None),
    ("policy_dual", "co2_cap"),
    ("price_of_self_sufficiency", None),
    ("curtailment", "national"),
    ("curtailment_rate", "national"),
    ("unserved_energy", "national"),
    ("water_consumption", "national"),
    ("water_withdrawal", "national"),
    ("built_capacity", "national"),
    ("built_capacity", None),
    ("sizing_adequacy_iterations", "national"),
]
TRANSMISSION = "transmission"


def fleet_capacity(n: pypsa.Network, focus: str) -> pd.DataFrame:
    """Capacity (GW) of the power fleet by carrier in the focus region and the rest: generators (load shedding left out)
    and storage units at province and energy-base buses, everything in place in the horizon (kept, carried, built)."""
    buses = n.buses
    power = buses.index[buses["role"].isin(POWER_ROLES)] if "role" in buses else buses.index
    region = buses["region"] if "region" in buses else pd.Series("", index=buses.index)
    parts = []
    for static in (n.generators, n.storage_units):
        own = static[static.bus.isin(power) & (static.carrier != SHEDDING_CARRIER)]
        scope = own.bus.map(region).eq(focus).map({True: focus, False: REST})
        parts.append(own.p_nom.groupby([scope, own.carrier]).sum() / MW_PER_GW)
    table = pd.concat(parts).groupby(level=[0, 1]).sum()
    return pd.DataFrame({"metric": "capacity", "scope": table.index.get_level_values(0), "carrier": table.index.get_level_values(1),
                         "value": table.to_numpy(), "unit": "GW"})  # fmt: skip


def horizon_rows(n: pypsa.Network, metrics: pd.DataFrame, focus: str, horizon: int) -> pd.DataFrame:
    """One horizon's rows of the pathway table: the fleet by carrier (focus region / rest, GW) and the metrics of
    FROM_METRICS (the focus region where the scope is None)."""
    picked = []
    for metric, scope in FROM_METRICS:
        rows = metrics[(metrics.metric == metric) & (metrics.scope == (scope or focus))]
        picked.append(rows[["metric", "scope", "carrier", "value", "unit"]])
    table = pd.concat([fleet_capacity(n, focus), *picked], ignore_index=True)
    table.insert(0, "horizon", int(horizon))
    return table[COLUMNS]


def carried_investment(table: pd.DataFrame, lifetimes: dict[str, float]) -> pd.DataFrame:
    """Per horizon, the annuities (bn CNY/a) of what earlier horizons built that is still in service: investment_cost of
    option o built in horizon b counts in horizon h > b while b + lifetime(o) > h (lines: lifetimes['transmission'])."""
    built = table[(table.metric == "investment_cost") & (table.scope == "national") & (table.carrier != "")]
    horizons = sorted(table.horizon.unique())
    out = []
    for h in horizons:
        alive = built[(built.horizon < h) & (built.horizon + built.carrier.map(lifetimes).fillna(0.0) > h)]
        out.append({"horizon": h, "metric": "carried_investment_cost", "scope": "national", "carrier": "", "value": float(alive.value.sum()),
                    "unit": "bn CNY/a"})  # fmt: skip
    carried = pd.DataFrame(out, columns=COLUMNS)
    own = table[(table.metric == "total_system_cost") & (table.scope == "national")].set_index("horizon").value
    whole = carried.assign(metric="pathway_system_cost", value=carried.horizon.map(own).fillna(0.0) + carried.value)
    return pd.concat([carried, whole], ignore_index=True)


def pathway_table(horizons: dict[int, pd.DataFrame], lifetimes: dict[str, float]) -> pd.DataFrame:
    """The pathway table from each horizon's horizon_rows (horizon -> table), with carried_investment_cost and
    pathway_system_cost (total_system_cost + carried_investment_cost, bn CNY/a)."""
    table = pd.concat([horizons[h] for h in sorted(horizons)], ignore_index=True)
    table = pd.concat([table, carried_investment(table, {**lifetimes})], ignore_index=True)
    return table.sort_values(["metric", "scope", "carrier", "horizon"], kind="stable").reset_index(drop=True)[COLUMNS]


def compare_pathways(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The pathways side by side: one row per (horizon, metric, scope, carrier, unit), one value column per pathway."""
    stacked = pd.concat([t.assign(pathway=name) for name, t in tables.items()], ignore_index=True)
    wide = stacked.pivot_table(index=["horizon", "metric", "scope", "carrier", "unit"], columns="pathway", values="value", aggfunc="first")
    return wide.reindex(columns=list(tables)).reset_index().rename_axis(columns=None)


# The pathway summary's columns: (column, metric, scope, carrier, scale); scope "{focus}" is the focus region, carrier
# None sums over carriers; scale converts the table's unit into the column's (fraction -> %).
SUMMARY_CAPACITY = ("onwind", "offwind", "solar", "battery", "hydrogen", "PHS", "nuclear", "hydro", "gas", "gas CCS", "coal")
SUMMARY_COLUMNS = (
    ("west_east_capacity_gw", "west_east_capacity", "West->East", "", 1.0),
    ("west_east_energy_twh", "west_east_energy", "West->East", "", 1.0),
    ("self_sufficiency_{focus}_pct", "self_sufficiency_focus_region", "{focus}", "", 100.0),
    ("traced_green_share_{focus}_pct", "traced_green_share_of_consumption", "{focus}", "", 100.0),
    ("consumption_national_twh", "consumption", "national", "", 1.0),
    ("co2_mt", "co2_emissions", "national", "", 1.0),
    ("pathway_system_cost_bn_cny_per_a", "pathway_system_cost", "national", "", 1.0),
    ("price_of_self_sufficiency_cny_per_mwh", "price_of_self_sufficiency", "{focus}", "", 1.0),
    ("co2_price_cny_per_t", "policy_dual", "co2_cap", "", 1.0),
    ("curtailment_twh", "curtailment", "national", None, 1.0),
    ("unserved_energy_twh", "unserved_energy", "national", "", 1.0),
    ("adequacy_iterations", "sizing_adequacy_iterations", "national", "", 1.0),
)


def pathway_summary(table: pd.DataFrame, focus: str = "East") -> pd.DataFrame:
    """The pathway at a glance, one row per horizon (runs/<pathway>/pathway_summary.csv): the fleet in GW of each
    technology of SUMMARY_CAPACITY in the focus region and the rest (`<carrier>_<focus>_gw`, `<carrier>_rest_gw`), then
    the SUMMARY_COLUMNS (units in the column names; fractions as %). A horizon without a row leaves the cell empty."""
    t = table.assign(carrier=table.carrier.fillna("").astype(str))
    out = pd.DataFrame(index=pd.Index(sorted(t.horizon.unique()), name="horizon"))
    fleet = t[t.metric == "capacity"]
    for carrier in SUMMARY_CAPACITY:
        for scope in (focus, REST):
            rows = fleet[(fleet.carrier == carrier) & (fleet.scope == scope)]
            out[f"{carrier}_{scope}_gw"] = rows.groupby("horizon").value.sum().reindex(out.index).fillna(0.0)
    for column, metric, scope, carrier, scale in SUMMARY_COLUMNS:
        sel = (t.metric == metric) & (t.scope == scope.format(focus=focus))
        sel &= (t.carrier != "") if carrier is None else (t.carrier == carrier)
        values = t[sel].groupby("horizon").value.sum(min_count=1) * scale
        out[column.format(focus=focus)] = values.reindex(out.index)
    return out.reset_index()
