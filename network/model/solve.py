"""solve_network: optimise dispatch, check the solver status, write nothing unless optimal."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pypsa

from network.config.run import RunConfig
from network.config.solver import SolverConfig
from network.model.bounds import rows_to_bounds
from network.model.constraints import base_renewable_share, compute_deferral, equal_capacity, hydro_budget, policy, water_use
from network.model.residuals import kkt_residuals, residual_problem

Constraint = Callable[[pypsa.Network, pd.Index], None]


logger = logging.getLogger(__name__)


class SolveError(RuntimeError):
    """The solver did not return an optimal solution. `infeasible`: the solver proved (or suspects) the LP infeasible;
    `without_hint`: the message without the guess at a cause (`infeasibility_hint`), for a caller that diagnosed it."""

    def __init__(self, message: str, infeasible: bool = False, without_hint: str | None = None) -> None:
        super().__init__(message)
        self.infeasible = infeasible
        self.without_hint = message if without_hint is None else without_hint


def scenario_constraints(cfg: RunConfig) -> list[Constraint]:
    """The custom linopy constraints of a scenario's mechanisms (hydro budgets, compute, water, base renewable shares, policy)."""
    return [
        lambda n, snapshots: hydro_budget.add_constraints(n, snapshots, cfg.hydro),
        lambda n, snapshots: compute_deferral.add_constraints(n, snapshots, cfg.compute),
        lambda n, snapshots: water_use.add_constraints(n, snapshots, cfg.water),
        lambda n, snapshots: base_renewable_share.add_constraints(n, snapshots, cfg.transmission.base_renewable_share),
        equal_capacity.add_constraints,
        lambda n, snapshots: policy.add_constraints(n, snapshots, cfg.policy, cfg.regions.focus),
    ]


def solve(n: pypsa.Network, solver: SolverConfig, log_path: Path | None = None, constraints: Sequence[Constraint] = ()) -> pypsa.Network:
    """Optimise in place; raise SolveError with status and condition unless optimal.

    constraints: functions (n, snapshots) adding linopy constraints to n.model before solving.
    With solver.bounds_as_variables, PyPSA's single-variable limit rows become variable bounds after
    all of them (some edit those rows' rhs), see network.model.bounds.
    """

    def extra_functionality(n: pypsa.Network, snapshots: pd.Index) -> None:
        for add in constraints:
            add(n, snapshots)
        if solver.bounds_as_variables:
            rows = n.model.ncons
            removed = rows_to_bounds(n.model)
            logger.info("bounds as variable bounds: %d of %d rows removed (%s)", rows - n.model.ncons, rows, ", ".join(removed))

    import linopy

    if solver.name not in linopy.available_solvers:
        raise SolveError(f"solver.name: {solver.name!r} is not installed; available: {linopy.available_solvers}")
    options = dict(solver.options)
    if log_path is not None and solver.name == "highs":
        options.setdefault("log_file", str(log_path))
    problem = _optimize(n, solver, options, extra_functionality)
    if problem and solver.retry_options:
        options = {**options, **solver.retry_options}
        logger.warning("%s; solving again with %s", problem, solver.retry_options)
        problem = _optimize(n, solver, options, extra_functionality)
    if problem:
        raise SolveError(problem)
    return n


def _optimize(n: pypsa.Network, solver: SolverConfig, options: dict, extra_functionality: Callable) -> str | None:
    """One optimisation with `options`: SolveError unless optimal; the residual check's problem (None: none, or no check)."""
    status, condition = n.optimize(
        solver_name=solver.name, solver_options=options, assign_all_duals=False,
        include_objective_constant=False, extra_functionality=extra_functionality, io_api=solver.io_api,
    )  # fmt: skip
    if status != "ok" or condition != "optimal":
        infeasible = "infeasible" in str(condition)  # linopy's infeasible and infeasible_or_unbounded
        returned = f"solver {solver.name!r} returned status={status!r}, condition={condition!r}"
        hint = f" ({infeasibility_hint(n)})" if infeasible else ""
        raise SolveError(f"{returned}{hint}; no result written", infeasible, f"{returned}; no result written")
    logger.info("objective %.4e CNY", n.objective)
    if solver.residual_tolerance is None:
        return None
    residuals = kkt_residuals(n.model)
    logger.info(
        "relative KKT residuals: primal %.2g (at %s), dual %.2g, gap %.2g", residuals.primal, residuals.worst_row, residuals.dual, residuals.gap
    )
    n.meta = {**(n.meta or {}), "residuals": residuals.as_dict()}
    return residual_problem(residuals, solver.residual_tolerance, f"solver {solver.name!r} {options.get('solver', '')}".strip())


def infeasibility_hint(n: pypsa.Network) -> str:
    """What can make this network infeasible, from its components: must-run output, hard water caps."""
    causes = []
    g = n.generators
    if (n.get_switchable_as_dense("Generator", "p_min_pu") > 0).to_numpy().any():
        causes.append("minimum output of coal/gas/CHP (operation.*_min_pu, chp_must_run_pu) against demand and exchange")
    if "e_sum_max" in g:
        capped = g.index[(g.carrier == "fresh water") & np.isfinite(g.e_sum_max.astype(float))]
        if len(capped) and not (g.carrier == "water overdraft").any():
            causes.append(f"hard fresh-water caps in {len(capped)} province(s) with no overdraft "
                          "(water.overdraft_penalty_cny_per_m3 is null): the power plants' cooling water must fit under "
                          "each cap; set a penalty or raise water.cap_scale")  # fmt: skip
    return "the scenario is infeasible: check " + "; ".join(causes or ["capacities against demand"])


def write_network(n: pypsa.Network, path: Path) -> None:
    """Write a netCDF atomically (temporary file, then rename) so no half-written file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    n.export_to_netcdf(tmp)
    tmp.replace(path)
