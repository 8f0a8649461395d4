"""A reverse link shares its forward link's built capacity (both directions of a candidate AC line or reinforcement).

For every extendable link l with column capacity_of = f (network/model/planning.py):  p_nom(l) = p_nom(f)  (MW).
"""

from __future__ import annotations

import pandas as pd
import pypsa


def add_constraints(n: pypsa.Network, snapshots: pd.Index) -> None:
    """One row per reverse link (see module docstring)."""
    if "capacity_of" not in n.links or "Link-p_nom" not in n.model.variables:
        return
    pairs = n.links["capacity_of"].fillna("")
    pairs = pairs[(pairs != "") & n.links.p_nom_extendable]
    pairs = pairs[pairs.isin(n.links.index[n.links.p_nom_extendable])]
    if pairs.empty:
        return
    p_nom = n.model["Link-p_nom"]
    forward = p_nom.sel(name=pairs.to_numpy()).assign_coords(name=pairs.index.to_numpy())
    n.model.add_constraints(p_nom.sel(name=pairs.index.to_numpy()) - forward == 0, name="Link-equal_capacity")
