"""The technology table (inputs/technologies.csv): one row per carrier with its role, colour and names.

Every carrier set of the model (generators, storage, green, non-fossil, variable renewables), every
colour and nice name comes from this table, so adding a technology is one row here plus its data
(capacity statistics, inputs/technology_parameters.csv). The data layer reads the file
(network/data/vocabulary.py) and installs it with `use_technologies` at the start of a step; this module
reads no file. The carrier sets below (GENERATOR_CARRIERS, ...) are views of the installed table.

Columns: carrier; kind (generator, storage, slack, exchange, compute, water); nice_name and
nice_name_zh (English and Chinese labels); green (wind, solar, hydro, biomass) and non_fossil (green +
nuclear), 0/1; variable (weather-driven profile), 0/1; fuel (coal, gas: from the configured prices;
table: fuel_cost_cny_per_mwh_th of inputs/technology_parameters.csv; none); cooling (the water use of
its generation: thermal or nuclear cooling mix of the province, recirculating, panel_cleaning,
reservoir_evaporation, or empty); color (hex).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from network.config.base import ConfigError

ELECTRICITY = "AC"  # carrier of the provincial electricity buses and of inter-provincial exchange
SHEDDING_CARRIER = "load shedding"
_ACTIVE: dict[str, dict[str, Technology]] = {}


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


def parse_technologies(rows: Iterable[Mapping[str, str]], source: str = "technologies.csv") -> dict[str, Technology]:
    """Rows of the table (dicts of text, file order, first data row on line 2) as {carrier: Technology};
    ConfigError naming source, line and field on a bad row."""
    table: dict[str, Technology] = {}
    for line, row in enumerate(rows, start=2):
        try:
            tech = Technology.model_validate(dict(row))
        except ValidationError as err:
            e = err.errors()[0]
            field = e["loc"][0] if e["loc"] else "?"
            raise ConfigError(f"{source}: line {line} ({row.get('carrier')}): field {field!r}: {e['msg']}") from err
        if tech.carrier in table:
            raise ConfigError(f"{source}: line {line}: field 'carrier': duplicate carrier {tech.carrier!r}")
        table[tech.carrier] = tech
    return table


def use_technologies(table: Mapping[str, Technology]) -> None:
    """Install the technology table every carrier set, colour and name of this process comes from."""
    _ACTIVE["table"] = dict(table)


def technologies() -> dict[str, Technology]:
    """The installed table as {carrier: Technology}, in file order."""
    if "table" not in _ACTIVE:
        raise ConfigError(
            "the technology table is not loaded: call network.data.vocabulary.load_technologies(<inputs folder>) first (network.cli does)"
        )
    return _ACTIVE["table"]


def carriers(kind: str | None = None, **flags: bool) -> tuple[str, ...]:
    """Carriers of a kind (all kinds if None) whose flags match, in table order: carriers("generator", green=True)."""
    return tuple(c for c, t in technologies().items() if (kind is None or t.kind == kind) and all(getattr(t, k) == v for k, v in flags.items()))


def colors() -> dict[str, str]:
    return {c: t.color for c, t in technologies().items()}


def nice_names(language: str = "en") -> dict[str, str]:
    return {c: (t.nice_name_zh if language == "zh" else t.nice_name) for c, t in technologies().items()}


class CarrierSet(Sequence[str]):
    """A carrier set of the installed table (a tuple of carriers, evaluated on use, never at import)."""

    def __init__(self, *selections: tuple[str | None, dict[str, bool]]):
        self._selections = selections

    def _items(self) -> tuple[str, ...]:
        return tuple(c for kind, flags in self._selections for c in carriers(kind, **flags))

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def __getitem__(self, i):
        return self._items()[i]

    def __contains__(self, carrier: object) -> bool:
        return carrier in self._items()

    def __add__(self, other) -> tuple[str, ...]:
        return self._items() + tuple(other)

    def __radd__(self, other) -> tuple[str, ...]:
        return tuple(other) + self._items()

    def __eq__(self, other) -> bool:
        return self._items() == (other._items() if isinstance(other, CarrierSet) else other)

    def __hash__(self) -> int:
        return hash(self._selections.__repr__())

    def __repr__(self) -> str:
        return repr(self._items())


GENERATOR_CARRIERS = CarrierSet(("generator", {}))
STORAGE_CARRIERS = CarrierSet(("storage", {}))
GREEN_CARRIERS = CarrierSet((None, {"green": True}))
NON_FOSSIL_CARRIERS = CarrierSet((None, {"non_fossil": True}))
VRE_CARRIERS = CarrierSet(("generator", {"variable": True}))
BUILDABLE = CarrierSet(("generator", {}), ("storage", {}))  # technologies with provincial capacities (targets, additions)
