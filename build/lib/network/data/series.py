"""Hourly series of inputs/: demand shape (MW), wind/solar capacity factors and hydro availability (p.u.), with their time axes checked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xarray as xr

from network.config.provinces import PROVINCES
from network.data.tables import (
    InputError,
    _read_csv,
    check_provinces,
    check_unique,
    check_values,
    read_table,
    to_numbers,
)

HOURS_PER_YEAR = 8760


def read_province_codes(path: Path) -> pd.Series:
    """Province full name by two-letter code (the columns of the demand shape)."""
    df = read_table(path, ["Full name", "Code"], None)
    check_unique(df, path, ["Code"])
    check_unique(df, path, ["Full name"])
    return df.set_index("Code")["Full name"]


def read_hourly_demand_shape(path: Path, codes_path: Path) -> pd.DataFrame:
    """Hourly provincial demand of the shape year (MW), 8760 rows, columns = provinces."""
    codes = read_province_codes(codes_path)
    df = _read_csv(path, ["Time Series"])
    if df.columns.duplicated().any():
        raise InputError(f"{path}: line 1: duplicate column(s) {list(df.columns[df.columns.duplicated()])}")
    unknown = [c for c in df.columns if c != "Time Series" and c not in codes.index]
    if unknown:
        raise InputError(f"{path}: line 1: unknown province code column(s) {unknown} (see {codes_path})")
    if len(df) != HOURS_PER_YEAR:
        raise InputError(f"{path}: field 'Time Series': expected {HOURS_PER_YEAR} hours, found {len(df)} (missing hours)")
    hours = pd.to_numeric(df["Time Series"], errors="coerce").to_numpy()
    out_of_order = hours != range(1, HOURS_PER_YEAR + 1)
    if out_of_order.any():
        row = df.index[out_of_order][0]
        raise InputError(f"{path}: line {row}: field 'Time Series': hours must run 1..{HOURS_PER_YEAR} in order, "
                         f"found {df.at[row, 'Time Series']!r}")  # fmt: skip
    columns = [c for c in df.columns if c != "Time Series"]
    df = to_numbers(df, path, columns, ["Time Series"])
    df = df[columns].rename(columns=codes)
    check_provinces(df.columns, path, "columns", require_all=True)
    check_values(df, path, "demand MW")
    return df[list(PROVINCES)].reset_index(drop=True)


def check_hourly_year(index: pd.Index, path: Path | str, field: str = "time") -> None:
    """The time axis is one calendar year, hourly and in order: all 8,760/8,784 h, or 8,760 h
    of a leap year without 29 February. Names the first missing or stray hour."""
    times = pd.DatetimeIndex(index)
    if times.has_duplicates:
        raise InputError(f"{path}: field {field!r}: duplicated hour {times[times.duplicated()][0]}")
    if not times.is_monotonic_increasing:
        raise InputError(f"{path}: field {field!r}: hours are not in order (first at {times[1:][times[1:] < times[:-1]][0]})")
    year = times[0].year
    full = pd.date_range(f"{year}-01-01", f"{year}-12-31 23:00", freq="h", tz=times.tz)
    leap_day = (full.month == 2) & (full.day == 29)
    candidates = [full, full[~leap_day]] if leap_day.any() else [full]
    expected = min(candidates, key=lambda c: abs(len(c) - len(times)))
    if len(times) == len(expected) and (times == expected).all():
        return
    missing, stray = expected.difference(times), times.difference(expected)
    detail = []
    if len(missing):
        detail.append(f"{len(missing)} hour(s) missing, first {missing[0]}")
    if len(stray):
        detail.append(f"{len(stray)} hour(s) not expected, first {stray[0]}")
    raise InputError(f"{path}: field {field!r}: not a complete hourly year {year} ({'; '.join(detail)}); "
                     f"expected {len(full)} h, or {HOURS_PER_YEAR} h without 29 February")  # fmt: skip


def read_profile(path: Path, variable: str = "profile") -> pd.DataFrame:
    """Hourly capacity factors (time x province, p.u.) from a netCDF file."""
    if not Path(path).exists():
        raise InputError(f"{path}: file not found")
    try:
        ds = xr.open_dataset(path)
    except (OSError, ValueError) as err:
        raise InputError(f"{path}: not a readable netCDF file: {err}") from err
    if variable not in ds:
        raise InputError(f"{path}: missing variable {variable!r}")
    df = ds[variable].to_pandas()
    ds.close()
    check_provinces(df.columns, path, "bus")
    if df.columns.duplicated().any():
        raise InputError(f"{path}: field 'bus': duplicate province(s) {list(df.columns[df.columns.duplicated()])}")
    check_values(df, path, variable)
    if (df > 1 + 1e-6).to_numpy().any():
        raise InputError(f"{path}: field {variable!r}: capacity factor above 1")
    if len(df) not in (HOURS_PER_YEAR, HOURS_PER_YEAR + 24):
        raise InputError(f"{path}: field 'time': expected 8760 or 8784 hours, found {len(df)} (missing hours)")
    check_hourly_year(df.index, path)
    return df


def read_hydro_availability(path: Path) -> pd.Series:
    """National hourly hydro availability, p.u., index = Beijing-time timestamps (tz-aware)."""
    df = read_table(path, ["time", "p_max_pu"], None, numeric=["p_max_pu"])
    try:
        times = pd.to_datetime(df["time"])
    except (ValueError, TypeError) as err:
        raise InputError(f"{path}: field 'time': not a timestamp: {err}") from err
    check_hourly_year(times, path)
    return pd.Series(df["p_max_pu"].to_numpy(), index=pd.DatetimeIndex(times), name="hydro")
