"""Configuration schema (pydantic) and the merge of config.yaml with a run's overrides.

Every key is validated; an unknown or mistyped key is an error that names it and the file.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import re
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

DAY_DIVISORS = (1, 2, 3, 4, 6, 8, 12, 24)
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
    resolution_hours: int = Field(6, ge=1, le=24, description="hours per snapshot after resampling; a divisor of 24")
    weather_year: Literal[2020] = 2020

    @field_validator("resolution_hours")
    @classmethod
    def _divides_day(cls, hours: int) -> int:
        if 24 % hours:
            raise ValueError(f"{hours} h does not divide 24: snapshots would cross midnight, which breaks the daily "
                             f"compute-deferral and the day/month hydro budgets; use one of {DAY_DIVISORS}")  # fmt: skip
        return hours


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
    heating_season: tuple[str, str] = Field(("11-15", "03-15"), description="first and last day of the northern heating season, 'MM-DD'")
    thermal_p_max_pu: float = Field(0.9, gt=0, le=1, description="availability of coal and gas fleets (maintenance, outages)")
    nuclear_p_max_pu: float = Field(0.876, gt=0, le=1)
    biomass_p_max_pu: float = Field(0.6, gt=0, le=1)
    full_load_hours: dict[str, float | None] = Field(
        default_factory=lambda: {"onwind": 2225.0, "offwind": None, "solar": 1286.0, "hydro": 3133.0},
        description="national available full-load hours the profiles are scaled to (None keeps the raw profile)",
    )

    @field_validator("heating_season")
    @classmethod
    def _month_day(cls, season: tuple[str, str]) -> tuple[str, str]:
        for day in season:
            try:
                ok = re.fullmatch(r"\d\d-\d\d", day) and datetime.date(2020, int(day[:2]), int(day[3:]))
            except ValueError:
                ok = False
            if not ok:
                raise ValueError(f"{day!r} is not a month-day date 'MM-DD' (e.g. '11-15' for 15 November)")
        if season[0] == season[1]:
            raise ValueError(f"start and end are the same day {season[0]!r}")
        return season

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

    @model_validator(mode="after")
    def _known_options(self) -> "SolverConfig":
        if self.name == "highs":
            check_highs_options(self.options)
        return self


def check_highs_options(options: dict) -> None:
    """ValueError naming an option HiGHS does not know, or a value of the wrong type (before any solve)."""
    import highspy

    defaults = highspy.HighsOptions()
    for name, value in options.items():
        if not hasattr(defaults, name):
            close = difflib.get_close_matches(name, [a for a in dir(defaults) if not a.startswith("_")])
            raise ValueError(f"unknown HiGHS option {name!r}; close: {close}")
        kind = type(getattr(defaults, name))
        ok = isinstance(value, bool) if kind is bool else (
            isinstance(value, (int, float)) and not isinstance(value, bool) if kind is float else isinstance(value, kind) and not isinstance(value, bool)
        )  # fmt: skip
        if not ok:
            raise ValueError(f"HiGHS option {name!r} takes a value of type {kind.__name__}, got {value!r}")


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


class _DuplicateKey(Exception):
    def __init__(self, key, first_line: int, second_line: int):
        super().__init__(f"key {key!r} appears twice (lines {first_line} and {second_line}); keep one")


class _UniqueKeyLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses a mapping with the same key twice (PyYAML keeps the last silently)."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise _DuplicateKey(key, seen[key], line)
        seen[key] = line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def read_yaml(path: Path) -> dict:
    """A YAML mapping; ConfigError naming the file for a missing file, bad YAML or a duplicated key."""
    try:
        with open(path, encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=_UniqueKeyLoader) or {}
    except FileNotFoundError as err:
        raise ConfigError(f"{path}: file not found") from err
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from err
    except _DuplicateKey as err:
        raise ConfigError(f"{path}: {err}") from err
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {' '.join(str(err).split())}") from err
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at top level, got {type(data).__name__}")
    return data


def _explain(err: ValidationError, source: Path | str) -> ConfigError:
    lines = []
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"])
        if e["type"] == "extra_forbidden":
            lines.append(f"unknown key {key!r}")
        else:
            lines.append(f"{key}: {e['msg'].removeprefix('Value error, ')}")
    return ConfigError(f"{source}: " + "; ".join(lines))


def _validate(model: type[RunConfig], data: dict, source: Path | str) -> RunConfig:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise _explain(err, source) from err


def load_top_config(config_path: Path) -> TopConfig:
    """Validate config.yaml (defaults and the list of runs)."""
    return _validate(TopConfig, read_yaml(config_path), config_path)


def read_run_overrides(run_path: Path, seen: tuple[Path, ...] = ()) -> dict:
    """A run file's overrides; `extends: <run>` first applies runs/<run>.yaml from the same folder."""
    run_path = Path(run_path)
    if run_path in seen:
        raise ConfigError(f"{run_path}: 'extends' forms a cycle: {[str(p) for p in seen]}")
    override = read_yaml(run_path)
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


def resolve_run_config(defaults: dict, run_path: Path | None, source: str, command_line: dict | None = None) -> RunConfig:
    """One run's configuration. Precedence, lowest first: the schema's defaults, `defaults` (config.yaml
    and any --configfile), runs/<run>.yaml (and what it extends), `command_line` (Snakemake --config).

    source names where `defaults` and `command_line` come from, for error messages."""
    defaults = {k: v for k, v in defaults.items() if k != "runs"}
    command_line = {k: v for k, v in (command_line or {}).items() if k != "runs"}
    override = read_run_overrides(run_path) if run_path is not None else {}
    if override:
        _validate(RunConfig, deep_merge(RunConfig().model_dump(), override), run_path)  # blame the run file first
    return _validate(RunConfig, deep_merge(deep_merge(defaults, override), command_line), source)


def load_run_config(config_path: Path, run_path: Path | None = None) -> RunConfig:
    """Merge runs/<run>.yaml (and the runs it extends) over config.yaml defaults and validate.

    Without run_path, config_path is one run's resolved configuration (runs/<run>/config.yaml)."""
    return resolve_run_config(read_yaml(config_path), run_path, str(config_path))


def workflow_config(config: dict, files: list[Path], command_line: dict) -> TopConfig:
    """Snakemake's merged `config` validated, after checking each of its YAML files for duplicate keys."""
    for path in files:
        read_yaml(path)
    source = " + ".join([str(p) for p in files] + (["--config"] if command_line else []))
    return _validate(TopConfig, config, source)


def write_run_config(cfg: RunConfig, path: Path) -> None:
    """Write a run's resolved configuration (every key) as YAML, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("# resolved configuration of this run (written by the pipeline; edit config.yaml or runs/<run>.yaml)\n"
                   + yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False, allow_unicode=True), encoding="utf-8")  # fmt: skip
    tmp.replace(path)
