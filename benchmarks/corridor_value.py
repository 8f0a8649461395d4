"""The value of a candidate line, two ways, on a real planning run: the dual of its rating in the sizing LP (what the
pipeline records, network/model/capacity_value.py) against the saving of re-sizing with its rating raised by DELTA MW.

Usage: python benchmarks/corridor_value.py --network runs/2030-plan/network.nc --config runs/2030-plan/config.yaml
           --line Kubuqi-Shanghai [--deltas 10 100] [--solver simplex]
Prints one JSON line per sizing solve and one with the dual (CNY/MW/a) and the saving per MW of each delta.
Measured (2030-plan at 24 h, every 14th day + extreme days, HiGHS 1.15.1, 1 thread): dual simplex: dual 720,535
CNY/MW/a, re-sizing +10 MW saves 720,535 per MW, +100 MW 720,416 per MW; HiPO without crossover (default tolerances):
dual 720,749 (0.03 % off), its objective 4.5e-6 above the simplex optimum (P-D objective error 2.7e-6), too coarse to
measure a 10 MW change by re-sizing.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pypsa

from network.config import load_run_config
from network.config.solver import SolverConfig
from network.model.capacity_value import capacity_bound_values
from network.model.sizing import sizing_network
from network.model.solve import scenario_constraints, solve


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--network", required=True, help="runs/<run>/network.nc (built, not solved)")
    p.add_argument("--config", required=True, help="runs/<run>/config.yaml")
    p.add_argument("--line", required=True, help="a candidate line (column uhv_line)")
    p.add_argument("--deltas", nargs="+", type=float, default=[10.0, 100.0], help="MW added to the line's rating")
    p.add_argument("--solver", default="simplex", help="HiGHS 'solver' option of the sizing solves (simplex: exact)")
    a = p.parse_args()
    cfg = load_run_config(Path(a.config))
    solver = SolverConfig(options={"threads": 1, "random_seed": 0, "solver": a.solver, **({"run_crossover": "off"} if a.solver != "simplex" else {})})
    plan = cfg.planning
    objective, dual = {}, float("nan")
    for delta in (0.0, *a.deltas):
        n = pypsa.Network(a.network)
        links = n.links.index[n.links.get("uhv_line") == a.line]
        if links.empty or not n.links.loc[links, "p_nom_extendable"].all():
            raise SystemExit(f"{a.line!r} is not a candidate line of {a.network}")
        n.links.loc[links, "p_nom_max"] += delta
        sized = sizing_network(n, plan.sizing_resolution_hours, plan.sizing_day_stride, plan.sizing_extreme_days)
        start = time.time()
        solve(sized, solver, None, scenario_constraints(cfg))
        objective[delta] = sized.objective
        if delta == 0.0:
            dual = float(capacity_bound_values(sized)["Link"].reindex(links).sum())
        print(json.dumps({"delta_mw": delta, "objective_cny": sized.objective, "wall_s": round(time.time() - start, 1)}), flush=True)
    saving = {f"saving_per_mw_{d:g}": (objective[0.0] - objective[d]) / d for d in a.deltas}
    print(json.dumps({"line": a.line, "solver": a.solver, "dual_cny_per_mw": dual, **saving}))


if __name__ == "__main__":
    main()
