"""Energy bases behind point-to-grid UHV DC lines: a line carries what its base produces.

For each line of inputs/uhv_bases.csv with delivery 'point_to_grid' (a dedicated base) or 'mixed' (named stations
plus grid surplus) and known supporting capacity (GW of coal,
wind, solar, hydro) that is in service in the scenario:
- a bus "Base <line>" (carrier AC, role "base", province/region/location of the sending province) gets the
  supporting plants as generators "Base <line> <carrier>", moved out of the sending province's fleet of that
  carrier (at most `MAX_SHARE_OF_FLEET` of it; hydro at most the line rating, as a station larger than its line sends
  the rest to its grid), with the fleet's costs and availability but no minimum output (the supporting coal of the
  new bases is peaking coal, 调峰, and a base's plants run for their line, not for provincial security or heat);
- the line's forward link(s) leave from the base bus instead of the province;
- two links (carrier AC, column base_tie = line name) tie the base to its province in both directions with
  base_tie_share x the line rating (MW): the base can sell surplus to, and buy shortfall from, its grid.
Analysis merges a base bus back into its province for provincial metrics (network/analysis/province_view.py);
flow tracing keeps it, so a line's traced green share is its base's mix.
"""

from __future__ import annotations

import logging

import pandas as pd
import pypsa

from network.config.technologies import ELECTRICITY
from network.data.grid import BASE_CAPACITY_COLUMNS
from network.units import MW_PER_GW

logger = logging.getLogger(__name__)
MAX_SHARE_OF_FLEET = 0.9
BASE_DELIVERIES = ("point_to_grid", "mixed")  # mixed: named stations plus grid surplus (the tie)
BASE_PREFIX = "Base "


def base_capacity_mw(bases: pd.DataFrame) -> pd.DataFrame:
    """Supporting capacity (MW) by carrier of the point-to-grid bases with any known capacity, index line name."""
    point = bases[bases["delivery"].isin(BASE_DELIVERIES)]
    mw = point[list(BASE_CAPACITY_COLUMNS)].rename(columns=BASE_CAPACITY_COLUMNS).fillna(0.0) * MW_PER_GW
    return mw[mw.sum(axis=1) > 0]


def _move_generator(n: pypsa.Network, source: str, name: str, bus: str, p_nom: float) -> None:
    """Copy generator `source` (static attributes and time series) as `name` at `bus` with p_nom, and take p_nom off the source."""
    n.add("Generator", name, bus=bus, p_nom=p_nom, carrier=n.generators.at[source, "carrier"])
    static = n.generators.loc[source].drop(["bus", "p_nom", "carrier", "sub_network"], errors="ignore")
    for col, value in static.items():
        if pd.notna(value):
            n.generators.loc[name, col] = value
    for attr, series in n.generators_t.items():
        if source in series.columns and attr != "p_min_pu":
            series[name] = series[source]
    n.generators.loc[name, "p_min_pu"] = 0.0  # a base's plants run for their line: no provincial must-run (CHP, security)
    n.generators.loc[source, "p_nom"] -= p_nom


def add_bases(n: pypsa.Network, bases: pd.DataFrame, tie_share: float) -> pd.DataFrame:
    """Add the bases of the lines in service (see module docstring); returns the MW moved per line and carrier."""
    moved = {}
    forward = n.links[n.links.get("uhv_line", pd.Series(dtype=object)).notna() & (n.links.get("uhv_reverse", 0) == 0)]
    for line, capacity in base_capacity_mw(bases).iterrows():
        links = forward[forward.uhv_line == line]
        if links.empty:
            continue
        province = links.bus0.iloc[0]
        links = links[links.bus0 == province]  # an AC line: its first segment(s) only
        bus = f"{BASE_PREFIX}{line}"
        at = n.buses.loc[province]
        target = bases.at[line, "renewable_share_target"]
        n.add("Bus", bus, carrier=ELECTRICITY, x=at.x, y=at.y, province=at.province, region=at.region, location=at.location, role="base",
              renewable_share_target=target if pd.notna(target) else float("nan"))  # fmt: skip
        rating = links.p_nom.sum()
        for carrier, mw in capacity[capacity > 0].items():
            if carrier == "hydro" and mw > rating:  # a station larger than its line sends the rest to its grid
                logger.info("base of %s: hydro %.0f MW capped at the line rating %.0f MW", line, mw, rating)
                mw = rating
            source = f"{province} {carrier}"
            if source not in n.generators.index:
                logger.warning("base of %s: %s has no %s fleet; %.0f MW not modelled", line, province, carrier, mw)
                continue
            take = min(mw, MAX_SHARE_OF_FLEET * n.generators.at[source, "p_nom"])
            if take < mw:
                logger.warning("base of %s: %.0f MW %s asked, %s has %.0f MW; %.0f MW moved", line, mw, carrier, province,
                               n.generators.at[source, "p_nom"], take)  # fmt: skip
            _move_generator(n, source, f"{bus} {carrier}", bus, take)
            moved[(line, carrier)] = take
        n.links.loc[links.index, "bus0"] = bus
        tie_mw = tie_share * rating
        n.add("Link", [f"{bus} tie [{bus} -> {province}]", f"{bus} tie [{province} -> {bus}]"], bus0=[bus, province], bus1=[province, bus],
              carrier=ELECTRICITY, p_nom=tie_mw, efficiency=1.0, marginal_cost=0.1, base_tie=line)  # fmt: skip
    return pd.Series(moved, dtype=float)
