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

from pathlib import Path

import numpy as np
import pandas as pd
import pypsa
import xarray as xr
from pydantic import Field, model_validator

from network.inputs import InputError, check_provinces, read_consumption, read_table
from network.power import GREEN_CARRIERS, SHEDDING_CARRIER
from network.schema import Strict

HUB, TRANSFER, RELOCATION, SHIFT, COMPUTE = "data centre", "compute transfer", "compute relocation", "compute shift", "compute"
ROLE_LABEL = {"demand": "demand hub", "supply": "west hub"}
CARRIERS = {COMPUTE: "#7b3294", HUB: "#c2a5cf", TRANSFER: "#a6dba0", RELOCATION: "#008837", SHIFT: "#e7d4e8"}
TWH = 1e6


class ComputeConfig(Strict):
    """Data-centre hubs and compute demand (defaults: estimates documented in README/SOURCES)."""

    enabled: bool = False
    electricity_source: str = Field("CAICT", description="row group of inputs/datacentre_electricity.csv")
    national_dc_twh: float | None = Field(None, gt=0, description="national data-centre electricity of the scenario year, TWh (None: from the source)")
    base_year: int = Field(2024, description="year whose data-centre load is inside the ordinary loads (= demand statistics year)")
    subtract_base_year_load: bool = Field(True, description="scale ordinary loads of the demand regions down by their base-year data-centre share")
    deferrable_share: float = Field(0.0, ge=0, le=1, description="share of compute that may move in time within a day")
    relocatable_share: float = Field(0.0, ge=0, le=1, description="share of compute that may be served at paired western hubs")
    deferrable_max_factor: float = Field(2.0, ge=1, description="deferrable load may rise to this multiple of its peak")
    diurnal_amplitude: float = Field(0.05, ge=0, lt=1, description="compute demand = mean x (1 + a cos(2pi (h - peak)/24))")
    peak_hour: float = Field(14.0, ge=0, lt=24, description="hour of peak compute demand, Beijing time")
    home_capacity_margin: float = Field(0.15, ge=0, description="demand hubs' IT capacity above their region's peak IT demand")
    relocation_cost_cny_per_mwh: float = Field(1.0, ge=0, description="cost per MWh of IT load served far from its region")

    @model_validator(mode="after")
    def _shares(self) -> "ComputeConfig":
        if self.deferrable_share + self.relocatable_share > 1 + 1e-9:
            raise ValueError(f"deferrable_share + relocatable_share = {self.deferrable_share + self.relocatable_share} > 1")
        return self


def _split(cell) -> list[str]:
    return [s.strip() for s in str(cell).split(";") if s.strip() and str(cell) != "nan"]


def read_hubs(path: Path, year: int) -> pd.DataFrame:
    """Hubs indexed by name: province, role, demand_region, it_mw (IT capacity of `year`, interpolated), pue, wue_l_per_kwh."""
    numeric = ["it_mw_2024", "it_mw_2030", "pue", "wue_l_per_kwh"]
    df = read_table(path, ["hub", "province", "role", "demand_region", *numeric], numeric=numeric, keys=["hub"])
    df = df.set_index("hub")
    bad = df.index[~df.role.isin(list(ROLE_LABEL))]
    if len(bad):
        raise InputError(f"{path}: field 'role': must be 'demand' or 'supply' (hub {bad[0]!r})")
    if (df.pue < 1).any():
        raise InputError(f"{path}: field 'pue': below 1 at {df.index[df.pue < 1][0]!r}")
    missing = df.index[(df.role == "demand") & df.demand_region.isna()]
    if len(missing):
        raise InputError(f"{path}: field 'demand_region': empty for demand hub {missing[0]!r}")
    share = float(np.clip((year - 2024) / (2030 - 2024), 0.0, 1.0))
    df["it_mw"] = df.it_mw_2024 + share * (df.it_mw_2030 - df.it_mw_2024)
    return df[["province", "role", "demand_region", "it_mw", "pue", "wue_l_per_kwh"]]


def read_demand_regions(path: Path, hubs: pd.DataFrame) -> pd.DataFrame:
    """Demand regions indexed by name: provinces (list), share (of national DC electricity), paired (supply hubs)."""
    df = read_table(path, ["demand_region", "provinces", "share_of_national_dc", "paired_supply_hubs"], None,
                    numeric=["share_of_national_dc"], keys=["demand_region"]).set_index("demand_region")  # fmt: skip
    df["provinces"] = df.provinces.map(_split)
    df["paired"] = df.paired_supply_hubs.map(_split)
    for region, row in df.iterrows():
        check_provinces(row.provinces, path, "provinces")
        unknown = [h for h in row.paired if h not in hubs.index or hubs.at[h, "role"] != "supply"]
        if unknown:
            raise InputError(f"{path}: field 'paired_supply_hubs': {unknown} of {region!r} are not supply hubs of the hub table")
        if not (hubs.demand_region == region).any():
            raise InputError(f"{path}: field 'demand_region': {region!r} has no demand hub in the hub table")
    if df.share_of_national_dc.sum() > 1:
        raise InputError(f"{path}: field 'share_of_national_dc': shares sum to {df.share_of_national_dc.sum()} > 1")
    return df.rename(columns={"share_of_national_dc": "share"})[["provinces", "share", "paired"]]


def national_dc_twh(path: Path, source: str, year: int) -> float:
    """National data-centre electricity (TWh) of `year` from one source, linear between its years."""
    df = read_table(path, ["source", "year", "twh"], None, numeric=["year", "twh"], keys=["source", "year"])
    rows = df[df.source == source].sort_values("year")
    if rows.empty:
        raise InputError(f"{path}: field 'source': no rows for {source!r}; known: {sorted(df.source.unique())}")
    if not rows.year.min() <= year <= rows.year.max():
        raise InputError(f"{path}: field 'year': {source!r} covers {rows.year.min()}-{rows.year.max()}, not {year} (set compute.national_dc_twh)")
    return float(np.interp(year, rows.year, rows.twh))


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
    for carrier, color in CARRIERS.items():
        if carrier not in n.carriers.index:
            n.add("Carrier", carrier, color=color, nice_name=carrier.capitalize())
    xy = n.buses.loc[hubs.province, ["x", "y"]].to_numpy()
    n.add("Bus", hubs.index + " compute", carrier=COMPUTE, x=xy[:, 0], y=xy[:, 1], location=hubs.role.map(ROLE_LABEL).to_numpy())
    water = (hubs.province + " water").where((hubs.province + " water").isin(n.buses.index), "")
    n.add(
        "Link", hubs.index + " " + HUB, bus0=hubs.province.to_numpy(), bus1=(hubs.index + " compute"), bus2=water.to_numpy(),
        carrier=HUB, p_nom=(hubs.it_mw * hubs.pue).to_numpy(), efficiency=(1 / hubs.pue).to_numpy(),
        efficiency2=(-hubs.wue_l_per_kwh / 1000).to_numpy(),
    )  # fmt: skip
    n.links["efficiency2"] = n.links.efficiency2.fillna(1.0)  # PyPSA's default for links added before the column existed
    rt = 1 - cfg.deferrable_share - cfg.relocatable_share
    for region, row in regions.iterrows():
        d = it_demand[region]
        home = hubs.index[hubs.demand_region == region]
        n.add("Bus", f"{region} compute", carrier=COMPUTE, location="demand region")
        n.add("Link", home + f" -> {region}", bus0=home + " compute", bus1=f"{region} compute", carrier=TRANSFER, p_nom=hubs.it_mw[home].to_numpy())
        if rt > 0:
            n.add("Load", f"{region} compute real-time", bus=f"{region} compute", carrier=COMPUTE, p_set=rt * d)
        if cfg.deferrable_share > 0:
            dd = cfg.deferrable_share * d
            n.add("Load", f"{region} compute deferrable", bus=f"{region} compute", carrier=COMPUTE, p_set=dd)
            n.add("Generator", f"{region} compute shift", bus=f"{region} compute", carrier=SHIFT, p_nom=dd.max(),
                  p_max_pu=dd / dd.max(), p_min_pu=-(cfg.deferrable_max_factor - 1))  # fmt: skip
        if cfg.relocatable_share > 0:
            bus = f"{region} compute relocatable"
            n.add("Bus", bus, carrier=COMPUTE, location="demand region")
            n.add("Load", bus, bus=bus, carrier=COMPUTE, p_set=cfg.relocatable_share * d)
            n.add("Link", home + f" -> {region} relocatable", bus0=home + " compute", bus1=bus, carrier=TRANSFER, p_nom=hubs.it_mw[home].to_numpy())
            west = pd.Index(row.paired)
            if len(west):
                n.add("Link", west + f" -> {region} relocatable", bus0=west + " compute", bus1=bus, carrier=RELOCATION,
                      p_nom=hubs.it_mw[west].to_numpy(), marginal_cost=cfg.relocation_cost_cny_per_mwh)  # fmt: skip


def add_compute(n: pypsa.Network, cfg: ComputeConfig, inputs: Path, region_of: dict[str, str], year: int) -> None:
    """Add hubs, compute demand and workload classes (MW of IT load) to the network (no-op when disabled).

    Compute demand of region r (MWh IT) = national DC electricity x share_r / PUE of r's home hubs, so that
    with no flexibility the hubs draw exactly the national DC electricity x share_r. region_of is not needed
    (hub roles come from the hub table) and kept for the interface.
    """
    if not cfg.enabled:
        return
    hubs = read_hubs(inputs / "datacentre_hubs.csv", year)
    check_provinces(hubs.province, inputs / "datacentre_hubs.csv", "province")
    regions = read_demand_regions(inputs / "compute_demand_regions.csv", hubs)
    source = inputs / "datacentre_electricity.csv"
    national = cfg.national_dc_twh or national_dc_twh(source, cfg.electricity_source, year)
    home = hubs[hubs.role == "demand"]
    home_pue = (home.pue * home.it_mw).groupby(home.demand_region).sum() / home.it_mw.groupby(home.demand_region).sum()
    annual_it = national * TWH * regions.share / home_pue.reindex(regions.index)
    snapshots = pd.DatetimeIndex(n.snapshots)
    it_demand = demand_profile(snapshots, n.snapshot_weightings.generators, annual_it, cfg.diurnal_amplitude, cfg.peak_hour)
    hubs["it_mw"] = home_capacity(hubs, it_demand, cfg.home_capacity_margin)
    if cfg.subtract_base_year_load:
        base = national_dc_twh(source, cfg.electricity_source, cfg.base_year)
        subtract_base_load(n, regions, base, read_consumption(inputs / "consumption_by_province.csv", cfg.base_year))
    attach_compute(n, hubs, regions, it_demand, cfg)


def add_constraints(n: pypsa.Network, snapshots: pd.Index, cfg: ComputeConfig) -> None:
    """Deferrable compute conserves its daily energy: sum over each calendar day of w_t x shift_t = 0.

    Snapshots are grouped by the day they start in (exact when the resolution divides 24 h; at 24 h one
    snapshot per day, so the shift is zero)."""
    shift = n.generators.index[n.generators.carrier == SHIFT]
    if not cfg.enabled or shift.empty:
        return
    p = n.model["Generator-p"].sel(name=list(shift))
    w = xr.DataArray(n.snapshot_weightings.generators.loc[snapshots].to_numpy(), coords={"snapshot": p.coords["snapshot"].values})
    day = xr.DataArray(pd.DatetimeIndex(snapshots).normalize(), coords={"snapshot": p.coords["snapshot"].values}, name="day")
    n.model.add_constraints((p * w).groupby(day).sum() == 0, name="Generator-compute-daily-energy")


def _energy(n: pypsa.Network, frame: pd.DataFrame) -> pd.Series:
    return frame.mul(n.snapshot_weightings.generators, axis=0).sum()


def _rows(metric: str, values: dict | pd.Series, unit: str) -> list[dict]:
    return [{"metric": metric, "scope": str(k), "carrier": "", "value": float(v), "unit": unit} for k, v in dict(values).items()]


def hub_table(n: pypsa.Network) -> pd.DataFrame:
    """Per hub: province, role, electricity (MWh), IT served (MWh), water (m3) and province green share of generation."""
    links = n.links[n.links.carrier == HUB]
    hub = links.index.str.removesuffix(" " + HUB)
    table = pd.DataFrame({"province": links.bus0.to_numpy(), "role": links.bus1.map(n.buses.location).to_numpy()}, index=hub)
    table["electricity_mwh"] = _energy(n, n.links_t.p0[links.index]).to_numpy()
    table["it_mwh"] = -_energy(n, n.links_t.p1[links.index]).to_numpy()
    table["water_m3"] = table.electricity_mwh.to_numpy() * -links.efficiency2.to_numpy() * 1000
    g = n.generators[(n.generators.bus.map(n.buses.carrier) == "AC") & (n.generators.carrier != SHEDDING_CARRIER)]
    gen = _energy(n, n.generators_t.p[g.index])
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
    demand = _energy(n, n.loads_t.p_set[loads.index]).groupby(loads.bus.str.replace(" relocatable", "").str.removesuffix(" compute")).sum()
    moved = n.links[n.links.carrier == RELOCATION]
    moved_e = _energy(n, n.links_t.p0[moved.index]).groupby(moved.bus1.str.removesuffix(" compute relocatable")).sum()
    shift = n.generators.index[n.generators.carrier == SHIFT]
    deferred = _energy(n, n.generators_t.p[shift].clip(lower=0)).groupby(shift.str.removesuffix(" compute shift")).sum()
    elec = t.electricity_mwh
    rows = _rows("compute_demand", {**(demand / TWH), "national": demand.sum() / TWH}, "TWh IT")
    rows += _rows("compute_served", {**(t.it_mwh / TWH), **{k: t.it_mwh[v].sum() / TWH for k, v in groups.items()}}, "TWh IT")
    rows += _rows("compute_share_west_hubs", {"national": t.it_mwh[west].sum() / it_total}, "fraction")
    by_class = t.it_mwh.groupby(t.province.map(regions)).sum()
    rows += _rows("compute_share_served", by_class / it_total, "fraction")
    rows += _rows("compute_relocated", {**(moved_e / TWH), "national": moved_e.sum() / TWH}, "TWh IT")
    rows += _rows("compute_deferred", {**(deferred / TWH), "national": deferred.sum() / TWH}, "TWh IT")
    rows += _rows("dc_electricity", {**(elec / TWH), **{k: elec[v].sum() / TWH for k, v in groups.items()}}, "TWh")
    rows += _rows("dc_electricity", elec.groupby(t.province.map(regions)).sum() / TWH, "TWh")
    green = {k: (t.green_share[v] * elec[v]).sum() / elec[v].sum() for k, v in groups.items() if elec[v].sum() > 0}
    rows += _rows("dc_green_share", {**t.green_share, **green}, "fraction")
    if trace_result is not None:
        from network.tracing import traced_share_of_links

        traced = traced_share_of_links(n, trace_result, [f"{h} {HUB}" for h in t.index]).set_axis(t.index)
        weighted = {k: (traced[v] * elec[v]).sum() / elec[v].sum() for k, v in groups.items() if elec[v].sum() > 0}
        rows += _rows("dc_traced_green_share", {**traced, **weighted}, "fraction")
    rows += _rows("dc_pue_effective", {"national": elec.sum() / it_total}, "MWh/MWh IT")
    rows += _rows("dc_water", {**(t.water_m3 / 1e6), **{k: t.water_m3[v].sum() / 1e6 for k, v in groups.items()}}, "million m3")
    return rows
