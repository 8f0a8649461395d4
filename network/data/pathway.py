"""Pathway inputs (docs/pathways.md): provincial demand per horizon (PIK or THU trajectory, or the THU projection's
growth anchored on the 2024 actuals) and the technology cost
table of each horizon (PyPSA-China-PIK technology-data rows, as inputs/planning_costs_<year>.csv).

Plain functions: a path in, a validated DataFrame out (InputError names file, row and field)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from network.config.provinces import PROVINCES
from network.data.statistics import consumption_in
from network.data.tables import InputError, _read_csv, _where, check_complete, check_provinces, check_unique, read_text, to_numbers

# pathway.demand_source -> TWh per unit of the file: PIK MWh/a; THU 亿kWh (1e8 kWh = 0.1 TWh) per year
DEMAND_TWH_PER_UNIT = {"pik": 1e-6, "thu": 0.1}
# anchored source -> (the projection whose growth it takes, the year of the actuals it starts from, the projection's
# year those actuals stand for): each province's 2024 consumption grown by THU's own growth from its 2025 value
ANCHORED = {"anchored": ("thu", 2024, 2025)}
NATIONAL_TWH_RANGE = (1_000.0, 50_000.0)  # a national total outside this is a unit error (China 2024: 9,849 TWh)
PROVINCE = "province"


def read_demand_trajectory(path: Path, source: str) -> pd.DataFrame:
    """Annual electricity demand (TWh) per province (index, all 31) and year (int columns, e.g. 2020, 2025, ..., 2060)
    of a province x year table whose first column (unnamed upstream) holds the province; `source` (pik | thu) gives
    the unit (DEMAND_TWH_PER_UNIT)."""
    if source not in DEMAND_TWH_PER_UNIT:
        raise InputError(f"{path}: unknown demand source {source!r}; known: {list(DEMAND_TWH_PER_UNIT)}")
    header = pd.read_csv(io.StringIO(read_text(path)), nrows=0).columns
    if len(header) < 2:
        raise InputError(f"{path}: line 1: need a province column and one column per year; found {list(header)}")
    years = []
    for name in header[1:]:
        try:
            years.append(int(str(name).strip()))
        except ValueError as err:
            raise InputError(f"{path}: line 1: field {name!r}: not a year") from err
    df = _read_csv(path, list(header)).rename(columns={header[0]: PROVINCE})
    df[PROVINCE] = df[PROVINCE].astype(str).str.strip()
    bad = ~df[PROVINCE].isin(PROVINCES)
    if bad.any():
        check_provinces(df[PROVINCE], f"{path}: {_where(df, bad.idxmax(), [PROVINCE])}", PROVINCE)
    check_unique(df, path, [PROVINCE])
    check_complete(df, path, PROVINCE)
    df = to_numbers(df, path, header[1:], [PROVINCE])
    for col in header[1:]:
        neg = df[col] < 0
        if neg.any():
            raise InputError(f"{path}: {_where(df, neg.idxmax(), [PROVINCE])}: field {col!r}: negative value {df.at[neg.idxmax(), col]}")
    table = df.set_index(PROVINCE)[list(header[1:])].set_axis(years, axis=1) * DEMAND_TWH_PER_UNIT[source]
    national = table.sum()
    low, high = NATIONAL_TWH_RANGE
    wrong = national[(national < low) | (national > high)]
    if len(wrong):
        raise InputError(
            f"{path}: field {str(wrong.index[0])!r}: national total {wrong.iloc[0]:,.0f} TWh is outside {low:,.0f}-{high:,.0f} TWh "
            f"(a unit error? source {source!r} is read as {DEMAND_TWH_PER_UNIT[source]:g} TWh per unit)"
        )
    return table.sort_index()


def anchored_trajectory(actual_twh: pd.Series, projection: pd.DataFrame, actual_year: int, base_year: int) -> pd.DataFrame:
    """Demand (TWh) per province and year that starts from each province's actual consumption and follows the
    projection's own growth from its `base_year` value: D(h, p) = actual(p) x projection(h, p) / projection(base_year, p)
    for every projection year h >= base_year; the `actual_year` column (and base_year's) is the actual itself, so a
    horizon between them plans for what was consumed. `actual_twh`: TWh per province; `projection`: province x year, TWh."""
    if base_year not in projection.columns:
        raise InputError(f"demand projection: no column {base_year} to take the growth from (columns {list(projection.columns)})")
    missing = sorted(set(projection.index) - set(actual_twh.dropna().index))
    if missing:
        raise InputError(f"demand projection: no actual {actual_year} consumption for province(s) {missing}")
    base = projection[base_year]
    if (base <= 0).any():
        raise InputError(f"demand projection: field {str(base_year)!r}: {base.idxmin()!r} is {base.min():g} TWh, need > 0 to take growth from")
    growth = projection[[y for y in projection.columns if y >= base_year]].div(base, axis=0)
    table = growth.mul(actual_twh.reindex(projection.index), axis=0)
    table.insert(0, actual_year, actual_twh.reindex(projection.index))
    return table.loc[:, ~table.columns.duplicated()]


def demand_trajectory(path: Path, source: str, consumption: pd.DataFrame) -> pd.DataFrame:
    """The demand trajectory (TWh, province x year) of pathway.demand_source `source`: pik and thu as their file
    (read_demand_trajectory); an ANCHORED source from its projection's file at `path` and the actuals of `consumption`
    (read_consumption_table's table) by anchored_trajectory."""
    if source in ANCHORED:
        projection, actual_year, base_year = ANCHORED[source]
        return anchored_trajectory(consumption_in(consumption, actual_year), read_demand_trajectory(path, projection), actual_year, base_year)
    return read_demand_trajectory(path, source)


def read_horizon_costs(path: Path, year: int) -> pd.DataFrame:
    """The technology-data rows of one horizon (value, unit) indexed by (technology, parameter); every row's `year`
    must be the horizon's (a file copied under the wrong name is refused)."""
    df = _read_csv(path, ["technology", "year", "parameter", "value", "unit"])
    df = to_numbers(df, path, ["year", "value"], ["technology", "parameter"])
    wrong = df["year"] != year
    if wrong.any():
        row = wrong.idxmax()
        raise InputError(f"{path}: {_where(df, row, ['technology', 'parameter'])}: field 'year': {df.at[row, 'year']:g} is not the horizon {year}")
    check_unique(df, path, ["technology", "parameter"])
    return df.set_index(["technology", "parameter"])[["value", "unit"]]


def cost_lifetimes(costs: pd.DataFrame) -> pd.Series:
    """Lifetime (years) per technology of a cost table (read_horizon_costs or read_planning_costs)."""
    return costs.xs("lifetime", level="parameter")["value"].astype(float)


CARRIED_TEXT = ["component", "name", "template", "bus", "bus1", "province", "carrier", "planning_option"]


def read_carried(path: Path) -> pd.DataFrame:
    """A horizon's brownfield.csv (network/model/brownfield.py carry_forward's table: MW, years); empty text cells stay ''."""
    text = read_text(path)
    df = pd.read_csv(io.StringIO(text), dtype={c: str for c in CARRIED_TEXT}, keep_default_na=False)
    missing = [c for c in [*CARRIED_TEXT, "build_year", "lifetime_years", "p_nom_mw"] if c not in df.columns]
    if missing:
        raise InputError(f"{path}: line 1: missing column(s) {missing} (a brownfield table of carry_forward)")
    df = to_numbers(df, path, ["build_year", "lifetime_years", "p_nom_mw"], ["name"])
    df["build_year"] = df["build_year"].astype(int)
    return df
