"""Named UHV lines of a scenario: ratings, sections, links, losses and expansion costs (GW/MW, km, CNY)."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from network.config.transmission import NewLine, TransmissionConfig
from network.data.tables import InputError
from network.units import KM_PER_1000_KM, MW_PER_GW

logger = logging.getLogger(__name__)
EARTH_RADIUS_KM = 6371.0


UHV_PREFIX = "UHV "


def great_circle_km(lon0, lat0, lon1, lat1) -> np.ndarray:
    """Haversine distance in km between points given in degrees."""
    lon0, lat0, lon1, lat1 = map(np.radians, (lon0, lat0, lon1, lat1))
    a = np.sin((lat1 - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat1) * np.sin((lon1 - lon0) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def _gc(provinces: pd.DataFrame, a: str, b: str) -> float:
    return float(great_circle_km(provinces.at[a, "x"], provinces.at[a, "y"], provinces.at[b, "x"], provinces.at[b, "y"]))


def pair_key(a: str, b: str) -> str:
    """Unordered province pair as in the metrics: 'A - B' (sorted)."""
    return " - ".join(sorted([a, b]))


def unknown_line_error(field: str, names, known) -> InputError:
    """InputError for line names not in the scenario's line list, with close matches."""
    known = list(known)
    detail = "; ".join(f"{n!r} (close: {difflib.get_close_matches(n, known, n=3, cutoff=0.4)})" for n in names)
    return InputError(f"transmission.{field}: unknown UHV line(s) {detail}; lines are in inputs/uhv_lines.csv or transmission.add_lines")


def rated_gw(lines: pd.DataFrame, cfg: TransmissionConfig) -> pd.Series:
    """Line ratings (GW): the table's DC rating; AC blank = default transfer capacity by circuits."""
    ac_default = lines["circuits"].map({1: cfg.ac_single_circuit_gw, 2: cfg.ac_double_circuit_gw})
    return lines["capacity_gw"].astype(float).fillna(ac_default.where(lines["type"] == "AC"))


def scenario_lines(table: pd.DataFrame, cfg: TransmissionConfig, year: int, extra: Sequence[NewLine] = ()) -> pd.DataFrame:
    """Lines of the scenario year after add_lines (and `extra`, added the same way), in_service_year, remove_lines and
    scale_lines."""
    added = pd.DataFrame([{**line.model_dump(), "exchange_pairs": []} for line in [*cfg.add_lines, *extra]])
    clash = sorted(set(added.get("name", [])) & set(table.index))
    if clash:
        raise InputError(f"transmission.add_lines: {clash} already in inputs/uhv_lines.csv (use in_service_year or scale_lines)")
    lines = pd.concat([table, added.set_index("name", drop=False)]) if len(added) else table.copy()
    lines["capacity_gw"] = rated_gw(lines, cfg)
    lines["added"] = lines["name"].isin(added.get("name", []))
    for field in ("remove_lines", "scale_lines", "in_service_year", "direction", "extendable"):
        unknown = [name for name in getattr(cfg, field) if name not in lines.index]
        if unknown:
            raise unknown_line_error(field, unknown, lines.index)
    for name, y in cfg.in_service_year.items():
        lines.loc[name, "year_in_service"] = y
    absent = lines.index[~(lines["year_in_service"] <= year)]
    logger.info("UHV lines not in service by %d: %s", year, list(absent))
    lines = lines.drop(index=absent.union(pd.Index(cfg.remove_lines)), errors="ignore")
    for name, factor in cfg.scale_lines.items():
        if name in lines.index:
            lines.at[name, "capacity_gw"] = lines.at[name, "capacity_gw"] * factor
            lines.at[name, "terminal_gw"] = [g * factor for g in lines.at[name, "terminal_gw"]]
        else:
            logger.warning("scale_lines: %s is not in service in %d; ignored", name, year)
    lines["scale"] = [cfg.scale_lines.get(name, 1.0) for name in lines.index]
    return lines


def _branches(line, provinces: pd.DataFrame, route_factor: float) -> list[tuple[str, str, float, float, str]]:
    """(bus0, bus1, MW, km, part) of one line: DC terminals or AC segments (see transmission.py)."""
    if line.type == "DC":
        if len(line.from_province) > 1:
            pairs = [(f, line.to_province[0]) for f in line.from_province]
        else:
            pairs = [(line.from_province[0], t) for t in line.to_province]
        mw = [g * MW_PER_GW for g in line.terminal_gw] if len(pairs) > 1 else [line.capacity_gw * MW_PER_GW]
        gc = np.array([_gc(provinces, a, b) for a, b in pairs])
        full = line.length_km if pd.notna(line.length_km) else route_factor * gc.max()
        return [(a, b, m, full * d / gc.max(), "DC") for (a, b), m, d in zip(pairs, mw, gc)]
    stations = line.substations or [line.from_province[0], line.to_province[0]]
    segments = [(a, b) for a, b in zip(stations[:-1], stations[1:]) if a != b]
    if not segments:
        return []
    gc = np.array([_gc(provinces, a, b) for a, b in segments])
    total = line.length_km if pd.notna(line.length_km) else route_factor * gc.sum()
    return [(a, b, line.capacity_gw * MW_PER_GW, total * d / gc.sum(), pair_key(a, b)) for (a, b), d in zip(segments, gc)]


def line_components(lines: pd.DataFrame, cfg: TransmissionConfig, provinces: pd.DataFrame) -> pd.DataFrame:
    """Links of the named lines, indexed 'UHV <line> [<bus0> -> <bus1>]': bus0, bus1, p_nom (MW), length (km),
    efficiency, uhv_line, uhv_type, uhv_kv, uhv_part, uhv_reverse (0/1), in_service_year, added (0/1)."""
    rows = []
    for line in lines.itertuples(index=False):
        branches = _branches(line, provinces, cfg.route_factor)
        if not branches:
            logger.info("UHV line %s is intra-provincial: not modelled", line.name)
            continue
        if line.type == "DC":
            if line.kv not in cfg.dc_loss_per_1000km:
                raise InputError(f"line {line.name!r}: no loss rate for ±{line.kv} kV in transmission.dc_loss_per_1000km")
            loss_km, fixed = cfg.dc_loss_per_1000km[line.kv], 2 * cfg.converter_loss
        else:
            loss_km, fixed = cfg.ac_loss_per_1000km, 0.0
        both = cfg.direction.get(line.name, "both" if line.type == "AC" else "forward") == "both"
        for a, b, mw, km, part in branches:
            for reverse, (bus0, bus1) in enumerate([(a, b), (b, a)][: 2 if both else 1]):
                rows.append({"name": f"{UHV_PREFIX}{line.name} [{bus0} -> {bus1}]", "bus0": bus0, "bus1": bus1, "p_nom": mw,
                             "length": km, "efficiency": 1.0 - loss_km * km / KM_PER_1000_KM - fixed, "uhv_line": line.name,
                             "uhv_type": line.type, "uhv_kv": int(line.kv), "uhv_part": part, "uhv_reverse": reverse,
                             "in_service_year": int(line.year_in_service), "added": int(bool(line.added))})  # fmt: skip
    comps = pd.DataFrame(rows)
    if comps.empty:
        return comps
    if (comps["efficiency"] <= 0).any():
        raise InputError(f"UHV line(s) with losses >= 100 %: {sorted(set(comps.uhv_line[comps.efficiency <= 0]))}")
    return comps.set_index("name")


def annual_capital_cost(comps: pd.DataFrame, cfg: TransmissionConfig) -> pd.Series:
    """Annualised investment (CNY per MW and year) of HVDC links: (converter pair + line per km) x
    (annuity(discount_rate, lifetime_years) + fixed_om_share)."""
    r, years = cfg.discount_rate, cfg.lifetime_years
    factor = r / (1 - (1 + r) ** -years) + cfg.fixed_om_share
    per_km = comps["uhv_kv"].map(cfg.hvdc_line_cny_per_mw_km)
    if per_km.isna().any():
        raise InputError(f"no transmission.hvdc_line_cny_per_mw_km for ±{sorted(set(comps.uhv_kv[per_km.isna()]))} kV")
    return (cfg.hvdc_converter_pair_cny_per_mw + per_km * comps["length"]) * factor
