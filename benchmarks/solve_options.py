"""Solve one built network with each solver variant side by side: wall time, peak memory, objective, exactness.

Usage: python benchmarks/solve_options.py [--network runs/base-2023/network.nc] [--config runs/base-2023/config.yaml]
                                          [--variants rows bounds pdlp] [--repeat 1]
Each variant solves in its own process (so peak memory is its own), one after the other:
  rows    PyPSA's LP as it is (solver.bounds_as_variables: false), HiGHS dual simplex: the reference
  bounds  single-variable limit rows as variable bounds (the default)
  pdlp    bounds + HiGHS PDLP, {solver: pdlp, kkt_tolerance: 1e-4} (approximate first-order method)
Prints one table (variant, repeat, wall_s, peak_gb, rows, objective, rel_diff, max_violation, rows_violated_1e-4; with
--prices DIR also the differences of the provinces' electricity prices to the exact solve, CNY/MWh) and
writes it to benchmarks/results/solve_options_<network stem>.csv; with --repeat > 1 also the medians.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

VARIANTS = {
    "rows": {"bounds_as_variables": False},
    "bounds": {"bounds_as_variables": True},
    "pdlp": {"bounds_as_variables": True, "options": {"solver": "pdlp", "kkt_tolerance": 1e-4}},
}


def violations(m) -> tuple[float, int]:
    """Largest violation of any constraint row or variable bound of the solved linopy model, and the count above 1e-4."""
    worst, count = 0.0, 0
    for _, con in m.constraints.items():
        lhs = con.lhs.solution.values - con.rhs.broadcast_like(con.labels).values
        sign = con.sign.broadcast_like(con.labels).values
        v = np.where(sign == "<=", np.maximum(lhs, 0), np.where(sign == ">=", np.maximum(-lhs, 0), np.abs(lhs)))
        v = np.where(con.labels.values != -1, np.nan_to_num(v), 0.0)
        worst, count = max(worst, float(v.max(initial=0.0))), count + int((v > 1e-4).sum())
    for _, var in m.variables.items():
        x = var.solution.values
        v = np.maximum(np.maximum(var.lower.broadcast_like(var.labels).values - x, x - var.upper.broadcast_like(var.labels).values), 0)
        v = np.where(var.labels.values != -1, np.nan_to_num(v), 0.0)
        worst, count = max(worst, float(v.max(initial=0.0))), count + int((v > 1e-4).sum())
    return worst, count


def one(variant: str, network: Path, config: Path, prices: Path | None = None) -> dict:
    """Solve in this process; return its measures."""
    import pypsa

    from network.config import load_run_config
    from network.model.solve import scenario_constraints, solve

    cfg = load_run_config(config)
    spec = dict(VARIANTS[variant])
    options = {**cfg.solver.options, **spec.pop("options", {})}
    solver = cfg.solver.model_copy(update={**spec, "options": options})
    n = pypsa.Network(network)
    t0 = time.perf_counter()
    solve(n, solver, constraints=scenario_constraints(cfg))
    wall = time.perf_counter() - t0
    worst, count = violations(n.model)
    if prices is not None:  # electricity prices (CNY/MWh) of the 31 provinces, for the comparison of variants
        ac = n.buses.index[n.buses.carrier == "AC"]
        n.buses_t.marginal_price[ac].to_csv(prices / f"prices_{variant}.csv")
    return {"variant": variant, "wall_s": round(wall, 1), "peak_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2),
            "rows": int(n.model.ncons), "objective": float(n.objective), "max_violation": worst, "rows_violated_1e-4": count}  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--network", type=Path, default=Path("runs/base-2023/network.nc"))
    p.add_argument("--config", type=Path, default=Path("runs/base-2023/config.yaml"))
    p.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--one", help=argparse.SUPPRESS)
    p.add_argument("--prices", type=Path, help="folder: write each variant's provincial prices and compare them with the exact solve")
    a = p.parse_args()
    if a.one:
        print("RESULT " + json.dumps(one(a.one, a.network, a.config, a.prices)))
        return
    rows = []
    for r in range(a.repeat):
        for variant in a.variants:
            cmd = [sys.executable, __file__, "--one", variant, "--network", str(a.network), "--config", str(a.config)]
            if a.prices:
                a.prices.mkdir(parents=True, exist_ok=True)
                cmd += ["--prices", str(a.prices)]
            out = subprocess.run(cmd, capture_output=True, text=True)
            line = [x for x in out.stdout.splitlines() if x.startswith("RESULT ")]
            if out.returncode != 0 or not line:
                rows.append({"variant": variant, "repeat": r, "error": (out.stderr.strip().splitlines() or ["?"])[-1]})
                continue
            rows.append({**json.loads(line[-1][7:]), "repeat": r})
            print(rows[-1], flush=True)
    table = pd.DataFrame(rows)
    exact = [v for v in ("rows", "bounds") if v in set(table.variant)] if "objective" in table else []
    if exact:  # relative to the exact solve (rows, else bounds)
        ref = table.loc[table.variant == exact[0], "objective"].median()
        table["rel_diff"] = (table.objective - ref) / abs(ref)
    if a.prices and "objective" in table:
        exact = next(v for v in ("rows", "bounds") if (a.prices / f"prices_{v}.csv").exists())
        ref = pd.read_csv(a.prices / f"prices_{exact}.csv", index_col=0)
        for variant in table.variant.unique():
            price = pd.read_csv(a.prices / f"prices_{variant}.csv", index_col=0)
            diff = (price - ref).abs().to_numpy()  # CNY/MWh, per province and snapshot
            at = table.variant == variant
            table.loc[at, "price_abs_diff_mean"], table.loc[at, "price_abs_diff_max"] = float(diff.mean()), float(diff.max())
            table.loc[at, "annual_price_diff_max"] = float((price.mean() - ref.mean()).abs().max())  # of the provinces' mean prices
    out = Path("benchmarks/results") / f"solve_options_{a.network.parent.name}_{a.network.stem}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    print(table.to_string(index=False))
    if a.repeat > 1 and "wall_s" in table:
        med = table.groupby("variant")[["wall_s", "peak_gb", "objective"]].median()
        print("medians:\n" + med.to_string())
        if "rows" in med.index:
            print("ratios to rows:\n" + (med[["wall_s", "peak_gb"]] / med.loc["rows", ["wall_s", "peak_gb"]]).to_string())


if __name__ == "__main__":
    main()
