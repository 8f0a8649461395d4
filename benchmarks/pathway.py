"""Time, peak memory and LP size per horizon of a pathway (docs/pathways.md, issue 22 item 7).

    python benchmarks/pathway.py pathway-cost-optimal           # the table from the last `snakemake ... pathways`
    python benchmarks/pathway.py pathway-cost-optimal --run     # run the pathway first (snakemake -c 2), timed

Per horizon: the wall time and peak resident memory of its build, solve and summarize jobs (Snakemake's benchmark
files, benchmarks/results/<rule>/<pathway>/<horizon>.tsv; max_rss is the job's process tree), and the size of its
LPs as HiGHS reports them ("LP has R rows; C cols; N nonzeros": the last sizing LP, solver_sizing*.log, and the
exact dispatch, solver.log). Writes benchmarks/results/pathway_<pathway>.csv and prints it as a Markdown table.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
STEPS = {"build": "build_horizon", "solve": "solve_horizon", "summarize": "summarize_horizon"}
LP = re.compile(r"LP has (\d+) rows; (\d+) cols; (\d+) nonzeros")


def lp_size(log: Path) -> tuple[int, int, int] | None:
    """(rows, cols, nonzeros) of the last LP a HiGHS log reports (None without one)."""
    if not log.exists():
        return None
    found = LP.findall(log.read_text(encoding="utf-8", errors="replace"))
    return tuple(int(v) for v in found[-1]) if found else None


def horizon_table(pathway: str, root: Path = ROOT) -> pd.DataFrame:
    rows = []
    folder = root / "runs" / pathway / "horizons"
    for horizon in sorted(int(p.name) for p in folder.iterdir() if p.name.isdigit()):
        row: dict = {"horizon": horizon}
        for step, rule in STEPS.items():
            tsv = root / "benchmarks" / "results" / rule / pathway / f"{horizon}.tsv"
            if tsv.exists():
                bench = pd.read_csv(tsv, sep="\t").iloc[-1]
                row[f"{step}_s"], row[f"{step}_peak_gb"] = round(float(bench.s), 1), round(float(bench.max_rss) / 1024, 2)
        sizing = sorted(
            p for p in (folder / str(horizon)).glob("solver_sizing*.log") if "diagnosis" not in p.name
        )  # not an infeasible one's diagnosis
        for name, size in (("sizing", lp_size(sizing[-1]) if sizing else None), ("dispatch", lp_size(folder / str(horizon) / "solver.log"))):
            if size:
                row[f"{name}_rows"], row[f"{name}_cols"], row[f"{name}_nonzeros"] = size
        row["sizing_solves"] = len(sizing)
        rows.append(row)
    table = pd.DataFrame(rows)
    if not table.empty:
        seconds = [c for c in table if c.endswith("_s")]
        peaks = [c for c in table if c.endswith("_peak_gb")]
        table["total_s"] = table[seconds].sum(axis=1)
        table["peak_gb"] = table[peaks].max(axis=1)
    return table


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pathway")
    p.add_argument("--run", action="store_true", help="run `snakemake -c 2 runs/<pathway>/pathway.csv` first, timed")
    p.add_argument("--cores", type=int, default=2)
    a = p.parse_args(argv)
    if a.run:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "snakemake", "-c", str(a.cores), f"runs/{a.pathway}/pathway.csv"], cwd=ROOT)
        print(f"snakemake -c {a.cores} runs/{a.pathway}/pathway.csv: {time.perf_counter() - start:.0f} s, exit {done.returncode}")
        if done.returncode:
            return done.returncode
    table = horizon_table(a.pathway)
    out = ROOT / "benchmarks" / "results" / f"pathway_{a.pathway}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    print(table.to_markdown(index=False))
    if not table.empty:
        print(f"\nall horizons: {table.total_s.sum():.0f} s of jobs, peak {table.peak_gb.max():.2f} GB (one job at a time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
