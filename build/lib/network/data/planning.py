"""Planning inputs: expansion options, investment costs (PIK technology-data rows), provincial potentials (MW) and
candidate UHV corridors."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pandas as pd

from network.config.technologies import BUILDABLE
from network.data.grid import _province_lists
from network.data.tables import InputError, _read_csv, _where, check_known, check_unique, read_table, to_numbers

COMPONENTS = ("Generator", "StorageUnit")
POTENTIALS = ("table", "national", "none")


def read_planning_options(path: Path) -> pd.DataFrame:
    """The expansion options, indexed by option: carrier (of the technology table), component, cost_technology
    (';'-list of cost rows), potential (table | national | none)."""
    df = read_table(path, ["option", "carrier", "component", "cost_technology", "potential"], None, keys=["option"])
    for field, allowed in (("carrier", BUILDABLE), ("component", COMPONENTS), ("potential", POTENTIALS)):
        bad = ~df[field].isin(allowed)
        if bad.any():
            raise InputError(
                f"{path}: {_where(df, bad.idxmax(), ['option'])}: field {field!r}: {df[field][bad].iloc[0]!r} is not one of {list(allowed)}"
            )
    df["cost_technology"] = df["cost_technology"].str.split(";")
    return df.set_index("option", drop=False)


def read_planning_costs(path: Path) -> pd.DataFrame:
    """PyPSA technology-data rows (technology, parameter, value, unit), indexed by (technology, parameter)."""
    df = _read_csv(path, ["technology", "parameter", "value", "unit"])
    df = to_numbers(df, path, ["value"], ["technology", "parameter"])
    check_unique(df, path, ["technology", "parameter"])
    return df.set_index(["technology", "parameter"])[["value", "unit"]]


def read_planning_potentials(path: Path, options: Collection[str] | None = None) -> pd.Series:
    """Potential (MW) by (option, province) of the options with potential `table`; a province without a row has none.
    With `options` (the options of inputs/planning_options.csv), every row must name one of them."""
    df = read_table(path, ["province", "option", "p_nom_max_mw"], numeric=["p_nom_max_mw"], keys=["option", "province"])
    if options is not None:
        check_known(df, path, "option", options, "an option of planning_options.csv", ["option", "province"])
    return df.set_index(["option", "province"])["p_nom_max_mw"]


def read_uhv_candidates(path: Path, lines: Collection[str] = ()) -> pd.DataFrame:
    """Candidate corridors: the fields of transmission.add_lines (name, type, kv, from/to_province, capacity_gw,
    length_km blank = route_factor x great-circle), one row each; no name of `lines` (inputs/uhv_lines.csv) again."""
    numbers = ["kv", "capacity_gw", "length_km"]
    df = _read_csv(path, ["name", "type", "from_province", "to_province", *numbers])
    check_unique(df, path, ["name"])
    clash = df["name"].isin(list(lines))
    if clash.any():
        row = clash.idxmax()
        raise InputError(f"{path}: {_where(df, row, ['name'])}: field 'name': {df.at[row, 'name']!r} is already a line of uhv_lines.csv")
    df = to_numbers(df, path, numbers, ["name"], nullable=["length_km"])
    _province_lists(df, path, ("from_province", "to_province"))
    return df
