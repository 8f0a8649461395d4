"""Planning runs in two steps: size the system (capacity expansion LP), then dispatch the sized system exactly.

1. Sizing: the network with its extendable components, at `planning.sizing_resolution_hours` (None: the run's) and
   with `planning.sizing_solver` (None: the run's solver; a first-order method such as PDLP is allowed here).
2. Dispatch: capacities fixed at the sizing result (p_nom = p_nom_opt, column `p_nom_built_mw` = what was built),
   solved again with the run's solver, so every operational figure (flows, curtailment, unserved energy, tracing)
   comes from an exact dispatch of the sized system.

The sizing step's results that the dispatch cannot give are kept in the solved network: the duals of its global
constraints (column `mu_sizing` of n.global_constraints: the price of the self-sufficiency floor, CNY/MWh, and of any
CO2 cap, CNY/t) and n.meta["sizing"] (objective CNY/a, resolution h, solver, largest nodal-balance residual MW).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pypsa

from network.config.run import RunConfig
from network.model.solve import Constraint, solve

logger = logging.getLogger(__name__)

EXTENDABLE = {"Generator": "generators", "StorageUnit": "storage_units", "Link": "links"}
NEGLIGIBLE_MW = 0.1  # built capacity below this is numerical noise, set to 0


def sizing_network(n: pypsa.Network, hours: int | None) -> pypsa.Network:
    """A copy of n at the sizing resolution (h); the same resolution as n if None or not coarser."""
    step = n.snapshot_weightings.generators.iloc[0]
    if hours is None or hours <= step:
        return n.copy()
    if hours % step:
        raise ValueError(f"planning.sizing_resolution_hours: {hours} h is not a multiple of the run's {step:g} h")
    sized = n.cluster.temporal.resample(f"{hours}h")
    sized.meta = n.meta
    return sized


def fix_capacities(n: pypsa.Network, sized: pypsa.Network) -> None:
    """Fix every extendable component of n at the capacity the sizing chose (MW); `p_nom_built_mw` records it."""
    for component, attr in EXTENDABLE.items():
        static = getattr(n, attr)
        ext = static.index[static.p_nom_extendable]
        if ext.empty:
            continue
        opt = getattr(sized, attr).loc[ext, "p_nom_opt"].astype(float)
        opt = opt.where(opt >= NEGLIGIBLE_MW, 0.0)
        static.loc[ext, "p_nom"] = opt
        static.loc[ext, "p_nom_built_mw"] = opt
        static.loc[ext, "p_nom_extendable"] = False
        logger.info("%s: %d extendable components fixed, %.1f GW built", component, len(ext), opt.sum() / 1e3)


def nodal_residual_mw(n: pypsa.Network) -> float:
    """Largest absolute violation of the nodal power balance in the solved LP (MW); about 0 for simplex/IPM."""
    con = n.model.constraints["Bus-nodal_balance"]
    residual = (con.lhs.solution - con.rhs).to_numpy()
    return float(np.nanmax(np.abs(residual))) if residual.size else 0.0


def plan(n: pypsa.Network, cfg: RunConfig, constraints: Sequence[Constraint], log_path: Path | None = None) -> pypsa.Network:
    """Size, fix, dispatch (see module docstring); n is changed in place and returned."""
    sized = sizing_network(n, cfg.planning.sizing_resolution_hours)
    solver = cfg.planning.sizing_solver or cfg.solver
    sizing_log = log_path.with_name(log_path.stem + "_sizing" + log_path.suffix) if log_path else None
    solve(sized, solver, sizing_log, constraints)
    residual = nodal_residual_mw(sized)
    logger.info("sizing: objective %.4e CNY/a, largest nodal residual %.3g MW", sized.objective, residual)
    fix_capacities(n, sized)
    n.meta = {**n.meta, "sizing": {"objective_cny": float(sized.objective), "resolution_hours": float(sized.snapshot_weightings.generators.iloc[0]),
                                   "solver": solver.name, "options": dict(solver.options), "nodal_residual_mw": residual}}  # fmt: skip
    solve(n, cfg.solver, log_path, constraints)
    if not sized.global_constraints.empty:
        n.global_constraints["mu_sizing"] = sized.global_constraints["mu"].reindex(n.global_constraints.index)
    return n
