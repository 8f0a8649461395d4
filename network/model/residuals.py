"""KKT residuals of a solved linopy model, computed from the solution written back (not taken on the solver's word).

An interior-point solve without crossover (HiGHS HiPO) or a first-order method (PDLP) returns a solution that meets the
optimality conditions only to a tolerance, and a solver can call a solution optimal while it violates constraints
(reported upstream for HiPO). `kkt_residuals` measures, on the LP as linopy hands it to the solver (min c'x, A x ~ b,
lb <= x <= ub), with y the row duals and z = c - A'y the reduced costs:

- primal: the largest violation of a row or a variable bound, relative to 1 + |rhs| (or 1 + |bound|);
- dual: the largest sign violation of a reduced cost (z >= 0 where only a lower bound holds, z <= 0 where only an
  upper bound holds, z = 0 for a free variable) or of a row dual (y >= 0 on >= rows, y <= 0 on <= rows), relative to
  1 + max |c| (the LP's cost scale: a violation of 1e-5 CNY/MW on a variable that costs nothing is no error, and an
  interior-point solution leaves such; measured on the 2030 sizing LP, relative to 1 + |c| per column it was 1.3e-5);
- gap: |primal objective - dual objective| / (1 + |primal objective|), dual objective = b'y + lb'z+ + ub'z-.

`residual_problem` says in one line which exceeds `tolerance` (network.model.solve raises it as a SolveError).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Residuals:
    """Largest relative KKT residuals (dimensionless) and where the primal one sits."""

    primal: float
    dual: float
    gap: float
    worst_row: str  # the constraint (or variable bound) of the largest primal residual

    def as_dict(self) -> dict[str, float | str]:
        return {"primal": self.primal, "dual": self.dual, "gap": self.gap, "worst_row": self.worst_row}


def _row_name(model, position: int, rows: bool) -> str:
    labels = model.matrices.clabels if rows else model.matrices.vlabels
    container = model.constraints if rows else model.variables
    try:
        return str(container.get_label_position(int(labels[position]))[0])
    except Exception:  # a label the container cannot place: still say which kind
        return "row" if rows else "bound"


def kkt_residuals(model) -> Residuals:
    """Residuals of the solved linopy `model` (see module docstring); sign of y as linopy returns it (HiGHS: c - A'y = z)."""
    mat = model.matrices
    x, y = mat.sol, np.nan_to_num(mat.dual)
    A, b, sense, c, lb, ub = mat.A, mat.b, mat.sense, mat.c, mat.lb, mat.ub
    ax = A @ x if A is not None else np.zeros(0)
    slack = ax - b
    row_viol = np.where(sense == "=", np.abs(slack), np.where(sense == "<", np.maximum(slack, 0), np.maximum(-slack, 0)))
    row_rel = row_viol / (1 + np.abs(b)) if row_viol.size else np.zeros(0)
    with np.errstate(invalid="ignore"):
        bound_viol = np.maximum(np.nan_to_num(lb - x, nan=0, neginf=0), np.nan_to_num(x - ub, nan=0, neginf=0)).clip(min=0)
        bound_rel = bound_viol / (1 + np.minimum(np.abs(np.where(np.isfinite(lb), lb, 0)), np.abs(np.where(np.isfinite(ub), ub, 0))))
    z = c - (A.T @ y if A is not None else 0)
    has_lb, has_ub = np.isfinite(lb), np.isfinite(ub)
    dual_viol = np.where(has_lb & has_ub, 0.0, np.where(has_lb, np.maximum(-z, 0), np.where(has_ub, np.maximum(z, 0), np.abs(z))))
    row_sign = np.where(sense == ">", np.maximum(-y, 0), np.where(sense == "<", np.maximum(y, 0), 0.0))  # y >= 0 on >= rows, <= 0 on <=
    dual_rel = np.concatenate([dual_viol, row_sign]) / (1 + (np.abs(c).max() if c.size else 0.0))
    primal_obj = float(c @ x)
    dual_obj = float(b @ y) + float(np.where(has_lb, lb, 0) @ np.maximum(z, 0)) + float(np.where(has_ub, ub, 0) @ np.minimum(z, 0))
    gap = abs(primal_obj - dual_obj) / (1 + abs(primal_obj))
    worst_row, worst_bound = (float(row_rel.max()) if row_rel.size else 0.0), (float(bound_rel.max()) if bound_rel.size else 0.0)
    if worst_row >= worst_bound:
        where = _row_name(model, int(row_rel.argmax()), rows=True) if row_rel.size else ""
    else:
        where = _row_name(model, int(bound_rel.argmax()), rows=False) + " (bound)"
    return Residuals(max(worst_row, worst_bound), float(dual_rel.max()) if dual_rel.size else 0.0, gap, where)


def residual_problem(residuals: Residuals, tolerance: float, what: str) -> str | None:
    """One line naming the residuals of `what` that exceed tolerance; None when all are within it."""
    worst = {"primal": residuals.primal, "dual": residuals.dual, "duality gap": residuals.gap}
    bad = {k: v for k, v in worst.items() if not v <= tolerance}
    if not bad:
        return None
    detail = ", ".join(f"{k} {v:.2g}" for k, v in bad.items())
    return (f"{what}: the solver called the solution optimal but its relative KKT residuals exceed {tolerance:g} ({detail}; "
            f"largest primal at {residuals.worst_row}); no result written (an approximate solver such as PDLP needs a larger "
            "solver.residual_tolerance)"
    )  # fmt: skip
