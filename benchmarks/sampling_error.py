"""The error of the year the sizing step sees: samples, coarser resolutions and time segmentation against a reference.

Usage: python benchmarks/sampling_error.py [--run 2030-plan] [--variants reference weeks-6 ...] [--adequacy | --loop]
Each variant runs in its own process, one after the other (so peak memory is its own). The process builds the run at
3 h (the planning runs' dispatch resolution), makes the variant's sizing network, adds the scenario's constraints, and
solves the sizing LP exactly (HiGHS HiPO, the default `planning.sizing_solver`). Measured: wall time, peak memory, LP
size, objective (CNY/a), KKT residuals, built GW by planning option and region (East / rest), the eastern
self-sufficiency of the sized system on the sampled year, and the price of self-sufficiency (the dual of the
floor, CNY/MWh) where the run has one.

The reference is every 2nd day at 3 h with the extreme days (about 1,460 snapshots): the full year at 3 h (2,920
snapshots) did not finish within 2,044 s and 8.6 GB (docs/planning.md), so half the days at the dispatch resolution is
the largest sizing LP this machine solves exactly in reasonable time. Its own error against the full year is not
known; the table reports each variant's difference to it.

Writes each variant's measures to benchmarks/results/sampling_error_<run>.json as it finishes (kept across calls: a
variant run again replaces its row), and the errors against the reference to sampling_error_<run>.csv.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import pandas as pd
from variants import build_run, run_each, with_planning

HOURS = 3
# name -> (sizing resolution h, day stride, extreme days, time segments of the full year, consecutive days per block)
VARIANTS = {
    "reference": (3, 2, True, None, 1),
    "days-7": (3, 7, True, None, 1),  # every 7th day + the extreme days (2030-plan's sample until 2026-12-04)
    "stride-14": (3, 14, True, None, 1),
    "6h-stride-3": (6, 3, True, None, 1),  # about days-7's LP size, at half the resolution
    "segments-616": (3, 1, False, 616, 1),  # PyPSA's n.cluster.temporal.segment (tsam) at days-7's LP size
    "weeks-6": (3, 42, True, None, 7),  # a whole week every 6 weeks + the extreme days: 2030-plan's sample (multi-day lulls)
    "weeks-6-6h": (6, 42, True, None, 7),  # the same weeks at 6 h: half the LP
    "weeks-4-6h": (6, 28, True, None, 7),  # a week every 4 weeks at 6 h: about weeks-6's days at its LP size / 1.5
}


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def one(name: str, run: str, adequacy: bool = False) -> dict:
    """Build, sample and solve variant `name` of `run` in this process; return its measures. With `adequacy`, the sized
    capacities are then dispatched exactly on the run's whole year (`dispatch_sized`, as the planning mode does before
    its adequacy loop) and the unserved energy is measured (MWh; the share of demand against
    `planning.adequacy_tolerance`); the wall time and peak memory reported stay the sizing's."""
    from network.analysis.metrics.planning import metrics_rows
    from network.analysis.metrics.policy import metrics_rows as policy_rows
    from network.analysis.metrics.power import region_map, self_sufficiency_rows
    from network.config import load_run_config
    from network.config.time import TimeConfig
    from network.model.residuals import kkt_residuals
    from network.model.sizing import annual_demand_mwh, close_shedding, dispatch_sized, fix_capacities, shedding_days, sizing_network
    from network.model.solve import scenario_constraints, solve

    hours, stride, extremes, segments, block = VARIANTS[name]
    cfg = load_run_config(Path("config.yaml"), Path(f"runs/{run}.yaml"))
    # segments cut the hourly year (PyPSA's segment() with tsam < 3 takes the snapshots for hours: a 3-hourly year fails)
    cfg = cfg.model_copy(update={"time": TimeConfig(resolution_hours=1 if segments else HOURS)})
    n = build_run(cfg)
    if segments:
        sized = n.cluster.temporal.segment(segments)
        sized.meta = n.meta
    else:
        sized = sizing_network(n, hours, stride, extremes, block_days=block)
    del n
    close_shedding(sized)  # as plan(): serve every snapshot
    solver = cfg.planning.sizing_solver.model_copy(update={"residual_tolerance": None})
    before = peak_gb()
    t = time.perf_counter()
    solve(sized, solver, Path(f"benchmarks/results/sampling_error_{name}.log"), scenario_constraints(cfg))
    wall, peak = time.perf_counter() - t, peak_gb()
    r = kkt_residuals(sized.model)
    fix_capacities(sized, sized)  # p_nom_built_mw: what the metrics count as built
    regions = region_map(sized)
    focus = cfg.regions.focus
    rows = metrics_rows(sized, regions, 0.0) + self_sufficiency_rows(sized, regions, focus)
    m = pd.DataFrame(rows)
    built = m[(m.metric == "built_capacity")]
    built = built[built.scope.isin([focus, "national"]) & (built.carrier != "")].set_index(["scope", "carrier"])["value"]
    ss = m[(m.metric == "self_sufficiency_focus_region")]["value"].iloc[0]
    prices = [r["value"] for r in policy_rows(sized) if r["metric"] == "price_of_self_sufficiency"]  # the metrics' sign: > 0 binding
    price = float(prices[0]) if prices else None
    measures = {}
    if adequacy and not segments:  # built again: the sizing's peak memory is the sizing's alone
        year = build_run(cfg)
        t = time.perf_counter()
        dispatched = dispatch_sized(year, sized, cfg, Path(f"benchmarks/results/sampling_error_{name}_dispatch.log"))
        demand = annual_demand_mwh(year)
        shed = shedding_days(dispatched)
        measures = {"dispatch_wall_s": round(time.perf_counter() - t, 1), "unserved_mwh": float(shed.sum()),
                    "unserved_share": float(shed.sum()) / demand, "days_shedding": len(shed),
                    "adequate": bool(shed.sum() <= cfg.planning.adequacy_tolerance * demand)}  # fmt: skip
    return {**measures, "variant": name, "hours": hours, "stride": stride, "block_days": block, "extremes": extremes, "segments": segments,
            "wall_s": round(wall, 1), "peak_gb": round(peak, 2), "solve_growth_gb": round(peak - before, 2),
            "snapshots": len(sized.snapshots), "rows": int(sized.model.ncons), "cols": int(sized.model.nvars),
            "objective_cny": float(sized.objective), "primal": r.primal, "dual": r.dual, "gap": r.gap,
            "self_sufficiency_focus": float(ss), "price_of_self_sufficiency_cny_per_mwh": price,
            "built_gw": {f"{scope}|{option}": float(v) for (scope, option), v in built.items()}}  # fmt: skip


def loop(name: str, run: str) -> dict:
    """The planning mode's whole adequacy loop (`plan()`) on variant `name`'s sample: each sizing's snapshots and
    objective, and the unserved energy of the exact 3-hourly dispatch after it (MWh; days, and how many of them were in
    the sample already: a day served in the sizing and short in the dispatch cannot be fixed by adding it)."""
    from network.config import load_run_config
    from network.config.time import TimeConfig
    from network.model.sizing import plan

    hours, stride, extremes, segments, block = VARIANTS[name]
    if segments:
        raise SystemExit(f"{name}: the adequacy loop samples days; a segmentation has none")
    cfg = load_run_config(Path("config.yaml"), Path(f"runs/{run}.yaml"))
    sample = {"sizing_resolution_hours": hours, "sizing_day_stride": stride, "sizing_block_days": block, "sizing_extreme_days": extremes}
    cfg = with_planning(cfg.model_copy(update={"time": TimeConfig(resolution_hours=HOURS)}), **sample)
    n = build_run(cfg)
    t = time.perf_counter()
    planned = plan(n, cfg, Path(f"benchmarks/results/sampling_error_{name}_loop.log"))
    sizing = planned.meta["sizing"]
    return {"variant": name, "loop_wall_s": round(time.perf_counter() - t, 1), "peak_gb": round(peak_gb(), 2),
            "iterations": sizing["adequacy_iterations"], "adequacy": sizing["adequacy"]}  # fmt: skip


def errors(results: list[dict]) -> pd.DataFrame:
    """Each variant against the reference: total cost (%), eastern self-sufficiency (percentage points), price of
    self-sufficiency (%), and built capacity: the GW placed differently by option and region, as a share of the
    reference's built GW (sum over option x {East, rest} of |difference| / 2 / reference total)."""
    table = pd.DataFrame(results).set_index("variant")
    ref = table.loc["reference"]
    out = []
    for name, row in table.iterrows():
        gw = pd.Series(row.built_gw, dtype=float)
        ref_gw = pd.Series(ref.built_gw, dtype=float)
        east = {k: v for k, v in gw.items() if not k.startswith("national|")}
        ref_east = {k: v for k, v in ref_gw.items() if not k.startswith("national|")}
        split = pd.concat([_east_rest(gw, east), _east_rest(ref_gw, ref_east)], axis=1, keys=["v", "ref"]).fillna(0.0)
        moved = (split.v - split.ref).abs().sum() / 2 / split.ref.sum()
        price, ref_price = row.price_of_self_sufficiency_cny_per_mwh, ref.price_of_self_sufficiency_cny_per_mwh
        out.append({"variant": name, "snapshots": row.snapshots, "rows": row.rows, "wall_s": row.wall_s, "peak_gb": row.peak_gb,
                    "total_cost_error_pct": 100 * (row.objective_cny - ref.objective_cny) / ref.objective_cny,
                    "built_gw_total": split.v.sum(), "built_gw_misplaced_pct": 100 * moved,
                    "self_sufficiency_east_pct": 100 * row.self_sufficiency_focus,
                    "self_sufficiency_error_pp": 100 * (row.self_sufficiency_focus - ref.self_sufficiency_focus),
                    "price_error_pct": 100 * (price - ref_price) / ref_price if price and ref_price else None,
                    "unserved_ppm": 1e6 * row.get("unserved_share", float("nan")), "days_shedding": row.get("days_shedding")})  # fmt: skip
    return pd.DataFrame(out)


def _east_rest(gw: pd.Series, east: dict) -> pd.Series:
    """GW by (option, East|rest) from national and focus-region totals keyed 'scope|option'."""
    national = {k.split("|", 1)[1]: v for k, v in gw.items() if k.startswith("national|")}
    focus = {k.split("|", 1)[1]: v for k, v in east.items()}
    return pd.Series({**{(o, "focus"): focus.get(o, 0.0) for o in national}, **{(o, "rest"): v - focus.get(o, 0.0) for o, v in national.items()}})


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", default="2030-plan")
    p.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=list(VARIANTS), help="none: the table from earlier results")
    p.add_argument("--adequacy", action="store_true", help="also dispatch each sized system on the whole year: unserved energy")
    p.add_argument("--loop", action="store_true", help="run the planning mode's adequacy loop on each variant's sample instead")
    p.add_argument("--one", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        print(json.dumps(loop(a.one, a.run) if a.loop else one(a.one, a.run, a.adequacy)))
        return
    if a.loop:  # its own file: the loop's measures are not the table's
        out = Path("benchmarks/results") / f"sampling_error_loop_{a.run}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(list(run_each(__file__, ["--run", a.run, "--loop"], a.variants)), indent=1))
        return
    out = Path("benchmarks/results") / f"sampling_error_{a.run}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    earlier = {r["variant"]: r for r in json.loads(out.read_text())} if out.exists() else {}
    args = ["--run", a.run, *(["--adequacy"] if a.adequacy else [])]
    for result in run_each(__file__, args, a.variants):  # a variant run again replaces its earlier result
        earlier[result["variant"]] = result
        out.write_text(json.dumps(list(earlier.values()), indent=1))
    results = list(earlier.values())
    if any(r["variant"] == "reference" for r in results):
        table = errors(results)
        table.to_csv(out.with_suffix(".csv"), index=False)
        print(table.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
