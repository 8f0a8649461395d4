"""Water inputs: factors per MWh by cooling type, provincial cooling mixes, allowances, transfers.

Units: water factors in m3 per MWh of electricity; statistics in 1e8 m3 (亿 m3) per year;
allowances returned in thousand m3 per year (the unit of the water buses, see network/model/water.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from network.config.provinces import PROVINCES
from network.data.tables import InputError, check_provinces, read_table

COOLING_TYPES = ("dry", "recirculating", "once_through_fresh", "once_through_sea")


def read_water_factors(path: Path) -> pd.DataFrame:
    """Withdrawal and consumption (m3/MWh) indexed by (carrier, cooling)."""
    numeric = ["withdrawal_m3_per_mwh", "consumption_m3_per_mwh"]
    df = read_table(path, ["carrier", "cooling", *numeric], None, numeric=numeric, keys=["carrier", "cooling"])
    bad = df[df["consumption_m3_per_mwh"] > df["withdrawal_m3_per_mwh"] + 1e-9]
    bad = bad[bad["withdrawal_m3_per_mwh"] > 0]
    if not bad.empty:
        raise InputError(f"{path}: field 'consumption_m3_per_mwh': above withdrawal for {bad[['carrier', 'cooling']].values.tolist()}")
    return df.set_index(["carrier", "cooling"])[["withdrawal_m3_per_mwh", "consumption_m3_per_mwh"]]


def read_cooling_mix(path: Path) -> pd.DataFrame:
    """Shares of cooling types per (province, group), group in {thermal, nuclear}; rows sum to 1."""
    df = read_table(path, ["province", "group", *COOLING_TYPES], numeric=COOLING_TYPES, keys=["province", "group"])
    for group in ("thermal", "nuclear"):
        check_provinces(df.loc[df["group"] == group, "province"], path, f"province ({group})", require_all=True)
    unknown = sorted(set(df["group"]) - {"thermal", "nuclear"})
    if unknown:
        raise InputError(f"{path}: field 'group': unknown group(s) {unknown}; expected thermal, nuclear")
    mix = df.set_index(["province", "group"])[list(COOLING_TYPES)]
    off = (mix.sum(axis=1) - 1).abs() > 1e-6
    if off.any():
        raise InputError(f"{path}: field {list(COOLING_TYPES)}: shares do not sum to 1 at {list(mix.index[off])}")
    return mix


def read_industrial_water(path: Path) -> pd.Series:
    """Provincial industrial water use (1e8 m3 per year) of the statistics year, all 31 provinces."""
    df = read_table(path, ["province", "industrial_use_1e8m3"], numeric=["industrial_use_1e8m3"], keys=["province"], complete_by=[])
    return df.set_index("province")["industrial_use_1e8m3"].reindex(list(PROVINCES))


def read_national_water(path: Path) -> pd.DataFrame:
    """National water use by year (1e8 m3): industrial_use_1e8m3, once_through_cooling_1e8m3."""
    df = read_table(path, ["year", "industrial_use_1e8m3"], None, numeric=["year", "industrial_use_1e8m3", "once_through_cooling_1e8m3"],
                    nullable=["industrial_use_1e8m3", "once_through_cooling_1e8m3"], keys=["year"])  # fmt: skip
    return df.set_index("year")


def read_transfer_table(path: Path) -> pd.DataFrame:
    """Inter-basin transfer segments of every start year (volumes million m3/a, pumping kWh/m3)."""
    required = ["route", "segment", "from_node", "to_node", "pump_province", "pump_kwh_per_m3", "annual_million_m3", "start_year"]
    df = read_table(path, required, None, numeric=["pump_kwh_per_m3", "annual_million_m3", "start_year"], keys=["route", "segment"])
    df["pump_province"] = df["pump_province"].fillna("")
    check_provinces(df.loc[df["pump_province"] != "", "pump_province"], path, "pump_province")
    pumped_without_province = (df["pump_kwh_per_m3"] > 0) & (df["pump_province"] == "")
    if pumped_without_province.any():
        raise InputError(f"{path}: field 'pump_province': missing where pump_kwh_per_m3 > 0 ({list(df.segment[pumped_without_province])})")
    return df.reset_index(drop=True)


def transfers_in(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The segments of read_transfer_table's table in service in `year`."""
    return table[table["start_year"] <= year].reset_index(drop=True)


def read_transfers(path: Path, year: int) -> pd.DataFrame:
    """Inter-basin transfer segments in service in `year` (volumes million m3/a, pumping kWh/m3)."""
    return transfers_in(read_transfer_table(path), year)
