"""Data-centre metrics: compute demand and where it is served (TWh IT), electricity, water, green shares."""

from __future__ import annotations

import pandas as pd
import pypsa

from network.analysis.metrics.rows import energy, rows
from network.analysis.tracing import traced_share_of_links
from network.config.technologies import ELECTRICITY, GREEN_CARRIERS, SHEDDING_CARRIER
from network.data.compute import ROLE_LABEL
from network.model.compute import COMPUTE, HUB, RELOCATION, SHIFT
from network.units import M3_PER_MILLION, M3_PER_THOUSAND, TWH


def _hub_links(n: pypsa.Network) -> pd.DataFrame:
    """Hub links with their hub (a pathway horizon adds the hub's carried vintages, "<hub> data centre <year>", beside it)."""
    links = n.links[n.links.carrier == HUB]
    return links.assign(hub=links.hub.where(links.hub.fillna("") != "", links.index.to_series()))


def hub_table(n: pypsa.Network) -> pd.DataFrame:
    """Per hub (its links summed): province, role, electricity (MWh), IT served (MWh), water (m3) and province green
    share of generation."""
    links = _hub_links(n)
    per_link = pd.DataFrame({"hub": links.hub, "province": links.bus0, "role": links.bus1.map(n.buses.role)})
    per_link["electricity_mwh"] = energy(n, n.links_t.p0, links.index)
    per_link["it_mwh"] = -energy(n, n.links_t.p1, links.index)
    per_link["water_m3"] = per_link.electricity_mwh * -links.efficiency2 * M3_PER_THOUSAND
    table = per_link.groupby("hub", sort=False).agg(province=("province", "first"), role=("role", "first"),
                                                     electricity_mwh=("electricity_mwh", "sum"), it_mwh=("it_mwh", "sum"),
                                                     water_m3=("water_m3", "sum")).rename_axis(None)  # fmt: skip
    g = n.generators[(n.generators.bus.map(n.buses.carrier) == ELECTRICITY) & (n.generators.carrier != SHEDDING_CARRIER)]
    gen = energy(n, n.generators_t.p[g.index])
    green = gen[g.carrier.isin(GREEN_CARRIERS)].groupby(g.bus).sum().reindex(table.province, fill_value=0.0)
    table["green_share"] = (green / gen.groupby(g.bus).sum().reindex(table.province)).to_numpy()
    return table


def metrics_rows(n: pypsa.Network, regions: pd.Series, trace_result=None) -> list[dict]:
    """Compute metrics as tidy rows (metric, scope, carrier, value, unit); none without hubs.

    dc_green_share is generation-based (green generation / generation of the hub's province);
    dc_traced_green_share (with a network.tracing.TraceResult) is the traced green share of the
    electricity each hub draws.
    """
    if not (n.links.carrier == HUB).any():
        return []
    t = hub_table(n)
    west = t.role == ROLE_LABEL["supply"]
    groups = {"national": t.index, "west hubs": t.index[west], "demand hubs": t.index[~west]}
    it_total = t.it_mwh.sum()
    loads = n.loads[n.loads.carrier == COMPUTE]
    demand = energy(n, n.loads_t.p_set[loads.index]).groupby(loads.demand_region).sum()
    moved = n.links[n.links.carrier == RELOCATION]
    moved_e = energy(n, n.links_t.p0[moved.index]).groupby(moved.demand_region).sum()
    shift = n.generators.index[n.generators.carrier == SHIFT]
    deferred = energy(n, n.generators_t.p[shift].clip(lower=0))
    deferred = deferred.groupby(n.generators.loc[shift, "demand_region"]).sum() if len(shift) else deferred
    elec = t.electricity_mwh
    out = rows("compute_demand", {**(demand / TWH), "national": demand.sum() / TWH}, "TWh IT")
    out += rows("compute_served", {**(t.it_mwh / TWH), **{k: t.it_mwh[v].sum() / TWH for k, v in groups.items()}}, "TWh IT")
    out += rows("compute_share_west_hubs", {"national": t.it_mwh[west].sum() / it_total}, "fraction")
    by_class = t.it_mwh.groupby(t.province.map(regions)).sum()
    out += rows("compute_share_served", by_class / it_total, "fraction")
    out += rows("compute_relocated", {**(moved_e / TWH), "national": moved_e.sum() / TWH}, "TWh IT")
    out += rows("compute_deferred", {**(deferred / TWH), "national": deferred.sum() / TWH}, "TWh IT")
    out += rows("dc_electricity", {**(elec / TWH), **{k: elec[v].sum() / TWH for k, v in groups.items()}}, "TWh")
    out += rows("dc_electricity", elec.groupby(t.province.map(regions)).sum() / TWH, "TWh")
    green = {k: (t.green_share[v] * elec[v]).sum() / elec[v].sum() for k, v in groups.items() if elec[v].sum() > 0}
    out += rows("dc_green_share", {**t.green_share, **green}, "fraction")
    if trace_result is not None:
        links = _hub_links(n)
        drawn = energy(n, n.links_t.p0, links.index)
        traced_links = traced_share_of_links(n, trace_result, list(links.index))
        by_hub = drawn.groupby(links.hub).sum()  # a hub's links weighted by what they drew (one link: its own share)
        weighted = (traced_links * drawn).groupby(links.hub).sum() / by_hub.where(by_hub > 0)
        traced = weighted.fillna(traced_links.groupby(links.hub).mean()).reindex(t.index)
        weighted = {k: (traced[v] * elec[v]).sum() / elec[v].sum() for k, v in groups.items() if elec[v].sum() > 0}
        out += rows("dc_traced_green_share", {**traced, **weighted}, "fraction")
    out += rows("dc_pue_effective", {"national": elec.sum() / it_total}, "MWh/MWh IT")
    out += rows("dc_water", {**(t.water_m3 / M3_PER_MILLION), **{k: t.water_m3[v].sum() / M3_PER_MILLION for k, v in groups.items()}}, "million m3")
    return out
