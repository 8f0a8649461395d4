"""build_network: assemble the PyPSA network of one scenario from resources/ and inputs/."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pypsa
import xarray as xr

from network.config.provinces import PROVINCES, region_of
from network.config.run import RunConfig
from network.data import files
from network.data.grid import read_uhv_bases
from network.data.statistics import (
    read_capacity_statistics,
    read_consumption,
    read_hydro_monthly,
    read_national_capacity,
    read_province_values,
    read_supplement,
    read_vintage_total,
)
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
from network.model.planning import add_expansion, make_candidates, make_hubs_extendable, retire_by_age, with_candidate_corridors
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

    def __init__(self, inputs: Path):
        self.inputs = inputs
        self.stats = read_capacity_statistics(inputs / files.CAPACITY_BY_PROVINCE)
        self.args = {
            "national": read_national_capacity(inputs / files.NATIONAL_CAPACITY),
            "supplement": read_supplement(inputs / files.NATIONAL_CAPACITY_SUPPLEMENT),
            "offshore_share": read_province_values(inputs / files.OFFSHORE_WIND_SHARE, "share", "province"),
            "phs_2021": read_province_values(inputs / files.PUMPED_HYDRO_2021, "MW", "Region", require_all=True),
            "gas_key": read_vintage_total(inputs / files.CHP_GAS_CAPACITY_BY_VINTAGE) + read_vintage_total(inputs / files.OCGT_CAPACITY_BY_VINTAGE),
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
        cap = retire_by_age(cap, fleets.inputs, cfg.planning.retire_after_years, cfg.scenario.year)
    return cap


def hydro_capacity_factor(cfg: RunConfig, inputs: Path, fleets: FleetStatistics) -> pd.DataFrame | None:
    """Monthly provincial hydro capacity factors (p.u.) of the configured hydrology years, or None (national profile)."""
    if cfg.hydro.inflow != "provincial_monthly":
        return None
    monthly = read_hydro_monthly(inputs / files.HYDRO_GENERATION_MONTHLY_BY_PROVINCE)
    return monthly_capacity_factor(monthly, fleets.conventional_hydro, cfg.hydro.inflow_years, cfg.hydro.all_plant_factor)


def scenario_demand(cfg: RunConfig, inputs: Path, shape_mw: pd.DataFrame) -> pd.DataFrame:
    """Hourly demand (MW): each province's shape scaled to its annual consumption of the scenario year."""
    dem = cfg.scenario.demand
    annual_twh = read_consumption(inputs / files.CONSUMPTION_BY_PROVINCE, dem.statistics_year)
    annual_twh = annual_twh * (1 + dem.annual_growth) ** (cfg.scenario.year - dem.statistics_year)
    return shape_mw / shape_mw.sum() * annual_twh * MWH_PER_TWH


def build_network(cfg: RunConfig, inputs: Path, profiles_path: Path, provinces_path: Path) -> pypsa.Network:
    """The scenario's network at its configured time resolution."""
    provinces = pd.read_csv(provinces_path, index_col="province").reindex(list(PROVINCES))
    profiles = xr.open_dataset(profiles_path).load()
    snapshots = pd.DatetimeIndex(profiles["snapshot"].values)

    if cfg.planning.enabled and cfg.planning.candidate_corridors:
        cfg = with_candidate_corridors(cfg, inputs)
    fleets = FleetStatistics(inputs)
    capacity = scenario_capacity(cfg, fleets)
    demand = scenario_demand(cfg, inputs, profiles["demand_shape_mw"].to_pandas())
    cost, eff, co2 = marginal_costs(cfg, inputs)
    avail = availability(cfg, profiles, capacity, hydro_capacity_factor(cfg, inputs, fleets))
    op = cfg.operation

    n = pypsa.Network(name=cfg.description or "china")
    n.set_snapshots(snapshots)
    add_carriers(n, co2)
    add_buses(n, provinces, region_of(cfg.regions.classes))
    add_loads(n, demand)
    p_max_pu = {**avail, "coal": op.thermal_p_max_pu, "gas": op.thermal_p_max_pu, "nuclear": op.nuclear_p_max_pu, "biomass": op.biomass_p_max_pu}
    add_generators(n, capacity, cost, eff, p_max_pu=p_max_pu, p_min_pu=min_output(cfg, inputs, snapshots))
    add_load_shedding(n, cfg.costs.value_of_lost_load_cny_per_mwh)
    st = cfg.storage
    add_storage(n, capacity["PHS"], "PHS", st.phs_max_hours, st.phs_efficiency_round_trip)
    battery_hours = battery_max_hours(
        read_supplement(inputs / files.NATIONAL_CAPACITY_SUPPLEMENT),
        cfg.scenario.capacity.statistics_year, st.battery_max_hours,
    )  # fmt: skip
    add_storage(n, capacity["battery"], "battery", battery_hours, st.battery_efficiency_round_trip)
    if cfg.planning.enabled:
        options = add_expansion(n, cfg, inputs, capacity, cost, eff, p_max_pu)
        logger.info("planning options (capital cost CNY/MW/a, room MW):\n%s", options.groupby("option").agg(
            capital_cost=("capital_cost", "first"), p_nom_max=("p_nom_max", "sum")))  # fmt: skip
    add_transmission(n, cfg.transmission, inputs, provinces, cfg.scenario.year)
    if cfg.planning.enabled:
        logger.info("candidate lines: %s", sorted(set(n.links.loc[make_candidates(n, cfg, inputs), "uhv_line"])))
    add_water(n, cfg.water, inputs, cfg.scenario.year)
    if cfg.transmission.named_lines and cfg.transmission.energy_bases:
        moved = add_bases(n, read_uhv_bases(inputs / files.UHV_BASES), cfg.transmission.base_tie_share)
        logger.info("energy bases: MW moved from provincial fleets\n%s", moved.unstack().fillna(0).round())
    add_compute(n, cfg.compute, inputs, region_of(cfg.regions.classes), cfg.scenario.year)
    if cfg.planning.enabled and len(make_hubs_extendable(n, cfg.planning)):
        logger.info("western data-centre hubs extendable up to %g x their IT capacity", cfg.planning.datacentre_max_factor)

    n.meta = {"scenario_year": cfg.scenario.year, "config": cfg.model_dump(mode="json")}
    hours = cfg.time.resolution_hours
    if hours > 1:
        n = n.cluster.temporal.resample(f"{hours}h")
    return n
