"""The technology table (inputs/technologies.csv): one row per carrier with its role, colour and names.

Every carrier set of the model (generators, storage, green, non-fossil, variable renewables), every
colour and nice name comes from this table, so adding a technology is one row here plus its data
(capacity statistics, inputs/technology_parameters.csv). Read with the standard library: the config
layer imports no pandas.

Columns: carrier; kind (generator, storage, slack, exchange, compute, water); nice_name and
nice_name_zh (English and Chinese labels); green (wind, solar, hydro, biomass) and non_fossil (green +
nuclear), 0/1; variable (weather-driven profile), 0/1; fuel (coal, gas: from the configured prices;
table: fuel_cost_cny_per_mwh_th of inputs/technology_parameters.csv; none); cooling (the water use of
its generation: thermal or nuclear cooling mix of the province, recirculating, panel_cleaning,
reservoir_evaporation, or empty); color (hex).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from network.config.base import ConfigError

TABLE = Path(__file__).resolve().parents[2] / "inputs" / "technologies.csv"
ELECTRICITY = "AC"  # carrier of the provincial electricity buses and of inter-provincial exchange
SHEDDING_CARRIER = "load shedding"


class Technology(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    carrier: str
    kind: Literal["generator", "storage", "slack", "exchange", "compute", "water"]
    nice_name: str
    nice_name_zh: str
    green: bool
    non_fossil: bool
    variable: bool
    fuel: Literal["coal", "gas", "table", "none"]
    cooling: Literal["thermal", "nuclear", "recirculating", "panel_cleaning", "reservoir_evaporation", ""]
    color: str


@cache
def technologies(path: Path = TABLE) -> dict[str, Technology]:
    """The table as {carrier: Technology}, in file order; ConfigError naming line and field on a bad row."""
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
    except FileNotFoundError as err:
        raise ConfigError(f"{path}: file not found") from err
    table: dict[str, Technology] = {}
    for line, row in enumerate(rows, start=2):
        try:
            tech = Technology.model_validate(row)
        except ValidationError as err:
            e = err.errors()[0]
            raise ConfigError(f"{path}: line {line} ({row.get('carrier')}): field {e['loc'][0]!r}: {e['msg']}") from err
        if tech.carrier in table:
            raise ConfigError(f"{path}: line {line}: duplicate carrier {tech.carrier!r}")
        table[tech.carrier] = tech
    return table


def carriers(kind: str | None = None, **flags: bool) -> tuple[str, ...]:
    """Carriers of a kind (all kinds if None) whose flags match, in table order: carriers("generator", green=True)."""
    return tuple(c for c, t in technologies().items() if (kind is None or t.kind == kind) and all(getattr(t, k) == v for k, v in flags.items()))


def colors() -> dict[str, str]:
    return {c: t.color for c, t in technologies().items()}


def nice_names(language: str = "en") -> dict[str, str]:
    return {c: (t.nice_name_zh if language == "zh" else t.nice_name) for c, t in technologies().items()}


GENERATOR_CARRIERS = carriers("generator")
STORAGE_CARRIERS = carriers("storage")
GREEN_CARRIERS = carriers(green=True)
NON_FOSSIL_CARRIERS = carriers(non_fossil=True)
VRE_CARRIERS = carriers("generator", variable=True)
BUILDABLE = GENERATOR_CARRIERS + STORAGE_CARRIERS  # technologies with provincial capacities (targets, additions)
