"""Policy metrics: the shadow prices of the `policy:` rows (network/model/constraints/policy.py).

The rows' duals are in n.global_constraints.mu (in a planning run the sizing step's, column mu_sizing, which are the
prices of the targets with investment; network/model/sizing.py) (linopy's sign: >= 0 for >= rows, <= 0 for <= rows); they are
reported as prices, positive when the row binds: the cost of tightening the target by one unit of the row
(CNY per t CO2 for the cap, CNY per MW and year for a capacity floor or build limit, CNY per MWh for the others).
"""

from __future__ import annotations

import pandas as pd
import pypsa

from network.analysis.metrics.rows import rows
from network.model.constraints.policy import BUILD, CAPACITY, CO2_CAP, FLOOR, POLICY


def metrics_rows(n: pypsa.Network) -> list[dict]:
    """`policy_dual` per policy row and `price_of_self_sufficiency` per floored region; none without policy rows."""
    gc = n.global_constraints
    if gc.empty or "mu" not in gc:
        return []
    ours = gc[(gc["type"] == POLICY) | (gc.index == CO2_CAP)]
    out: list[dict] = []
    for name, row in ours.iterrows():
        mu = row["mu_sizing"] if pd.notna(row.get("mu_sizing")) else row["mu"]  # a planning run: the sizing step's price
        price = (mu if row["sense"] == ">=" else -mu) + 0.0
        unit = "CNY/t" if name == CO2_CAP else "CNY/MW/a" if name.startswith((CAPACITY + " ", BUILD + " ")) else "CNY/MWh"
        out += rows("policy_dual", {name: price}, unit)
        if name.startswith(FLOOR + " "):
            out += rows("price_of_self_sufficiency", {name.removeprefix(FLOOR + " "): price}, "CNY/MWh")
    return out
