"""Water inputs: factors per MWh by cooling type, provincial cooling mixes, allowances, transfers.

Units: water factors in m3 per MWh of electricity; statistics in 1e8 m3 (亿 m3) per year;
allowances returned in thousand m3 per year (the unit of the water buses, see network/water.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from network.inputs import InputError, check_provinces, read_table
from network.regions import PROVINCES

COOLING_TYPES = ("dry", "recirculating", "once_through_fresh", "once_through_sea")
THERMAL_CARRIERS = ("coal", "gas")  # use the "thermal" cooling mix; nuclear has its own; biomass recirculates
THOUSAND_M3_PER_1E8_M3 = 1e5


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


def read_transfers(path: Path, year: int) -> pd.DataFrame:
    """Inter-basin transfer segments in service in `year` (volumes million m3/a, pumping kWh/m3)."""
    required = ["route", "segment", "from_node", "to_node", "pump_province", "pump_kwh_per_m3", "annual_million_m3", "start_year"]
    df = read_table(path, required, None, numeric=["pump_kwh_per_m3", "annual_million_m3", "start_year"], keys=["route", "segment"])
    df["pump_province"] = df["pump_province"].fillna("")
    check_provinces(df.loc[df["pump_province"] != "", "pump_province"], path, "pump_province")
    pumped_without_province = (df["pump_kwh_per_m3"] > 0) & (df["pump_province"] == "")
    if pumped_without_province.any():
        raise InputError(f"{path}: field 'pump_province': missing where pump_kwh_per_m3 > 0 ({list(df.segment[pumped_without_province])})")
    return df[df["start_year"] <= year].reset_index(drop=True)


def generator_water_factors(
    generators: pd.DataFrame, factors: pd.DataFrame, mix: pd.DataFrame, pv_cleaning: bool, hydro_evaporation: bool
) -> pd.DataFrame:
    """Water per MWh of each generator (m3/MWh), from its province's cooling mix.

    generators: index names, columns bus (province) and carrier. Returns columns
    fresh_withdrawal, once_through_fresh (part of fresh_withdrawal), sea_withdrawal,
    fresh_consumption, sea_consumption; rows only for generators that use water.
    """
    rows = {}
    for name, gen in generators.iterrows():
        carrier, province = gen["carrier"], gen["bus"]
        if carrier in THERMAL_CARRIERS or carrier == "nuclear":
            shares = mix.loc[(province, "thermal" if carrier != "nuclear" else "nuclear")]
        elif carrier == "biomass":
            shares = pd.Series({"recirculating": 1.0})
        elif carrier == "solar" and pv_cleaning:
            shares = pd.Series({"panel_cleaning": 1.0})
        elif carrier == "hydro" and hydro_evaporation:
            shares = pd.Series({"reservoir_evaporation": 1.0})
        else:
            continue
        shares = shares[shares > 0]
        missing = [c for c in shares.index if (carrier, c) not in factors.index]
        if missing:
            raise InputError(f"water_factors.csv: field 'cooling': no factor for {carrier} with cooling {missing} (needed by {name})")
        w = factors.loc[[(carrier, c) for c in shares.index]].set_axis(shares.index)
        sea = shares.index == "once_through_sea"
        rows[name] = {
            "fresh_withdrawal": float((shares * w.withdrawal_m3_per_mwh)[~sea].sum()),
            "once_through_fresh": float(shares.get("once_through_fresh", 0.0) * w.withdrawal_m3_per_mwh.get("once_through_fresh", 0.0)),
            "sea_withdrawal": float((shares * w.withdrawal_m3_per_mwh)[sea].sum()),
            "fresh_consumption": float((shares * w.consumption_m3_per_mwh)[~sea].sum()),
            "sea_consumption": float((shares * w.consumption_m3_per_mwh)[sea].sum()),
        }
    return pd.DataFrame.from_dict(rows, orient="index", columns=[
        "fresh_withdrawal", "once_through_fresh", "sea_withdrawal", "fresh_consumption", "sea_consumption"])  # fmt: skip


def allowances(
    industrial_1e8m3: pd.Series, national: pd.DataFrame, statistics_year: int, share: float,
    scale: float, tight: list[str], tight_cut: float,
) -> pd.Series:
    """Annual fresh-water allowance of power and compute per province (thousand m3).

    = provincial industrial water use of the statistics year (2012), scaled to the national
    industrial use of `statistics_year` (MWR bulletin) × share × scale, × (1 − tight_cut) in `tight`.
    """
    if statistics_year not in national.index:
        raise InputError(f"national_water_use.csv: field 'year': no row for {statistics_year}")
    base_year = int(national["industrial_use_1e8m3"].dropna().index.min())
    growth = national.at[statistics_year, "industrial_use_1e8m3"] / national.at[base_year, "industrial_use_1e8m3"]
    cut = pd.Series(1.0, index=industrial_1e8m3.index)
    cut[cut.index.isin(tight)] = 1.0 - tight_cut
    return industrial_1e8m3 * growth * share * scale * cut * THOUSAND_M3_PER_1E8_M3
