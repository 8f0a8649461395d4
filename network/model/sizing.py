"""Planning runs in two steps: size the system (capacity expansion LP), then dispatch the sized system exactly.

1. Sizing: the network with its extendable components, at `planning.sizing_resolution_hours` (None: the run's), on
   every `planning.sizing_day_stride`-th day (weighted to stand for the year), with `planning.sizing_solver` (None: the
   run's solver; a first-order method such as PDLP is allowed here).
2. Dispatch: capacities fixed at the sizing result (p_nom = p_nom_opt, column `p_nom_built_mw` = what was built beyond p_nom_min),
   solved again with the run's solver, so every operational figure (flows, curtailment, unserved energy, tracing)
   comes from an exact dispatch of the sized system.

The sizing step's results that the dispatch cannot give are kept in the solved network: the duals of its global
constraints (column `mu_sizing` of n.global_constraints: the price of the self-sufficiency floor, CNY/MWh, and of any
CO2 cap, CNY/t) and n.meta["sizing"] (objective CNY/a, resolution h, solver, largest nodal-balance residual MW).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import netCDF4
import numpy as np
import pandas as pd
import pypsa

from network.config.run import RunConfig
from network.config.solver import SolverConfig
from network.config.technologies import SHEDDING_CARRIER, VRE_CARRIERS
from network.model.capacity_value import record_capacity_values
from network.model.constraints.policy import CO2_CAP, co2_intensity
from network.model.solve import SolveError, scenario_constraints, solve
from network.units import MW_PER_GW, MWH_PER_TWH

logger = logging.getLogger(__name__)

EXTENDABLE = {"Generator": "generators", "StorageUnit": "storage_units", "Link": "links"}
NEGLIGIBLE_MW = 0.1  # built capacity below this is numerical noise, set to 0


def extreme_days(n: pypsa.Network) -> pd.DatetimeIndex:
    """Per month, the day of the highest national demand (MW, in any snapshot) and the day of the lowest wind and solar
    output of the fleet in place (MWh): the days a sample of ordinary days may miss."""
    demand = n.loads_t.p_set.sum(axis=1)
    vre = n.generators[n.generators.carrier.isin(VRE_CARRIERS) & ~n.generators.p_nom_extendable]
    output = (n.get_switchable_as_dense("Generator", "p_max_pu")[vre.index] * vre.p_nom).sum(axis=1)
    day = n.snapshots.normalize()
    peak = demand.groupby(day).max()
    low = output.groupby(day).sum()
    months = peak.index.month
    return pd.DatetimeIndex(sorted({*peak.groupby(months).idxmax(), *low.groupby(months).idxmin()}))


def sizing_network(
    n: pypsa.Network,
    hours: int | None,
    day_stride: int = 1,
    with_extremes: bool = False,
    added_days: pd.DatetimeIndex | None = None,
    block_days: int = 1,
) -> pypsa.Network:
    """A copy of n at the sizing resolution (h; the same as n if None or not coarser) on `block_days` consecutive days
    every `day_stride` days (1: every day_stride-th day; 7: a whole week), weighted to stand for the whole year
    (8,760 h); with_extremes, the extreme days of each month join at their own weight (adequacy at the peaks without
    biasing the year's energy, e.g. its curtailment, towards them), and so do `added_days` (the days on which an
    earlier sizing's dispatch shed load, see `plan`)."""
    if not 1 <= block_days <= day_stride:
        raise ValueError(f"planning.sizing_block_days: {block_days} days must be between 1 and sizing_day_stride ({day_stride})")
    step = n.snapshot_weightings.generators.iloc[0]
    if hours is not None and hours > step:
        if hours % step:
            raise ValueError(f"planning.sizing_resolution_hours: {hours} h is not a multiple of the run's {step:g} h")
        sized = n.cluster.temporal.resample(f"{hours}h")
        sized.meta = n.meta
    else:
        sized = n.copy()
    if day_stride > 1:
        day = sized.snapshots.normalize()
        ordinary = (day - day[0]).days % day_stride < block_days
        own = extreme_days(sized) if with_extremes else pd.DatetimeIndex([])
        if added_days is not None:
            own = own.union(added_days)
        extreme = day.isin(own) & ~ordinary
        w = sized.snapshot_weightings
        # extreme days stand for themselves (their own weight: every snapshot must be served, their energy counts once);
        # the ordinary days stand for the rest of the year
        scale = (w.generators.sum() - w.generators[extreme].sum()) / w.generators[ordinary].sum()
        weights = pd.concat([w[ordinary] * scale, w[extreme]]).sort_index()
        # ... in energy and cost only: a storage's state of charge still moves by p x the snapshot's own length (h). Scaled
        # too, one 3-h step of a 2-h battery would stand for 21 h of charging and the battery could hardly be used
        weights["stores"] = w["stores"].reindex(weights.index)
        sized.set_snapshots(weights.index)
        sized.snapshot_weightings = weights
    return sized


def fix_capacities(n: pypsa.Network, sized: pypsa.Network) -> None:
    """Fix every extendable component of n at the capacity the sizing chose (MW); `p_nom_built_mw` records it."""
    for component, attr in EXTENDABLE.items():
        static = getattr(n, attr)
        ext = static.index[static.p_nom_extendable]
        if ext.empty:
            continue
        opt = getattr(sized, attr).loc[ext, "p_nom_opt"].astype(float)
        opt = opt.where(opt >= NEGLIGIBLE_MW, 0.0)
        static.loc[ext, "p_nom"] = opt
        static.loc[ext, "p_nom_built_mw"] = (opt - static.loc[ext, "p_nom_min"]).clip(lower=0.0)  # what was there is not "built"
        static.loc[ext, "p_nom_extendable"] = False
        logger.info("%s: %d extendable components fixed, %.1f GW built", component, len(ext), opt.sum() / MW_PER_GW)


def nodal_residual_mw(n: pypsa.Network) -> float:
    """Largest absolute violation of the nodal power balance in the solved LP (MW); about 0 for simplex/IPM."""
    con = n.model.constraints["Bus-nodal_balance"]
    residual = (con.lhs.solution - con.rhs).to_numpy()
    return float(np.nanmax(np.abs(residual))) if residual.size else 0.0


def dispatch_at_co2_price(n: pypsa.Network, sized: pypsa.Network, solver, log_path: Path | None, constraints) -> None:
    """Solve n (capacities fixed) with the sizing's CO2 price instead of its cap: the cap's dual (CNY/t) times each
    emitter's intensity (t/MWh of output) is added to its marginal cost for the solve only (the costs reported stay
    resource costs, without the CO2 payments); `plan` records the cap with the sizing's price (mu_sizing), and
    co2_emissions shows any excess."""
    gc = sized.global_constraints
    price = float(-gc.at[CO2_CAP, "mu"]) if CO2_CAP in gc.index else 0.0
    g = n.generators
    intensity = co2_intensity(n)
    emitters = intensity.index
    resource_cost = g.loc[emitters, "marginal_cost"].copy()
    g.loc[emitters, "marginal_cost"] = resource_cost + max(price, 0.0) * intensity[emitters]
    try:
        solve(n, solver, log_path, constraints)
    finally:
        g.loc[emitters, "marginal_cost"] = resource_cost
    logger.info("dispatch at the sizing's CO2 price %.1f CNY/t (instead of the %s cap)", price, CO2_CAP)


def dispatch_sized(n: pypsa.Network, sized: pypsa.Network, cfg: RunConfig, log_path: Path | None = None) -> pypsa.Network:
    """The exact dispatch of the capacities `sized` chose on n's whole year (a copy of n; n is left unsolved), with the
    run's solver and constraints less the sizing criteria: without `policy.curtailment_max`, and with a CO2 cap met
    at the sizing's CO2 price where `planning.dispatch_co2` is `price`."""
    co2_priced = cfg.policy.co2_cap_mt is not None and cfg.planning.dispatch_co2 == "price"
    dispatch_policy = {"curtailment_max": {}, **({"co2_cap_mt": None} if co2_priced else {})}
    constraints = scenario_constraints(cfg.model_copy(update={"policy": cfg.policy.model_copy(update=dispatch_policy)}))
    dispatched = n.copy()
    record_capacity_values(sized, dispatched)  # mu_p_nom_max_sizing: the value of 1 MW more rating (network/model/capacity_value.py)
    fix_capacities(dispatched, sized)
    if co2_priced:
        dispatch_at_co2_price(dispatched, sized, cfg.solver, log_path, constraints)
    else:
        solve(dispatched, cfg.solver, log_path, constraints)
    return dispatched


def annual_demand_mwh(n: pypsa.Network) -> float:
    """The year's demand of every load, weighted by the snapshot weightings (MWh)."""
    return float((n.get_switchable_as_dense("Load", "p_set").sum(axis=1) * n.snapshot_weightings.generators).sum())


def shedding_days(n: pypsa.Network) -> pd.Series:
    """Unserved energy (MWh) per day of a solved network, days with any only."""
    shed = n.generators.index[n.generators.carrier == SHEDDING_CARRIER]
    energy = n.generators_t.p[shed].sum(axis=1) * n.snapshot_weightings.generators
    daily = energy.groupby(n.snapshots.normalize()).sum()
    return daily[daily > 0]


def sizing_days_of(path: Path) -> pd.DatetimeIndex:
    """The days a planned network's adequacy loop added to its sizing sample (`n.meta["sizing"]["added_days"]`), read
    from the netCDF file's attributes without loading the network."""
    with netCDF4.Dataset(path) as data:
        meta = json.loads(data.getncattr("meta")) if "meta" in data.ncattrs() else {}
    if "sizing" not in meta:
        raise SolveError(f"{path}: not a planned network (no sizing record in its meta): planning.sizing_days_from must name a planning run")
    return pd.DatetimeIndex(pd.to_datetime(meta["sizing"]["added_days"]))


def shortfall_diagnosis(
    sized: pypsa.Network, shedding: pd.Series, cost_cny_per_mwh: float, solver: SolverConfig, constraints: list, log_path: Path | None = None
) -> tuple[bool, str]:
    """Why a sizing that must serve every sampled snapshot is infeasible: (a shortfall of supply, one clause). The same LP is solved again with
    its load-shedding generators open (`shedding`: their MW, by name) at `cost_cny_per_mwh`; the clause names the
    provinces short of supply (TWh a year, by the sample's weights, largest first) and the snapshot of the largest
    national shortfall (GW). If that LP is infeasible too, the cause is not supply but a row no shedding relaxes (a
    floor or share, water caps, must-run output; a CO2 cap is met by shedding, so it shows as a shortfall)."""
    sized.generators.loc[shedding.index, "p_nom"] = shedding
    sized.generators.loc[shedding.index, "marginal_cost"] = cost_cny_per_mwh
    try:
        solve(sized, solver, log_path, constraints)
    except SolveError as err:
        if not err.infeasible:  # a time limit, a residual over the tolerance: says nothing of the cause
            return False, f"the diagnosis with load shedding allowed did not solve either ({err})"
        return False, (f"infeasible with load shedding allowed too ({err}): the cause is not a shortfall of supply but a row "
                       "that shedding does not relax (a floor or share, water caps, must-run output)")  # fmt: skip
    shed_mw = sized.generators_t.p[shedding.index].T.groupby(sized.generators.loc[shedding.index, "bus"]).sum().T
    twh = shed_mw.mul(sized.snapshot_weightings.generators, axis=0).sum().sort_values(ascending=False) / MWH_PER_TWH
    if twh.max() <= 0:
        return False, "with load shedding allowed the LP is feasible and sheds nothing: a numerical failure of the solver, not of supply"
    short = twh[twh > 1e-3 * twh.max()]
    worst = shed_mw.sum(axis=1).idxmax()
    at_worst = shed_mw.loc[worst].sort_values(ascending=False)
    provinces = ", ".join(f"{bus} {value:,.3g}" for bus, value in short.head(5).items())
    return True, (f"with load shedding allowed at {cost_cny_per_mwh:,.0f} CNY/MWh the sized sample leaves {twh.sum():,.3g} TWh a year "
                  f"unserved in {len(short)} province(s): {provinces} TWh; the largest shortfall is {at_worst.sum() / MW_PER_GW:,.3g} GW "
                  f"at {worst} ({at_worst.index[0]} {at_worst.iloc[0] / MW_PER_GW:,.3g} GW)")  # fmt: skip


def close_shedding(sized: pypsa.Network) -> pd.Series:
    """Set the load-shedding generators of a sizing network to 0 MW, so that its plan serves every sampled snapshot;
    returns the MW each could shed before, by name (what a diagnosis of an infeasible sizing opens again)."""
    shedding = sized.generators.loc[sized.generators.carrier == SHEDDING_CARRIER, "p_nom"].copy()
    sized.generators.loc[shedding.index, "p_nom"] = 0.0
    return shedding


def plan(n: pypsa.Network, cfg: RunConfig, log_path: Path | None = None, start_days: pd.DatetimeIndex | None = None) -> pypsa.Network:
    """Size, fix, dispatch (see module docstring) and, while the dispatch sheds more than `planning.adequacy_tolerance` of
    demand (the sizing serves every sampled snapshot unless `planning.sizing_allows_shedding`), add the days on which it sheds to the sizing sample (at their own weight) and size again, at most
    `planning.adequacy_max_iterations` times. `start_days` (e.g. another plan's added days, `sizing_days_of`) are in
    the sample from the first sizing. Returns the dispatched network (n itself is left unsolved).
    The curtailment ceiling of `policy.curtailment_max` is a sizing criterion (how much to build): the dispatch step of
    the sized system leaves it out, so that a year with more surplus than the sampled days reports its curtailment
    instead of failing."""
    constraints = scenario_constraints(cfg)
    plan_cfg = cfg.planning
    solver = plan_cfg.sizing_solver or cfg.solver
    demand_mwh = annual_demand_mwh(n)
    added = pd.DatetimeIndex([]) if start_days is None else start_days.intersection(n.snapshots.normalize().unique())
    history = []
    if log_path:  # the sizing logs of an earlier solve (more re-sizings than this one will write) would be read as this one's
        for stale in log_path.parent.glob(f"{log_path.stem}_sizing*{log_path.suffix}"):
            stale.unlink()
    for iteration in range(plan_cfg.adequacy_max_iterations + 1):
        sized = sizing_network(n, plan_cfg.sizing_resolution_hours, plan_cfg.sizing_day_stride, plan_cfg.sizing_extreme_days, added,
                               plan_cfg.sizing_block_days)  # fmt: skip
        shedding = pd.Series(dtype=float) if plan_cfg.sizing_allows_shedding else close_shedding(sized)
        sizing_log = log_path.with_name(f"{log_path.stem}_sizing{iteration or ''}{log_path.suffix}") if log_path else None
        try:
            solve(sized, solver, sizing_log, constraints)
        except SolveError as err:
            diagnosis_cost = plan_cfg.infeasible_diagnosis_cny_per_mwh
            if plan_cfg.sizing_allows_shedding or diagnosis_cost is None or not err.infeasible or shedding.empty:
                raise
            diagnosis_log = sizing_log.with_name(f"{sizing_log.stem}_diagnosis{sizing_log.suffix}") if sizing_log else None
            short, why = shortfall_diagnosis(sized, shedding, diagnosis_cost, solver, constraints, diagnosis_log)
            # a named shortfall is the cause: the solver's guess (must-run output, water caps) would point elsewhere
            raise SolveError(f"{err.without_hint if short else err}; {why}", infeasible=True) from None
        residual = nodal_residual_mw(sized)
        logger.info(
            "sizing %d: objective %.4e CNY/a, %d snapshots, largest nodal residual %.3g MW",
            iteration,
            sized.objective,
            len(sized.snapshots),
            residual,
        )
        dispatched = dispatch_sized(n, sized, cfg, log_path)
        shed = shedding_days(dispatched)
        new_days = shed.index.difference(sized.snapshots.normalize().unique())  # a day already sampled adds nothing
        in_sample = len(shed) - len(new_days)
        history.append({"iteration": iteration, "snapshots": len(sized.snapshots), "objective_cny": float(sized.objective),
                        "unserved_mwh": float(shed.sum()), "days_shedding": len(shed), "days_shedding_in_sample": in_sample})  # fmt: skip
        logger.info("adequacy %d: %.4g MWh unserved on %d days (%.2g of demand), %d of them in the sizing sample", iteration,
                    shed.sum(), len(shed), shed.sum() / demand_mwh, in_sample)  # fmt: skip
        if shed.sum() <= plan_cfg.adequacy_tolerance * demand_mwh:
            break
        if new_days.empty:  # the same sample would give the same plan: stop rather than solve it again
            logger.warning("adequacy %d: every day the dispatch sheds on is in the sizing sample already (served there, short in "
                           "the year's chronology of storage and hydro); sizing again cannot change the plan", iteration)  # fmt: skip
            break
        added = added.union(new_days)
    dispatched.meta = {**dispatched.meta, "sizing": {"objective_cny": float(sized.objective), "resolution_hours": float((sized.snapshots[1] - sized.snapshots[0]) / pd.Timedelta("1h")),
                       "snapshots": len(sized.snapshots), "solver": solver.name, "options": dict(solver.options),
                       "nodal_residual_mw": residual, "residuals": sized.meta.get("residuals", {}),
                       "adequacy_iterations": iteration, "added_days": [str(d.date()) for d in added], "adequacy": history,
                       "start_days": 0 if start_days is None else len(start_days)}}  # fmt: skip
    keep_sizing_duals(dispatched, sized)
    return dispatched


def keep_sizing_duals(dispatched: pypsa.Network, sized: pypsa.Network) -> None:
    """Column mu_sizing of dispatched.global_constraints: the sizing's duals. The rows the dispatch leaves out (a CO2 cap
    met at its price, the curtailment ceilings, capacity floors of a fixed fleet) are recorded without a row (mu NaN)."""
    gc = sized.global_constraints
    if gc.empty:
        return
    missing = gc.index.difference(dispatched.global_constraints.index)
    for name in missing:
        dispatched.add("GlobalConstraint", name, **gc.loc[name, ["type", "sense", "constant", "carrier_attribute"]].to_dict())
    dispatched.global_constraints.loc[missing, "mu"] = float("nan")
    dispatched.global_constraints["mu_sizing"] = gc["mu"].reindex(dispatched.global_constraints.index)
