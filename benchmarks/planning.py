"""The whole planning step of a run (sizing, exact dispatch, adequacy re-sizings) per sizing method, side by side.

Usage: python benchmarks/planning.py [--run 2030-plan] [--hours 3] [--variants default days-7 ...]
Each variant builds the run at --hours and plans it (network.model.sizing.plan: size on the sample, dispatch the sized
system exactly on the whole year, size again with the days that shed until adequate), in its own process (so peak
memory is its own), one after the other. Variants (what they change in the run's `planning:` section):
  default      the run's own sample and sizing solver (for 2030-plan: a week every 6 weeks at 3 h, HiPO)
  days-7       every 7th day plus the extreme days (the default until 2026-12-04)
  weeks-4-6h   a week every 4 weeks at 6 h (sizes in under 3 minutes; docs/planning.md)
  ipx          the run's sample, HiGHS IPX without crossover (exact, slower)
  pdlp         the run's sample, HiGHS PDLP {kkt_tolerance: 1e-4}, no residual check (approximate)
Prints and writes benchmarks/results/planning_<run>_<hours>h.csv: variant, build_s, sizing_s and dispatch_s (summed over
the adequacy loop's solves), sizings, peak_gb, rows/cols of the first sizing LP, its largest nodal residual (MW), total
system cost of the dispatched plan (bn CNY/a) and its difference to the first variant, unserved energy (TWh),
curtailment, eastern self-sufficiency, built GW by option.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import pandas as pd
from variants import build_run, run_each, with_planning, write_table

PDLP = {"solver": "pdlp", "kkt_tolerance": 1e-4}
IPX = {"solver": "ipx", "run_crossover": "off"}
VARIANTS = {  # planning keys changed; "solver_options": the sizing solver's options (with the default threads and seed)
    "default": {},
    "days-7": {"sizing_day_stride": 7, "sizing_block_days": 1},
    "weeks-4-6h": {"sizing_resolution_hours": 6, "sizing_day_stride": 28, "sizing_block_days": 7},
    "ipx": {"solver_options": IPX},
    "pdlp": {"solver_options": PDLP, "residual_tolerance": None},
}


def variant_config(cfg, variant: str):
    """cfg with the planning section of `variant`, validated (variants.with_planning)."""
    from network.config.solver import DEFAULT_OPTIONS

    change = dict(VARIANTS[variant])
    solver = cfg.planning.sizing_solver.model_dump()
    if "solver_options" in change:
        solver.update(options={**DEFAULT_OPTIONS["highs"], **change.pop("solver_options")}, retry_options=None)
    if "residual_tolerance" in change:
        solver["residual_tolerance"] = change.pop("residual_tolerance")
    return with_planning(cfg, **change, sizing_solver=solver)


def one(variant: str, run: str, hours: int) -> dict:
    """Build and plan in this process; return the measures."""
    from network.analysis.metrics.summary import summarize, value
    from network.config import load_run_config
    from network.config.time import TimeConfig
    from network.model import sizing
    from network.model.solve import solve

    cfg = load_run_config(Path("config.yaml"), Path(f"runs/{run}.yaml"))
    cfg = variant_config(cfg.model_copy(update={"time": TimeConfig(resolution_hours=hours)}), variant)
    t0 = time.perf_counter()
    n = build_run(cfg)
    build_s = time.perf_counter() - t0
    times = {"sizing": 0.0, "dispatch": 0.0}
    sizes: dict[str, int] = {}

    def timed(net, solver_cfg, log_path=None, constraints=()):  # the sizing LPs have extendable components, dispatch LPs none
        key = "sizing" if net.generators.p_nom_extendable.any() else "dispatch"
        t = time.perf_counter()
        out = solve(net, solver_cfg, log_path, constraints)
        times[key] += time.perf_counter() - t
        if key == "sizing" and not sizes:
            sizes.update(rows=int(net.model.ncons), cols=int(net.model.nvars))
        return out

    sizing.solve = timed
    n = sizing.plan(n, cfg)
    record = n.meta["sizing"]
    m = summarize(n, cfg.regions.focus)
    built = m[(m.metric == "built_capacity") & (m.scope == "national") & (m.carrier != "")].set_index("carrier")["value"]
    return {"variant": variant, "build_s": round(build_s, 1), "sizing_s": round(times["sizing"], 1), "dispatch_s": round(times["dispatch"], 1),
            "sizings": record["adequacy_iterations"] + 1, "peak_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2),
            **sizes, "sizing_snapshots": int(record["snapshots"]), "nodal_residual_mw": record["nodal_residual_mw"],
            "total_system_cost_bn": value(m, "total_system_cost"), "unserved_twh": value(m, "unserved_energy"),
            "curtailment_onwind": value(m, "curtailment_rate", carrier="onwind"), "curtailment_solar": value(m, "curtailment_rate", carrier="solar"),
            "self_sufficiency_east": value(m, "self_sufficiency_focus_region", cfg.regions.focus),
            **{f"built_gw_{k}": round(v, 1) for k, v in built.items()}}  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", default="2030-plan")
    p.add_argument("--hours", type=int, default=3)
    p.add_argument("--variants", nargs="+", default=["default", "days-7"], choices=list(VARIANTS))
    p.add_argument("--one", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        print(json.dumps(one(a.one, a.run, a.hours)))
        return
    results = list(run_each(__file__, ["--run", a.run, "--hours", str(a.hours)], a.variants))
    table = pd.DataFrame(results)
    if not table.empty:
        reference = table["total_system_cost_bn"].iloc[0]
        table["cost_diff_to_first"] = (table["total_system_cost_bn"] - reference) / reference
    write_table(table, f"planning_{a.run}_{a.hours}h")


if __name__ == "__main__":
    main()
