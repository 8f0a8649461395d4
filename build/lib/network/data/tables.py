"""Read and validate the shipped data in inputs/.

Each reader returns tidy pandas objects indexed by province (PyPSA-China spelling) and
raises InputError on bad data with one line that names the file, the row (its line number in
the file and its key, e.g. the province) and the field. Every table is checked for text in
numeric fields, for duplicated keys and, where the model needs every province, for missing rows.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from network.config.provinces import PROVINCES

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


def check_known(df: pd.DataFrame, path: Path | str, field: str, known, what: str, keys: Sequence[str] = ()) -> None:
    """InputError naming the first row whose `field` is none of `known` (e.g. a line name of another file), with close matches."""
    known = list(known)
    bad = ~df[field].isin(known)
    if bad.any():
        row = bad.idxmax()
        value = df.at[row, field]
        close = difflib.get_close_matches(str(value), [str(k) for k in known], n=3, cutoff=0.6)
        raise InputError(f"{path}: {_where(df, row, keys)}: field {field!r}: {value!r} is not {what}; close: {close}")


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
