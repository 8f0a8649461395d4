"""Traced metrics: green and non-fossil shares of consumption and of flows, by proportional sharing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pypsa

from network.analysis.metrics.corridors import WEST_EAST_SENDING
from network.analysis.metrics.rows import rows
from network.analysis.tracing import TraceResult, _share, by_carrier, trace
from network.config.technologies import ELECTRICITY, GREEN_CARRIERS, NON_FOSSIL_CARRIERS
from network.units import TWH


def metrics_rows(n: pypsa.Network, regions: pd.Series, focus: str = "East", result: TraceResult | None = None) -> list[dict]:
    """Traced green and non-fossil shares of consumption (province, region, national) and of the flow of
    each directed branch (scope = link name; '<link> (reverse)' for backward flow) and of all branches
    delivering from outside into the focus region (scope 'into <focus>'); where links carry a 'uhv_line'
    column (named lines), also per named line (all its links) and for 'UHV lines' and 'UHV DC lines'; and for
    'West->East': the AC-carrier links from a province of WEST_EAST_SENDING (region class or province; energy
    bases count as their province) to one outside it, as `west_east_energy` of the corridor metrics.
    traced_flow_energy: TWh delivered by each aggregate. `regions`: province -> region class.
    Traces `n` unless `result` is given."""
    result = trace(n) if result is None else result
    cons = by_carrier(result.uses.loc["consumption"])
    flows, energy = by_carrier(result.flows), result.flow_energy
    sender, receiver = (flows.index.get_level_values(level).map(regions) for level in ("sender", "receiver"))
    into = (sender != focus) & (receiver == focus)
    groups = {"West->East": _west_east(n, flows.index, regions)}
    link_names = [b if n.links.bus0.get(b, n.lines.bus0.get(b)) == s else f"{b} (reverse)" for b, s, _ in flows.index]
    # named lines (links with a 'uhv_line' column): per line, all of them, all of type DC
    if "uhv_line" in n.links.columns:
        named = n.links.uhv_line.replace("", np.nan).dropna()
        line = flows.index.get_level_values("branch").map(named)
        kind = flows.index.get_level_values("branch").map(n.links.get("uhv_type", pd.Series(dtype=object)).reindex(named.index))
        groups |= {**{name: line == name for name in sorted(set(line.dropna()))}, "UHV lines": line.notna(), "UHV DC lines": kind == "DC"}
    out = []
    for kind, carriers in (("green", GREEN_CARRIERS), ("non_fossil", NON_FOSSIL_CARRIERS)):
        metric = f"traced_{kind}_share_of_consumption"
        out += rows(metric, _share(cons, carriers), "fraction")
        out += rows(metric, _share(cons.groupby(regions).sum(), carriers), "fraction")
        out += rows(metric, _share(cons.sum().to_frame("national").T, carriers), "fraction")
        metric = f"traced_{kind}_share_of_flow"
        out += rows(metric, _share(flows.set_axis(link_names), carriers), "fraction")
        out += rows(metric, _share(flows[into].sum().to_frame(f"into {focus}").T, carriers), "fraction")
        out += rows(metric, _share(pd.DataFrame({g: flows[sel].sum() for g, sel in groups.items() if sel.any()}).T, carriers), "fraction")
    out += rows("traced_flow_energy", {f"into {focus}": energy["delivered"][into].sum() / TWH}, "TWh")
    out += rows("traced_flow_energy", {g: energy["delivered"][sel].sum() / TWH for g, sel in groups.items() if sel.any()}, "TWh")
    return out


def _west_east(n: pypsa.Network, index: pd.MultiIndex, regions: pd.Series) -> np.ndarray:
    """Which traced flows (branch, sender, receiver) go over an AC-carrier link from a sending province (region class or
    province of WEST_EAST_SENDING) to a province outside them; buses count as their `province` (energy bases)."""
    province = n.buses["province"].where(n.buses["province"].astype(bool), n.buses.index.to_series()) if "province" in n.buses else None
    province = n.buses.index.to_series() if province is None else province

    def sending(buses: pd.Index) -> np.ndarray:
        p = buses.map(province)
        return np.asarray(p.isin(WEST_EAST_SENDING) | p.map(regions).isin(WEST_EAST_SENDING))

    ac = index.get_level_values("branch").isin(n.links.index[n.links.carrier == ELECTRICITY])
    return ac & sending(index.get_level_values("sender")) & ~sending(index.get_level_values("receiver"))
