"""Build and solve a run at full-year hourly resolution; print build time, solve time, peak memory, LP size.

Usage: python benchmarks/full_year.py [--run base-2023] [--resolution 1] [--no-bounds] [--solver-option key=value ...]
Prints one tidy table (measure, value, unit) and writes it to benchmarks/results/full_year_<run>_<h>h.csv.
Run it from the repository root after `snakemake -c all --until build_inputs` (or any run) built resources/.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import pandas as pd

from network.config import SolverConfig, load_run_config
from network.data.inputs import load_build_inputs
from network.data.prepare import build_inputs
from network.model.build import build_network
from network.model.solve import scenario_constraints, solve


def peak_rss_gb() -> float:
    """Peak resident memory of this process so far (GB; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def parse_option(text: str):
    key, raw = text.split("=", 1)
    for cast in (int, float):
        try:
            return key, cast(raw)
        except ValueError:
            pass
    return key, {"true": True, "false": False}.get(raw.lower(), raw)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--run", default="base-2023")
    p.add_argument("--resolution", type=int, default=1, help="hours per snapshot")
    p.add_argument("--io-api", choices=["lp", "mps", "direct"], help="override solver.io_api")
    p.add_argument("--solver-option", action="append", default=[], help="HiGHS option key=value (repeatable)")
    p.add_argument("--no-bounds", action="store_true", help="keep PyPSA's single-variable limit rows (solver.bounds_as_variables: false)")
    a = p.parse_args()

    root = Path(__file__).resolve().parents[1]
    profiles, provinces = root / "resources/profiles.nc", root / "resources/provinces.csv"
    if not profiles.exists():
        build_inputs(root / "inputs", profiles, provinces)
    cfg = load_run_config(root / "config.yaml", root / "runs" / f"{a.run}.yaml")
    cfg = cfg.model_copy(update={"time": cfg.time.model_copy(update={"resolution_hours": a.resolution})})
    options = {**cfg.solver.options, **dict(parse_option(o) for o in a.solver_option)}

    t0 = time.perf_counter()
    n = build_network(cfg, load_build_inputs(root / "inputs", profiles, provinces, cfg))
    t_build = time.perf_counter() - t0
    mem_build = peak_rss_gb()

    t0 = time.perf_counter()
    io_api = a.io_api or cfg.solver.io_api
    solver = SolverConfig(name=cfg.solver.name, options=options, io_api=io_api, bounds_as_variables=not a.no_bounds)
    solve(n, solver, constraints=scenario_constraints(cfg))
    t_solve = time.perf_counter() - t0
    model = n.model
    rows = [
        ("run", a.run, ""), ("resolution", a.resolution, "h"), ("snapshots", len(n.snapshots), ""),
        ("build_time", round(t_build, 1), "s"), ("solve_time", round(t_solve, 1), "s"),
        ("peak_memory_after_build", round(mem_build, 2), "GB"), ("peak_memory", round(peak_rss_gb(), 2), "GB"),
        ("lp_variables", int(model.nvars), ""), ("lp_constraints", int(model.ncons), ""),
        ("objective", f"{n.objective:.6e}", "CNY"), ("io_api", io_api, ""), ("solver_options", repr(options), ""),
        ("bounds_as_variables", solver.bounds_as_variables, ""),
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=["measure", "value", "unit"])
    print(table.to_string(index=False))
    out = root / "benchmarks" / "results" / f"full_year_{a.run}_{a.resolution}h_{io_api}{'_rows' if a.no_bounds else ''}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)


if __name__ == "__main__":
    main()
