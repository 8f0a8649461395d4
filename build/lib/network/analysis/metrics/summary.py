"""summarize: the metrics of a solved network as one tidy table (metric, scope, carrier, value, unit).

Definitions (DESIGN.md): local generation of a province is the energy of generators at its
electricity bus (storage discharge and unserved load excluded); consumption is the energy of its
electricity loads plus what sector links draw from the bus (data centres, water pumping);
self-sufficiency = local generation / consumption, per province, per region (sums) and hourly.
Inter-provincial exchange is the links of carrier "AC" only.
"""

from __future__ import annotations

import pandas as pd
import pypsa

from network.analysis.metrics.catalogue import check
from network.analysis.metrics.compute import metrics_rows as compute_metrics_rows
from network.analysis.metrics.corridors import corridor_rows
from network.analysis.metrics.planning import metrics_rows as planning_metrics_rows
from network.analysis.metrics.policy import metrics_rows as policy_metrics_rows
from network.analysis.metrics.power import (
    co2_by_bus,
    curtailment_by_bus_carrier,
    generation_by_bus_carrier,
    hourly_by_bus,
    link_rows,
    net_import_by_bus,
    power_generators,
    region_map,
    self_sufficiency_rows,
    share_rows,
)
from network.analysis.metrics.rows import rows, rows_by_carrier
from network.analysis.metrics.tracing import metrics_rows as traced_metrics_rows
from network.analysis.metrics.water import metrics_rows as water_metrics_rows
from network.analysis.province_view import province_view
from network.analysis.tracing import TraceResult, trace
from network.config.technologies import ELECTRICITY, SHEDDING_CARRIER
from network.units import CNY_PER_BN, MW_PER_GW, T_PER_MT, TWH

COLUMNS = ["metric", "scope", "carrier", "value", "unit"]


def summarize(solved: pypsa.Network, focus: str = "East", trace_result: TraceResult | None = None) -> pd.DataFrame:
    """All metrics of a solved network as a tidy table (flow tracing is run unless a result is given). Provincial
    metrics come from the provincial view (energy bases merged into their provinces); tracing from the network as solved."""
    n = province_view(solved)
    regions = region_map(n)
    gen = generation_by_bus_carrier(n)
    out: list[dict] = []

    out += rows_by_carrier("generation", gen / TWH, "TWh")
    by_carrier = gen.groupby(level="carrier").sum()
    out += rows("generation", {"national": gen.sum() / TWH}, "TWh")
    out += [{"metric": "generation", "scope": "national", "carrier": c, "value": v / TWH, "unit": "TWh"} for c, v in by_carrier.items()]
    gen_region = gen.groupby([gen.index.get_level_values("bus").map(regions), gen.index.get_level_values("carrier")]).sum()
    out += rows_by_carrier("generation", gen_region / TWH, "TWh")

    capacity = power_generators(n).groupby("carrier").p_nom.sum()
    out += [{"metric": "capacity", "scope": "national", "carrier": c, "value": v / MW_PER_GW, "unit": "GW"} for c, v in capacity.items()]
    out += [
        {"metric": "full_load_hours", "scope": "national", "carrier": c, "value": by_carrier.get(c, 0.0) / v, "unit": "h"}
        for c, v in capacity.items()
        if v > 0
    ]

    w = n.snapshot_weightings.generators
    consumption = hourly_by_bus(n)[1].mul(w, axis=0).sum()
    out += rows("consumption", consumption / TWH, "TWh")
    out += rows("consumption", consumption.groupby(regions).sum() / TWH, "TWh")
    out += rows("consumption", {"national": consumption.sum() / TWH}, "TWh")

    net_import = net_import_by_bus(n)
    out += rows("net_import", net_import / TWH, "TWh")
    out += rows("net_import", net_import.groupby(regions).sum() / TWH, "TWh")
    out += rows("transmission_losses", {"national": -net_import.sum() / TWH}, "TWh")
    storage_loss = -n.statistics.energy_balance(components="StorageUnit", groupby="bus", nice_names=False, bus_carrier=ELECTRICITY)
    out += rows("storage_losses", {"national": storage_loss.sum() / TWH}, "TWh")

    out += self_sufficiency_rows(n, regions, focus)
    out += share_rows(gen, regions)

    curtail = curtailment_by_bus_carrier(n)
    out += rows_by_carrier("curtailment", curtail / TWH, "TWh")
    curtail_c = curtail.groupby(level="carrier").sum()
    out += [{"metric": "curtailment", "scope": "national", "carrier": c, "value": v / TWH, "unit": "TWh"} for c, v in curtail_c.items()]
    rate = curtail_c / (curtail_c + by_carrier.reindex(curtail_c.index))
    out += [{"metric": "curtailment_rate", "scope": "national", "carrier": c, "value": v, "unit": "fraction"} for c, v in rate.items()]

    out += link_rows(n)
    out += corridor_rows(n, regions, focus)

    shed = n.statistics.supply(components="Generator", groupby=["bus", "carrier"], nice_names=False, bus_carrier=ELECTRICITY)
    shed = shed[shed.index.get_level_values("carrier") == SHEDDING_CARRIER].droplevel("carrier")
    out += rows("unserved_energy", shed / TWH, "TWh")
    out += rows("unserved_energy", {"national": shed.sum() / TWH}, "TWh")

    opex = n.statistics.opex(nice_names=False).sum()
    out += rows("system_cost", {"national": opex / CNY_PER_BN}, "bn CNY")
    co2 = co2_by_bus(n)
    out += rows("co2_emissions", co2 / T_PER_MT, "Mt")
    out += rows("co2_emissions", co2.groupby(regions).sum() / T_PER_MT, "Mt")
    out += rows("co2_emissions", {"national": co2.sum() / T_PER_MT}, "Mt")

    price = n.buses_t.marginal_price[regions.index]
    load_t = hourly_by_bus(n)[1]
    avg_price = (price * load_t).mul(w, axis=0).sum() / load_t.mul(w, axis=0).sum()
    out += rows("load_weighted_price", avg_price, "CNY/MWh")

    trace_result = trace(solved) if trace_result is None else trace_result
    out += traced_metrics_rows(solved, region_map(solved), focus, trace_result)
    out += compute_metrics_rows(n, regions, trace_result)
    out += water_metrics_rows(n, regions)
    out += policy_metrics_rows(solved)
    out += planning_metrics_rows(n, regions, opex)

    table = check(pd.DataFrame(out, columns=COLUMNS))
    return table.sort_values(["metric", "scope", "carrier"], kind="stable").reset_index(drop=True)


def value(metrics: pd.DataFrame, metric: str, scope: str = "national", carrier: str = "") -> float:
    """Look up one value of a metrics table."""
    hit = metrics[(metrics.metric == metric) & (metrics.scope == scope) & (metrics.carrier == carrier)]
    if len(hit) != 1:
        raise KeyError(f"{metric}/{scope}/{carrier}: {len(hit)} rows")
    return float(hit.value.iloc[0])
