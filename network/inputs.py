"""Read and validate the shipped data in inputs/.

Each reader returns tidy pandas objects indexed by province (PyPSA-China spelling) and
raises InputError naming the file, the field and the problem on bad data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xarray as xr

from network.regions import PROVINCES

HOURS_PER_YEAR = 8760


class InputError(ValueError):
    """A shipped input file is malformed; the message names the file and the field."""


def check_provinces(names, path: Path | str, field: str, require_all: bool = False) -> None:
    """Raise if a province name is unknown (or, with require_all, missing)."""
    unknown = sorted(set(names) - set(PROVINCES))
    if unknown:
        raise InputError(f"{path}: field {field!r}: unknown province(s) {unknown}")
    if require_all:
        missing = sorted(set(PROVINCES) - set(names))
        if missing:
            raise InputError(f"{path}: field {field!r}: missing province(s) {missing}")


def check_values(values: pd.Series | pd.DataFrame, path: Path | str, field: str, allow_negative: bool = False) -> None:
    """Raise on NaN or (unless allowed) negative numbers, naming the first offending label."""
    frame = values.to_frame() if isinstance(values, pd.Series) else values
    nan = frame.isna()
    if nan.to_numpy().any():
        col = nan.any().idxmax()
        row = nan[col].idxmax()
        raise InputError(f"{path}: field {field!r}: missing value (NaN) at {row!r} / {col!r}")
    if not allow_negative:
        neg = frame < 0
        if neg.to_numpy().any():
            col = neg.any().idxmax()
            row = neg[col].idxmax()
            raise InputError(f"{path}: field {field!r}: negative value {frame.loc[row, col]} at {row!r} / {col!r}")


def _read_csv(path: Path, required: list[str], **kwargs) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, encoding="utf-8-sig", **kwargs)
    except FileNotFoundError as err:
        raise InputError(f"{path}: file not found") from err
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {missing}; found {list(df.columns)}")
    return df


def read_capacity_statistics(path: Path) -> pd.DataFrame:
    """Provincial installed capacity, MW: columns province, technology, year, capacity_mw."""
    df = _read_csv(path, ["province", "technology", "year", "capacity_mw"])
    check_provinces(df["province"], path, "province")
    check_values(df["capacity_mw"], path, "capacity_mw")
    return df[["province", "technology", "year", "capacity_mw"]]


def read_national_capacity(path: Path) -> pd.DataFrame:
    """National capacity, GW, indexed by (technology, year)."""
    df = _read_csv(path, ["technology", "year", "capacity_gw"])
    check_values(df["capacity_gw"], path, "capacity_gw")
    return df.set_index(["technology", "year"])["capacity_gw"]


def read_consumption(path: Path, year: int) -> pd.Series:
    """Annual whole-society electricity consumption of each province in `year`, TWh."""
    df = _read_csv(path, ["province", "year", "consumption_twh"])
    check_provinces(df["province"], path, "province")
    df = df[df["year"] == year].set_index("province")["consumption_twh"]
    if df.empty:
        raise InputError(f"{path}: field 'year': no rows for {year}")
    check_provinces(df.index, path, "province", require_all=True)
    check_values(df, path, "consumption_twh")
    return df.reindex(list(PROVINCES))


def read_hourly_demand_shape(path: Path, codes_path: Path) -> pd.DataFrame:
    """Hourly provincial demand of the shape year (MW), 8760 rows, columns = provinces."""
    codes = _read_csv(codes_path, ["Full name", "Code"]).set_index("Code")["Full name"]
    df = _read_csv(path, ["Time Series"]).set_index("Time Series")
    unknown = [c for c in df.columns if c not in codes.index]
    if unknown:
        raise InputError(f"{path}: unknown province code column(s) {unknown} (see {codes_path})")
    df = df.rename(columns=codes)
    check_provinces(df.columns, path, "columns", require_all=True)
    if len(df) != HOURS_PER_YEAR:
        raise InputError(f"{path}: field 'Time Series': expected {HOURS_PER_YEAR} hours, found {len(df)} (missing hours)")
    check_values(df, path, "demand MW")
    return df[list(PROVINCES)].reset_index(drop=True)


def read_profile(path: Path, variable: str = "profile") -> pd.DataFrame:
    """Hourly capacity factors (time x province, p.u.) from a netCDF file."""
    try:
        ds = xr.open_dataset(path)
    except FileNotFoundError as err:
        raise InputError(f"{path}: file not found") from err
    if variable not in ds:
        raise InputError(f"{path}: missing variable {variable!r}")
    df = ds[variable].to_pandas()
    ds.close()
    check_provinces(df.columns, path, "bus")
    check_values(df, path, variable)
    if (df > 1 + 1e-6).to_numpy().any():
        raise InputError(f"{path}: field {variable!r}: capacity factor above 1")
    if len(df) not in (HOURS_PER_YEAR, HOURS_PER_YEAR + 24):
        raise InputError(f"{path}: field 'time': expected 8760 or 8784 hours, found {len(df)} (missing hours)")
    return df


def read_hydro_availability(path: Path) -> pd.Series:
    """National hourly hydro availability, p.u., index = Beijing-time timestamps (tz-aware)."""
    df = _read_csv(path, ["time", "p_max_pu"])
    series = pd.Series(df["p_max_pu"].to_numpy(), index=pd.to_datetime(df["time"]), name="hydro")
    check_values(series, path, "p_max_pu")
    return series


def read_province_values(path: Path, value_column: str, province_column: str | None = None) -> pd.Series:
    """A two-column file (province, value) as a Series over all provinces (absent = 0)."""
    df = _read_csv(path, [value_column] + ([province_column] if province_column else []))
    key = province_column or df.columns[0]
    check_provinces(df[key], path, key)
    series = df.set_index(key)[value_column].astype(float)
    check_values(series, path, value_column)
    return series.reindex(list(PROVINCES), fill_value=0.0)


def read_vintage_total(path: Path) -> pd.Series:
    """Sum a province x commissioning-window capacity table (MW), ignoring the unreliable 2025 column."""
    df = _read_csv(path, [])
    df = df.set_index(df.columns[0])
    check_provinces(df.index, path, df.index.name)
    df = df.drop(columns=[c for c in df.columns if str(c).startswith("2025")])
    check_values(df, path, "capacity MW")
    return df.sum(axis=1).reindex(list(PROVINCES), fill_value=0.0)


def read_exchange_capacity(path: Path) -> pd.DataFrame:
    """Existing inter-provincial exchange capacity (no header: bus0, bus1, p_nom MW)."""
    df = _read_csv(path, [], header=None, names=["bus0", "bus1", "p_nom"])
    for field in ("bus0", "bus1"):
        check_provinces(df[field], path, field)
    check_values(df["p_nom"], path, "p_nom")
    if (df["bus0"] == df["bus1"]).any():
        raise InputError(f"{path}: a row connects a province to itself")
    return df


def read_table(path: Path, required: list[str], province_column: str | None = "province") -> pd.DataFrame:
    """A generic estimate table with required columns and (optionally) a province column."""
    df = _read_csv(path, required)
    if province_column:
        check_provinces(df[province_column], path, province_column)
    numeric = [c for c in required if c != province_column and pd.api.types.is_numeric_dtype(df[c])]
    for c in numeric:
        check_values(df[c], path, c)
    return df
