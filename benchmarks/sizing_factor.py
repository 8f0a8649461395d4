"""What HiPO's factorisation of a planning sizing LP costs, without solving it, and what in the LP makes it cost that.

Usage: python benchmarks/sizing_factor.py [--run 2030-plan] [--hours 3] [--stride 42 --block 7] [--variants default ...]
Each variant runs in its own process, one after the other: the process builds the sizing LP as benchmarks/
planning_solvers.py does (the LP plan() solves first), changes it as the variant says, and hands it to the run's own
sizing solver (planning.sizing_solver) with `ipm_iteration_limit 0` and `log_dev_level 3`, so HiGHS presolves it and
HiPO orders and analyses its Newton system, then stops. Read from HiPO's report: the presolved LP's rows and columns,
the ordering kept, the factor's nonzeros and flops, the critical path's flops (work no second thread can share), the
largest front, and the analysis time. HiPO factorises this system in every iteration; its flops are the
same from run to run, the times are not. A variant that fixes a class of components keeps their capacities at what the
network has (a different LP: a measure of what their expansion costs the factor, not a formulation to use).
Writes benchmarks/results/sizing_factor_<run>_<hours>h_stride<k>_block<b>.csv.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile

import pandas as pd
from planning_solvers import add_lp_arguments, lp_arguments, sizing_lp_network
from variants import run_each, write_table

# variant: (component classes made non-extendable, constraint groups left out, HiPO ordering or None for the run's)
VARIANTS = {
    "default": ((), (), None),
    "amd": ((), (), "amd"),
    "metis": ((), (), "metis"),
    "links-fixed": (("links",), (), None),
    "generators-fixed": (("generators",), (), None),
    "storage-fixed": (("storage_units",), (), None),
    "no-curtailment-rows": ((), ("GlobalConstraint-curtailment_max",), None),
    "no-hydro-budgets": ((), ("Generator-hydro-budget",), None),
}
# HiGHS presolves, HiPO orders and analyses its Newton system and stops; its report goes to the console
PROBE = {"ipm_iteration_limit": 0, "log_dev_level": 3, "output_flag": True, "log_to_console": True}
REPORT = {  # HiPO's report line -> column
    "Rows": "rows_presolved",
    "Cols": "cols_with_slacks",
    "Ordering": "ordering",
    "Nnz": "factor_nnz",
    "Flops": "flops",
    "Critical ops": "critical_flops",
    "Max tree speedup": "max_tree_speedup",
    "Largest front": "largest_front",
    "Analyse time": "analyse_s",
}


def hipo_report(text: str) -> dict:
    """The REPORT lines of HiPO's console output, as numbers where they are."""
    out = {}
    for key, column in REPORT.items():
        found = re.search(rf"^{re.escape(key)}:\s+(\S+)", text, flags=re.MULTILINE)
        if found:
            value = found.group(1)
            out[column] = value if column == "ordering" else float(value)
    return out


def one(variant: str, run: str, hours: int, stride: int, block: int) -> dict:
    from network.model.solve import SolveError, scenario_constraints, solve

    fixed, dropped, ordering = VARIANTS[variant]
    cfg, sized = sizing_lp_network(run, hours, stride, block)
    for component in fixed:
        getattr(sized, component)["p_nom_extendable"] = False

    def drop(n, snapshots):
        for name in [c for c in n.model.constraints if c.startswith(dropped)] if dropped else []:
            n.model.remove_constraints(name)

    base = cfg.planning.sizing_solver or cfg.solver
    probe = {**base.options, **PROBE, **({"hipo_ordering": ordering} if ordering else {})}
    solver = base.model_copy(update={"options": probe, "residual_tolerance": None, "retry_options": None})
    with tempfile.TemporaryFile(mode="w+") as console:  # HiPO writes its report to the console (fd 1), not to the log file
        saved = os.dup(1)
        os.dup2(console.fileno(), 1)
        try:
            solve(sized, solver, None, [*scenario_constraints(cfg), drop])
        except SolveError:  # stopped at the iteration limit, as asked
            pass
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        console.seek(0)
        report = hipo_report(console.read())
    return {"variant": variant, "snapshots": len(sized.snapshots), **report}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_lp_arguments(p)
    p.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    p.add_argument("--one", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        print(json.dumps(one(a.one, a.run, a.hours, a.stride, a.block)))
        return
    stride, block, args = lp_arguments(a)
    table = pd.DataFrame(list(run_each(__file__, args, a.variants)))
    if not table.empty and "default" in set(table.variant):
        table["flops_rel_to_default"] = table["flops"] / table.set_index("variant").loc["default", "flops"]
    write_table(table, f"sizing_factor_{a.run}_{a.hours}h_stride{stride}_block{block}")


if __name__ == "__main__":
    main()
