"""Transmission inputs: the aggregated inter-provincial exchange table (MW) and the named UHV lines (GW, km, kV)."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pandas as pd

from network.config.provinces import PROVINCES
from network.data.tables import (
    InputError,
    _read_csv,
    _where,
    check_known,
    check_provinces,
    check_unique,
    to_numbers,
)


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


LINE_COLUMNS = ["name", "type", "kv", "from_province", "to_province", "terminal_gw", "substations",
                "capacity_gw", "circuits", "length_km", "year_in_service", "exchange_pairs"]  # fmt: skip


def _split(value) -> list[str]:
    return [s.strip() for s in str(value).split(";") if s.strip()] if pd.notna(value) else []


def _check_values(df: pd.DataFrame, path: Path, field: str, allowed: tuple[str, ...]) -> None:
    """InputError naming the field if it holds anything but the allowed words."""
    bad = sorted(set(df[field]) - set(allowed))
    if bad:
        raise InputError(f"{path}: field {field!r}: expected one of {list(allowed)}, found {bad}")


def _province_lists(df: pd.DataFrame, path: Path, fields: tuple[str, ...]) -> None:
    """Turn ';'-lists of provinces into lists in place, checking every name."""
    for field in fields:
        df[field] = df[field].map(_split)
        check_provinces([p for ps in df[field] for p in ps], path, field)


def read_line_names_zh(path: Path) -> dict[str, str]:
    """Chinese names of the named UHV lines (column name_zh of inputs/uhv_lines.csv, where given)."""
    table = pd.read_csv(path, usecols=["name", "name_zh"], dtype=str, keep_default_na=False)
    return dict(zip(table["name"], table["name_zh"], strict=True)) if not table.empty else {}


def read_uhv_lines(path: Path) -> pd.DataFrame:
    """Named UHV lines: one row per line, list fields (';' in the file) as lists; GW, km, kV."""
    df = _read_csv(path, LINE_COLUMNS, keep_default_na=False, na_values={"capacity_gw": [""], "length_km": [""],
                   "year_in_service": [""], "circuits": [""]})  # fmt: skip
    check_unique(df, path, ["name"])
    df = to_numbers(df, path, ["kv", "capacity_gw", "circuits", "length_km", "year_in_service"], ["name"],
                    nullable=["capacity_gw", "circuits", "length_km", "year_in_service"])  # fmt: skip
    _check_values(df, path, "type", ("AC", "DC"))
    _province_lists(df, path, ("from_province", "to_province", "substations"))
    df["exchange_pairs"] = df["exchange_pairs"].map(_split)
    terminals = {}
    for row, cell in df["terminal_gw"].items():
        try:
            terminals[row] = [float(x) for x in _split(cell)]
        except ValueError as err:
            raise InputError(f"{path}: line {row} ({df.at[row, 'name']}): field 'terminal_gw': {cell!r} is not a ';'-list of numbers") from err
    df["terminal_gw"] = pd.Series(terminals, dtype=object)
    for row in df.itertuples():
        multi = max(len(row.from_province), len(row.to_province))
        if not row.from_province or not row.to_province:
            raise InputError(f"{path}: field 'from_province'/'to_province': empty for line {row.name!r}")
        if multi > 1 and len(row.terminal_gw) != multi:
            raise InputError(f"{path}: field 'terminal_gw': line {row.name!r} has {multi} terminals but {len(row.terminal_gw)} values")
        if row.type == "DC" and pd.isna(row.capacity_gw):
            raise InputError(f"{path}: field 'capacity_gw': missing for DC line {row.name!r}")
    df["circuits"] = df["circuits"].fillna(1).astype(int)
    df["source"] = df.get("source", "")
    return df.set_index("name", drop=False)


def read_uhv_tariffs(path: Path, lines: Collection[str] | None = None) -> pd.DataFrame:
    """Transmission prices (CNY/kWh incl. VAT): kind 'line' rows by line name, 'regional_grid' rows with the provinces of a
    regional grid (';' list) or a from/to province pair (CSG West-East items); losses_in_price 0/1, loss_rate_pct (%).
    With `lines` (the names of inputs/uhv_lines.csv), every 'line' row must name one of them."""
    df = _read_csv(path, ["name", "kind", "tariff_cny_per_kwh", "loss_rate_pct", "losses_in_price", "provinces", "from_province", "to_province"],
                   keep_default_na=False, na_values={"loss_rate_pct": [""]})  # fmt: skip
    check_unique(df, path, ["name"])
    df = to_numbers(df, path, ["tariff_cny_per_kwh", "loss_rate_pct", "losses_in_price"], ["name"], nullable=["loss_rate_pct"])
    _check_values(df, path, "kind", ("line", "regional_grid"))
    if lines is not None:
        check_known(df[df["kind"] == "line"], path, "name", lines, "a line of uhv_lines.csv", ["name"])
    _province_lists(df, path, ("provinces", "from_province", "to_province"))
    neg = df["tariff_cny_per_kwh"] < 0
    if neg.any():
        raise InputError(f"{path}: {_where(df, neg.idxmax(), ['name'])}: field 'tariff_cny_per_kwh': negative value")
    return df.set_index("name", drop=False)


BASE_CAPACITY_COLUMNS = {"coal_gw": "coal", "wind_gw": "onwind", "solar_gw": "solar", "hydro_gw": "hydro"}


def read_uhv_bases(path: Path, lines: Collection[str] | None = None) -> pd.DataFrame:
    """Sending-end bases of UHV lines: delivery (point_to_grid, grid_to_grid, mixed, unknown), supporting capacity (GW)
    by type and the published renewable share of the line's energy (blank = not known), indexed by line name.
    With `lines` (the names of inputs/uhv_lines.csv and the candidate corridors), every row must name one of them."""
    cols = list(BASE_CAPACITY_COLUMNS)
    numbers = [*cols, "renewable_share_target"]
    df = _read_csv(path, ["name", "delivery", *numbers], keep_default_na=False, na_values={c: [""] for c in numbers})
    check_unique(df, path, ["name"])
    if lines is not None:
        check_known(df, path, "name", lines, "a line of uhv_lines.csv or uhv_candidates.csv", ["name"])
    df = to_numbers(df, path, numbers, ["name"], nullable=numbers)
    bad = ~df["renewable_share_target"].fillna(0.0).between(0, 1)
    if bad.any():
        raise InputError(f"{path}: {_where(df, bad.idxmax(), ['name'])}: field 'renewable_share_target': not a share in [0, 1]")
    for col in cols:
        neg = df[col] < 0
        if neg.any():
            raise InputError(f"{path}: {_where(df, neg.idxmax(), ['name'])}: field {col!r}: negative value {df[col][neg].iloc[0]}")
    _check_values(df, path, "delivery", ("point_to_grid", "grid_to_grid", "mixed", "unknown"))
    return df.set_index("name", drop=False)
