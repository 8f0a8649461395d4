"""Data-centre inputs: hubs (IT MW, PUE, WUE), demand regions and national data-centre electricity (TWh)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from network.data.tables import InputError, check_provinces, read_table

ROLE_LABEL = {"demand": "demand hub", "supply": "west hub"}


def _split(cell) -> list[str]:
    return [s.strip() for s in str(cell).split(";") if s.strip() and str(cell) != "nan"]


def read_hub_table(path: Path) -> pd.DataFrame:
    """Hubs indexed by name: province, role, demand_region, it_mw_2024, it_mw_2030 (IT capacity), pue, wue_l_per_kwh."""
    numeric = ["it_mw_2024", "it_mw_2030", "pue", "wue_l_per_kwh"]
    df = read_table(path, ["hub", "province", "role", "demand_region", *numeric], numeric=numeric, keys=["hub"])
    df = df.set_index("hub")
    bad = df.index[~df.role.isin(list(ROLE_LABEL))]
    if len(bad):
        raise InputError(f"{path}: field 'role': must be 'demand' or 'supply' (hub {bad[0]!r})")
    if (df.pue < 1).any():
        raise InputError(f"{path}: field 'pue': below 1 at {df.index[df.pue < 1][0]!r}")
    missing = df.index[(df.role == "demand") & df.demand_region.isna()]
    if len(missing):
        raise InputError(f"{path}: field 'demand_region': empty for demand hub {missing[0]!r}")
    return df[["province", "role", "demand_region", "it_mw_2024", "it_mw_2030", "pue", "wue_l_per_kwh"]]


def hubs_in(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The hub table with it_mw, the IT capacity of `year` (MW, linear between 2024 and 2030, constant outside)."""
    share = float(np.clip((year - 2024) / (2030 - 2024), 0.0, 1.0))
    df = table.assign(it_mw=table.it_mw_2024 + share * (table.it_mw_2030 - table.it_mw_2024))
    return df[["province", "role", "demand_region", "it_mw", "pue", "wue_l_per_kwh"]]


def read_hubs(path: Path, year: int) -> pd.DataFrame:
    """Hubs indexed by name: province, role, demand_region, it_mw (IT capacity of `year`, interpolated), pue, wue_l_per_kwh."""
    return hubs_in(read_hub_table(path), year)


def read_demand_regions(path: Path, hubs: pd.DataFrame) -> pd.DataFrame:
    """Demand regions indexed by name: provinces (list), share (of national DC electricity), paired (supply hubs)."""
    df = read_table(path, ["demand_region", "provinces", "share_of_national_dc", "paired_supply_hubs"], None,
                    numeric=["share_of_national_dc"], keys=["demand_region"]).set_index("demand_region")  # fmt: skip
    df["provinces"] = df.provinces.map(_split)
    df["paired"] = df.paired_supply_hubs.map(_split)
    for region, row in df.iterrows():
        check_provinces(row.provinces, path, "provinces")
        unknown = [h for h in row.paired if h not in hubs.index or hubs.at[h, "role"] != "supply"]
        if unknown:
            raise InputError(f"{path}: field 'paired_supply_hubs': {unknown} of {region!r} are not supply hubs of the hub table")
        if not (hubs.demand_region == region).any():
            raise InputError(f"{path}: field 'demand_region': {region!r} has no demand hub in the hub table")
    if df.share_of_national_dc.sum() > 1:
        raise InputError(f"{path}: field 'share_of_national_dc': shares sum to {df.share_of_national_dc.sum()} > 1")
    return df.rename(columns={"share_of_national_dc": "share"})[["provinces", "share", "paired"]]


def read_dc_electricity(path: Path) -> pd.DataFrame:
    """National data-centre electricity by source and year, TWh: columns source, year, twh."""
    df = read_table(path, ["source", "year", "twh"], None, numeric=["year", "twh"], keys=["source", "year"])
    df = df[["source", "year", "twh"]].reset_index(drop=True)
    df.attrs["source"] = str(path)
    return df


def dc_twh_in(table: pd.DataFrame, source: str, year: int) -> float:
    """National data-centre electricity (TWh) of `year` from one source of read_dc_electricity's table, linear between its years."""
    path = table.attrs.get("source", "data-centre electricity table")
    rows = table[table.source == source].sort_values("year")
    if rows.empty:
        raise InputError(f"{path}: field 'source': no rows for {source!r}; known: {sorted(table.source.unique())}")
    if not rows.year.min() <= year <= rows.year.max():
        raise InputError(f"{path}: field 'year': {source!r} covers {rows.year.min()}-{rows.year.max()}, not {year} (set compute.national_dc_twh)")
    return float(np.interp(year, rows.year, rows.twh))


def national_dc_twh(path: Path, source: str, year: int) -> float:
    """National data-centre electricity (TWh) of `year` from one source, linear between its years."""
    return dc_twh_in(read_dc_electricity(path), source, year)
