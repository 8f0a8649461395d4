"""Read and validate the shipped data in inputs/.

Each reader returns tidy pandas objects indexed by province (PyPSA-China spelling) and
raises InputError on bad data with one line that names the file, the row (its line number in
the file and its key, e.g. the province) and the field. Every table is checked for text in
numeric fields, for duplicated keys and, where the model needs every province, for missing rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
import xarray as xr

from network.regions import PROVINCES

HOURS_PER_YEAR = 8760
LINE = "line"  # index name of a table read by read_table: the row's line number in the file


class InputError(ValueError):
    """A shipped input file is malformed; the message names the file, the row and the field."""


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
        raise InputError(f"{path}: field {field!r}: missing value (NaN) at {_label(frame, row)} / {col!r}")
    if not allow_negative:
        neg = frame < 0
        if neg.to_numpy().any():
            col = neg.any().idxmax()
            row = neg[col].idxmax()
            raise InputError(f"{path}: field {field!r}: negative value {frame.loc[row, col]} at {_label(frame, row)} / {col!r}")


def _label(frame: pd.DataFrame, row) -> str:
    return f"line {row}" if frame.index.name == LINE else repr(row)


def read_text(path: Path) -> str:
    """The file's text; InputError if it is missing or not UTF-8 (e.g. saved as UTF-16 by a spreadsheet)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{path}: file not found") from err
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > 10:
        raise InputError(f"{path}: line 1: the file is UTF-16 encoded; save it as UTF-8 (CSV UTF-8)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(f"{path}: line {line}: not UTF-8 text (byte {raw[err.start]:#04x}); save the file as UTF-8") from err


def _record_lines(text: str, header: bool) -> list[int]:
    """Line number (1-based) where each data record starts, as pandas reads them (blank lines skipped)."""
    reader = csv.reader(io.StringIO(text))
    starts, previous_end = [], 0
    for record in reader:
        if any(cell.strip() for cell in record):
            starts.append(previous_end + 1)
        previous_end = reader.line_num
    return starts[1:] if header else starts


def _read_csv(path: Path, required: list[str], **kwargs) -> pd.DataFrame:
    """A CSV as a frame indexed by each row's line number in the file (index name 'line')."""
    text = read_text(path)
    try:
        df = pd.read_csv(io.StringIO(text), **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputError(f"{path}: not a readable CSV table: {str(err).strip()}") from err
    lines = _record_lines(text, header=kwargs.get("header", "infer") is not None)
    if len(lines) == len(df):
        df.index = pd.Index(lines, name=LINE)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(f"{path}: line 1: missing column(s) {missing}; found {list(df.columns)}")
    return df


def _where(df: pd.DataFrame, row, keys: Sequence[str]) -> str:
    """'line 12 (Beijing, 2021)': a row by line number and key."""
    key = ", ".join(str(df.at[row, k]) for k in keys if k in df.columns)
    return f"line {row}" + (f" ({key})" if key else "") if df.index.name == LINE else f"row {row!r}" + (f" ({key})" if key else "")


def to_numbers(df: pd.DataFrame, path: Path, columns: Iterable[str], keys: Sequence[str] = (), nullable: Iterable[str] = ()) -> pd.DataFrame:
    """Convert columns to numbers; InputError naming line, key and field for text ('787.14 TWh', '32,230') or a gap."""
    df = df.copy()
    nullable = set(nullable)
    for col in columns:
        values = pd.to_numeric(df[col], errors="coerce")
        text = values.isna() & df[col].notna()
        if text.any():
            row = text.idxmax()
            raise InputError(f"{path}: {_where(df, row, keys)}: field {col!r}: {df.at[row, col]!r} is not a number")
        if col not in nullable and values.isna().any():
            raise InputError(f"{path}: {_where(df, values.isna().idxmax(), keys)}: field {col!r}: missing value")
        df[col] = values
    return df


def check_unique(df: pd.DataFrame, path: Path, keys: Sequence[str], unordered: bool = False) -> None:
    """InputError naming both lines of the first duplicated key (unordered: (A, B) equals (B, A))."""
    key = df[list(keys)].astype(str)
    if unordered:
        key = pd.DataFrame(key.apply(sorted, axis=1).tolist(), index=df.index, columns=list(keys))
    dup = key.duplicated(keep=False)
    if dup.any():
        first = key[dup].iloc[0]
        rows = key.index[(key == first).all(axis=1)]
        where = " and ".join(f"line {r}" for r in rows) if df.index.name == LINE else str(list(rows))
        value = ", ".join(f"{k}={first[k]}" for k in keys)
        raise InputError(f"{path}: {where}: duplicate row for {value} (field(s) {list(keys)} must be unique)")


def check_complete(df: pd.DataFrame, path: Path, province_column: str, by: Sequence[str] = ()) -> None:
    """InputError if a group (e.g. technology and year) lacks a row for one of the 31 provinces."""
    groups = df.groupby(list(by), sort=False) if by else [((), df)]
    for group, rows in groups:
        missing = sorted(set(PROVINCES) - set(rows[province_column]))
        if missing:
            label = f" for {dict(zip(by, group if isinstance(group, tuple) else (group,)))}" if by else ""
            raise InputError(f"{path}: field {province_column!r}: missing row(s) for province(s) {missing}{label}")


def read_table(
    path: Path,
    required: list[str],
    province_column: str | None = "province",
    *,
    numeric: Sequence[str] = (),
    nullable: Sequence[str] = (),
    keys: Sequence[str] = (),
    complete_by: Sequence[str] | None = None,
    allow_negative: bool = False,
    **read_kwargs,
) -> pd.DataFrame:
    """A validated table indexed by line number: required columns, known provinces, numbers in `numeric`
    (no gaps unless `nullable`, none negative unless allowed), unique `keys`, and with `complete_by`
    (a list of group columns, [] for the whole table) a row for every province in each group."""
    df = _read_csv(path, required + [c for c in numeric if c not in required], **read_kwargs)
    keys = list(keys)
    if province_column:
        df[province_column] = df[province_column].astype(str).str.strip()
        bad = ~df[province_column].isin(PROVINCES)
        if bad.any():
            check_provinces(df[province_column], f"{path}: {_where(df, bad.idxmax(), keys)}", province_column)
    df = to_numbers(df, path, numeric, keys, nullable)
    if not allow_negative:
        for col in numeric:
            neg = df[col] < 0
            if neg.any():
                row = neg.idxmax()
                raise InputError(f"{path}: {_where(df, row, keys)}: field {col!r}: negative value {df.at[row, col]}")
    if keys:
        check_unique(df, path, keys)
    if complete_by is not None and province_column:
        check_complete(df, path, province_column, complete_by)
    return df


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


def read_consumption(path: Path, year: int) -> pd.Series:
    """Annual whole-society electricity consumption of each province in `year`, TWh."""
    keys = ["province", "year"]
    df = read_table(path, keys + ["consumption_twh"], numeric=["year", "consumption_twh"], keys=keys)
    df = df[df["year"] == year].set_index("province")["consumption_twh"]
    if df.empty:
        raise InputError(f"{path}: field 'year': no rows for {year}")
    check_provinces(df.index, path, "province", require_all=True)
    return df.reindex(list(PROVINCES))


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


def read_province_values(path: Path, value_column: str, province_column: str | None = None, require_all: bool = False) -> pd.Series:
    """A (province, value) table as a Series over all provinces (absent = 0 unless require_all)."""
    key = province_column or pd.read_csv(io.StringIO(read_text(path)), nrows=0).columns[0]
    df = read_table(path, [key, value_column], key, numeric=[value_column], keys=[key],
                    complete_by=[] if require_all else None)  # fmt: skip
    series = df.set_index(key)[value_column].astype(float)
    return series.reindex(list(PROVINCES), fill_value=0.0)


def read_vintage_total(path: Path) -> pd.Series:
    """Sum a province x commissioning-window capacity table (MW), ignoring the unreliable 2025 column.

    Provinces without a row have no such plants (0 MW)."""
    header = pd.read_csv(io.StringIO(read_text(path)), nrows=0).columns
    key = header[0]
    windows = [c for c in header[1:] if not str(c).startswith("2025")]
    df = read_table(path, [key], key, numeric=windows, keys=[key])
    return df.set_index(key)[windows].sum(axis=1).reindex(list(PROVINCES), fill_value=0.0)


def read_exchange_capacity(path: Path) -> pd.DataFrame:
    """Existing inter-provincial exchange capacity (no header: bus0, bus1, p_nom MW); one row per pair."""
    df = _read_csv(path, [], header=None, names=["bus0", "bus1", "p_nom"])
    for field in ("bus0", "bus1"):
        bad = ~df[field].isin(PROVINCES)
        if bad.any():
            check_provinces(df[field], f"{path}: {_where(df, bad.idxmax(), ['bus0', 'bus1'])}", field)
    df = to_numbers(df, path, ["p_nom"], ["bus0", "bus1"])
    neg = df["p_nom"] < 0
    if neg.any():
        raise InputError(f"{path}: {_where(df, neg.idxmax(), ['bus0', 'bus1'])}: field 'p_nom': negative value {df.p_nom[neg].iloc[0]}")
    same = df["bus0"] == df["bus1"]
    if same.any():
        raise InputError(f"{path}: {_where(df, same.idxmax(), ['bus0', 'bus1'])}: field 'bus1': a row connects a province to itself")
    check_unique(df, path, ["bus0", "bus1"], unordered=True)
    return df.reset_index(drop=True)


def read_supplement(path: Path) -> pd.DataFrame:
    """National figures the statistics lack (offshore wind, new-type storage): technology, year,
    capacity_gw, energy_gwh (blank where not published)."""
    keys = ["technology", "year"]
    return read_table(path, keys + ["capacity_gw"], None, numeric=["year", "capacity_gw", "energy_gwh"],
                      nullable=["energy_gwh"], keys=keys)  # fmt: skip


def read_technology_parameters(path: Path, carriers: Iterable[str] = ()) -> pd.DataFrame:
    """Efficiency, fuel cost (CNY/MWh_th; blank = from the fuel prices), VOM (CNY/MWh) and CO2
    (t/MWh_th) per carrier, indexed by carrier; every carrier of `carriers` needs a row."""
    numeric = ["efficiency", "fuel_cost_cny_per_mwh_th", "vom_cny_per_mwh", "co2_t_per_mwh_th"]
    df = read_table(path, ["carrier", *numeric], None, numeric=numeric, nullable=["fuel_cost_cny_per_mwh_th"], keys=["carrier"])
    missing = sorted(set(carriers) - set(df.carrier))
    if missing:
        raise InputError(f"{path}: field 'carrier': missing row(s) for {missing}")
    return df.set_index("carrier")


# The files of inputs/ each pipeline step reads (the Snakefile's rule inputs come from these lists).
BUILD_INPUTS_FILES = (
    "hourly_demand_shape_2018.csv", "province_codes.csv", "hydro_availability_national.csv",
    "profile_onwind_2020.nc", "profile_offwind_2020.nc", "profile_solar_2020.nc", "province_shapes.geojson",
)  # fmt: skip
BUILD_NETWORK_FILES = tuple(f"{name}.csv" for name in (
    "capacity_by_province", "consumption_by_province", "national_capacity", "national_capacity_supplement",
    "offshore_wind_share", "pumped_hydro_2021", "chp_coal_capacity_by_vintage", "coal_capacity_by_vintage",
    "chp_gas_capacity_by_vintage", "ocgt_capacity_by_vintage", "coal_price_by_province",
    "technology_parameters", "exchange_capacity_current",
    "datacentre_hubs", "compute_demand_regions", "datacentre_electricity", "uhv_lines",
    "water_factors", "water_cooling_mix", "province_water_use", "national_water_use", "water_transfers",
))  # fmt: skip
