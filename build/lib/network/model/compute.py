"""East Data West Compute (东数西算): data-centre hubs with movable compute load (issue #4).

Units: compute (IT load) MW and MWh on "compute" buses; electricity MW/MWh; water in thousand m3
on "<province> water" buses (1 "MW" there = 1,000 m3/h); TWh, million m3 in metrics.

Layout, per hub h (inputs/datacentre_hubs.csv) and demand region r (inputs/compute_demand_regions.csv):
  "<province>" (AC) --[Link "<h> data centre": eff 1/PUE, bus2 water]--> "<h> compute"
  "<h> compute" --[Link "<h> -> <r>", carrier "compute transfer"]--> "<r> compute"        (home hubs only)
  "<h> compute" --[Link "<h> -> <r> relocatable"]--> "<r> compute relocatable"            (home hubs, and the
                                                     paired western hubs with carrier "compute relocation")
  "<r> compute": Loads real-time + deferrable, Generator "<r> compute shift" (deferral, daily sum zero)
  "<r> compute relocatable": Load relocatable
Real-time load therefore never leaves its region; deferrable load moves in time within a day
(`add_constraints`); relocatable load may be served at the western hubs paired with its region.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pypsa

from network.config.compute import ComputeConfig
from network.data.compute import ROLE_LABEL, dc_twh_in, hubs_in
from network.data.statistics import consumption_in
from network.data.tables import InputError
from network.model.carriers import add_carriers
from network.units import M3_PER_THOUSAND, TWH

HUB, TRANSFER, RELOCATION, SHIFT, COMPUTE = "data centre", "compute transfer", "compute relocation", "compute shift", "compute"


def demand_profile(snapshots: pd.DatetimeIndex, weights: pd.Series, annual_mwh: pd.Series, amplitude: float, peak_hour: float) -> pd.DataFrame:
    """IT demand (MW) per demand region: annual_mwh / 8,760 h times a daily cosine swing of weighted mean 1."""
    hour = snapshots.hour + snapshots.minute / 60
    shape = pd.Series(1 + amplitude * np.cos(2 * np.pi * (hour - peak_hour) / 24), index=snapshots)
    shape = shape * weights.sum() / (shape * weights).sum()
    return pd.DataFrame(np.outer(shape, annual_mwh / 8760), index=snapshots, columns=annual_mwh.index)


def home_capacity(hubs: pd.DataFrame, it_demand: pd.DataFrame, margin: float) -> pd.Series:
    """IT capacity (MW): demand hubs stand for their region's whole fleet, at least (1 + margin) x the region's
    peak IT demand split by published cluster size; western (supply) hubs keep their published capacity."""
    cap = hubs.it_mw.copy()
    home = hubs[hubs.role == "demand"]
    weight = home.it_mw / home.groupby("demand_region").it_mw.transform("sum")
    need = (1 + margin) * it_demand.max().reindex(home.demand_region).to_numpy() * weight
    cap[home.index] = np.maximum(home.it_mw, need)
    return cap


def subtract_base_load(n: pypsa.Network, regions: pd.DataFrame, base_dc_twh: float, consumption_twh: pd.Series) -> pd.Series:
    """Scale the ordinary loads of each demand region's provinces by 1 - (base-year DC electricity / base-year
    consumption), removing the data-centre part already in the statistics; returns the factor per province."""
    factors = {}
    for _, row in regions.iterrows():
        factor = 1 - base_dc_twh * row.share / consumption_twh[row.provinces].sum()
        factors.update({p: factor for p in row.provinces if f"{p} load" in n.loads_t.p_set})
    for province, factor in factors.items():
        n.loads_t.p_set[f"{province} load"] *= factor
    return pd.Series(factors, dtype=float)


def attach_compute(n: pypsa.Network, hubs: pd.DataFrame, regions: pd.DataFrame, it_demand: pd.DataFrame, cfg: ComputeConfig) -> None:
    """Add compute buses, hub links, transfer links, loads by latency class and the deferral generator.

    hubs: index hub, columns province, role, demand_region, it_mw (MW IT), pue, wue_l_per_kwh.
    regions: index demand region, column paired (list of supply hubs). it_demand: MW IT, snapshots x region.
    """
    add_carriers(n, {}, kinds=("compute",))
    xy = n.buses.loc[hubs.province, ["x", "y"]].to_numpy()
    n.add("Bus", hubs.index + " compute", carrier=COMPUTE, x=xy[:, 0], y=xy[:, 1], location=hubs.province.to_numpy(),
          province=hubs.province.to_numpy(), role=hubs.role.map(ROLE_LABEL).to_numpy(), hub=hubs.index)  # fmt: skip
    water = (hubs.province + " water").where((hubs.province + " water").isin(n.buses.index), "")
    n.add(
        "Link", hubs.index + " " + HUB, bus0=hubs.province.to_numpy(), bus1=(hubs.index + " compute"), bus2=water.to_numpy(),
        carrier=HUB, p_nom=(hubs.it_mw * hubs.pue).to_numpy(), efficiency=(1 / hubs.pue).to_numpy(),
        efficiency2=(-hubs.wue_l_per_kwh / M3_PER_THOUSAND).to_numpy(), hub=hubs.index,
    )  # fmt: skip
    n.links["efficiency2"] = n.links.efficiency2.fillna(1.0)  # PyPSA's default for links added before the column existed
    rt = 1 - cfg.deferrable_share - cfg.relocatable_share
    for region, row in regions.iterrows():
        d = it_demand[region]
        home = hubs.index[hubs.demand_region == region]
        n.add("Bus", f"{region} compute", carrier=COMPUTE, role="demand region", demand_region=region)
        n.add("Link", home + f" -> {region}", bus0=home + " compute", bus1=f"{region} compute", carrier=TRANSFER, p_nom=hubs.it_mw[home].to_numpy(),
              hub=home, demand_region=region)  # fmt: skip
        if rt > 0:
            n.add("Load", f"{region} compute real-time", bus=f"{region} compute", carrier=COMPUTE, p_set=rt * d, demand_region=region)
        if cfg.deferrable_share > 0:
            dd = cfg.deferrable_share * d
            n.add("Load", f"{region} compute deferrable", bus=f"{region} compute", carrier=COMPUTE, p_set=dd, demand_region=region)
            n.add("Generator", f"{region} compute shift", bus=f"{region} compute", carrier=SHIFT, p_nom=dd.max(),
                  p_max_pu=dd / dd.max(), p_min_pu=-(cfg.deferrable_max_factor - 1), demand_region=region)  # fmt: skip
        if cfg.relocatable_share > 0:
            bus = f"{region} compute relocatable"
            n.add("Bus", bus, carrier=COMPUTE, role="demand region relocatable", demand_region=region)
            n.add("Load", bus, bus=bus, carrier=COMPUTE, p_set=cfg.relocatable_share * d, demand_region=region)
            n.add("Link", home + f" -> {region} relocatable", bus0=home + " compute", bus1=bus, carrier=TRANSFER, p_nom=hubs.it_mw[home].to_numpy(),
                  hub=home, demand_region=region)  # fmt: skip
            west = pd.Index(row.paired)
            if len(west):
                n.add("Link", west + f" -> {region} relocatable", bus0=west + " compute", bus1=bus, carrier=RELOCATION,
                      p_nom=hubs.it_mw[west].to_numpy(), marginal_cost=cfg.relocation_cost_cny_per_mwh, hub=west, demand_region=region)  # fmt: skip


def add_compute(
    n: pypsa.Network,
    cfg: ComputeConfig,
    hub_table: pd.DataFrame | None,
    regions: pd.DataFrame | None,
    dc_electricity: pd.DataFrame | None,
    consumption: pd.DataFrame,
    region_of: dict[str, str],
    year: int,
) -> None:
    """Add hubs, compute demand and workload classes (MW of IT load) to the network (no-op when disabled).

    Compute demand of region r (MWh IT) = national DC electricity x share_r / PUE of r's home hubs, so that
    with no flexibility the hubs draw exactly the national DC electricity x share_r. region_of is not needed
    (hub roles come from the hub table) and kept for the interface. Tables (network/data/compute.py): hubs (IT MW of
    2024 and 2030), demand regions, national data-centre electricity (TWh), provincial consumption (TWh, all years).
    """
    if not cfg.enabled:
        return
    if hub_table is None or regions is None or dc_electricity is None:
        raise InputError("compute.enabled: the data-centre tables are not loaded")
    hubs = hubs_in(hub_table, year)
    national = cfg.national_dc_twh or dc_twh_in(dc_electricity, cfg.electricity_source, year)
    home = hubs[hubs.role == "demand"]
    home_pue = (home.pue * home.it_mw).groupby(home.demand_region).sum() / home.it_mw.groupby(home.demand_region).sum()
    annual_it = national * TWH * regions.share / home_pue.reindex(regions.index)
    snapshots = pd.DatetimeIndex(n.snapshots)
    it_demand = demand_profile(snapshots, n.snapshot_weightings.generators, annual_it, cfg.diurnal_amplitude, cfg.peak_hour)
    hubs["it_mw"] = home_capacity(hubs, it_demand, cfg.home_capacity_margin)
    if cfg.subtract_base_year_load:
        base = dc_twh_in(dc_electricity, cfg.electricity_source, cfg.base_year)
        subtract_base_load(n, regions, base, consumption_in(consumption, cfg.base_year))
    attach_compute(n, hubs, regions, it_demand, cfg)
