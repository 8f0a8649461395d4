"""Solvers side by side on one and the same planning sizing LP: wall time, peak memory, objective, KKT residuals.

Usage: python benchmarks/planning_solvers.py [--run 2030-plan] [--hours 3] [--solvers hipo pdlp ...] [--stride 7 --block 1] [--time-limit S]
[--shedding] [--repeat N]
Each solver runs in its own process, one after the other (so peak memory is its own; with --repeat the list is run N
times in turn and the medians are printed): the process builds the run at
--hours, takes the sizing sample of the run's planning section (or --stride / --block: a block of --block days every
--stride-th day, plus the extreme days), adds the scenario's constraints and solves that LP. Measured: wall time of the solve, the process's peak memory and its growth
during the solve (GB), objective (CNY/a), the relative KKT residuals of the solution written back (primal, dual, duality
gap; network/model/residuals.py, not the solver's own report), and LP size. Also printed once: the constraints and
variables that carry the LP's largest right-hand sides and costs (HiGHS warns about their range).
Writes every solve to benchmarks/results/planning_solvers_<run>_<hours>h_stride<k>_block<b>[_shedding].csv.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd
from variants import build_run, run_each, write_table

BASE = {"threads": 2, "random_seed": 0}
SOLVERS = {
    "hipo": {"solver": "hipo", "run_crossover": "off"},  # HiPO's own choice of Newton system
    "hipo-augmented": {"solver": "hipo", "run_crossover": "off", "hipo_system": "augmented"},  # the default of planning.sizing_solver
    # costs x 2^-1 and bounds x 2^-10, as HiGHS advises for the 2030 sizing LP: faster there, not the default (docs/speed.md)
    "hipo-augmented-scaled": {
        "solver": "hipo",
        "run_crossover": "off",
        "hipo_system": "augmented",
        "user_objective_scale": -1,
        "user_bound_scale": -10,
    },
    # the default on one thread: HiPO's elimination tree on these LPs is nearly a chain (benchmarks/sizing_factor.py)
    "hipo-augmented-1-thread": {"solver": "hipo", "run_crossover": "off", "hipo_system": "augmented", "threads": 1},
    "hipo-normaleq": {"solver": "hipo", "run_crossover": "off", "hipo_system": "normaleq"},
    "hipo-augmented-amd": {"solver": "hipo", "run_crossover": "off", "hipo_system": "augmented", "hipo_ordering": "amd"},
    "hipo-scaled": {"solver": "hipo", "run_crossover": "off", "user_objective_scale": -1, "user_bound_scale": -10},  # HiPO's own system
    "ipx": {"solver": "ipx", "run_crossover": "off"},
    "simplex": {"solver": "simplex"},  # dual simplex
    "pdlp": {"solver": "pdlp", "kkt_tolerance": 1e-4},  # approximate
}


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def magnitudes(model) -> dict:
    """The constraint with the largest |rhs| and the variable with the largest |cost| of a linopy model."""
    mat = model.matrices
    row, col = int(np.abs(mat.b).argmax()), int(np.abs(mat.c).argmax())
    return {"max_rhs": float(abs(mat.b[row])), "max_rhs_at": str(model.constraints.get_label_position(int(mat.clabels[row]))[0]),
            "max_cost": float(abs(mat.c[col])), "max_cost_at": str(model.variables.get_label_position(int(mat.vlabels[col]))[0])}  # fmt: skip


def sizing_lp_network(run: str, hours: int, stride: int, block: int, shedding: bool = False):
    """(run config, the network of the run's first sizing LP): the run built at `hours`, its sample of a block of `block`
    days every `stride`-th day plus the extreme days, load shedding closed as plan() closes it (unless the run allows it
    in its sizing) or left open with `shedding` (the LP of issue 23's export)."""
    from network.config import load_run_config
    from network.config.time import TimeConfig
    from network.model.sizing import close_shedding, sizing_network

    cfg = load_run_config(Path("config.yaml"), Path(f"runs/{run}.yaml"))
    cfg = cfg.model_copy(update={"time": TimeConfig(resolution_hours=hours)})
    plan = cfg.planning
    sized = sizing_network(build_run(cfg), plan.sizing_resolution_hours, stride, plan.sizing_extreme_days, block_days=block)
    if not (shedding or plan.sizing_allows_shedding):
        close_shedding(sized)
    return cfg, sized


def one(name: str, run: str, hours: int, stride: int, block: int, shedding: bool, time_limit: float | None = None) -> dict:
    """Build the sizing LP in this process (sizing_lp_network), solve it with solver `name`; return the measures."""
    from network.config.solver import SolverConfig
    from network.model.residuals import kkt_residuals
    from network.model.solve import SolveError, scenario_constraints, solve

    cfg, sized = sizing_lp_network(run, hours, stride, block, shedding)
    limit = {"time_limit": float(time_limit)} if time_limit else {}
    solver = SolverConfig(options={**BASE, **SOLVERS[name], **limit}, residual_tolerance=None)
    before = peak_gb()
    t = time.perf_counter()
    try:
        solve(sized, solver, Path(f"benchmarks/results/planning_solvers_{name}.log"), scenario_constraints(cfg))
        status, r = "optimal", kkt_residuals(sized.model)
    except SolveError as err:  # e.g. stopped at --time-limit: a row of its own, without a solution
        status, r = str(err), None
    wall = time.perf_counter() - t
    solution = (
        {"objective_cny": float(sized.objective), "primal": r.primal, "dual": r.dual, "gap": r.gap, "worst_primal_at": r.worst_row} if r else {}
    )
    return {"solver": name, "status": status, "wall_s": round(wall, 1), "peak_gb": round(peak_gb(), 2), "solve_growth_gb": round(peak_gb() - before, 2),
            **solution, "snapshots": len(sized.snapshots), "rows": int(sized.model.ncons), "cols": int(sized.model.nvars),
            **magnitudes(sized.model)}  # fmt: skip


def add_lp_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments that choose the sizing LP: --run, --hours, --stride, --block."""
    p.add_argument("--run", default="2030-plan")
    p.add_argument("--hours", type=int, default=3)
    p.add_argument("--stride", type=int, help="sizing sample: a block every k-th day plus the extreme days (default: the run's)")
    p.add_argument("--block", type=int, help="consecutive days taken every --stride days (default: the run's)")


def lp_arguments(a: argparse.Namespace) -> tuple[int, int, list[str]]:
    """(stride, block, the arguments of each variant's process): the run's own sample where --stride / --block are not given."""
    from network.config import load_run_config

    plan = load_run_config(Path("config.yaml"), Path(f"runs/{a.run}.yaml")).planning
    stride, block = a.stride or plan.sizing_day_stride, a.block or plan.sizing_block_days
    return stride, block, ["--run", a.run, "--hours", str(a.hours), "--stride", str(stride), "--block", str(block)]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_lp_arguments(p)
    p.add_argument("--shedding", action="store_true", help="leave load shedding open (default: as the run's plan() does)")
    p.add_argument("--solvers", nargs="+", default=["hipo-augmented", "pdlp"], choices=list(SOLVERS))
    p.add_argument("--repeat", type=int, default=1, help="run the list of solvers this many times in turn; medians printed")
    p.add_argument("--time-limit", type=float, help="HiGHS time_limit (s) of every solve; a solve stopped by it is a row without a solution")
    p.add_argument("--one", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        print(json.dumps(one(a.one, a.run, a.hours, a.stride, a.block, a.shedding, a.time_limit)))
        return
    stride, block, args = lp_arguments(a)
    args += ["--shedding"] if a.shedding else []
    args += ["--time-limit", str(a.time_limit)] if a.time_limit else []
    results = list(run_each(__file__, args, a.solvers * a.repeat))
    table = pd.DataFrame(results)
    if "primal" in table and table.primal.notna().any():  # some solve found a solution
        exact = table.loc[table.primal.idxmin(), "objective_cny"]
        table["objective_rel_to_most_feasible"] = (table["objective_cny"] - exact) / exact
    name = f"planning_solvers_{a.run}_{a.hours}h_stride{stride}_block{block}{'_shedding' if a.shedding else ''}"
    write_table(table, name, hidden=("max_rhs_at", "max_cost_at", "worst_primal_at"))
    if a.repeat > 1 and not table.empty:
        medians = table.groupby("solver", sort=False)[["wall_s", "peak_gb", "objective_cny", "primal", "dual"]].median()
        medians["wall_rel_to_first"] = medians["wall_s"] / medians["wall_s"].iloc[0]
        print(f"medians of {a.repeat} solves each:\n{medians.to_string()}")


if __name__ == "__main__":
    main()
