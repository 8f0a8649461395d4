"""Inter-provincial exchange: every named UHV line as its own links, plus the residual aggregated exchange.

Named lines (inputs/uhv_lines.csv, plus `transmission.add_lines`) become links of carrier "AC" (so they
count as inter-provincial exchange in net imports and tracing) named "UHV <line> [<bus0> -> <bus1>]",
with the custom columns `uhv_line` (line name), `uhv_type` (AC/DC), `uhv_kv`, `uhv_part` (the line
section: "DC", or the substation pair of an AC segment), `uhv_reverse` (1 for the reverse direction, else 0)
and `in_service_year`. Residual links keep the names "<A> -> <B>" (`uhv_line` empty/NaN).
Every AC-carrier link also carries `exchange_pair` ("A - B", sorted), `exchange_table_mw` (the pair's
total in inputs/exchange_capacity_current.csv, 0 if absent) and `pair_clipped_mw` (see below).

Modelling choices (defaults are estimates; see docs/model.md, "Transmission"):
- A line is in a scenario of year Y only if its in-service year is <= Y (blank year: under
  construction or not verified, never included unless `in_service_year` sets one).
- DC lines run from the sending to the receiving province only (`direction` can make a line
  bidirectional: a second, reverse link of the same rating); intermediate (via) provinces are ignored,
  DC lines have no taps. Multi-terminal lines (Kunliulong, Jinshang) are one link per terminal with
  the terminal's rating (`terminal_gw`); the branch to the farthest terminal has the full route
  length, nearer branches length x great-circle ratio.
- 1000 kV AC lines are bidirectional and split into segments between the provinces of their
  substations (`substations`), the route length shared in proportion to great-circle distances;
  their transfer capacity (blank in the source) is `ac_single_circuit_gw` / `ac_double_circuit_gw`.
- Efficiency = 1 - loss_per_1000km[kV] x length/1000 - converter_loss x 2 (DC: one station at each
  end); AC 1000 kV: 1 - ac_loss_per_1000km x length/1000. Rates are at rated power (losses rise with
  current squared, so a linear model at rated power is an upper bound on line losses).
- Residual exchange of a pair = table total - named lines the table already contains (column
  `exchange_pairs`; the table is of ~2022, lines in service later are additions), never below zero.
  Where the named lines exceed the table, the residual is clipped to 0 and `pair_clipped_mw` > 0
  (logged and reported by `corridor_rows`). The residual does not depend on the scenario: removing or
  scaling a line changes only that line.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pandas as pd
import pypsa

from network.config.technologies import ELECTRICITY
from network.config.transmission import NewLine, TransmissionConfig
from network.data import files
from network.data.tables import InputError
from network.model.charges import link_charges
from network.model.lines import (
    annual_capital_cost,
    great_circle_km,
    line_components,
    pair_key,
    rated_gw,
    scenario_lines,
)
from network.units import KM_PER_1000_KM

logger = logging.getLogger(__name__)


def exchange_links(edges: pd.DataFrame, provinces: pd.DataFrame, route_factor: float, loss_per_1000km: float) -> pd.DataFrame:
    """One row per direction of each province pair: bus0, bus1, p_nom (MW), length (km), efficiency."""
    edges = edges.groupby(["bus0", "bus1"], as_index=False)["p_nom"].sum()
    length = route_factor * great_circle_km(
        provinces.loc[edges.bus0, "x"].to_numpy(), provinces.loc[edges.bus0, "y"].to_numpy(),
        provinces.loc[edges.bus1, "x"].to_numpy(), provinces.loc[edges.bus1, "y"].to_numpy(),
    )  # fmt: skip
    forward = edges.assign(length=length)
    backward = forward.rename(columns={"bus0": "bus1", "bus1": "bus0"})
    links = pd.concat([forward, backward], ignore_index=True)
    links["efficiency"] = 1.0 - loss_per_1000km * links["length"] / KM_PER_1000_KM
    links.index = links["bus0"] + " -> " + links["bus1"]
    return links


def add_exchange_links(n: pypsa.Network, links: pd.DataFrame, p_max_pu: float) -> None:
    """Add directed links (carrier AC); p_max_pu is the security margin on each direction."""
    n.add(
        "Link", links.index, bus0=links["bus0"], bus1=links["bus1"], carrier=ELECTRICITY, p_nom=links["p_nom"],
        length=links["length"], efficiency=links["efficiency"], p_max_pu=p_max_pu, marginal_cost=0.1,
    )  # fmt: skip


def contained_mw(table: pd.DataFrame, cfg: TransmissionConfig, provinces: pd.DataFrame, pairs: set[str]) -> pd.Series:
    """MW of the named lines that the aggregated table already contains, per pair 'A - B' (column
    exchange_pairs of inputs/uhv_lines.csv; ratings of the table, whatever the scenario does)."""
    rated = table.assign(capacity_gw=rated_gw(table, cfg), added=False)
    rated = rated[rated["exchange_pairs"].map(len) > 0]
    late = rated.index[~(rated["year_in_service"] <= cfg.exchange_table_year)]
    if len(late):
        raise InputError(f"inputs/uhv_lines.csv: field 'exchange_pairs': {list(late)} are not in service by "
                         f"{cfg.exchange_table_year}, the vintage of the exchange table")  # fmt: skip
    if rated.empty:
        return pd.Series(dtype=float)
    comps = line_components(rated, cfg.model_copy(update={"direction": {}}), provinces)
    comps = comps[comps["uhv_reverse"] == 0]
    total = {}
    for name, listed in rated["exchange_pairs"].items():
        own = comps[comps.uhv_line == name]
        own_pairs = own.apply(lambda r: pair_key(r.bus0, r.bus1), axis=1)
        for entry in listed:
            key = pair_key(*entry.split("-"))
            if key not in set(own_pairs) or key not in pairs:
                where = "is not a section of the line" if key not in set(own_pairs) else "is not in exchange_capacity_current.csv"
                raise InputError(f"inputs/uhv_lines.csv: field 'exchange_pairs': {entry!r} of {name!r} {where}")
            total[key] = total.get(key, 0.0) + own.p_nom[own_pairs == key].sum()
    return pd.Series(total, dtype=float)


def residual_exchange(edges: pd.DataFrame, contained: pd.Series) -> pd.DataFrame:
    """Per pair: bus0, bus1, source_mw (table), named_mw (contained lines), residual_mw = max(0, source - named),
    clipped_mw = max(0, named - source) (MW), indexed by 'A - B'."""
    edges = edges.assign(pair=[pair_key(a, b) for a, b in zip(edges.bus0, edges.bus1)])
    acc = edges.groupby("pair").agg(bus0=("bus0", "first"), bus1=("bus1", "first"), source_mw=("p_nom", "sum"))
    acc["named_mw"] = contained.reindex(acc.index, fill_value=0.0)
    acc["residual_mw"] = (acc.source_mw - acc.named_mw).clip(lower=0.0)
    acc["clipped_mw"] = (acc.named_mw - acc.source_mw).clip(lower=0.0)
    return acc


def make_extendable(n: pypsa.Network, comps: pd.DataFrame, cfg: TransmissionConfig) -> None:
    """p_nom_extendable on the links of `cfg.extendable` (unidirectional DC lines only), with annualised
    capital cost; added lines range 0..rating x factor, lines in service rating..rating x factor."""
    chosen = comps[comps.uhv_line.isin(cfg.extendable)]
    bad = sorted(set(chosen.uhv_line[(chosen.uhv_type != "DC") | (chosen.uhv_reverse == 1)]))
    missing = sorted(set(cfg.extendable) - set(chosen.uhv_line))
    if bad or missing:
        raise InputError(f"transmission.extendable: {bad} are not unidirectional DC lines; {missing} are not in service in this scenario")
    n.links.loc[chosen.index, "p_nom_extendable"] = True
    n.links.loc[chosen.index, "p_nom_min"] = chosen.p_nom.where(chosen.added == 0, 0.0)
    n.links.loc[chosen.index, "p_nom_max"] = chosen.p_nom * cfg.extendable_max_factor
    n.links.loc[chosen.index, "capital_cost"] = annual_capital_cost(chosen, cfg)


def add_transmission(
    n: pypsa.Network,
    cfg: TransmissionConfig,
    edges: pd.DataFrame,
    table: pd.DataFrame | None,
    tariffs: pd.DataFrame | None,
    provinces: pd.DataFrame,
    year: int,
    extra_lines: Sequence[NewLine] = (),
) -> None:
    """All inter-provincial exchange of the scenario year (MW) as links: named UHV lines + residual pairs. Tables: the
    exchange table (bus0, bus1, p_nom MW), the named lines, their tariffs (with transmission.charges) and the province
    table (x, y); `extra_lines` are added like transmission.add_lines (the candidate corridors of planning)."""
    if not cfg.named_lines:
        add_exchange_links(n, exchange_links(edges, provinces, cfg.route_factor, cfg.loss_per_1000km), cfg.p_max_pu)
        return
    if table is None:
        raise InputError(f"transmission.named_lines: the named lines ({files.UHV_LINES}) are not loaded")
    acc = residual_exchange(edges, contained_mw(table, cfg, provinces, set(edges_pairs(edges))))
    for pair, row in acc[acc.clipped_mw > 0].iterrows():
        logger.warning("%s: named UHV lines %.0f MW exceed the %s total %.0f MW; residual clipped to 0 (%.0f MW)",
                       pair, row.named_mw, files.EXCHANGE_CAPACITY_CURRENT, row.source_mw, row.clipped_mw)  # fmt: skip
    residual = acc[acc.residual_mw > 0].rename(columns={"residual_mw": "p_nom"})[["bus0", "bus1", "p_nom"]]
    links = exchange_links(residual, provinces, cfg.route_factor, cfg.loss_per_1000km)
    add_exchange_links(n, links, cfg.p_max_pu)

    comps = line_components(scenario_lines(table, cfg, year, extra_lines), cfg, provinces)
    if not comps.empty:
        n.add("Link", comps.index, bus0=comps.bus0, bus1=comps.bus1, carrier=ELECTRICITY, p_nom=comps.p_nom, length=comps.length,
              efficiency=comps.efficiency, p_max_pu=cfg.uhv_p_max_pu or cfg.p_max_pu, marginal_cost=0.1)  # fmt: skip
        for col in ("uhv_line", "uhv_type", "uhv_kv", "uhv_part", "uhv_reverse", "in_service_year"):
            n.links.loc[comps.index, col] = comps[col]
        make_extendable(n, comps, cfg)
    ac = n.links.index[n.links.carrier == ELECTRICITY]
    pair = pd.Series([pair_key(a, b) for a, b in zip(n.links.loc[ac, "bus0"], n.links.loc[ac, "bus1"])], index=ac)
    n.links.loc[ac, "exchange_pair"] = pair
    n.links.loc[ac, "exchange_table_mw"] = pair.map(acc.source_mw).fillna(0.0)
    n.links.loc[ac, "pair_clipped_mw"] = pair.map(acc.clipped_mw).fillna(0.0)
    if cfg.charges:
        if tariffs is None:
            raise InputError(f"transmission.charges: the tariffs ({files.UHV_TARIFFS}) are not loaded")
        n.links.loc[ac, "marginal_cost"] = link_charges(n.links.loc[ac], tariffs, cfg.loss_value_cny_per_mwh)


def edges_pairs(edges: pd.DataFrame) -> list[str]:
    """Pairs 'A - B' of the aggregated table."""
    return [pair_key(a, b) for a, b in zip(edges.bus0, edges.bus1)]
