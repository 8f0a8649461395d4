"""build_network: assemble the PyPSA network of one scenario from resources/ and inputs/."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pypsa
import xarray as xr

from network.capacities import add_provincial, battery_max_hours, reconcile_capacities, scale_to_targets
from network.compute import add_compute
from network.config import RunConfig
from network.inputs import (
    InputError,
    read_capacity_statistics,
    read_consumption,
    read_national_capacity,
    read_province_values,
    read_supplement,
    read_technology_parameters,
    read_vintage_total,
)
from network.power import (
    GENERATOR_CARRIERS,
    add_buses,
    add_carriers,
    add_generators,
    add_load_shedding,
    add_loads,
    add_storage,
)
from network.regions import NORTHERN_HEATING, PROVINCES, region_of
from network.timeseries import scale_to_full_load_hours
from network.transmission import add_transmission
from network.water import add_water

logger = logging.getLogger(__name__)

MWH_PER_TWH = 1e6
KWH_TH_PER_M3_GAS = 9.89  # 35.6 MJ/m3


def scenario_capacity(cfg: RunConfig, inputs: Path) -> pd.DataFrame:
    """Provincial capacity (MW) by technology for the scenario year."""
    cap = reconcile_capacities(
        stats=read_capacity_statistics(inputs / "capacity_by_province.csv"),
        national=read_national_capacity(inputs / "national_capacity.csv"),
        supplement=read_supplement(inputs / "national_capacity_supplement.csv"),
        offshore_share=read_province_values(inputs / "offshore_wind_share.csv", "share", "province"),
        phs_2021=read_province_values(inputs / "pumped_hydro_2021.csv", "MW", "Region", require_all=True),
        gas_key=read_vintage_total(inputs / "chp_gas_capacity_by_vintage.csv") + read_vintage_total(inputs / "ocgt_capacity_by_vintage.csv"),
        year=cfg.scenario.capacity.statistics_year,
    )
    cap = scale_to_targets(cap, cfg.scenario.capacity.national_targets_gw)
    return add_provincial(cap, cfg.scenario.capacity.provincial_additions_gw)


def scenario_demand(cfg: RunConfig, inputs: Path, shape_mw: pd.DataFrame) -> pd.DataFrame:
    """Hourly demand (MW): each province's shape scaled to its annual consumption of the scenario year."""
    dem = cfg.scenario.demand
    annual_twh = read_consumption(inputs / "consumption_by_province.csv", dem.statistics_year)
    annual_twh = annual_twh * (1 + dem.annual_growth) ** (cfg.scenario.year - dem.statistics_year)
    return shape_mw / shape_mw.sum() * annual_twh * MWH_PER_TWH


def marginal_costs(cfg: RunConfig, inputs: Path) -> tuple[pd.DataFrame, dict[str, float], dict[str, float]]:
    """Marginal cost (CNY/MWh_el) per province and carrier, efficiencies, CO2 (t/MWh_th)."""
    tech = read_technology_parameters(inputs / "technology_parameters.csv", GENERATOR_CARRIERS)
    coal = read_province_values(inputs / "coal_price_by_province.csv", "coal_price_cny_per_tce", "province", require_all=True)
    fuel_th = pd.DataFrame(0.0, index=list(PROVINCES), columns=list(GENERATOR_CARRIERS))
    mwh_th_per_tce = 29.3076 / 3.6
    fuel_th["coal"] = coal * cfg.costs.coal_price_scale / mwh_th_per_tce
    fuel_th["gas"] = cfg.costs.gas_price_cny_per_m3 / KWH_TH_PER_M3_GAS * 1000
    for carrier in ("nuclear", "biomass"):
        if pd.isna(tech.at[carrier, "fuel_cost_cny_per_mwh_th"]):
            raise InputError(f"{inputs / 'technology_parameters.csv'}: row {carrier!r}: field 'fuel_cost_cny_per_mwh_th': missing value")
        fuel_th[carrier] = float(tech.loc[carrier, "fuel_cost_cny_per_mwh_th"])
    eff = tech["efficiency"].to_dict()
    co2 = tech["co2_t_per_mwh_th"].to_dict()
    cost = pd.DataFrame(index=list(PROVINCES), columns=list(GENERATOR_CARRIERS), dtype=float)
    for carrier in GENERATOR_CARRIERS:
        per_mwh_th = fuel_th[carrier] + cfg.costs.co2_price_cny_per_t * co2[carrier]
        cost[carrier] = per_mwh_th / eff[carrier] + float(tech.loc[carrier, "vom_cny_per_mwh"])
    return cost, eff, co2


def heating_season_mask(snapshots: pd.DatetimeIndex, season: tuple[str, str]) -> np.ndarray:
    """True in the heating season (start 'MM-DD' to end 'MM-DD', across the new year)."""
    day = snapshots.strftime("%m-%d")
    start, end = season
    return (day >= start) | (day <= end) if start > end else (day >= start) & (day <= end)


def chp_share(chp: pd.Series, other: pd.Series) -> pd.Series:
    """Share of a provincial fleet that is CHP, from capacity by vintage (0 where none)."""
    return (chp / (chp + other)).fillna(0.0)


def thermal_min_output(
    snapshots: pd.DatetimeIndex, share_chp: pd.Series, base_min_pu: float, op_chp_must_run: float,
    heating_season: tuple[str, str], p_max_pu: float,
) -> pd.DataFrame:
    """Hourly minimum output of a thermal fleet per province (p.u.): an all-year minimum and,
    in northern provinces in the heating season, the CHP part running at its must-run level."""
    winter = heating_season_mask(snapshots, heating_season)
    p_min = pd.DataFrame(base_min_pu, index=snapshots, columns=list(PROVINCES))
    for province in NORTHERN_HEATING:
        p_min.loc[winter, province] = max(base_min_pu, share_chp[province] * op_chp_must_run)
    return p_min.clip(upper=p_max_pu)


def min_output(cfg: RunConfig, inputs: Path, snapshots: pd.DatetimeIndex) -> dict[str, pd.DataFrame]:
    """Minimum output (p.u.) of the coal and gas fleets."""
    op = cfg.operation
    coal_chp = chp_share(read_vintage_total(inputs / "chp_coal_capacity_by_vintage.csv"),
                         read_vintage_total(inputs / "coal_capacity_by_vintage.csv"))
    gas_chp = chp_share(read_vintage_total(inputs / "chp_gas_capacity_by_vintage.csv"),
                        read_vintage_total(inputs / "ocgt_capacity_by_vintage.csv"))
    args = (op.chp_must_run_pu, op.heating_season, op.thermal_p_max_pu)
    return {
        "coal": thermal_min_output(snapshots, coal_chp, op.coal_min_pu, *args),
        "gas": thermal_min_output(snapshots, gas_chp, op.gas_min_pu, *args),
    }


def availability(cfg: RunConfig, profiles: xr.Dataset, capacity: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Hourly availability (p.u.) of wind, solar and hydro, scaled to the configured full-load hours."""
    snapshots = pd.DatetimeIndex(profiles["snapshot"].values)
    avail = {
        "onwind": profiles["onwind"].to_pandas(),
        "solar": profiles["solar"].to_pandas(),
        "offwind": profiles["offwind"].to_pandas().reindex(columns=list(PROVINCES), fill_value=0.0),
        "hydro": pd.DataFrame(np.tile(profiles["hydro"].values[:, None], len(PROVINCES)), index=snapshots, columns=list(PROVINCES)),
    }
    for tech, frame in avail.items():
        target = cfg.operation.full_load_hours.get(tech)
        if target is not None:
            avail[tech] = scale_to_full_load_hours(frame, capacity[tech], target)
    return avail


def build_network(cfg: RunConfig, inputs: Path, profiles_path: Path, provinces_path: Path) -> pypsa.Network:
    """The scenario's network at its configured time resolution."""
    provinces = pd.read_csv(provinces_path, index_col="province").reindex(list(PROVINCES))
    profiles = xr.open_dataset(profiles_path).load()
    snapshots = pd.DatetimeIndex(profiles["snapshot"].values)

    capacity = scenario_capacity(cfg, inputs)
    demand = scenario_demand(cfg, inputs, profiles["demand_shape_mw"].to_pandas())
    cost, eff, co2 = marginal_costs(cfg, inputs)
    avail = availability(cfg, profiles, capacity)
    op = cfg.operation

    n = pypsa.Network(name=cfg.description or "china")
    n.set_snapshots(snapshots)
    add_carriers(n, co2)
    add_buses(n, provinces, region_of(cfg.regions.classes))
    add_loads(n, demand)
    add_generators(
        n, capacity, cost, eff,
        p_max_pu={**avail, "coal": op.thermal_p_max_pu, "gas": op.thermal_p_max_pu,
                  "nuclear": op.nuclear_p_max_pu, "biomass": op.biomass_p_max_pu},
        p_min_pu=min_output(cfg, inputs, snapshots),
    )  # fmt: skip
    add_load_shedding(n, cfg.costs.value_of_lost_load_cny_per_mwh)
    st = cfg.storage
    add_storage(n, capacity["PHS"], "PHS", st.phs_max_hours, st.phs_efficiency_round_trip)
    battery_hours = battery_max_hours(
        read_supplement(inputs / "national_capacity_supplement.csv"),
        cfg.scenario.capacity.statistics_year, st.battery_max_hours,
    )  # fmt: skip
    add_storage(n, capacity["battery"], "battery", battery_hours, st.battery_efficiency_round_trip)
    add_transmission(n, cfg.transmission, inputs, provinces, cfg.scenario.year)
    add_water(n, cfg.water, inputs, cfg.scenario.year)
    add_compute(n, cfg.compute, inputs, region_of(cfg.regions.classes), cfg.scenario.year)

    n.meta = {"scenario_year": cfg.scenario.year, "config": cfg.model_dump(mode="json")}
    hours = cfg.time.resolution_hours
    if hours > 1:
        n = n.cluster.temporal.resample(f"{hours}h")
    return n
