"""The value of one more MW of rating of each extendable component, from the sizing LP: the dual of its capacity bound.

For an extendable component i with a finite potential or rating, PyPSA writes the row  p_nom(i) <= p_nom_max(i)
(`<Component>-ext-p_nom-upper`). Its dual in the sizing LP (objective: annualised investment + operation of the year,
CNY/a) is d objective / d p_nom_max(i); we record its negative,

    mu_p_nom_max_sizing(i) = - d(sizing objective) / d p_nom_max(i)   >= 0,   CNY per MW and year,

in the column `mu_p_nom_max_sizing` of n.generators, n.storage_units and n.links (NaN: not extendable, or no finite
bound). It is what one more MW of rating would save the system each year, net of that MW's own annualised cost: a
component built below its bound has 0 (by optimality its marginal value equals its cost); one built to its bound has
gross marginal value = capital_cost + mu_p_nom_max_sizing. For a candidate line it is the marginal answer to "what is
this corridor worth": the exact cost change when it is left out needs one re-sizing per line (about 6 min each for
the 15 candidate lines of 2030-plan), this needs none and comes with the one sizing solve. Both directions of an AC
line (equal_capacity ties their p_nom) and all segments or terminals of a line have their own row: the value of
raising the whole line by 1 MW is the sum over its links.

The rows are kept as rows when `solver.bounds_as_variables` turns single-variable rows into variable bounds
(network/model/bounds.py converts only the `*-fix-*` rows of fixed assets), so their duals exist for simplex and for
the interior-point solvers with or without crossover (HiGHS ipx, hipo; checked in tests/test_appraisal.py).
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pypsa

from network.model.solve import SolveError

logger = logging.getLogger(__name__)

COLUMN = "mu_p_nom_max_sizing"  # CNY/MW/a, >= 0
COMPONENTS = {"Generator": "generators", "StorageUnit": "storage_units", "Link": "links"}


def capacity_bound_values(sized: pypsa.Network) -> dict[str, pd.Series]:
    """{component: - dual of p_nom <= p_nom_max per extendable component with a finite bound (CNY/MW/a)} of a solved
    sizing network whose linopy model is still attached."""
    model = sized.model
    out = {}
    for component in COMPONENTS:
        name = f"{component}-ext-p_nom-upper"
        static = getattr(sized, COMPONENTS[component])
        bounded = static.p_nom_extendable & np.isfinite(static.p_nom_max.astype(float)) if len(static) else static.index[:0]
        if name not in model.constraints:
            if len(static) and bounded.any():  # e.g. the rows were turned into variable bounds: their duals are lost
                raise SolveError(
                    f"{name}: no such row in the sizing LP, so the capacity values cannot be read (network/model/bounds.py must keep it)"
                )
            continue
        con = model.constraints[name]
        dual = con.dual.to_series() if con.dual is not None else pd.Series(dtype=float)
        labels = con.labels.to_series()
        dual = dual[labels.reindex(dual.index) != -1]  # masked rows (infinite bound) have no row
        if dual.isna().all() and len(dual):
            raise SolveError(f"{name}: the solver returned no duals; the capacity values need an LP solution with duals")
        dual.index = dual.index.astype(str)
        out[component] = (-dual).clip(lower=0.0) + 0.0  # a binding <= row of a minimisation has dual <= 0; -0.0 -> 0.0
    return out


def record_capacity_values(sized: pypsa.Network, n: pypsa.Network) -> None:
    """Write `mu_p_nom_max_sizing` (CNY/MW/a, see module docstring) of the solved sizing network into n's components."""
    values = capacity_bound_values(sized)
    for component, attr in COMPONENTS.items():
        static = getattr(n, attr)
        if static.empty:
            continue
        column = pd.Series(np.nan, index=static.index, dtype=float)
        if component in values:
            found = values[component].reindex(static.index)
            column = column.where(found.isna(), found)
        static[COLUMN] = column
    if "Link" in values and len(values["Link"]):
        top = values["Link"].nlargest(3)
        logger.info("capacity value of the links at their rating (CNY/MW/a), largest: %s", ", ".join(f"{k}: {v:,.0f}" for k, v in top.items()))
