"""Provincial capacities of a scenario year, reconciled to national statistics (MW).

Where the statistics lack a provincial split the split is estimated, always in the same
documented way (docs/model.md, "Capacity reconciliation"):
- wind -> onshore + offshore with the offshore shares of inputs/offshore_wind_share.csv;
- hydro (incl. pumped storage) -> conventional hydro + PHS, PHS split by the 2021 provincial
  PHS capacities, scaled to the national pumped-storage figure of the year;
- thermal -> gas (key: GEM-derived gas CHP + OCGT capacity), biomass (key: thermal capacity),
  coal (the remainder, scaled to the national coal figure; "other thermal" is left out);
- nuclear -> provinces in the statistics plus the national residual (Hainan 1.3 GW, rest Shandong);
- battery -> national new-type storage split by provincial wind + solar capacity.
"""

from __future__ import annotations

import logging

import pandas as pd

from network.config.provinces import PROVINCES
from network.config.technologies import BUILDABLE
from network.units import MW_PER_GW

logger = logging.getLogger(__name__)


HAINAN_NUCLEAR_MW = 1300.0  # Changjiang units 1-2, 2 x 650 MW


def _by_province(stats: pd.DataFrame, technology: str, year: int) -> pd.Series:
    rows = stats[(stats["technology"] == technology) & (stats["year"] == year)]
    if rows.empty:
        raise ValueError(f"capacity statistics have no {technology!r} rows for {year}")
    return rows.set_index("province")["capacity_mw"].reindex(list(PROVINCES), fill_value=0.0).astype(float)


def _national_mw(national: pd.Series, technology: str, year: int) -> float:
    try:
        return float(national.loc[(technology, year)]) * MW_PER_GW
    except KeyError as err:
        raise ValueError(f"no national {technology!r} capacity for {year}") from err


def _split(total_mw: float, key: pd.Series) -> pd.Series:
    key = key.reindex(list(PROVINCES), fill_value=0.0).clip(lower=0)
    if key.sum() <= 0:
        raise ValueError("split key is all zero")
    return total_mw * key / key.sum()


def _split_capped(total_mw: float, key: pd.Series, cap: pd.Series) -> pd.Series:
    """Split total by key, never above cap; what a capped province cannot take goes to the others."""
    values = _split(total_mw, key)
    for _ in range(10):
        over = values > cap
        if not over.any():
            break
        excess = (values - cap)[over].sum()
        values[over] = cap[over]
        free = (~over) & (values < cap)
        values[free] += _split(excess, key.where(free, 0.0))[free]
    return values


def reconcile_capacities(
    stats: pd.DataFrame,
    national: pd.Series,
    supplement: pd.DataFrame,
    offshore_share: pd.Series,
    phs_2021: pd.Series,
    gas_key: pd.Series,
    year: int,
) -> pd.DataFrame:
    """Provincial capacity (MW) by technology for a statistics year, index = provinces."""
    cap = pd.DataFrame(index=list(PROVINCES), dtype=float)
    supp = supplement.set_index(["technology", "year"])

    wind = _by_province(stats, "wind", year)
    offshore = _split_capped(float(supp.loc[("offwind", year), "capacity_gw"]) * MW_PER_GW, offshore_share, wind)
    cap["offwind"] = offshore
    cap["onwind"] = wind - offshore
    cap["solar"] = _by_province(stats, "solar", year)

    cap["hydro"], cap["PHS"] = split_hydro(stats, national, phs_2021, year)

    nuclear = _by_province(stats, "nuclear", year)
    residual = _national_mw(national, "nuclear", year) - nuclear.sum()
    nuclear["Hainan"] += min(HAINAN_NUCLEAR_MW, max(residual, 0.0))
    nuclear["Shandong"] += max(residual - HAINAN_NUCLEAR_MW, 0.0)
    cap["nuclear"] = nuclear

    thermal = _by_province(stats, "thermal", year)
    gas = _split_capped(_national_mw(national, "gas", year), gas_key, 0.9 * thermal)
    bio_year = year if ("biomass", year) in national.index else 2021
    biomass = _split(_national_mw(national, "biomass", bio_year), thermal)
    coal_key = (thermal - gas - biomass).clip(lower=0)
    cap["gas"] = gas
    cap["biomass"] = biomass
    cap["coal"] = _split(_national_mw(national, "coal", year), coal_key)

    cap["battery"] = _split(float(supp.loc[("battery", year), "capacity_gw"]) * MW_PER_GW, cap["onwind"] + cap["offwind"] + cap["solar"])
    for tech in BUILDABLE:  # a technology of the table without a reconciliation above: its provincial statistics as they are
        if tech not in cap:
            has_rows = ((stats["technology"] == tech) & (stats["year"] == year)).any()
            cap[tech] = _by_province(stats, tech, year) if has_rows else 0.0
    return cap


def split_hydro(stats: pd.DataFrame, national: pd.Series, phs_2021: pd.Series, year: int) -> tuple[pd.Series, pd.Series]:
    """Conventional hydro and pumped storage (MW) per province: the provincial hydro statistics (incl. pumped storage),
    the national remainder in Tibet, pumped storage split by the 2021 provincial PHS key."""
    hydro_all = _by_province(stats, "hydro", year)
    hydro_all["Tibet"] += max(_national_mw(national, "hydro_incl_pumped_storage", year) - hydro_all.sum(), 0.0)
    ps_year = year if ("pumped_storage", year) in national.index else 2020
    phs = _split_capped(_national_mw(national, "pumped_storage", ps_year), phs_2021, hydro_all)
    return hydro_all - phs, phs


def scale_to_targets(capacity: pd.DataFrame, targets_gw: dict[str, float]) -> pd.DataFrame:
    """Scale each technology's provincial capacities so the national sum is the target (GW)."""
    scaled = capacity.copy()
    for tech, target in targets_gw.items():
        total = scaled[tech].sum()
        if total <= 0:
            raise ValueError(f"cannot scale {tech!r} to {target} GW: no provincial capacity to take shares from")
        scaled[tech] *= target * MW_PER_GW / total
    return scaled


def add_provincial(capacity: pd.DataFrame, additions_gw: dict[str, dict[str, float]]) -> pd.DataFrame:
    """Add capacity (GW) to named provinces on top of the scaled fleet."""
    added = capacity.copy()
    for tech, by_province in additions_gw.items():
        for province, gw in by_province.items():
            added.loc[province, tech] += gw * MW_PER_GW
    return added


def battery_max_hours(supplement: pd.DataFrame, year: int, default: float) -> float:
    """Average energy-to-power ratio (h) of new-type storage in a year, else the default."""
    rows = supplement[(supplement["technology"] == "battery") & (supplement["year"] == year)]
    if rows.empty or rows["energy_gwh"].isna().all():
        return default
    return float(rows["energy_gwh"].iloc[0] / rows["capacity_gw"].iloc[0])
