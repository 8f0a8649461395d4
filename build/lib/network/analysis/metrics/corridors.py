"""Metrics of the named UHV lines, West->East totals and residual clipping (GW, TWh, h, bn CNY)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pypsa

from network.config.technologies import ELECTRICITY
from network.units import CNY_PER_BN, MW_PER_GW, TWH


def capacity_mw(n: pypsa.Network, links: pd.DataFrame) -> pd.Series:
    """Link capacity (MW): p_nom_opt where extendable (after a solve), else p_nom."""
    opt = links["p_nom_opt"] if "p_nom_opt" in links else links["p_nom"]
    return links["p_nom"].where(~links["p_nom_extendable"], opt)


AT_LIMIT = 0.999  # a link is "at its limit" from 99.9 % of capacity x p_max_pu (less 1e-6 MW for solver tolerance)


def at_limit(p0: pd.DataFrame, cap: pd.Series, p_max_pu: pd.Series) -> pd.DataFrame:
    """True where a link (column) runs at its limit in a snapshot; never for links of zero capacity."""
    return p0.ge(AT_LIMIT * cap * p_max_pu - 1e-6) & (cap > 0)


def uhv_links(n: pypsa.Network) -> pd.DataFrame:
    """Links of the named UHV lines (carrier AC, column uhv_line set)."""
    links = n.links[n.links.carrier == ELECTRICITY]
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
    return [{"metric": f"{prefix}_capacity", "scope": scope, "carrier": carrier, "value": cap / MW_PER_GW, "unit": "GW"},
            {"metric": f"{prefix}_energy", "scope": scope, "carrier": carrier, "value": energy / TWH, "unit": "TWh"}]  # fmt: skip


def _expansion_rows(links: pd.DataFrame, cap: pd.Series, forward: pd.Series, line: str, kind: str) -> list[dict]:
    """corridor_built_capacity and corridor_capital_cost of a line chosen by the optimisation (extendable, or sized then
    fixed: `p_nom_built_mw`); with the sizing step's duals (`mu_p_nom_max_sizing`, network/model/capacity_value.py)
    also corridor_rating, corridor_unit_cost and corridor_capacity_value (per kW of rating on each of its links)."""
    chosen = links["p_nom_extendable"].astype(bool)
    if "p_nom_built_mw" in links:
        chosen |= pd.to_numeric(links["p_nom_built_mw"], errors="coerce").notna()
    if not chosen.any():
        return []
    parts = links["uhv_part"]
    built = cap[forward & chosen].groupby(parts[forward & chosen]).sum().mean()
    cost = (cap * links["capital_cost"])[chosen].sum()
    row = lambda metric, value, unit: {"metric": metric, "scope": line, "carrier": kind, "value": float(value), "unit": unit}  # noqa: E731
    out = [row("corridor_built_capacity", built / 1e3, "GW"), row("corridor_capital_cost", cost / 1e9, "bn CNY/a")]
    value = pd.to_numeric(links.get("mu_p_nom_max_sizing", pd.Series(np.nan, index=links.index)), errors="coerce")[chosen]
    if value.notna().any():
        rating = links["p_nom_max"].astype(float)[forward & chosen].groupby(parts[forward & chosen]).sum().mean()
        out += [row("corridor_rating", rating / 1e3, "GW"), row("corridor_unit_cost", links["capital_cost"][chosen].sum() / 1e3, "CNY/kW/a"),
                row("corridor_capacity_value", value.fillna(0.0).sum() / 1e3, "CNY/kW/a")]  # fmt: skip
    return out


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
    Lines chosen by the optimisation (see _expansion_rows): corridor_built_capacity (GW), corridor_capital_cost (bn CNY/a),
    and after a planning run's sizing step corridor_rating (GW), corridor_unit_cost and corridor_capacity_value (CNY/kW/a).
    `residual_clipped` (GW): named lines in excess of the aggregated pair total (per pair and national).
    """
    out: list[dict] = []
    w = n.snapshot_weightings.generators
    uhv = uhv_links(n)
    price = n.buses_t.marginal_price
    for line, links in uhv.groupby("uhv_line") if len(uhv) else []:
        p0 = _series(n, "p0", links.index)
        cap = capacity_mw(n, links)
        forward = links["uhv_reverse"].astype(float) == 0
        parts = links["uhv_part"]
        rating = cap[forward].groupby(parts[forward]).sum().mean()
        sent = p0.mul(w, axis=0).sum().groupby(parts).sum().mean()
        delivered = (-_series(n, "p1", links.index)).mul(w, axis=0).sum().groupby(parts).sum().mean()
        limit = at_limit(p0, cap, links["p_max_pu"]).any(axis=1)
        rent = 0.0
        if not price.empty:
            rent = sum((p0[k] * (links.at[k, "efficiency"] * price[links.at[k, "bus1"]] - price[links.at[k, "bus0"]]) * w).sum()
                       for k in links.index)  # fmt: skip
        kind = str(links["uhv_type"].iloc[0])
        for metric, value, unit in (("corridor_capacity", rating / MW_PER_GW, "GW"), ("corridor_energy", sent / TWH, "TWh"),
                                    ("corridor_energy_delivered", delivered / TWH, "TWh"),
                                    ("corridor_utilisation_hours", sent / rating if rating > 0 else np.nan, "h"),
                                    ("corridor_hours_at_limit", w[limit].sum(), "h"),
                                    ("corridor_congestion_value", rent / CNY_PER_BN, "bn CNY")):  # fmt: skip
            out.append({"metric": metric, "scope": line, "carrier": kind, "value": float(value), "unit": unit})
        out += _expansion_rows(links, cap, forward, line, kind)

    ac = n.links[n.links.carrier == ELECTRICITY]
    region0, region1 = ac.bus0.map(regions), ac.bus1.map(regions)
    send0 = region0.isin(sending) | ac.bus0.isin(sending)
    send1 = region1.isin(sending) | ac.bus1.isin(sending)
    west_east = ac[send0 & ~send1]
    scope = "West->East"
    out += _flow_rows(n, west_east, scope, "", "west_east")
    out += _flow_rows(n, west_east[west_east.index.isin(uhv.index)], scope, "UHV", "west_east")
    into_focus = ac[(region0 != focus) & (region1 == focus)]
    out += _flow_rows(n, into_focus, focus, "", "focus_import")
    out += _flow_rows(n, into_focus[into_focus.index.isin(uhv.index)], focus, "UHV", "focus_import")

    if "pair_clipped_mw" in ac:
        clipped = ac.groupby("exchange_pair")["pair_clipped_mw"].first().fillna(0.0)
        out += [{"metric": "residual_clipped", "scope": p, "carrier": "", "value": v / MW_PER_GW, "unit": "GW"}
                 for p, v in clipped[clipped > 0].items()]  # fmt: skip
        out.append({"metric": "residual_clipped", "scope": "national", "carrier": "", "value": clipped.sum() / MW_PER_GW, "unit": "GW"})
    return out
