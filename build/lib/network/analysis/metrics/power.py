"""Power-system metrics: generation, consumption, exchange, self-sufficiency, shares, curtailment, links, CO2."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pypsa

from network.analysis.metrics.corridors import at_limit, capacity_mw
from network.analysis.metrics.rows import rows
from network.config.technologies import (
    ELECTRICITY,
    GREEN_CARRIERS,
    NON_FOSSIL_CARRIERS,
    SHEDDING_CARRIER,
)
from network.units import TWH


def region_map(n: pypsa.Network) -> pd.Series:
    """Province -> region class (column `region` of the electricity buses)."""
    ac = n.buses[n.buses.carrier == ELECTRICITY]
    return ac["region"]


def power_generators(n: pypsa.Network) -> pd.DataFrame:
    """Generators at electricity (AC) buses, unserved load excluded."""
    g = n.generators
    return g[(g.bus.map(n.buses.carrier) == ELECTRICITY) & (g.carrier != SHEDDING_CARRIER)]


def sector_links(n: pypsa.Network) -> pd.DataFrame:
    """Links that draw electricity from a province for another sector (carrier other than AC)."""
    links = n.links
    return links[(links.bus0.map(n.buses.carrier) == ELECTRICITY) & (links.carrier != ELECTRICITY)]


def generation_by_bus_carrier(n: pypsa.Network) -> pd.Series:
    """Annual generation (MWh) by (bus, carrier) at electricity buses, unserved load excluded."""
    supply = n.statistics.supply(components="Generator", groupby=["bus", "carrier"], nice_names=False, bus_carrier=ELECTRICITY)
    supply = supply.drop(SHEDDING_CARRIER, level="carrier", errors="ignore")
    return supply[supply.abs() > 0]


def hourly_by_bus(n: pypsa.Network) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hourly local generation and consumption (MW) per province (loads + sector links)."""
    buses = region_map(n).index
    gens = power_generators(n)
    gen = n.generators_t.p[gens.index].T.groupby(gens.bus).sum().T.reindex(columns=buses, fill_value=0.0)
    loads = n.loads[n.loads.bus.isin(buses)]
    demand = n.loads_t.p[loads.index].T.groupby(loads.bus).sum().T.reindex(columns=buses, fill_value=0.0)
    sector = sector_links(n)
    if not sector.empty:
        drawn = n.links_t.p0[sector.index].T.groupby(sector.bus0).sum().T
        demand = demand.add(drawn.reindex(columns=buses, fill_value=0.0), fill_value=0.0)
    return gen, demand


def curtailment_by_bus_carrier(n: pypsa.Network, carriers=("onwind", "offwind", "solar", "hydro")) -> pd.Series:
    """Annual available minus generated energy (MWh) by (bus, carrier).

    Annual rather than hour by hour, so that hydro moved within its budget period
    (network/model/hydro.py) is not counted as spilled; for wind and solar the two are identical.
    """
    gens = power_generators(n)
    gens = gens[gens.carrier.isin(carriers)]
    w = n.snapshot_weightings.generators
    available = (n.get_switchable_as_dense("Generator", "p_max_pu")[gens.index] * gens.p_nom).mul(w, axis=0).sum()
    generated = n.generators_t.p[gens.index].mul(w, axis=0).sum()
    spilled = (available - generated).clip(lower=0.0)
    return spilled.groupby([gens.bus, gens.carrier]).sum().rename_axis(["bus", "carrier"])


def net_import_by_bus(n: pypsa.Network) -> pd.Series:
    """Annual net import (MWh, + = imports) of each province over inter-provincial (AC) links."""
    w = n.snapshot_weightings.generators
    links = n.links[n.links.carrier == ELECTRICITY]
    received = (-n.links_t.p1[links.index].mul(w, axis=0).sum()).groupby(links.bus1).sum()
    sent = n.links_t.p0[links.index].mul(w, axis=0).sum().groupby(links.bus0).sum()
    buses = region_map(n).index
    return received.reindex(buses, fill_value=0.0) - sent.reindex(buses, fill_value=0.0)


def self_sufficiency_rows(n: pypsa.Network, regions: pd.Series, focus: str) -> list[dict]:
    """Annual self-sufficiency per province and region; hourly lowest and hours below 50 %."""
    w = n.snapshot_weightings.generators
    gen_t, load_t = hourly_by_bus(n)
    gen = gen_t.mul(w, axis=0).sum()
    load = load_t.mul(w, axis=0).sum()
    out = rows("self_sufficiency", (gen / load).where(load > 0), "fraction")
    by_region = gen.groupby(regions).sum() / load.groupby(regions).sum()
    out += rows("self_sufficiency", by_region, "fraction")
    for scope, members in [(r, regions.index[regions == r]) for r in regions.unique()] + [(p, [p]) for p in regions.index]:
        hourly = gen_t[members].sum(axis=1) / load_t[members].sum(axis=1)
        out += rows("self_sufficiency_lowest_hour", {scope: hourly.min()}, "fraction")
        out += rows("hours_below_50pct_self_sufficiency", {scope: w[hourly < 0.5].sum()}, "h")
    out += rows("self_sufficiency_focus_region", {focus: by_region.get(focus, np.nan)}, "fraction")
    return out


def share_rows(gen: pd.Series, regions: pd.Series) -> list[dict]:
    """Green (wind, solar, hydro, biomass) and non-fossil shares of generation."""
    carriers = gen.index.get_level_values("carrier")
    by_bus = gen.groupby(level="bus").sum()
    out = []
    for metric, group in (("green_share_of_generation", GREEN_CARRIERS), ("non_fossil_share_of_generation", NON_FOSSIL_CARRIERS)):
        part = gen[carriers.isin(group)].groupby(level="bus").sum().reindex(by_bus.index, fill_value=0.0)
        out += rows(metric, {"national": part.sum() / by_bus.sum()}, "fraction")
        out += rows(metric, part.groupby(regions).sum() / by_bus.groupby(regions).sum(), "fraction")
        out += rows(metric, part / by_bus, "fraction")
    return out


def co2_by_bus(n: pypsa.Network) -> pd.Series:
    """Annual CO2 emissions (t) per province from generator output, efficiency and carrier CO2."""
    w = n.snapshot_weightings.generators
    g = power_generators(n)
    intensity = g.carrier.map(n.carriers.co2_emissions).fillna(0.0) / g.efficiency
    emitted = n.generators_t.p[g.index].mul(w, axis=0).sum() * intensity
    return emitted.groupby(g.bus).sum()


def link_rows(n: pypsa.Network) -> list[dict]:
    """Energy, full-load hours and utilisation of each directed link and of each province pair."""
    w = n.snapshot_weightings.generators
    links = n.links[n.links.carrier == ELECTRICITY]
    energy = n.links_t.p0[links.index].mul(w, axis=0).sum()
    hours = w.sum()
    out = rows("link_energy", energy / TWH, "TWh")
    cap = capacity_mw(n, links)  # p_nom_opt where extendable
    out += rows("link_full_load_hours", (energy / cap).where(cap > 0), "h")
    limit = at_limit(n.links_t.p0[links.index], cap, links["p_max_pu"])
    out += rows("link_hours_at_limit", limit.mul(w, axis=0).sum(), "h")
    pair = links.apply(lambda r: " - ".join(sorted([r.bus0, r.bus1])), axis=1)
    pair_energy = energy.groupby(pair).sum()
    pair_cap = cap.groupby([pair, links.bus0]).sum().groupby(level=0).max()  # per direction, parallel links summed
    out += rows("pair_energy", pair_energy / TWH, "TWh")
    out += rows("pair_utilisation", pair_energy / (pair_cap * hours), "fraction")
    return out
