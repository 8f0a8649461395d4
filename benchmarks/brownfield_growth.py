"""Network growth across pathway horizons, per vintage against merged vintages (network/model/brownfield.py), without
a solve: a built planning network stands for every horizon, and each extendable component "builds" `--build-mw` (within
its room) in each horizon, which is carried forward 2030 -> 2060 with the default lifetimes (pathway.lifetime_years).

Usage: python benchmarks/brownfield_growth.py runs/2030-plan/network.nc [--build-mw 100]
Prints one tidy table (merge, horizon, measure, value, unit) and writes benchmarks/results/brownfield_growth.csv.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
import pypsa

from network.config.pathway import HORIZONS, LIFETIME_YEARS
from network.model.brownfield import COMPONENTS, add_brownfield, carry_forward


def size_mb(n: pypsa.Network) -> float:
    """Memory of the static tables and time series of generators, storage units and links, MB."""
    total = 0
    for attr in COMPONENTS.values():
        total += getattr(n, attr).memory_usage(deep=True).sum()
        total += sum(frame.memory_usage(deep=True).sum() for frame in getattr(n, attr + "_t").values())
    return total / 1e6


def fake_build(n: pypsa.Network, mw: float) -> None:
    """Stand-in for the sizing: every extendable component builds min(mw, room), then is fixed (as sizing.fix_capacities)."""
    for attr in COMPONENTS.values():
        static = getattr(n, attr)
        ext = static.p_nom_extendable
        static.loc[ext, "p_nom_built_mw"] = (static.loc[ext, "p_nom_max"] - static.loc[ext, "p_nom_min"]).clip(lower=0.0, upper=mw)
        static.loc[ext, "p_nom_extendable"] = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", type=Path)
    parser.add_argument("--build-mw", type=float, default=100.0)
    args = parser.parse_args()
    base = pypsa.Network(args.network)
    rows = []
    for merge in (False, True):
        previous = None
        for horizon in (2030, *[h for h in HORIZONS if h > 2030]):
            n = base.copy()
            n.meta = {**n.meta, "scenario_year": horizon}
            start = time.perf_counter()
            if previous is not None:
                add_brownfield(n, carry_forward(previous, horizon, LIFETIME_YEARS), merge_vintages=merge)
            seconds = time.perf_counter() - start
            fake_build(n, args.build_mw)
            measures = {"generators": (len(n.generators), "components"), "storage_units": (len(n.storage_units), "components"),
                        "links": (len(n.links), "components"), "memory": (round(size_mb(n), 1), "MB"),
                        "carry_seconds": (round(seconds, 2), "s")}  # fmt: skip
            rows += [{"merge_vintages": merge, "horizon": horizon, "measure": k, "value": v, "unit": u} for k, (v, u) in measures.items()]
            previous = n
    table = pd.DataFrame(rows)
    print(table.pivot_table(index=["merge_vintages", "horizon"], columns="measure", values="value").to_string())
    out = Path("benchmarks/results/brownfield_growth.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)


if __name__ == "__main__":
    main()
