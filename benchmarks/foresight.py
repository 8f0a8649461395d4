"""Myopic against perfect foresight over the pathway horizons, side by side at the same coarse resolution
(network/model/foresight.py, docs/pathways.md).

Each horizon's network is built as the pathway builds it: horizon_config(cfg, h) (its cost table, CO2 cap, coal and gas
retired by age), build_network, the provinces' demand scaled to pathway.demand_source's trajectory for h; then sampled
(sizing_network: every --day-stride-th day at --hours h, weighted to the year). The horizons are combined into one
multi-period network; the myopic pathway solves it period by period, perfect foresight in one LP. Reported: total
discounted system cost (CNY, discounted to the first horizon at planning.discount_rate), cost per period, GW built per
period and carrier, wall time and peak memory of each step, LP size.

Usage (from the repository root, resources/ built):
    nice python benchmarks/foresight.py --run runs/2030-plan.yaml [--horizons 2025 2030 ...] [--hours 6] [--day-stride 30]
Writes benchmarks/results/foresight/{cost,built,steps}.csv; the horizon networks are cached as
benchmarks/results/foresight/horizon_<h>.nc (delete them to rebuild).
"""

from __future__ import annotations

import argparse
import logging
import resource
import time
from pathlib import Path

import pandas as pd
import pypsa

from network.config import load_run_config
from network.config.horizon import horizon_config
from network.data import files
from network.data.inputs import load_build_inputs
from network.data.pathway import demand_trajectory
from network.data.statistics import read_consumption_table
from network.data.vocabulary import load_technologies
from network.model.build import build_network
from network.model.foresight import built_by_period, cost_by_period, multi_period_network, scale_demand, solve_foresight, solve_myopic
from network.model.sizing import sizing_network
from network.units import MW_PER_GW

OUT = Path("benchmarks/results/foresight")


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def horizon_network(cfg, h: int, hours: int, stride: int, demand: pd.DataFrame, root: Path) -> pypsa.Network:
    path = OUT / f"horizon_{h}.nc"
    if path.exists():
        return pypsa.Network(path)
    hcfg = horizon_config(cfg, h)
    data = load_build_inputs(root / "inputs", root / "resources/profiles.nc", root / "resources/provinces.csv", hcfg)
    n = build_network(hcfg, data)
    scale_demand(n, demand[h])
    sized = sizing_network(n, hours, stride, with_extremes=False)
    sized.export_to_netcdf(path)
    return sized


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--run", default="runs/2030-plan.yaml", help="the planning run the pathway extends (its options, lines, hydro)")
    p.add_argument("--horizons", type=int, nargs="*", help="default: pathway.horizons")
    p.add_argument("--hours", type=int, default=6)
    p.add_argument("--day-stride", type=int, default=30)
    p.add_argument("--no-curtailment", action="store_true", help="leave out policy.curtailment_max (see docs/pathways.md: storage losses)")
    a = p.parse_args()
    logging.basicConfig(level=logging.WARNING)
    root = Path(".")
    load_technologies(root / "inputs")
    cfg = load_run_config(root / "config.yaml", Path(a.run))
    horizons = a.horizons or cfg.pathway.horizons
    cfg = cfg.model_copy(update={"pathway": cfg.pathway.model_copy(update={"horizons": horizons})})
    source = cfg.pathway.demand_source
    consumption = read_consumption_table(root / "inputs" / files.CONSUMPTION_BY_PROVINCE)
    demand = demand_trajectory(root / "inputs" / files.DEMAND_TRAJECTORY[source], source, consumption)
    OUT.mkdir(parents=True, exist_ok=True)
    steps = []
    t0 = time.time()
    nets = {h: horizon_network(cfg, h, a.hours, a.day_stride, demand, root) for h in horizons}
    steps.append(("build horizon networks", time.time() - t0, peak_gb(), ""))
    caps = {h: cfg.pathway.co2_cap_mt.get(h) if cfg.pathway.co2_limit == "cap" else None for h in horizons}
    t0 = time.time()
    mp = multi_period_network(nets, cfg.pathway.lifetime_years, cfg.planning.discount_rate, caps)
    steps.append(("combine", time.time() - t0, peak_gb(), f"{len(mp.snapshots)} snapshots, {len(mp.generators)} generators"))
    options = {"solver": "ipm", "run_crossover": "on", "threads": 2}
    t0 = time.time()
    curtail = {} if a.no_curtailment else dict(cfg.policy.curtailment_max)  # the planning run's sizing criterion, per period
    myopic = solve_myopic(mp, options=options, curtailment_max=curtail)
    steps.append(("myopic (one LP per period)", time.time() - t0, peak_gb(), ""))
    t0 = time.time()
    foresight = solve_foresight(mp.copy(), options=options, curtailment_max=curtail)
    size = f"{foresight.model.nvars} variables, {foresight.model.ncons} constraints"
    steps.append(("perfect foresight (one LP)", time.time() - t0, peak_gb(), size))
    cost = pd.concat({"myopic": cost_by_period(myopic), "foresight": cost_by_period(foresight)}, names=["mode"]).reset_index()
    built = pd.concat({"myopic": built_by_period(myopic), "foresight": built_by_period(foresight)}, names=["mode"]).reset_index(level=0)
    built["gw"] = built.pop("mw") / MW_PER_GW
    steps = pd.DataFrame(steps, columns=["step", "wall_s", "peak_rss_gb", "note"])
    cost.to_csv(OUT / "cost.csv", index=False)
    built.to_csv(OUT / "built.csv", index=False)
    steps.to_csv(OUT / "steps.csv", index=False)
    total = cost.groupby("mode").discounted.sum()
    print(steps.to_string(index=False))
    print(cost.assign(capex_bn=cost.capex / 1e9, opex_bn=cost.opex / 1e9)[["mode", "period", "capex_bn", "opex_bn", "weight"]].to_string(index=False))
    print(built.pivot_table(index=["period", "carrier"], columns="mode", values="gw", fill_value=0.0).round(1).to_string())
    print(f"total discounted system cost, bn CNY: myopic {total['myopic'] / 1e9:,.1f}, foresight {total['foresight'] / 1e9:,.1f}, "
          f"difference {(total['myopic'] - total['foresight']) / 1e9:,.1f} ({(total['myopic'] / total['foresight'] - 1) * 100:.2f} % of foresight)")  # fmt: skip


if __name__ == "__main__":
    main()
