"""Operation of the fleets: marginal costs (CNY/MWh), minimum output and availability (p.u.)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import xarray as xr

from network.config.costs import CostConfig
from network.config.operation import OperationConfig
from network.config.provinces import NORTHERN_HEATING, PROVINCES
from network.config.run import RunConfig
from network.config.technologies import GENERATOR_CARRIERS, technologies
from network.data import files
from network.data.tables import InputError
from network.model.hydro import hourly_availability
from network.units import KWH_PER_MWH

KWH_TH_PER_M3_GAS = 9.89  # 35.6 MJ/m3


def marginal_costs(cfg: CostConfig, tech: pd.DataFrame, coal: pd.Series) -> tuple[pd.DataFrame, dict[str, float], dict[str, float]]:
    """Marginal cost (CNY/MWh_el) per province and carrier, efficiencies, CO2 (t/MWh_th), from the technology
    parameters (indexed by carrier) and the provincial coal prices (CNY/tce). The marginal cost pays fuel, the CO2
    price on what is emitted, transport and storage of what is captured, and VOM."""
    fuel_th = pd.DataFrame(0.0, index=list(PROVINCES), columns=list(GENERATOR_CARRIERS))
    mwh_th_per_tce = 29.3076 / 3.6
    for carrier in GENERATOR_CARRIERS:  # fuel column of the technology table
        fuel = technologies()[carrier].fuel
        if fuel == "coal":
            fuel_th[carrier] = coal * cfg.coal_price_scale / mwh_th_per_tce
        elif fuel == "gas":
            fuel_th[carrier] = cfg.gas_price_cny_per_m3 / KWH_TH_PER_M3_GAS * KWH_PER_MWH
        elif fuel == "table":
            if pd.isna(tech.at[carrier, "fuel_cost_cny_per_mwh_th"]):
                raise InputError(
                    f"{tech.attrs.get('source', files.TECHNOLOGY_PARAMETERS)}: row {carrier!r}: field 'fuel_cost_cny_per_mwh_th': missing value"
                )
            fuel_th[carrier] = float(tech.loc[carrier, "fuel_cost_cny_per_mwh_th"])
    eff = tech["efficiency"].to_dict()
    co2 = tech["co2_t_per_mwh_th"].to_dict()
    cost = pd.DataFrame(index=list(PROVINCES), columns=list(GENERATOR_CARRIERS), dtype=float)
    for carrier in GENERATOR_CARRIERS:
        captured = float(tech.at[carrier, "co2_captured_t_per_mwh_th"])
        per_mwh_th = fuel_th[carrier] + cfg.co2_price_cny_per_t * co2[carrier] + cfg.co2_transport_storage_cny_per_t * captured
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
    snapshots: pd.DatetimeIndex,
    share_chp: pd.Series,
    base_min_pu: float,
    op_chp_must_run: float,
    heating_season: tuple[str, str],
    p_max_pu: float,
) -> pd.DataFrame:
    """Hourly minimum output of a thermal fleet per province (p.u.): an all-year minimum and,
    in northern provinces in the heating season, the CHP part running at its must-run level."""
    winter = heating_season_mask(snapshots, heating_season)
    p_min = pd.DataFrame(base_min_pu, index=snapshots, columns=list(PROVINCES))
    for province in NORTHERN_HEATING:
        p_min.loc[winter, province] = max(base_min_pu, share_chp[province] * op_chp_must_run)
    return p_min.clip(upper=p_max_pu)


def min_output(op: OperationConfig, vintages: Mapping[str, pd.DataFrame], snapshots: pd.DatetimeIndex) -> dict[str, pd.DataFrame]:
    """Minimum output (p.u.) of the coal and gas fleets; `vintages`: the capacity-by-vintage tables (MW) by file name."""
    total = {name: table.sum(axis=1) for name, table in vintages.items()}
    coal_chp = chp_share(total[files.CHP_COAL_CAPACITY_BY_VINTAGE], total[files.COAL_CAPACITY_BY_VINTAGE])
    gas_chp = chp_share(total[files.CHP_GAS_CAPACITY_BY_VINTAGE], total[files.OCGT_CAPACITY_BY_VINTAGE])
    args = (op.chp_must_run_pu, op.heating_season, op.thermal_p_max_pu)
    return {
        "coal": thermal_min_output(snapshots, coal_chp, op.coal_min_pu, *args),
        "gas": thermal_min_output(snapshots, gas_chp, op.gas_min_pu, *args),
    }


def availability(cfg: RunConfig, profiles: xr.Dataset, capacity: pd.DataFrame, hydro_cf: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Hourly availability (p.u.) of wind, solar and hydro. Wind and solar (and hydro from the national profile) are
    scaled to the configured full-load hours; with monthly provincial capacity factors `hydro_cf` hydro takes those."""
    snapshots = pd.DatetimeIndex(profiles["snapshot"].values)
    national_hydro = pd.DataFrame(np.tile(profiles["hydro"].values[:, None], len(PROVINCES)), index=snapshots, columns=list(PROVINCES))
    avail = {
        "onwind": profiles["onwind"].to_pandas(),
        "solar": profiles["solar"].to_pandas(),
        "offwind": profiles["offwind"].to_pandas().reindex(columns=list(PROVINCES), fill_value=0.0),
        "hydro": national_hydro if hydro_cf is None else hourly_availability(hydro_cf, snapshots),
    }
    for tech, frame in avail.items():
        target = cfg.operation.full_load_hours.get(tech)
        if target is not None and not (tech == "hydro" and hydro_cf is not None):
            avail[tech] = scale_to_full_load_hours(frame, capacity[tech], target)
    return avail


def scale_to_full_load_hours(cf: pd.DataFrame, capacity_mw: pd.Series, target_hours: float, iterations: int = 20) -> pd.DataFrame:
    """Scale capacity factors by one national factor so capacity-weighted annual hours hit the target.

    Values are capped at 1 p.u.; the factor is iterated so the cap does not lose energy.
    """
    capacity = capacity_mw.reindex(cf.columns).fillna(0.0)
    if capacity.sum() <= 0:
        return cf
    scaled, factor = cf, 1.0
    for _ in range(iterations):
        hours = (scaled.sum() * capacity).sum() / capacity.sum()
        if abs(hours - target_hours) < 0.1:
            break
        factor *= target_hours / hours
        scaled = (cf * factor).clip(upper=1.0)
    return scaled
