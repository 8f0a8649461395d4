"""Published statistics of inputs/: provincial and national capacity (MW, GW), consumption (TWh), fleet keys."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from network.config.provinces import PROVINCES
from network.data.tables import (
    InputError,
    check_complete,
    check_provinces,
    read_table,
    read_text,
)


def read_capacity_statistics(path: Path) -> pd.DataFrame:
    """Provincial installed capacity, MW: columns province, technology, year, capacity_mw.

    Wind, solar and thermal need a row for every province in every year; hydro and nuclear
    (absent in some provinces) need the same provinces in every year, so a deleted row is an error.
    """
    keys = ["province", "technology", "year"]
    df = read_table(path, keys + ["capacity_mw"], numeric=["year", "capacity_mw"], keys=keys)
    check_complete(df[df.technology.isin(["wind", "solar", "thermal"])], path, "province", ["technology", "year"])
    for tech, rows in df.groupby("technology"):
        listed = set(rows.province)
        for year, in_year in rows.groupby("year"):
            missing = sorted(listed - set(in_year.province))
            if missing:
                raise InputError(f"{path}: field 'province': missing row(s) for {missing} ({tech}, {year}); "
                                 f"they have {tech} rows in other years")  # fmt: skip
    return df[["province", "technology", "year", "capacity_mw"]].reset_index(drop=True)


def read_national_capacity(path: Path) -> pd.Series:
    """National capacity, GW, indexed by (technology, year)."""
    keys = ["technology", "year"]
    df = read_table(path, keys + ["capacity_gw"], None, numeric=["year", "capacity_gw"], keys=keys)
    return df.set_index(keys)["capacity_gw"]


def read_consumption_table(path: Path) -> pd.DataFrame:
    """Annual whole-society electricity consumption, TWh: columns province, year, consumption_twh (every year)."""
    keys = ["province", "year"]
    df = read_table(path, keys + ["consumption_twh"], numeric=["year", "consumption_twh"], keys=keys)
    df = df[keys + ["consumption_twh"]].reset_index(drop=True)
    df.attrs["source"] = str(path)
    return df


def consumption_in(table: pd.DataFrame, year: int) -> pd.Series:
    """Consumption of each province in `year` (TWh) from read_consumption_table's table; every province needs a row."""
    source = table.attrs.get("source", "consumption table")
    df = table[table["year"] == year].set_index("province")["consumption_twh"]
    if df.empty:
        raise InputError(f"{source}: field 'year': no rows for {year}")
    check_provinces(df.index, source, "province", require_all=True)
    return df.reindex(list(PROVINCES))


def read_consumption(path: Path, year: int) -> pd.Series:
    """Annual whole-society electricity consumption of each province in `year`, TWh."""
    return consumption_in(read_consumption_table(path), year)


def read_province_values(path: Path, value_column: str, province_column: str | None = None, require_all: bool = False) -> pd.Series:
    """A (province, value) table as a Series over all provinces (absent = 0 unless require_all)."""
    key = province_column or pd.read_csv(io.StringIO(read_text(path)), nrows=0).columns[0]
    df = read_table(path, [key, value_column], key, numeric=[value_column], keys=[key],
                    complete_by=[] if require_all else None)  # fmt: skip
    series = df.set_index(key)[value_column].astype(float)
    return series.reindex(list(PROVINCES), fill_value=0.0)


def read_vintages(path: Path) -> pd.DataFrame:
    """A province x commissioning-window capacity table (MW; columns = last year of each 5-year window, as int),
    without the unreliable 2025 column; provinces without a row have no such plants (0 MW)."""
    header = pd.read_csv(io.StringIO(read_text(path)), nrows=0).columns
    key = header[0]
    windows = [c for c in header[1:] if not str(c).startswith("2025")]
    df = read_table(path, [key], key, numeric=windows, keys=[key])
    table = df.set_index(key)[windows].reindex(list(PROVINCES), fill_value=0.0)
    return table.set_axis([int(float(c)) for c in windows], axis=1)


def read_supplement(path: Path) -> pd.DataFrame:
    """National figures the statistics lack (offshore wind, new-type storage): technology, year,
    capacity_gw, energy_gwh (blank where not published)."""
    keys = ["technology", "year"]
    return read_table(path, keys + ["capacity_gw"], None, numeric=["year", "capacity_gw", "energy_gwh"],
                      nullable=["energy_gwh"], keys=keys)  # fmt: skip


def read_technology_parameters(path: Path, carriers: Iterable[str] = ()) -> pd.DataFrame:
    """Efficiency, fuel cost (CNY/MWh_th; blank = from the fuel prices), VOM (CNY/MWh), CO2 emitted and CO2 captured
    (t/MWh_th) per carrier, indexed by carrier; every carrier of `carriers` needs a row."""
    numeric = ["efficiency", "fuel_cost_cny_per_mwh_th", "vom_cny_per_mwh", "co2_t_per_mwh_th", "co2_captured_t_per_mwh_th"]
    df = read_table(path, ["carrier", *numeric], None, numeric=numeric, nullable=["fuel_cost_cny_per_mwh_th"], keys=["carrier"])
    missing = sorted(set(carriers) - set(df.carrier))
    if missing:
        raise InputError(f"{path}: field 'carrier': missing row(s) for {missing}")
    df = df.set_index("carrier")
    df.attrs["source"] = str(path)
    return df


def read_hydro_monthly(path: Path) -> pd.DataFrame:
    """Monthly hydro generation by province (NBS, above designated size), TWh: province, year, month, hydro_twh (NaN = missing)."""
    keys = ["province", "year", "month"]
    df = read_table(path, keys + ["hydro_twh"], numeric=["year", "month", "hydro_twh"], nullable=["hydro_twh"], keys=keys)
    bad = ~df["month"].between(1, 12)
    if bad.any():
        row = bad.idxmax()
        raise InputError(f"{path}: line {row}: field 'month': {df.at[row, 'month']} is not a month 1-12")
    for (province, year), rows in df.groupby(["province", "year"]):
        if len(rows) != 12:
            missing = sorted(set(range(1, 13)) - set(rows["month"].astype(int)))
            raise InputError(f"{path}: field 'month': missing row(s) for {province} {int(year)}: months {missing}")
    return df[keys + ["hydro_twh"]].reset_index(drop=True)
