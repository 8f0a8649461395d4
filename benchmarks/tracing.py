"""Time flow tracing on a solved network: median of repeated runs, and the snapshots traced.

Usage: python benchmarks/tracing.py runs/base-2023/solved.nc [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import pypsa

import network  # noqa: F401  (PyPSA options)
from network.analysis.tracing import trace


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("network")
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    n = pypsa.Network(a.network)
    seconds = []
    for _ in range(a.repeat):
        start = time.perf_counter()
        trace(n)
        seconds.append(time.perf_counter() - start)
    print(
        f"snapshots {len(n.snapshots)}  buses {len(n.buses)}  links {len(n.links)}  "
        f"trace median {statistics.median(seconds):.2f} s over {a.repeat} runs"
    )


if __name__ == "__main__":
    main()
