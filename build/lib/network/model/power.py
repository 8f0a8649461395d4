"""Buses, loads, generators and storage of the provincial power system.

Units: power MW, energy MWh, costs CNY, emissions tCO2. Component names are
"<province> <carrier>" (e.g. "Jiangsu coal").
"""

from __future__ import annotations

import pandas as pd
import pypsa

from network.config.technologies import (
    ELECTRICITY,
    GENERATOR_CARRIERS,
    SHEDDING_CARRIER,
)


def add_buses(n: pypsa.Network, provinces: pd.DataFrame, region_of: dict[str, str]) -> None:
    """One electricity bus per province: x/y (lon/lat); columns province and location (the province), region
    (its region class) and role ("electricity")."""
    n.add("Bus", provinces.index, carrier=ELECTRICITY, x=provinces["x"], y=provinces["y"], location=provinces.index,
          province=provinces.index, region=[region_of[p] for p in provinces.index], role="electricity")  # fmt: skip


def add_loads(n: pypsa.Network, demand_mw: pd.DataFrame) -> None:
    """Electricity demand per province: hourly MW, columns = provinces."""
    n.add("Load", demand_mw.columns, suffix=" load", bus=demand_mw.columns, carrier=ELECTRICITY, p_set=demand_mw.add_suffix(" load"))


def add_generators(
    n: pypsa.Network,
    capacity_mw: pd.DataFrame,
    marginal_cost: pd.DataFrame,
    efficiency: dict[str, float],
    p_max_pu: dict[str, pd.DataFrame | float],
    p_min_pu: dict[str, pd.DataFrame | float],
) -> None:
    """Aggregated provincial fleets per carrier (only where capacity > 0).

    capacity_mw, marginal_cost (CNY/MWh_el): index provinces, columns carriers.
    p_max_pu/p_min_pu: per carrier either a constant or an hourly frame with province columns.
    """
    for carrier in GENERATOR_CARRIERS:
        cap = capacity_mw[carrier]
        provinces = cap.index[cap > 0.5]
        if provinces.empty:
            continue
        names = provinces + f" {carrier}"

        def per_unit(value, provinces=provinces, names=names):
            if isinstance(value, pd.DataFrame):
                return value[provinces].set_axis(names, axis=1)
            return value

        n.add(
            "Generator", names, bus=provinces, carrier=carrier, p_nom=cap[provinces].to_numpy(),
            marginal_cost=marginal_cost.loc[provinces, carrier].to_numpy(), efficiency=efficiency.get(carrier, 1.0),
            p_max_pu=per_unit(p_max_pu.get(carrier, 1.0)), p_min_pu=per_unit(p_min_pu.get(carrier, 0.0)),
        )  # fmt: skip


def add_load_shedding(n: pypsa.Network, value_of_lost_load: float) -> None:
    """Unserved load as an explicit, costly slack generator per province (CNY/MWh)."""
    buses = n.buses.index[n.buses.carrier == ELECTRICITY]
    n.add("Generator", buses, suffix=f" {SHEDDING_CARRIER}", bus=buses, carrier=SHEDDING_CARRIER,
          p_nom=1e6, marginal_cost=value_of_lost_load)  # fmt: skip


def add_storage(n: pypsa.Network, capacity_mw: pd.Series, carrier: str, max_hours: float, round_trip: float) -> None:
    """Storage units (PHS, battery) with cyclic state of charge; efficiency split evenly in/out."""
    provinces = capacity_mw.index[capacity_mw > 0.5]
    one_way = round_trip**0.5
    n.add(
        "StorageUnit", provinces, suffix=f" {carrier}", bus=provinces, carrier=carrier,
        p_nom=capacity_mw[provinces].to_numpy(), max_hours=max_hours, efficiency_store=one_way,
        efficiency_dispatch=one_way, cyclic_state_of_charge=True, marginal_cost=0.5,
    )  # fmt: skip
