"""Planning metrics: what the sizing step built where, its investment, and the sizing step's own figures.

Components built by the optimisation carry `p_nom_built_mw` (network/model/sizing.py); generators, storage and western
data-centre hubs (MW electric) also `planning_option`, candidate links `planning_candidate` (a reverse link shares its forward link's capacity,
`capacity_of`, and is counted once). Investment = capital_cost (CNY/MW/a, annualised incl. fixed O&M) x built MW.
"""

from __future__ import annotations

import pandas as pd
import pypsa

from network.analysis.metrics.rows import rollup, rows
from network.units import CNY_PER_BN, MW_PER_GW


def _built(static: pd.DataFrame) -> pd.DataFrame:
    if "p_nom_built_mw" not in static:
        return static.iloc[:0]
    return static[static["p_nom_built_mw"].notna()]


def metrics_rows(n: pypsa.Network, regions: pd.Series, opex_cny: float) -> list[dict]:
    """built_capacity, built_line_capacity, investment_cost, total_system_cost, sizing_*; none for a dispatch run."""
    links = _built(n.links)
    options = links.get("planning_option", pd.Series("", index=links.index)).fillna("").ne("")  # '' for a line (the default)
    plants = pd.concat([_built(n.generators), _built(n.storage_units), links[options].assign(bus=links.bus0[options])])
    links = links[~options]
    if plants.empty and links.empty:
        return []
    out: list[dict] = []
    province = plants.bus.map(n.buses["province"]) if "province" in n.buses else plants.bus
    by = plants.groupby([province, plants["planning_option"]])["p_nom_built_mw"].sum() / MW_PER_GW
    out += rollup("built_capacity", by.rename_axis(["province", "option"]), regions, "GW")
    if not links.empty:
        forward = links[links.get("capacity_of", pd.Series("", index=links.index)).fillna("") == ""]
        pair = forward.get("exchange_pair", pd.Series(forward.index, index=forward.index))
        named = forward.get("uhv_line", pd.Series(index=forward.index, dtype=object)).replace("", None)  # '' after a netCDF round trip
        line = named.fillna("reinforcement " + pair.astype(str))
        built_lines = forward.groupby(line)["p_nom_built_mw"].max() / MW_PER_GW  # AC segments: the largest
        out += rows("built_line_capacity", built_lines[built_lines > 0], "GW")
    invest = (plants.capital_cost * plants.p_nom_built_mw).groupby(plants.planning_option).sum() / CNY_PER_BN
    invest_lines = float((links.capital_cost * links.p_nom_built_mw).sum()) / CNY_PER_BN if not links.empty else 0.0
    out += [{"metric": "investment_cost", "scope": "national", "carrier": c, "value": v, "unit": "bn CNY/a"} for c, v in invest.items()]
    out += [{"metric": "investment_cost", "scope": "national", "carrier": "transmission", "value": invest_lines, "unit": "bn CNY/a"}]
    total_invest = float(invest.sum()) + invest_lines
    out += rows("investment_cost", {"national": total_invest}, "bn CNY/a")
    out += rows("total_system_cost", {"national": total_invest + opex_cny / CNY_PER_BN}, "bn CNY/a")
    sizing = (n.meta or {}).get("sizing", {})
    if sizing:
        out += rows("sizing_objective", {"national": sizing["objective_cny"] / CNY_PER_BN}, "bn CNY/a")
        out += rows("sizing_nodal_residual", {"national": sizing["nodal_residual_mw"]}, "MW")
        out += rows("sizing_snapshots", {"national": sizing["snapshots"]}, "count")
        kkt = sizing.get("residuals") or {}
        out += rows("sizing_kkt_residual", {kind: kkt[kind] for kind in ("primal", "dual", "gap") if kind in kkt}, "fraction")
        if "adequacy_iterations" in sizing:
            out += rows("sizing_adequacy_iterations", {"national": sizing["adequacy_iterations"]}, "count")
    return out
