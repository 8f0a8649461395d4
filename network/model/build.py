"""build_network: assemble the PyPSA network of one scenario from resources/ and inputs/."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pypsa

from network.config.hydro import HydroConfig
from network.config.provinces import region_of
from network.config.run import RunConfig
from network.config.scenario import ScenarioConfig
from network.config.technologies import technologies, use_technologies
from network.data import files
from network.data.inputs import BuildInputs
from network.data.statistics import consumption_in
from network.data.tables import InputError
from network.model.bases import add_bases
from network.model.capacities import (
    add_provincial,
    battery_max_hours,
    reconcile_capacities,
    scale_to_targets,
    split_hydro,
)
from network.model.carriers import add_carriers
from network.model.compute import add_compute
from network.model.hydro import monthly_capacity_factor
from network.model.operation import availability, marginal_costs, min_output
from network.model.planning import add_expansion, candidate_corridors, make_candidates, make_hubs_extendable, retire_by_age
from network.model.power import (
    add_buses,
    add_generators,
    add_load_shedding,
    add_loads,
    add_storage,
)
from network.model.transmission import add_transmission
from network.model.water import add_water
from network.units import MWH_PER_TWH

logger = logging.getLogger(__name__)


class FleetStatistics:
    """Reconciled provincial capacity (MW) of any statistics year, year-end or averaged over the year."""

    def __init__(self, data: BuildInputs):
        self.stats = data.capacity
        self.vintages = data.vintages
        self.args = {
            "national": data.national_capacity,
            "supplement": data.supplement,
            "offshore_share": data.offshore_share,
            "phs_2021": data.phs_2021,
            "gas_key": data.vintages[files.CHP_GAS_CAPACITY_BY_VINTAGE].sum(axis=1) + data.vintages[files.OCGT_CAPACITY_BY_VINTAGE].sum(axis=1),
        }

    def year_end(self, year: int) -> pd.DataFrame:
        return reconcile_capacities(stats=self.stats, year=year, **self.args)

    def year_average(self, year: int) -> pd.DataFrame:
        """Mean of the year-end fleets of year - 1 and year (year-end alone where year - 1 has no statistics)."""
        if year - 1 not in set(self.stats["year"]):
            return self.year_end(year)
        return (self.year_end(year - 1) + self.year_end(year)) / 2

    def conventional_hydro(self, year: int) -> pd.Series:
        """Conventional hydro (MW) per province averaged over the year (year-end where year - 1 has no statistics)."""
        years = [y for y in (year - 1, year) if y in set(self.stats["year"])]
        args = (self.stats, self.args["national"], self.args["phs_2021"])
        return sum(split_hydro(*args, y)[0] for y in years) / len(years)


def scenario_capacity(cfg: RunConfig, fleets: FleetStatistics) -> pd.DataFrame:
    """Provincial capacity (MW) by technology for the scenario year (with planning.retire_after_years, less what has
    retired by age)."""
    capacity = cfg.scenario.capacity
    cap = getattr(fleets, capacity.fleet)(capacity.statistics_year)
    cap = scale_to_targets(cap, capacity.national_targets_gw)
    cap = add_provincial(cap, capacity.provincial_additions_gw)
    if cfg.planning.enabled and cfg.planning.retire_after_years:
        cap = retire_by_age(cap, fleets.vintages, cfg.planning.retire_after_years, cfg.scenario.year)
    return cap


def hydro_capacity_factor(cfg: HydroConfig, monthly: pd.DataFrame | None, fleets: FleetStatistics) -> pd.DataFrame | None:
    """Monthly provincial hydro capacity factors (p.u.) of the configured hydrology years, or None (national profile)."""
    if cfg.inflow != "provincial_monthly":
        return None
    if monthly is None:
        raise ValueError("hydro.inflow 'provincial_monthly' needs the monthly hydro generation table")
    return monthly_capacity_factor(monthly, fleets.conventional_hydro, cfg.inflow_years, cfg.all_plant_factor)


def trajectory_twh(trajectory: pd.DataFrame, year: int) -> pd.Series:
    """Annual demand (TWh) per province in `year` of a demand trajectory (province x year, TWh), linear between its years."""
    years = sorted(trajectory.columns)
    if not years[0] <= year <= years[-1]:
        raise InputError(f"scenario.demand.trajectory: covers {years[0]}-{years[-1]}, not the scenario year {year}")
    return trajectory.apply(lambda row: float(np.interp(year, years, row[years].to_numpy(dtype=float))), axis=1)


def scenario_demand(cfg: ScenarioConfig, consumption: pd.DataFrame, shape_mw: pd.DataFrame, trajectory: pd.DataFrame | None = None) -> pd.DataFrame:
    """Hourly demand (MW): each province's shape scaled to its annual consumption (TWh) in the scenario year: the statistics
    year grown by demand.annual_growth, or with demand.trajectory that trajectory's value of the year (`trajectory`, TWh);
    with demand.national_twh, scaled to that national total."""
    dem = cfg.demand
    if dem.trajectory:
        if trajectory is None:
            raise InputError(f"scenario.demand.trajectory {dem.trajectory!r}: the trajectory table was not loaded")
        annual_twh = trajectory_twh(trajectory, cfg.year).reindex(shape_mw.columns)
    else:
        annual_twh = consumption_in(consumption, dem.statistics_year)
        annual_twh = annual_twh * (1 + dem.annual_growth) ** (cfg.year - dem.statistics_year)
    if dem.national_twh is not None:  # one national factor, provincial shares kept
        annual_twh = annual_twh * (dem.national_twh / annual_twh.sum())
    return shape_mw / shape_mw.sum() * annual_twh * MWH_PER_TWH


def build_network(cfg: RunConfig, data: BuildInputs) -> pypsa.Network:
    """The scenario's network at its configured time resolution, from the tables of `data` (network/data/inputs.py)."""
    use_technologies(data.technologies)
    provinces, profiles = data.provinces, data.profiles
    snapshots = pd.DatetimeIndex(profiles["snapshot"].values)

    plan = cfg.planning
    extra_lines = (
        candidate_corridors(data.need("uhv_candidates"), cfg.transmission, cfg.scenario.year) if plan.enabled and plan.candidate_corridors else []
    )
    fleets = FleetStatistics(data)
    capacity = scenario_capacity(cfg, fleets)
    demand = scenario_demand(cfg.scenario, data.consumption, profiles["demand_shape_mw"].to_pandas(), data.demand_trajectory)
    cost, eff, co2 = marginal_costs(cfg.costs, data.technology_parameters, data.coal_price)
    avail = availability(cfg, profiles, capacity, hydro_capacity_factor(cfg.hydro, data.hydro_monthly, fleets))
    op = cfg.operation

    n = pypsa.Network(name=cfg.description or "china")
    n.set_snapshots(snapshots)
    add_carriers(n, co2)
    add_buses(n, provinces, region_of(cfg.regions.classes))
    add_loads(n, demand)
    thermal = {carrier: op.thermal_p_max_pu for carrier, tech in technologies().items() if tech.fuel in ("coal", "gas")}  # gas CCS too
    p_max_pu = {**avail, **thermal, "nuclear": op.nuclear_p_max_pu, "biomass": op.biomass_p_max_pu}
    add_generators(n, capacity, cost, eff, p_max_pu=p_max_pu, p_min_pu=min_output(op, data.vintages, snapshots))
    add_load_shedding(n, cfg.costs.value_of_lost_load_cny_per_mwh)
    st = cfg.storage
    add_storage(n, capacity["PHS"], "PHS", st.phs_max_hours, st.phs_efficiency_round_trip)
    battery_hours = battery_max_hours(data.supplement, cfg.scenario.capacity.statistics_year, st.battery_max_hours)
    add_storage(n, capacity["battery"], "battery", battery_hours, st.battery_efficiency_round_trip)
    if plan.enabled:
        costs_by_year = data.need("planning_costs")
        if plan.cost_year not in costs_by_year:
            raise InputError(f"planning.cost_year: no planning costs table for {plan.cost_year}; loaded: {sorted(costs_by_year)}")
        costs = costs_by_year[plan.cost_year]
        params = data.technology_parameters
        captured = (params.co2_captured_t_per_mwh_th / params.efficiency).to_dict()  # t CO2 per MWh of output
        options = add_expansion(n, cfg, data.need("planning_options"), costs, data.need("planning_potentials"), capacity, cost, eff, p_max_pu,
                                captured)  # fmt: skip
        logger.info("planning options (capital cost CNY/MW/a, room MW):\n%s", options.groupby("option").agg(
            capital_cost=("capital_cost", "first"), p_nom_max=("p_nom_max", "sum")))  # fmt: skip
    tr = cfg.transmission
    add_transmission(n, tr, data.exchange, data.uhv_lines, data.uhv_tariffs, provinces, cfg.scenario.year, extra_lines)
    if plan.enabled:
        logger.info("candidate lines: %s", sorted(set(n.links.loc[make_candidates(n, cfg, costs), "uhv_line"])))
    add_water(n, cfg.water, cfg.scenario.year, data.industrial_water, data.national_water, data.water_factors, data.cooling_mix, data.transfers)
    if tr.named_lines and tr.energy_bases:
        moved = add_bases(n, data.need("uhv_bases"), tr.base_tie_share)
        logger.info("energy bases: MW moved from provincial fleets\n%s", moved.unstack().fillna(0).round())
    add_compute(n, cfg.compute, data.hubs, data.demand_regions, data.dc_electricity, data.consumption, region_of(cfg.regions.classes),
                cfg.scenario.year)  # fmt: skip
    if plan.enabled and len(make_hubs_extendable(n, plan)):
        logger.info("western data-centre hubs extendable up to %g x their IT capacity", plan.datacentre_max_factor)

    n.meta = {"scenario_year": cfg.scenario.year, "config": cfg.model_dump(mode="json")}
    hours = cfg.time.resolution_hours
    if hours > 1:
        n = n.cluster.temporal.resample(f"{hours}h")
    return n
