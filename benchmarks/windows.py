"""Month windows against the monolithic full-year LP: wall time, peak memory, objective and metrics, side by side.

Usage: python benchmarks/windows.py [--run base-2023] [--resolution 1] [--variants monolithic windows_1 windows_2 cyclic_2 rows pdlp]
Each variant runs in its own subprocess (so its peak memory is its own): build, solve (timed), write the network,
then summarize (metrics of network.analysis, with tracing) from the written file. Prints a table and the largest
metric differences to the monolithic solve; writes benchmarks/results/windows_<run>_<h>h.csv (measures, tidy) and
windows_<run>_<h>h_metrics.csv (every metric of every variant, with the difference to the monolithic).
Peak memory: the resident memory of the variant's process plus its window processes, sampled every 0.2 s
(peak_memory_tree), and getrusage's maxima of the process (RUSAGE_SELF) and of its largest child (RUSAGE_CHILDREN).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd

VARIANTS = {  # solver.windows of each variant (None: one LP)
    "monolithic": None,
    "rows": None,  # PyPSA's limit rows kept (solver.bounds_as_variables: false), the path before issue #11
    "pdlp": None,  # HiGHS PDLP, kkt_tolerance 1e-4: the fast approximate option
    "windows_1": {"by": "month", "processes": 1},
    "windows_2": {"by": "month", "processes": 2},
    "cyclic_2": {"by": "month", "processes": 2, "storage": "cyclic"},
    "windows_2_threads_1": {"by": "month", "processes": 2},  # HiGHS threads: 1 per window (SOLVER)
}
SOLVER = {  # solver fields each variant changes
    "windows_2_threads_1": lambda solver: {"options": {**solver.options, "threads": 1}},
    "rows": lambda solver: {"bounds_as_variables": False},
    "pdlp": lambda solver: {"options": {**solver.options, "solver": "pdlp", "kkt_tolerance": 1e-4}},
}
GROUPS = {  # metric comparison printed: (metric, scope filter or None)
    "generation by carrier, national (TWh)": ("generation", "national"),
    "generation by province (TWh)": ("generation", None),
    "water withdrawal (million m3)": ("water_withdrawal", None),
    "self-sufficiency (share)": ("self_sufficiency", None),
    "traced green share of consumption": ("traced_green_share_of_consumption", None),
    "load-weighted price (CNY/MWh)": ("load_weighted_price", None),
}


class TreeMemory:
    """Peak resident memory of this process and all its descendants (GB), sampled in a thread."""

    def __init__(self, every_s: float = 0.2):
        import psutil

        self.proc, self.every, self.peak, self._stop = psutil.Process(), every_s, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for p in [self.proc, *self.proc.children(recursive=True)]:
                with contextlib.suppress(Exception):  # a child that just ended
                    total += p.memory_info().rss
            self.peak = max(self.peak, total / 1024**3)
            self._stop.wait(self.every)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_variant(run: str, resolution: int, variant: str, out_dir: Path) -> None:
    """One variant in this process: writes <variant>.json (measures) and <variant>_metrics.csv."""
    import pypsa

    from network.analysis.compare import write_csv
    from network.analysis.metrics.summary import summarize
    from network.analysis.tracing import TracingError, trace
    from network.config import load_run_config
    from network.data.inputs import load_build_inputs
    from network.data.prepare import build_inputs
    from network.model.build import build_network
    from network.model.solve import scenario_constraints, solve, write_network
    from network.model.windows import solve_windows

    root = Path(__file__).resolve().parents[1]
    profiles, provinces = root / "resources/profiles.nc", root / "resources/provinces.csv"
    if not profiles.exists():
        build_inputs(root / "inputs", profiles, provinces)
    cfg = load_run_config(root / "config.yaml", root / "runs" / f"{run}.yaml")
    solver = cfg.solver.model_copy(update={"windows": None if VARIANTS[variant] is None else cfg.solver.model_validate(
        {"windows": VARIANTS[variant]}).windows})  # fmt: skip
    if variant in SOLVER:
        solver = solver.model_copy(update=SOLVER[variant](solver))
    cfg = cfg.model_copy(update={"time": cfg.time.model_copy(update={"resolution_hours": resolution}), "solver": solver})
    n = build_network(cfg, load_build_inputs(root / "inputs", profiles, provinces, cfg))
    log = out_dir / f"{variant}_solver.log"
    with TreeMemory() as memory:
        t0 = time.perf_counter()
        if cfg.solver.windows is None:
            solve(n, cfg.solver, log, scenario_constraints(cfg))
        else:
            solve_windows(n, cfg, log)
        wall = time.perf_counter() - t0
    measures = {
        "variant": variant, "snapshots": len(n.snapshots), "solve_wall_s": round(wall, 1), "objective_cny": float(n.objective),
        "peak_memory_tree_gb": round(memory.peak, 2),
        "maxrss_self_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2),
        "maxrss_largest_child_gb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2, 2),
        "windows": n.meta.get("windows", {}), "coarse_objective_cny": n.meta.get("windows_coarse_objective_cny"),
    }  # fmt: skip
    path = out_dir / f"{variant}.nc"
    write_network(n, path)
    del n
    (out_dir / f"{variant}.json").write_text(json.dumps(measures, indent=1))
    solved = pypsa.Network(path)
    try:
        write_csv(summarize(solved, cfg.regions.focus, trace_result=trace(solved)), out_dir / f"{variant}_metrics.csv")
    except TracingError as err:  # an approximate solution (PDLP) whose nodal balances do not close: no metrics
        print(f"{variant}: no metrics, tracing refuses the solution: {err}", flush=True)


def compare_variants(out_dir: Path, variants: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(measures: one row per variant, metrics: long table with the difference to the first variant)."""
    from network.analysis.compare import KEYS, read_metrics

    rows = [json.loads((out_dir / f"{v}.json").read_text()) for v in variants]
    measures = pd.DataFrame([{k: v for k, v in r.items() if k != "windows"} for r in rows])
    ref = measures.objective_cny.iloc[0]
    measures["objective_rel_diff"] = (measures.objective_cny - ref) / ref
    tables = {v: read_metrics(out_dir / f"{v}_metrics.csv").set_index(KEYS)["value"] for v in variants if (out_dir / f"{v}_metrics.csv").exists()}
    variants = list(tables)
    wide = pd.concat(tables, axis=1)
    long = wide.drop(columns=variants[0]).stack().rename("value").reset_index().rename(columns={"level_4": "variant"})
    long["reference"] = wide[variants[0]].reindex(pd.MultiIndex.from_frame(long[KEYS])).to_numpy()
    long["difference"] = long.value - long.reference
    return measures, long


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--run", default="base-2023")
    p.add_argument("--resolution", type=int, default=1, help="hours per snapshot")
    p.add_argument("--variants", nargs="+", default=["monolithic", "windows_1", "windows_2"], choices=list(VARIANTS))
    p.add_argument("--reuse", action="store_true", help="keep the results of variants already in --work (rerun only the others)")
    p.add_argument("--variant", help=argparse.SUPPRESS)  # internal: run one variant in this process
    p.add_argument("--work", default="benchmarks/results/windows_work", help="networks, logs and metrics of each variant")
    a = p.parse_args()
    out_dir = Path(a.work)
    out_dir.mkdir(parents=True, exist_ok=True)
    if a.variant:
        run_variant(a.run, a.resolution, a.variant, out_dir)
        return
    for v in a.variants:
        if a.reuse and (out_dir / f"{v}.json").exists():
            continue
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--run", a.run, "--resolution", str(a.resolution), "--variant", v, "--work", str(out_dir)], check=True
        )
        print(f"{v}: done in {time.perf_counter() - t0:.0f} s (with build and metrics)", flush=True)
    measures, metrics = compare_variants(out_dir, a.variants)
    print(measures.to_string(index=False))
    for title, (metric, scope) in GROUPS.items():
        part = metrics[(metrics.metric == metric) & ((metrics.scope == scope) if scope else (metrics.scope != "national"))]
        if part.empty:
            continue
        worst = part.assign(abs_diff=part.difference.abs()).groupby("variant").abs_diff.max()
        print(f"{title}: largest difference to {a.variants[0]}: " + ", ".join(f"{v} {d:.4g}" for v, d in worst.items()))
    results = Path("benchmarks/results")
    results.mkdir(parents=True, exist_ok=True)
    tidy = measures.melt(id_vars="variant", var_name="measure", value_name="value")
    tidy.to_csv(results / f"windows_{a.run}_{a.resolution}h.csv", index=False)
    metrics.to_csv(results / f"windows_{a.run}_{a.resolution}h_metrics.csv", index=False)


if __name__ == "__main__":
    main()
