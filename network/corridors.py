"""Named UHV lines: reading inputs/uhv_lines.csv, the lines of a scenario, their links, expansion costs,
and their metrics (`corridor_rows`). The modelling choices are documented in network/transmission.py.

Units: capacity GW in tables and MW on links, length km, energy TWh, cost CNY (bn CNY in metrics).
"""

from __future__ import annotations

import difflib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pypsa

from network.inputs import InputError, _read_csv, check_provinces, check_unique, to_numbers

if TYPE_CHECKING:
    from network.transmission import TransmissionConfig

logger = logging.getLogger(__name__)
EARTH_RADIUS_KM = 6371.0
UHV_PREFIX = "UHV "
LINE_COLUMNS = ["name", "type", "kv", "from_province", "to_province", "terminal_gw", "substations",
                "capacity_gw", "circuits", "length_km", "year_in_service", "exchange_pairs"]  # fmt: skip
TWH = 1e6  # MWh per TWh


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


def _split(value) -> list[str]:
    return [s.strip() for s in str(value).split(";") if s.strip()] if pd.notna(value) else []


def read_uhv_lines(path: Path) -> pd.DataFrame:
    """Named UHV lines: one row per line, list fields (';' in the file) as lists; GW, km, kV."""
    df = _read_csv(path, LINE_COLUMNS, keep_default_na=False, na_values={"capacity_gw": [""], "length_km": [""],
                   "year_in_service": [""], "circuits": [""]})  # fmt: skip
    check_unique(df, path, ["name"])
    df = to_numbers(df, path, ["kv", "capacity_gw", "circuits", "length_km", "year_in_service"], ["name"],
                    nullable=["capacity_gw", "circuits", "length_km", "year_in_service"])  # fmt: skip
    bad = sorted(set(df["type"]) - {"AC", "DC"})
    if bad:
        raise InputError(f"{path}: field 'type': expected AC or DC, found {bad}")
    for field in ("from_province", "to_province", "substations"):
        df[field] = df[field].map(_split)
        check_provinces([p for ps in df[field] for p in ps], path, field)
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


def unknown_line_error(field: str, names, known) -> InputError:
    """InputError for line names not in the scenario's line list, with close matches."""
    known = list(known)
    detail = "; ".join(f"{n!r} (close: {difflib.get_close_matches(n, known, n=3, cutoff=0.4)})" for n in names)
    return InputError(f"transmission.{field}: unknown UHV line(s) {detail}; lines are in inputs/uhv_lines.csv or transmission.add_lines")


def rated_gw(lines: pd.DataFrame, cfg: TransmissionConfig) -> pd.Series:
    """Line ratings (GW): the table's DC rating; AC blank = default transfer capacity by circuits."""
    ac_default = lines["circuits"].map({1: cfg.ac_single_circuit_gw, 2: cfg.ac_double_circuit_gw})
    return lines["capacity_gw"].astype(float).fillna(ac_default.where(lines["type"] == "AC"))


def scenario_lines(table: pd.DataFrame, cfg: TransmissionConfig, year: int) -> pd.DataFrame:
    """Lines of the scenario year after add_lines, in_service_year, remove_lines and scale_lines."""
    added = pd.DataFrame([{**line.model_dump(), "exchange_pairs": []} for line in cfg.add_lines])
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
        mw = [g * 1e3 for g in line.terminal_gw] if len(pairs) > 1 else [line.capacity_gw * 1e3]
        gc = np.array([_gc(provinces, a, b) for a, b in pairs])
        full = line.length_km if pd.notna(line.length_km) else route_factor * gc.max()
        return [(a, b, m, full * d / gc.max(), "DC") for (a, b), m, d in zip(pairs, mw, gc)]
    stations = line.substations or [line.from_province[0], line.to_province[0]]
    segments = [(a, b) for a, b in zip(stations[:-1], stations[1:]) if a != b]
    if not segments:
        return []
    gc = np.array([_gc(provinces, a, b) for a, b in segments])
    total = line.length_km if pd.notna(line.length_km) else route_factor * gc.sum()
    return [(a, b, line.capacity_gw * 1e3, total * d / gc.sum(), pair_key(a, b)) for (a, b), d in zip(segments, gc)]


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
                             "length": km, "efficiency": 1.0 - loss_km * km / 1000.0 - fixed, "uhv_line": line.name,
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


# ---------------------------------------------------------------- metrics


def capacity_mw(n: pypsa.Network, links: pd.DataFrame) -> pd.Series:
    """Link capacity (MW): p_nom_opt where extendable (after a solve), else p_nom."""
    opt = links["p_nom_opt"] if "p_nom_opt" in links else links["p_nom"]
    return links["p_nom"].where(~links["p_nom_extendable"], opt)


def uhv_links(n: pypsa.Network) -> pd.DataFrame:
    """Links of the named UHV lines (carrier AC, column uhv_line set)."""
    links = n.links[n.links.carrier == "AC"]
    if "uhv_line" not in links:
        return links.iloc[:0]
    named = links["uhv_line"].map(lambda v: isinstance(v, str) and v not in ("", "nan"))
    return links[named]


def _series(n: pypsa.Network, attr: str, index: pd.Index) -> pd.DataFrame:
    """links_t.<attr> of the given links (zeros before a solve)."""
    return n.links_t[attr].reindex(index=n.snapshots, columns=index, fill_value=0.0).fillna(0.0)


def _flow_rows(n: pypsa.Network, links: pd.DataFrame, scope: str, carrier: str, prefix: str) -> list[dict]:
    w = n.snapshot_weightings.generators
    cap = capacity_mw(n, links).sum()
    energy = _series(n, "p0", links.index).mul(w, axis=0).sum().sum()
    return [{"metric": f"{prefix}_capacity", "scope": scope, "carrier": carrier, "value": cap / 1e3, "unit": "GW"},
            {"metric": f"{prefix}_energy", "scope": scope, "carrier": carrier, "value": energy / TWH, "unit": "TWh"}]  # fmt: skip


WEST_EAST_SENDING = ("West", "Shanxi")  # NBS West class + Shanxi (the northern channel of West-East transmission)


def corridor_rows(n: pypsa.Network, regions: pd.Series, focus: str = "East", sending: tuple[str, ...] = WEST_EAST_SENDING) -> list[dict]:
    """Tidy rows (metric, scope, carrier, value, unit) of the named lines, West->East totals and residual clipping.

    Per line (scope = line name, carrier = AC/DC): corridor_capacity (GW, rating of one direction),
    corridor_energy (TWh sent, both directions), corridor_energy_delivered (TWh), corridor_utilisation_hours
    (h = energy / capacity), corridor_hours_at_limit (h in which any of its links runs at p_nom x p_max_pu),
    corridor_congestion_value (bn CNY = sum over links and snapshots of weight x p0 x (efficiency x price(bus1)
    - price(bus0)), i.e. (price at bus1 - price at bus0 / efficiency) x delivered flow). An AC line is the
    mean over its segments. West->East (`west_east_capacity` GW, `west_east_energy` TWh, scope "West->East"):
    every AC-carrier link from a sending province (`sending`: region classes or provinces; default the NBS
    West class + Shanxi, as in the published West-East totals) to a province outside them, named lines and
    residual (carrier "UHV": named lines only); `focus_import_*` (scope = focus): links from outside the
    focus region into it.
    `residual_clipped` (GW): named lines in excess of the aggregated pair total (per pair and national).
    """
    rows: list[dict] = []
    w = n.snapshot_weightings.generators
    uhv = uhv_links(n)
    price = n.buses_t.marginal_price
    for line, links in (uhv.groupby("uhv_line") if len(uhv) else []):
        p0 = _series(n, "p0", links.index)
        cap = capacity_mw(n, links)
        forward = links["uhv_reverse"].astype(float) == 0
        parts = links["uhv_part"]
        rating = cap[forward].groupby(parts[forward]).sum().mean()
        sent = p0.mul(w, axis=0).sum().groupby(parts).sum().mean()
        delivered = (-_series(n, "p1", links.index)).mul(w, axis=0).sum().groupby(parts).sum().mean()
        limit = (p0.ge(0.999 * cap * links["p_max_pu"] - 1e-6) & (cap > 0)).any(axis=1)
        rent = 0.0
        if not price.empty:
            rent = sum((p0[l] * (links.at[l, "efficiency"] * price[links.at[l, "bus1"]] - price[links.at[l, "bus0"]]) * w).sum()
                       for l in links.index)  # fmt: skip
        kind = str(links["uhv_type"].iloc[0])
        for metric, value, unit in (("corridor_capacity", rating / 1e3, "GW"), ("corridor_energy", sent / TWH, "TWh"),
                                    ("corridor_energy_delivered", delivered / TWH, "TWh"),
                                    ("corridor_utilisation_hours", sent / rating if rating > 0 else np.nan, "h"),
                                    ("corridor_hours_at_limit", w[limit].sum(), "h"),
                                    ("corridor_congestion_value", rent / 1e9, "bn CNY")):  # fmt: skip
            rows.append({"metric": metric, "scope": line, "carrier": kind, "value": float(value), "unit": unit})
        if links["p_nom_extendable"].any():
            built = cap[forward & links["p_nom_extendable"]].sum()
            cost = (cap * links["capital_cost"])[links["p_nom_extendable"]].sum()
            rows.append({"metric": "corridor_built_capacity", "scope": line, "carrier": kind, "value": built / 1e3, "unit": "GW"})
            rows.append({"metric": "corridor_capital_cost", "scope": line, "carrier": kind, "value": cost / 1e9, "unit": "bn CNY/a"})

    ac = n.links[n.links.carrier == "AC"]
    region0, region1 = ac.bus0.map(regions), ac.bus1.map(regions)
    send0 = region0.isin(sending) | ac.bus0.isin(sending)
    send1 = region1.isin(sending) | ac.bus1.isin(sending)
    west_east = ac[send0 & ~send1]
    scope = "West->East"
    rows += _flow_rows(n, west_east, scope, "", "west_east")
    rows += _flow_rows(n, west_east[west_east.index.isin(uhv.index)], scope, "UHV", "west_east")
    into_focus = ac[(region0 != focus) & (region1 == focus)]
    rows += _flow_rows(n, into_focus, focus, "", "focus_import")
    rows += _flow_rows(n, into_focus[into_focus.index.isin(uhv.index)], focus, "UHV", "focus_import")

    if "pair_clipped_mw" in ac:
        clipped = ac.groupby("exchange_pair")["pair_clipped_mw"].first().fillna(0.0)
        rows += [{"metric": "residual_clipped", "scope": p, "carrier": "", "value": v / 1e3, "unit": "GW"}
                 for p, v in clipped[clipped > 0].items()]  # fmt: skip
        rows.append({"metric": "residual_clipped", "scope": "national", "carrier": "", "value": clipped.sum() / 1e3, "unit": "GW"})
    return rows
