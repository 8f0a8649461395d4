"""Planning LPs: build, sizing and exact-dispatch time, peak memory and LP size per sizing method, side by side.

Usage: python benchmarks/planning.py [--run 2030-plan] [--hours 3] [--variants stride7-pdlp stride4-pdlp ...]
Each variant builds the run at --hours, sizes it (planning.sizing_*) and dispatches the sized system exactly at
--hours (HiGHS dual simplex, capacities fixed), in its own process (so peak memory is its own), one after the other.
Variants (sizing step):
  stride7-pdlp   every 7th day + extreme days (the default), HiGHS PDLP {solver: pdlp, kkt_tolerance: 1e-4}
  stride7-simplex  the same sample, HiGHS dual simplex: exact (the reference for PDLP's error on the sample)
  stride4-pdlp   every 4th day + extreme days, PDLP (the reference for the sampling error)
  stride7-ipm    every 7th day + extreme days, HiGHS IPX without crossover
  full-pdlp      every snapshot, PDLP
  6h-pdlp        6-hourly, every snapshot, PDLP
Prints and writes benchmarks/results/planning_<run>_<hours>h.csv: variant, build_s, sizing_s, dispatch_s, peak_gb,
sizing rows/cols/nonzeros, sizing nodal residual (MW), total system cost of the exactly dispatched sized system
(bn CNY/a) and its difference to the first variant (the reference), unserved energy (TWh), wind/solar curtailment,
built GW by option.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import pandas as pd
from variants import build_run, run_each

PDLP = {"solver": "pdlp", "kkt_tolerance": 1e-4}
IPM = {"solver": "ipm", "run_crossover": "off"}
VARIANTS = {
    "stride7-simplex": (None, 7, {}),
    "full-pdlp": (None, 1, PDLP),
    "stride4-pdlp": (None, 4, PDLP),
    "stride7-pdlp": (None, 7, PDLP),
    "stride7-ipm": (None, 7, IPM),
    "6h-pdlp": (6, 1, PDLP),
}


def one(variant: str, run: str, hours: int) -> dict:
    """Build, size, fix and dispatch in this process; return the measures."""
    from network.analysis.metrics.summary import summarize, value
    from network.config import load_run_config
    from network.config.solver import SolverConfig
    from network.config.time import TimeConfig
    from network.model import sizing
    from network.model.solve import solve

    resolution, stride, options = VARIANTS[variant]
    cfg = load_run_config(Path("config.yaml"), Path(f"runs/{run}.yaml"))
    solver = SolverConfig(options={"threads": 2, "random_seed": 0, **options})
    plan_cfg = cfg.planning.model_copy(update={"sizing_resolution_hours": resolution, "sizing_day_stride": stride, "sizing_solver": solver})
    cfg = cfg.model_copy(update={"time": TimeConfig(resolution_hours=hours), "planning": plan_cfg})
    t0 = time.perf_counter()
    n = build_run(cfg)
    build_s = time.perf_counter() - t0
    times: dict[str, float] = {}
    sizes: dict[str, int] = {}

    def timed(net, solver_cfg, log_path=None, constraints=()):  # records the two solves of sizing.plan
        key = "sizing" if "sizing" not in times else "dispatch"
        t = time.perf_counter()
        out = solve(net, solver_cfg, log_path, constraints)
        times[key] = time.perf_counter() - t
        if key == "sizing":
            sizes.update(rows=int(net.model.ncons), cols=int(net.model.nvars), nonzeros=int(net.model.matrices.A.nnz))
        return out

    sizing.solve = timed
    sizing.plan(n, cfg)
    m = summarize(n, cfg.regions.focus)
    built = m[(m.metric == "built_capacity") & (m.scope == "national") & (m.carrier != "")].set_index("carrier")["value"]
    return {"variant": variant, "build_s": round(build_s, 1), "sizing_s": round(times["sizing"], 1), "dispatch_s": round(times["dispatch"], 1),
            "peak_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2), **sizes,
            "sizing_snapshots": int(n.meta["sizing"].get("snapshots", 0)), "nodal_residual_mw": n.meta["sizing"]["nodal_residual_mw"],
            "total_system_cost_bn": value(m, "total_system_cost"), "unserved_twh": value(m, "unserved_energy"),
            "curtailment_onwind": value(m, "curtailment_rate", carrier="onwind"), "curtailment_solar": value(m, "curtailment_rate", carrier="solar"),
            "self_sufficiency_east": value(m, "self_sufficiency_focus_region", cfg.regions.focus),
            **{f"built_gw_{k}": round(v, 1) for k, v in built.items()}}  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", default="2030-plan")
    p.add_argument("--hours", type=int, default=3)
    p.add_argument("--variants", nargs="+", default=["stride7-pdlp", "stride4-pdlp"], choices=list(VARIANTS))
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
    out = Path("benchmarks/results") / f"planning_{a.run}_{a.hours}h.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
