"""Configuration schema (pydantic) and the merge of config.yaml with a run's overrides.

Every key is validated; an unknown or mistyped key is an error that names it and the file.
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from network.regions import NBS_REGIONS, region_of
from network.schema import Strict, known_provinces
from network.compute import ComputeConfig
from network.hydro import HydroConfig
from network.transmission import TransmissionConfig
from network.water import WaterConfig

TECHNOLOGIES = ("coal", "gas", "biomass", "nuclear", "hydro", "onwind", "offwind", "solar", "PHS", "battery")


class ConfigError(ValueError):
    """A configuration file is invalid; the message names the file and the key."""


class DemandConfig(Strict):
    statistics_year: int = Field(2023, ge=2019, le=2024, description="year of provincial consumption statistics")
    annual_growth: float = Field(0.0, ge=-0.2, le=0.3, description="per year, from statistics_year to scenario year")


class CapacityConfig(Strict):
    statistics_year: int = Field(2023, ge=2019, le=2024, description="year of provincial capacity statistics")
    national_targets_gw: dict[str, float] = Field(
        default_factory=dict, description="technology -> national GW in the scenario year (provincial shares kept)"
    )

    @field_validator("national_targets_gw")
    @classmethod
    def _known_technologies(cls, targets: dict[str, float]) -> dict[str, float]:
        for tech, value in targets.items():
            if tech not in TECHNOLOGIES:
                close = difflib.get_close_matches(tech, TECHNOLOGIES)
                raise ValueError(f"unknown technology {tech!r}; known: {TECHNOLOGIES}; close: {close}")
            if value < 0:
                raise ValueError(f"negative capacity target for {tech!r}: {value} GW")
        return targets


    provincial_additions_gw: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="technology -> {province: GW} added after the national targets (e.g. eastern distributed PV)",
    )

    @field_validator("provincial_additions_gw")
    @classmethod
    def _known_additions(cls, additions: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for tech, by_province in additions.items():
            if tech not in TECHNOLOGIES:
                raise ValueError(f"unknown technology {tech!r}; close: {difflib.get_close_matches(tech, TECHNOLOGIES)}")
            known_provinces(by_province)
        return additions


class ScenarioConfig(Strict):
    year: int = Field(2023, ge=2019, le=2060)
    demand: DemandConfig = DemandConfig()
    capacity: CapacityConfig = CapacityConfig()


class TimeConfig(Strict):
    resolution_hours: int = Field(6, ge=1, le=24, description="hours per snapshot after resampling")
    weather_year: Literal[2020] = 2020


class CostConfig(Strict):
    currency: Literal["CNY"] = "CNY"
    coal_price_scale: float = Field(1.0, gt=0, description="factor on the provincial coal prices of inputs/")
    gas_price_cny_per_m3: float = Field(2.8, gt=0)
    co2_price_cny_per_t: float = Field(0.0, ge=0)
    value_of_lost_load_cny_per_mwh: float = Field(20000.0, gt=0)


class OperationConfig(Strict):
    coal_min_pu: float = Field(0.25, ge=0, le=1, description="minimum output of each province's coal fleet, p.u.")
    gas_min_pu: float = Field(0.15, ge=0, le=1, description="minimum output of each province's gas fleet (contracted gas, peaking duty), p.u.")
    chp_must_run_pu: float = Field(0.7, ge=0, le=1, description="output of the CHP part of the coal fleet in the heating season, p.u.")
    heating_season: tuple[str, str] = ("11-15", "03-15")
    thermal_p_max_pu: float = Field(0.9, gt=0, le=1, description="availability of coal and gas fleets (maintenance, outages)")
    nuclear_p_max_pu: float = Field(0.876, gt=0, le=1)
    biomass_p_max_pu: float = Field(0.6, gt=0, le=1)
    full_load_hours: dict[str, float | None] = Field(
        default_factory=lambda: {"onwind": 2225.0, "offwind": None, "solar": 1286.0, "hydro": 3133.0},
        description="national available full-load hours the profiles are scaled to (None keeps the raw profile)",
    )

    @field_validator("full_load_hours")
    @classmethod
    def _flh_keys(cls, flh: dict[str, float | None]) -> dict[str, float | None]:
        for tech, value in flh.items():
            if tech not in ("onwind", "offwind", "solar", "hydro"):
                raise ValueError(f"full_load_hours: unknown technology {tech!r}")
            if value is not None and not 0 < value < 8760:
                raise ValueError(f"full_load_hours[{tech}] must be in (0, 8760) h, got {value}")
        return flh


class StorageConfig(Strict):
    phs_max_hours: float = Field(6.0, gt=0)
    phs_efficiency_round_trip: float = Field(0.75, gt=0, le=1)
    battery_max_hours: float = Field(2.13, gt=0)
    battery_efficiency_round_trip: float = Field(0.85, gt=0, le=1)


class SolverConfig(Strict):
    name: str = "highs"
    io_api: Literal["lp", "mps", "direct"] = Field("direct", description="how linopy hands the LP to the solver (direct: in memory)")
    options: dict[str, str | int | float | bool] = Field(default_factory=dict)


class RegionConfig(Strict):
    classes: dict[str, list[str]] = Field(default_factory=lambda: {k: list(v) for k, v in NBS_REGIONS.items()})
    focus: str = "East"

    @model_validator(mode="after")
    def _complete(self) -> "RegionConfig":
        for members in self.classes.values():
            known_provinces(members)
        region_of(self.classes)
        if self.focus not in self.classes:
            raise ValueError(f"focus region {self.focus!r} is not one of {list(self.classes)}")
        return self


class RunConfig(Strict):
    """One scenario: config.yaml defaults merged with runs/<run>.yaml."""

    description: str = ""
    scenario: ScenarioConfig = ScenarioConfig()
    time: TimeConfig = TimeConfig()
    costs: CostConfig = CostConfig()
    operation: OperationConfig = OperationConfig()
    storage: StorageConfig = StorageConfig()
    transmission: TransmissionConfig = TransmissionConfig()
    hydro: HydroConfig = HydroConfig()
    compute: ComputeConfig = ComputeConfig()
    water: WaterConfig = WaterConfig()
    regions: RegionConfig = RegionConfig()
    solver: SolverConfig = SolverConfig()


class TopConfig(RunConfig):
    """config.yaml: run defaults plus the list of runs that `snakemake -c all` builds."""

    runs: list[str] = Field(default_factory=lambda: ["base-2023"])


def deep_merge(base: dict, override: dict) -> dict:
    """Return base updated recursively with override (override wins; dicts merge)."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text()) or {}
    except FileNotFoundError as err:
        raise ConfigError(f"{path}: file not found") from err
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at top level, got {type(data).__name__}")
    return data


def _explain(err: ValidationError, path: Path) -> ConfigError:
    lines = []
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"])
        if e["type"] == "extra_forbidden":
            lines.append(f"unknown key {key!r}")
        else:
            lines.append(f"{key}: {e['msg']}")
    return ConfigError(f"{path}: " + "; ".join(lines))


def load_top_config(config_path: Path) -> TopConfig:
    """Validate config.yaml (defaults and the list of runs)."""
    data = _read_yaml(config_path)
    try:
        return TopConfig.model_validate(data)
    except ValidationError as err:
        raise _explain(err, config_path) from err


def read_run_overrides(run_path: Path, seen: tuple[Path, ...] = ()) -> dict:
    """A run file's overrides; `extends: <run>` first applies runs/<run>.yaml from the same folder."""
    run_path = Path(run_path)
    if run_path in seen:
        raise ConfigError(f"{run_path}: 'extends' forms a cycle: {[str(p) for p in seen]}")
    override = _read_yaml(run_path)
    parent = override.pop("extends", None)
    if parent is None:
        return override
    parent_path = run_path.parent / f"{parent}.yaml"
    if not parent_path.exists():
        runs = sorted(p.stem for p in run_path.parent.glob("*.yaml"))
        raise ConfigError(f"{run_path}: extends unknown run {parent!r}; close: {difflib.get_close_matches(str(parent), runs)}")
    base = read_run_overrides(parent_path, seen + (run_path,))
    base.pop("description", None)
    return deep_merge(base, override)


def load_run_config(config_path: Path, run_path: Path) -> RunConfig:
    """Merge runs/<run>.yaml (and the runs it extends) over config.yaml defaults and validate."""
    top = _read_yaml(config_path)
    top.pop("runs", None)
    override = read_run_overrides(run_path)
    try:
        RunConfig.model_validate(deep_merge(RunConfig().model_dump(), override))
    except ValidationError as err:
        raise _explain(err, run_path) from err
    try:
        return RunConfig.model_validate(deep_merge(top, override))
    except ValidationError as err:
        raise _explain(err, config_path) from err
