"""The provincial view of a network: energy-base buses (role 'base', network/model/bases.py) merged into their provinces.

Provincial metrics (generation, consumption, net imports, self-sufficiency, curtailment, corridors) are defined
per province, so they are computed on this view: every component at a base bus moves to the base's province,
the base's lines leave from the province, and the base-province ties (intra-provincial) are dropped.
Flow tracing runs on the network as solved, so that a line's traced mix is its base's.
"""

from __future__ import annotations

import pypsa


def base_buses(n: pypsa.Network):
    return n.buses.index[n.buses.get("role", "") == "base"] if "role" in n.buses else n.buses.index[:0]


def province_view(n: pypsa.Network) -> pypsa.Network:
    """`n` itself when it has no energy bases, else a copy with the bases merged (see module docstring)."""
    bases = base_buses(n)
    if bases.empty:
        return n
    model = getattr(n, "_model", None)  # PyPSA refuses to copy a network with a live solver: set it aside, keep it
    solver = getattr(model, "_solver", None)
    if solver is not None:
        model._solver = None
    try:
        m = n.copy()
    finally:
        if solver is not None:
            model._solver = solver
    province = m.buses["province"]
    if "base_tie" in m.links:
        m.remove("Link", m.links.index[m.links["base_tie"].notna() & (m.links["base_tie"] != "")])
    for component in ("Generator", "Load", "StorageUnit", "Store"):
        static = m.static(component)
        at_base = static["bus"].isin(bases)
        static.loc[at_base, "bus"] = static.loc[at_base, "bus"].map(province)
    for col in ("bus0", "bus1"):
        at_base = m.links[col].isin(bases)
        m.links.loc[at_base, col] = m.links.loc[at_base, col].map(province)
    m.remove("Bus", bases)
    return m
