"""Every input table of the build_network step, read and validated once into one frozen object.

`load_build_inputs(inputs, profiles, provinces)` reads inputs/ (the files of network/data/files.py's
BUILD_NETWORK_FILES) and the two resources of build_inputs, checks each table and the references between
them (every base and tariff names a line, every candidate corridor a new name, every potential an option),
and returns a BuildInputs; network/model/ builds from it and reads no file. A network can be built from
tables made in memory (tests/test_inputs.py): the tables of disabled features may be left None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import xarray as xr

from network.config.names import check_names
from network.config.provinces import PROVINCES
from network.config.run import RunConfig
from network.config.technologies import BUILDABLE, Technology, use_technologies
from network.data import compute, files, grid, pathway, planning, statistics, water
from network.data.tables import InputError
from network.data.vocabulary import read_technologies

VINTAGE_FILES = (files.CHP_COAL_CAPACITY_BY_VINTAGE, files.COAL_CAPACITY_BY_VINTAGE, files.CHP_GAS_CAPACITY_BY_VINTAGE,
                 files.OCGT_CAPACITY_BY_VINTAGE)  # fmt: skip


@dataclass(frozen=True)
class BuildInputs:
    """The tables of one build (units in the readers' docstrings: MW, GW, TWh, CNY, p.u.)."""

    technologies: Mapping[str, Technology]  # inputs/technologies.csv
    profiles: xr.Dataset  # resources/profiles.nc: hourly demand shape (MW), wind/solar/hydro availability (p.u.)
    provinces: pd.DataFrame  # resources/provinces.csv: x, y, name_zh by province
    capacity: pd.DataFrame  # capacity_by_province.csv (MW)
    national_capacity: pd.Series  # national_capacity.csv (GW)
    supplement: pd.DataFrame  # national_capacity_supplement.csv (GW, GWh)
    offshore_share: pd.Series  # offshore_wind_share.csv
    phs_2021: pd.Series  # pumped_hydro_2021.csv (MW)
    vintages: Mapping[str, pd.DataFrame]  # the four capacity-by-vintage tables by file name (MW)
    consumption: pd.DataFrame  # consumption_by_province.csv (TWh), every year
    technology_parameters: pd.DataFrame  # technology_parameters.csv
    coal_price: pd.Series  # coal_price_by_province.csv (CNY/tce)
    exchange: pd.DataFrame  # exchange_capacity_current.csv (MW)
    hydro_monthly: pd.DataFrame | None = None  # hydro_generation_monthly_by_province.csv (TWh)
    uhv_lines: pd.DataFrame | None = None  # uhv_lines.csv
    uhv_tariffs: pd.DataFrame | None = None  # uhv_tariffs.csv
    uhv_bases: pd.DataFrame | None = None  # uhv_bases.csv
    uhv_candidates: pd.DataFrame | None = None  # uhv_candidates.csv
    hubs: pd.DataFrame | None = None  # datacentre_hubs.csv (IT MW of 2024 and 2030)
    demand_regions: pd.DataFrame | None = None  # compute_demand_regions.csv
    dc_electricity: pd.DataFrame | None = None  # datacentre_electricity.csv (TWh)
    water_factors: pd.DataFrame | None = None  # water_factors.csv (m3/MWh)
    cooling_mix: pd.DataFrame | None = None  # water_cooling_mix.csv
    industrial_water: pd.Series | None = None  # province_water_use.csv (1e8 m3)
    national_water: pd.DataFrame | None = None  # national_water_use.csv (1e8 m3)
    transfers: pd.DataFrame | None = None  # water_transfers.csv, every start year
    planning_options: pd.DataFrame | None = None  # planning_options.csv
    planning_potentials: pd.Series | None = None  # planning_potentials.csv (MW)
    planning_costs: Mapping[int, pd.DataFrame] | None = None  # planning_costs_<year>.csv by cost year
    demand_trajectory: pd.DataFrame | None = None  # demand_trajectory_<source>.csv (TWh, province x year): pathway horizons

    def need(self, name: str):
        """The table `name`; InputError if it was not loaded (a feature enabled on in-memory inputs without it)."""
        value = getattr(self, name)
        if value is None:
            raise InputError(f"BuildInputs.{name}: not loaded, but the configuration needs it")
        return value


def read_tables(inputs: Path) -> dict:
    """Every table of inputs/ that build_network reads, checked, and checked against each other."""
    inputs = Path(inputs)
    at = lambda name: inputs / name  # noqa: E731
    technologies = read_technologies(at(files.TECHNOLOGIES))
    use_technologies(technologies)  # the carrier sets the readers below check against
    lines = grid.read_uhv_lines(at(files.UHV_LINES))
    candidates = planning.read_uhv_candidates(at(files.UHV_CANDIDATES), lines.index)
    options = planning.read_planning_options(at(files.PLANNING_OPTIONS))
    hubs = compute.read_hub_table(at(files.DATACENTRE_HUBS))
    return {
        "technologies": technologies,
        "capacity": statistics.read_capacity_statistics(at(files.CAPACITY_BY_PROVINCE)),
        "national_capacity": statistics.read_national_capacity(at(files.NATIONAL_CAPACITY)),
        "supplement": statistics.read_supplement(at(files.NATIONAL_CAPACITY_SUPPLEMENT)),
        "offshore_share": statistics.read_province_values(at(files.OFFSHORE_WIND_SHARE), "share", "province"),
        "phs_2021": statistics.read_province_values(at(files.PUMPED_HYDRO_2021), "MW", "Region", require_all=True),
        "vintages": {name: statistics.read_vintages(at(name)) for name in VINTAGE_FILES},
        "consumption": statistics.read_consumption_table(at(files.CONSUMPTION_BY_PROVINCE)),
        "technology_parameters": statistics.read_technology_parameters(at(files.TECHNOLOGY_PARAMETERS), technologies_of(technologies)),
        "coal_price": statistics.read_province_values(at(files.COAL_PRICE_BY_PROVINCE), "coal_price_cny_per_tce", "province", require_all=True),
        "exchange": grid.read_exchange_capacity(at(files.EXCHANGE_CAPACITY_CURRENT)),
        "hydro_monthly": statistics.read_hydro_monthly(at(files.HYDRO_GENERATION_MONTHLY_BY_PROVINCE)),
        "uhv_lines": lines,
        "uhv_tariffs": grid.read_uhv_tariffs(at(files.UHV_TARIFFS), lines.index),
        "uhv_bases": grid.read_uhv_bases(at(files.UHV_BASES), [*lines.index, *candidates["name"]]),
        "uhv_candidates": candidates,
        "hubs": hubs,
        "demand_regions": compute.read_demand_regions(at(files.COMPUTE_DEMAND_REGIONS), hubs),
        "dc_electricity": compute.read_dc_electricity(at(files.DATACENTRE_ELECTRICITY)),
        "water_factors": water.read_water_factors(at(files.WATER_FACTORS)),
        "cooling_mix": water.read_cooling_mix(at(files.WATER_COOLING_MIX)),
        "industrial_water": water.read_industrial_water(at(files.PROVINCE_WATER_USE)),
        "national_water": water.read_national_water(at(files.NATIONAL_WATER_USE)),
        "transfers": water.read_transfer_table(at(files.WATER_TRANSFERS)),
        "planning_options": options,
        "planning_potentials": planning.read_planning_potentials(at(files.PLANNING_POTENTIALS), options.index),
        "planning_costs": {year: planning.read_planning_costs(at(files.planning_costs_file(year))) for year in files.PLANNING_COST_YEARS},
    }


def technologies_of(table: Mapping[str, Technology], kind: str = "generator") -> tuple[str, ...]:
    """Carriers of one kind of a technology table."""
    return tuple(c for c, t in table.items() if t.kind == kind)


def read_resources(profiles: Path, provinces: Path) -> dict:
    """The two outputs of build_inputs: hourly profiles (netCDF) and the province table (x, y, name_zh)."""
    for path in (profiles, provinces):
        if not Path(path).exists():
            raise InputError(f"{path}: file not found (an output of build_inputs)")
    return {
        "profiles": xr.open_dataset(profiles).load(),
        "provinces": pd.read_csv(provinces, index_col="province").reindex(list(PROVINCES)),
    }


def pathway_files(cfg: RunConfig) -> list[str]:
    """The files of inputs/ a pathway horizon's build reads beyond BUILD_NETWORK_FILES: its demand trajectory and its cost
    table (if not one of PLANNING_COST_YEARS)."""
    names = []
    if cfg.scenario.demand.trajectory:
        names.append(files.DEMAND_TRAJECTORY[cfg.scenario.demand.trajectory])
    if cfg.planning.enabled and cfg.planning.cost_year not in files.PLANNING_COST_YEARS:
        names.append(files.planning_costs_file(cfg.planning.cost_year))
    return names


def load_build_inputs(inputs: Path, profiles: Path, provinces: Path, cfg: RunConfig | None = None) -> BuildInputs:
    """All inputs of build_network, each read once and checked; with cfg, its technology and option names too, and the
    pathway files it needs (pathway_files)."""
    tables = read_tables(inputs)
    if cfg is not None and cfg.scenario.demand.trajectory:
        source = cfg.scenario.demand.trajectory
        tables["demand_trajectory"] = pathway.demand_trajectory(Path(inputs) / files.DEMAND_TRAJECTORY[source], source, tables["consumption"])
    if cfg is not None and cfg.planning.enabled and cfg.planning.cost_year not in tables["planning_costs"]:
        year = cfg.planning.cost_year
        path = Path(inputs) / files.planning_costs_file(year)
        if path.exists():
            pathway.read_horizon_costs(path, year)  # refuses a table whose year column is not its horizon
            tables["planning_costs"] = {**tables["planning_costs"], year: planning.read_planning_costs(path)}
    data = BuildInputs(**tables, **read_resources(profiles, provinces))
    if cfg is not None:
        check_names(cfg, BUILDABLE, data.planning_options.index)
        year = cfg.planning.cost_year
        if cfg.planning.enabled and year not in data.planning_costs:  # a pathway table (e.g. 2025 for the 2024 hindcast)
            table = planning.read_planning_costs(Path(inputs) / files.planning_costs_file(year))
            data = replace(data, planning_costs={**data.planning_costs, year: table})
    return data
