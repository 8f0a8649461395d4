"""Single-variable constraint rows as variable bounds: a smaller LP with the same optimum.

PyPSA writes every dispatch limit of a non-extendable asset (`p_min_pu`/`p_max_pu` x `p_nom`,
`e_min_pu`/`e_max_pu` x `e_nom`, ...) as its own constraint row, `<Component>-fix-<attr>-lower/upper`;
in the 3-hourly base LP they are 3.50 M of the 3.92 M rows. A row `a x <= b` with one variable is
the bound `x <= b / a`: solvers keep bounds outside the constraint matrix, so the LP needs less
memory and presolve less time, and the optimum (primal and the duals of all other rows) is the
same. The rows are converted after every custom constraint is added, because some edit them
(hydro budgets set the rhs of `Generator-fix-p-upper` to peak_pu x p_nom).

The shadow prices of the removed rows (PyPSA's `mu_upper`/`mu_lower` of those components) are no
longer assigned; nothing in `network.analysis` reads them ("hours at limit" compares flows with
capacity x p_max_pu).
"""

from __future__ import annotations

import logging
import re

import linopy
import numpy as np

logger = logging.getLogger(__name__)

FIXED_LIMIT = re.compile(r"^(?P<component>[A-Za-z]+)-fix-(?P<attr>[a-z_]+)-(?P<side>lower|upper)$")


def _single_variable_rows(con: linopy.constraints.Constraint) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """(variable labels, coefficients, rhs, sign) of the active rows if each has exactly one term, else None."""
    labels = con.labels.values.ravel()
    vars_ = con.vars.transpose(*con.labels.dims, "_term").values.reshape(labels.size, -1)
    coeffs = con.coeffs.transpose(*con.labels.dims, "_term").values.reshape(labels.size, -1)
    rhs = con.rhs.broadcast_like(con.labels).transpose(*con.labels.dims).values.ravel()
    sign = con.sign.broadcast_like(con.labels).transpose(*con.labels.dims).values.ravel()
    active = labels != -1
    valid = (vars_ != -1) & (coeffs != 0)
    if not (valid[active].sum(axis=1) == 1).all():
        return None
    column = valid[active].argmax(axis=1)
    rows = np.flatnonzero(active)
    return vars_[rows, column], coeffs[rows, column], rhs[rows], sign[rows]


def fixed_limit_rows(m: linopy.Model) -> list[str]:
    """Names of PyPSA's fixed-asset limit rows in the model (`<Component>-fix-<attr>-lower/upper`)."""
    return [
        name
        for name in m.constraints
        if FIXED_LIMIT.match(name) and f"{FIXED_LIMIT.match(name)['component']}-{FIXED_LIMIT.match(name)['attr']}" in m.variables
    ]


def rows_to_bounds(m: linopy.Model, names: list[str] | None = None) -> list[str]:
    """Turn single-variable rows into bounds of their variable and remove the rows; return the names removed.

    names: the constraints to convert (default: every `<Component>-fix-<attr>-lower/upper` row). A
    constraint with any row of more than one term (e.g. with maintenance or passive-branch losses) is
    kept as it is; so are the rows of a variable whose new bounds would cross (lower > upper), so the
    solver still reports that infeasibility."""
    by_variable: dict[str, list[str]] = {}
    for name in fixed_limit_rows(m) if names is None else names:
        match = FIXED_LIMIT.match(name)
        by_variable.setdefault(f"{match['component']}-{match['attr']}", []).append(name)
    removed = []
    for var_name, con_names in by_variable.items():
        var = m.variables[var_name]
        start = var.range[0]
        dims = var.labels.dims
        old_lower, old_upper = var.lower.broadcast_like(var.labels).transpose(*dims), var.upper.broadcast_like(var.labels).transpose(*dims)
        lower, upper = old_lower.values.astype(float).ravel().copy(), old_upper.values.astype(float).ravel().copy()
        converted = []
        for name in con_names:
            rows = _single_variable_rows(m.constraints[name])
            if rows is None:
                logger.info("%s: kept as rows (some rows have more than one term)", name)
                continue
            labels, coeffs, rhs, sign = rows
            pos = labels - start
            bound = rhs / coeffs
            is_upper = ((sign == "<=") & (coeffs > 0)) | ((sign == ">=") & (coeffs < 0)) | (sign == "=")
            is_lower = ((sign == ">=") & (coeffs > 0)) | ((sign == "<=") & (coeffs < 0)) | (sign == "=")
            np.minimum.at(upper, pos[is_upper], bound[is_upper])
            np.maximum.at(lower, pos[is_lower], bound[is_lower])
            converted.append(name)
        if not converted:
            continue
        if (lower > upper + 1e-9 * np.maximum(1.0, np.abs(upper))).any():
            logger.warning("%s: bounds from %s cross (infeasible); kept as rows", var_name, converted)
            continue
        shape = var.labels.shape
        new = {"lower": old_lower.copy(data=lower.reshape(shape)), "upper": old_upper.copy(data=np.maximum(upper, lower).reshape(shape))}
        if hasattr(var, "update"):
            var.update(**new)
        else:  # linopy < 0.10
            var.lower, var.upper = new["lower"], new["upper"]
        m.remove_constraints(converted)
        removed += converted
    return removed
