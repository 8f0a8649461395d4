"""The 2024 hindcast (issue 22 item 6, docs/pathways.md): what the planner builds from the end-2023 fleet for 2024
demand (runs/hindcast-2024.yaml), next to what was really added in 2024.

What was added (GW, year-end 2024 less year-end 2023):
- by province: inputs/capacity_by_province.csv (wind = onshore + offshore, solar = utility + distributed, thermal,
  nuclear where listed); East and rest are the sums over regions.classes[regions.focus] and the other provinces;
- nationally: inputs/national_capacity.csv (wind, solar, thermal, nuclear: the national series, which need not equal
  the sum of the provinces) and inputs/national_capacity_supplement.csv (offshore wind; new-type storage, compared
  with the model's batteries).

What the model built (GW): p_nom_built_mw of the planning options of the solved network (network/model/sizing.py),
by the province of its bus; wind = onwind + offwind, solar = solar + solar distributed, thermal = coal + gas.
The East's share is East / (East + rest) of the same source. Rows: carrier, scope (national, provinces, East, rest,
East share), unit (GW or fraction), model, actual, difference = model - actual, actual_source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pypsa

from network.data.tables import InputError
from network.units import MW_PER_GW

YEAR, BEFORE = 2024, 2023
# hindcast carrier -> (model carriers of the planning options, technology of the provincial statistics, of the national table)
CARRIERS = {
    "wind": (("onwind", "offwind"), ("wind",), ("wind",)),
    "offshore wind": (("offwind",), (), ("offwind",)),
    "solar": (("solar",), ("solar",), ("solar",)),
    "wind + solar": (("onwind", "offwind", "solar"), ("wind", "solar"), ("wind", "solar")),
    "storage (new-type)": (("battery",), (), ("battery",)),
    "thermal": (("coal", "gas"), ("thermal",), ("thermal",)),
    "nuclear": (("nuclear",), ("nuclear",), ("nuclear",)),
}
NATIONAL, PROVINCES, SHARE = "national", "provinces", "share"
COLUMNS = ["carrier", "scope", "unit", "model", "actual", "difference", "actual_source"]
SOURCES = {PROVINCES: "inputs/capacity_by_province.csv", NATIONAL: "inputs/national_capacity.csv",
           "supplement": "inputs/national_capacity_supplement.csv"}  # fmt: skip


class HindcastError(InputError):
    """A statistic the hindcast needs is missing (a year, a technology), or the network is not a solved planning run;
    an InputError, so the command line prints it as one line."""


def model_additions(n: pypsa.Network) -> pd.DataFrame:
    """GW built per province (index) and model carrier (columns) in a solved planning network."""
    parts = []
    for attr in ("generators", "storage_units"):
        static = getattr(n, attr)
        if "p_nom_built_mw" not in static or "planning_option" not in static:
            continue
        option = static.planning_option.fillna("").astype(str)
        built = static[(option != "") & (option != "nan")]
        province = built.bus.map(n.buses.province if "province" in n.buses else pd.Series(n.buses.index, index=n.buses.index))
        parts.append(pd.DataFrame({"province": province, "carrier": built.carrier, "gw": built.p_nom_built_mw.astype(float).fillna(0.0) / MW_PER_GW}))
    if not parts:
        raise HindcastError("the network has no planning options with p_nom_built_mw (not a solved planning run)")
    table = pd.concat(parts)
    return table.pivot_table(index="province", columns="carrier", values="gw", aggfunc="sum", fill_value=0.0)


def actual_additions(statistics: pd.DataFrame) -> pd.DataFrame:
    """GW added in YEAR per province (index) and statistics technology (columns): year-end YEAR less year-end BEFORE
    of read_capacity_statistics; a province without a row in both years adds nothing."""
    years = set(statistics.year)
    missing = [y for y in (BEFORE, YEAR) if y not in years]
    if missing:
        raise HindcastError(f"{SOURCES[PROVINCES]}: no capacity rows for {missing}")
    table = statistics[statistics.year.isin([BEFORE, YEAR])].pivot_table(index=["province", "technology"], columns="year", values="capacity_mw")
    added = (table[YEAR] - table[BEFORE]).dropna() / MW_PER_GW
    return added.unstack("technology").fillna(0.0)


def national_additions(national: pd.Series, supplement: pd.DataFrame) -> pd.Series:
    """GW added in YEAR per national technology: read_national_capacity (GW by technology, year) and the supplement
    (offwind, battery)."""
    out = {}
    for tech in ("wind", "solar", "thermal", "nuclear"):
        if (tech, YEAR) not in national.index or (tech, BEFORE) not in national.index:
            raise HindcastError(f"{SOURCES[NATIONAL]}: no {tech!r} rows for {BEFORE} and {YEAR}")
        out[tech] = float(national[(tech, YEAR)] - national[(tech, BEFORE)])
    sup = supplement.set_index(["technology", "year"]).capacity_gw
    for tech in ("offwind", "battery"):
        if (tech, YEAR) not in sup.index or (tech, BEFORE) not in sup.index:
            raise HindcastError(f"{SOURCES['supplement']}: no {tech!r} rows for {BEFORE} and {YEAR}")
        out[tech] = float(sup[(tech, YEAR)] - sup[(tech, BEFORE)])
    return pd.Series(out)


def hindcast_table(model: pd.DataFrame, actual: pd.DataFrame, national: pd.Series, focus: list[str]) -> pd.DataFrame:
    """The tidy comparison (module docstring). model: model_additions; actual: actual_additions; national:
    national_additions; focus: the provinces of the focus region (the East)."""
    rows = []
    for carrier, (model_carriers, stats_techs, national_techs) in CARRIERS.items():
        built = model.reindex(columns=list(model_carriers), fill_value=0.0).sum(axis=1)
        east_m = float(built[built.index.isin(focus)].sum())
        rest_m = float(built[~built.index.isin(focus)].sum())
        source = SOURCES["supplement"] if set(national_techs) & {"offwind", "battery"} else SOURCES[NATIONAL]
        rows.append((carrier, NATIONAL, "GW", east_m + rest_m, float(national[list(national_techs)].sum()), source))
        if not stats_techs:
            continue
        added = actual.reindex(columns=list(stats_techs), fill_value=0.0).sum(axis=1)
        east_a = float(added[added.index.isin(focus)].sum())
        rest_a = float(added[~added.index.isin(focus)].sum())
        rows += [
            (carrier, PROVINCES, "GW", east_m + rest_m, east_a + rest_a, SOURCES[PROVINCES]),
            (carrier, "East", "GW", east_m, east_a, SOURCES[PROVINCES]),
            (carrier, "rest", "GW", rest_m, rest_a, SOURCES[PROVINCES]),
            (carrier, "East share", "fraction", _share(east_m, rest_m), _share(east_a, rest_a), SOURCES[PROVINCES]),
        ]
    table = pd.DataFrame(rows, columns=["carrier", "scope", "unit", "model", "actual", "actual_source"])
    table["difference"] = table.model - table.actual
    return table[COLUMNS]


def _share(east: float, rest: float) -> float:
    total = east + rest
    return east / total if total > 0 else np.nan
