"""Perfect foresight over pathway horizons (issue 22 item 4, docs/pathways.md): all horizons in one LP through PyPSA's
multi-period investment, and the myopic sequence on the same network, so that the two differ only in foresight.

`multi_period_network(nets, lifetimes, discount_rate, co2_cap_mt)` combines one network per horizon (each built for
its horizon: its demand, its cost table, its fleet; at the same coarse resolution and number of snapshots) into one
network with n.investment_periods = the horizons and snapshots (period, timestep):

- an extendable component of horizon p (a planning option, a candidate line) becomes a vintage "<name> <p>",
  build_year p, lifetime from `lifetimes` (its planning option; 'transmission' for a link without one), capital cost
  of p's table (CNY per MW and year), p_nom_max the room p's network gives it; the vintages of one name share that
  room: sum of the vintages active in period q <= room in q (`shared_room`);
- a fixed component (the statistics fleet, a line in service) keeps the MW each horizon's network gives it
  (p_nom; p_nom_min of an extendable one): the sequence over the horizons is cut into blocks, each a component
  "<name>[ from <first period>][ until <first period without it>]", with build_year = its first period and lifetime up
  to the first period it is gone (the coal and gas fleets retiring
  by their vintage tables, a line entering service later);
- time-varying inputs (demand, availability, marginal cost) are those of each period's network;
- investment_period_weightings: years = the gap to the next horizon (the last: the gap before it);
  objective = sum over those years of 1 / (1 + r)^(year - first horizon), r = `discount_rate`;
- a CO2 cap per period (Mt/a) as PyPSA's primary_energy GlobalConstraint with investment_period; PyPSA weighs the
  period's emissions by its years, so the constant is cap x years (t per period).

The objective is then sum_p W_p (sum_{assets active in p} capital_cost x p_nom + opex_p), CNY discounted to the first
horizon; `discounted_cost` evaluates the same sum for any solution (the myopic one too).

`solve_myopic` solves the periods one after another on the same network: period p's window only, the vintages of
earlier periods fixed at what their own period built, later ones at 0. This is the myopic pathway (carry_forward /
add_brownfield of network/model/brownfield.py) at the same resolution: a carried asset has its template's operating
parameters and no capital cost in the LP (its cost is sunk); here it keeps its capital cost, which is a constant.
Of the custom constraints of the single-year model only the curtailment ceiling (policy.curtailment_max, per period)
is applied here; hydro budgets, water, compute and the self-sufficiency floor are not.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pypsa
import xarray as xr

from network.config.policy import ALL, NATIONAL_GROUPS
from network.config.technologies import VRE_CARRIERS
from network.model.constraints import equal_capacity
from network.units import MWH_PER_TWH, T_PER_MT

logger = logging.getLogger(__name__)

COMPONENTS = {"Generator": "generators", "StorageUnit": "storage_units", "Link": "links", "Load": "loads", "Store": "stores"}
NOMINAL = {"Generator": "p_nom", "StorageUnit": "p_nom", "Link": "p_nom", "Store": "e_nom"}
DISPATCH = {"Generator": "p", "StorageUnit": "p_dispatch", "Link": "p0", "Store": "p"}  # what marginal_cost is paid on
TRANSMISSION = "transmission"  # lifetime key of a built link without a planning option (as brownfield.TRANSMISSION)
CO2_CAP = "co2_cap"


class ForesightError(ValueError):
    """The horizon networks cannot be combined (different snapshot counts, a vintage without a lifetime)."""


def scale_demand(n: pypsa.Network, twh: pd.Series) -> None:
    """Scale each province's electricity load (the loads at its bus) to its annual TWh in `twh` (index: province;
    read_demand_trajectory's column of the horizon), keeping the hourly shape; in place, on a full-year network
    (snapshot weightings summing to the year). Scaling to a target, not by a factor: applying it twice changes nothing."""
    loads = n.loads[n.loads.bus.isin(twh.index)]
    p_set = n.get_switchable_as_dense("Load", "p_set")[loads.index]
    annual_twh = p_set.mul(n.snapshot_weightings.generators, axis=0).sum() / MWH_PER_TWH
    target = loads.bus.map(twh) / loads.bus.map(annual_twh.groupby(loads.bus).sum())
    n.loads_t.p_set[loads.index] = p_set * target


def period_weightings(periods: list[int], discount_rate: float) -> pd.DataFrame:
    """years (the gap to the next period; the last: the gap before it, 1 if alone) and objective (sum over those years
    of 1 / (1 + r)^(year - first period)) per period."""
    gaps = np.diff(periods).tolist()
    years = [*gaps, gaps[-1] if gaps else 1]
    objective = [sum((1 + discount_rate) ** -(p - periods[0] + k) for k in range(int(y))) for p, y in zip(periods, years)]
    return pd.DataFrame({"objective": objective, "years": [float(y) for y in years]}, index=pd.Index(periods, name="period"))


def blocks(capacity: pd.Series) -> list[tuple[int, int | None, float]]:
    """Cut a capacity sequence (MW by period) into blocks (first period, first period without it or None, MW), each
    constant while it lasts: increases start a block, decreases end the latest blocks first."""
    periods = list(capacity.index)
    stack: list[list] = []  # [start, MW]
    done = []
    for p in periods:
        need = float(capacity[p])
        have = sum(b[1] for b in stack)
        while have > need + 1e-9:
            start, mw = stack.pop()
            cut = min(mw, have - need)
            done.append((start, p, cut))
            if mw - cut > 1e-9:
                stack.append([start, mw - cut])
            have -= cut
        if need > have + 1e-9:
            stack.append([p, need - have])
    done += [(start, None, mw) for start, mw in stack]
    return sorted(done, key=lambda b: (b[0], b[1] is None, b[1] or 0))


def _lifetime(row: pd.Series, component: str, lifetimes: Mapping[str, float]) -> float:
    option = row.get("planning_option")
    key = option if isinstance(option, str) and option else (TRANSMISSION if component == "Link" else "")
    if key not in lifetimes:
        raise ForesightError(f"pathway.lifetime_years: no lifetime for {key or row.name!r} ({component} {row.name})")
    return float(lifetimes[key])


def _series_attrs(n: pypsa.Network, component: str) -> list[str]:
    defaults = n.components[component].defaults
    return [a for a in defaults.index if "series" in str(defaults.at[a, "type"]) and str(defaults.at[a, "status"]).startswith("Input")]


def multi_period_network(
    nets: Mapping[int, pypsa.Network], lifetimes: Mapping[str, float], discount_rate: float, co2_cap_mt: Mapping[int, float | None] | None = None
) -> pypsa.Network:
    """One multi-period network from one network per horizon (see module docstring)."""
    periods = sorted(nets)
    first = nets[periods[0]]
    steps = first.snapshots
    if any(len(nets[p].snapshots) != len(steps) for p in periods):
        raise ForesightError(f"horizon networks have different snapshot counts: { {p: len(nets[p].snapshots) for p in periods} }")
    mp = pypsa.Network(name="foresight")
    mp.set_snapshots(pd.MultiIndex.from_product([periods, steps], names=["period", "timestep"]))
    mp.investment_periods = periods
    mp.investment_period_weightings = period_weightings(periods, discount_rate)
    weights = pd.concat([nets[p].snapshot_weightings.set_axis(pd.MultiIndex.from_product([[p], steps])) for p in periods])
    mp.snapshot_weightings = weights.set_axis(mp.snapshots)
    for attr in ("carriers", "buses"):
        table = pd.concat([getattr(nets[p], attr) for p in periods])
        table = table[~table.index.duplicated()]
        mp.add("Carrier" if attr == "carriers" else "Bus", table.index, **{c: table[c].to_numpy() for c in table.columns})
    room = []
    for component, attr in COMPONENTS.items():
        room += _add_component(mp, nets, periods, component, attr, lifetimes)
    mp.meta = {"foresight_room": room, "horizons": periods, "discount_rate": discount_rate}
    years = mp.investment_period_weightings.years
    for p, cap in (co2_cap_mt or {}).items():
        if cap is not None:  # PyPSA weighs a period's emissions by its years: the constant is the period's total
            mp.add("GlobalConstraint", f"{CO2_CAP} {p}", type="primary_energy", carrier_attribute="co2_emissions", sense="<=",
                   constant=cap * T_PER_MT * years[p], investment_period=p)  # fmt: skip
    return mp


def _add_component(mp, nets, periods, component, attr, lifetimes) -> list[dict]:
    """Add the blocks and vintages of one component type; returns the room records of its vintages."""
    statics = {p: getattr(nets[p], attr) for p in periods}
    names = list(dict.fromkeys(name for p in periods for name in statics[p].index))
    if not names:
        return []
    nominal = NOMINAL.get(component)
    rows, origin, room = [], [], []  # rows: (new name, source period, static row, build_year, lifetime, MW or None)
    for name in names:
        present = [p for p in periods if name in statics[p].index]
        if nominal is None:  # loads: one component, its p_set per period
            rows.append((name, present[0], statics[present[0]].loc[name], None, None, None))
            origin.append(name)
            continue
        ext = {p: bool(statics[p].at[name, f"{nominal}_extendable"]) for p in present}
        fixed = pd.Series({p: float(statics[p].at[name, f"{nominal}_min" if ext.get(p) else nominal]) if p in present else 0.0 for p in periods})
        for start, end, mw in blocks(fixed):
            label = name + ("" if start == periods[0] else f" from {start}") + ("" if end is None else f" until {end}")
            lifetime = np.inf if end is None else end - start
            rows.append((label, start, statics[start].loc[name], start, lifetime, mw))
            origin.append(name)
        for p in [p for p in present if ext[p]]:
            row = statics[p].loc[name]
            label = f"{name} {p}"
            rows.append((label, p, row, p, _lifetime(row, component, lifetimes), "ext"))
            origin.append(name)
            limit = float(row[f"{nominal}_max"]) - float(row[f"{nominal}_min"])
            room.append({"component": component, "name": name, "vintage": label, "period": p, "room": limit})
    src = pd.DataFrame([r[2] for r in rows]).set_axis([r[0] for r in rows])
    cols = {c: src[c].to_numpy() for c in src.columns if c not in ("build_year", "lifetime")}
    if nominal is not None:
        mw = [r[5] for r in rows]
        is_ext = np.array([m == "ext" for m in mw])
        cols[nominal] = np.where(is_ext, 0.0, [0.0 if m == "ext" else m for m in mw])
        cols[f"{nominal}_min"] = np.where(is_ext, 0.0, cols[nominal])
        cols[f"{nominal}_extendable"] = is_ext
        cols[f"{nominal}_max"] = np.where(is_ext, [r["room"] for r in _vintage_rooms(rows, room)], np.inf)
        cols["foresight_vintage"] = is_ext
        cols["build_year"] = [r[3] for r in rows]
        cols["lifetime"] = [r[4] for r in rows]
        if "capacity_of" in src:  # a reverse link's vintage shares its forward link's vintage of the same period
            cols["capacity_of"] = [f"{c} {r[3]}" if isinstance(c, str) and c and m == "ext" else "" for c, r, m in zip(src["capacity_of"], rows, mw)]
        cols["foresight_of"] = np.array(origin, dtype=object)
    labels = [r[0] for r in rows]
    series = {}
    for a in _series_attrs(mp, component):
        frames = []
        for p in periods:
            here = [o for o in origin if o in statics[p].index]
            dense = (
                nets[p].get_switchable_as_dense(component, a, inds=pd.Index(dict.fromkeys(here))) if here else pd.DataFrame(index=nets[p].snapshots)
            )
            own = pd.DataFrame({lab: dense[o] if o in dense else nets[r[1]].get_switchable_as_dense(component, a, inds=pd.Index([o]))[o].to_numpy()
                                for lab, o, r in zip(labels, origin, rows)}, index=nets[p].snapshots)  # fmt: skip
            frames.append(own.set_axis(pd.MultiIndex.from_product([[p], nets[periods[0]].snapshots]), axis=0))
        dense = pd.concat(frames).set_axis(mp.snapshots)
        if dense.empty:
            continue
        cols[a] = dense.iloc[0].to_numpy()  # static value; the columns that vary get their series below
        varying = dense.columns[dense.nunique() > 1]
        if len(varying):
            series[a] = dense[varying]
    mp.add(component, labels, **cols)
    for a, frame in series.items():
        getattr(mp, attr + "_t")[a] = frame
    return room


def _vintage_rooms(rows: list, room: list[dict]) -> list[dict]:
    """The room record of each row (vintages in the order of `room`; a placeholder for blocks)."""
    by_label = {r["vintage"]: r for r in room}
    return [by_label.get(r[0], {"room": np.inf}) for r in rows]


def shared_room(n: pypsa.Network, snapshots: pd.Index) -> None:
    """sum of the vintages of one name active in period q <= the room q's network gives it (MW), for every name with
    more than one vintage and a finite room; skipped for vintages without a variable (fixed in a myopic step)."""
    records = pd.DataFrame(n.meta.get("foresight_room", []))
    if records.empty:
        return
    periods = snapshots.unique("period") if isinstance(snapshots, pd.MultiIndex) else n.investment_periods
    for (component, name), group in records.groupby(["component", "name"]):
        if len(group) < 2:
            continue
        static = getattr(n, COMPONENTS[component])
        var = n.model[f"{component}-{NOMINAL[component]}"]
        ext = set(var.indexes["name"])
        for q in periods:
            limit = group.loc[group.period == q, "room"]
            if limit.empty or not np.isfinite(limit.iloc[0]):
                continue
            active = group[(group.period <= q) & (group.period + static.loc[group.vintage, "lifetime"].to_numpy() > q)]
            free = [v for v in active.vintage if v in ext]
            fixed = float(static.loc[[v for v in active.vintage if v not in ext], NOMINAL[component]].sum())
            if free:
                n.model.add_constraints(var.sel(name=free).sum() <= limit.iloc[0] - fixed, name=f"{component}-shared_room {name} {q}")


def curtailment_rows(n: pypsa.Network, snapshots: pd.Index, curtailment_max: Mapping[str, float]) -> None:
    """policy.curtailment_max per period q (network/model/constraints/policy.py, the same groups: wind, solar, all, a
    province): sum_g (1 - c) A_g - E_g <= 0 over the wind and solar generators active in q, with A_g = sum_{t in q} w_t
    p_max_pu_g(t) P_g (P_g the variable p_nom of an extendable vintage, else its MW) and E_g = sum_{t in q} w_t p_g(t)."""
    g = n.generators
    vre = g[g.carrier.isin(VRE_CARRIERS)]
    province = n.buses.get("province", pd.Series(n.buses.index, index=n.buses.index)).reindex(vre.bus).to_numpy()
    periods = snapshots.get_level_values("period")
    w = n.snapshot_weightings.generators.loc[snapshots]
    pu = n.get_switchable_as_dense("Generator", "p_max_pu").loc[snapshots, vre.index]
    p, p_nom = n.model["Generator-p"], n.model["Generator-p_nom"]
    ext = set(p_nom.indexes["name"])
    for key, c in curtailment_max.items():
        if key in NATIONAL_GROUPS:
            members = vre[vre.carrier.isin(NATIONAL_GROUPS[key])]
        else:
            members = vre if key == ALL else vre[province == key]
        for q in periods.unique():
            active = members.index[n.components["Generator"].get_active_assets(investment_period=q)[members.index].to_numpy()]
            if active.empty:
                continue
            wq = xr.DataArray(np.where(periods == q, w.to_numpy(), 0.0), coords={"snapshot": p.indexes["snapshot"]}, dims="snapshot")
            factor = pu[active].mul(np.where(periods == q, w.to_numpy(), 0.0), axis=0).sum()
            free = [a for a in active if a in ext]
            fixed = float((factor.drop(free) * g.loc[active.drop(free), "p_nom"]).sum())
            lhs = -(p.sel(name=list(active)) * wq).sum()
            if free:
                coeff = xr.DataArray((1 - c) * factor[free].to_numpy(), coords={"name": free}, dims="name")
                lhs = lhs + (p_nom.sel(name=free) * coeff).sum()
            n.model.add_constraints(lhs <= -(1 - c) * fixed, name=f"GlobalConstraint-curtailment_max {key} {q}")


def constraints(curtailment_max: Mapping[str, float] | None = None):
    """The rows of a foresight (or myopic) solve, as extra_functionality: shared room of vintages, equal capacity of a
    line's two directions, and the curtailment ceiling per period (policy.curtailment_max) if given."""

    def add(n: pypsa.Network, snapshots: pd.Index) -> None:
        shared_room(n, snapshots)
        equal_capacity.add_constraints(n, snapshots)
        if curtailment_max:
            curtailment_rows(n, snapshots, curtailment_max)

    return add


def solve_foresight(
    mp: pypsa.Network, solver_name: str = "highs", options: Mapping | None = None, curtailment_max: Mapping[str, float] | None = None
) -> pypsa.Network:
    """All periods in one LP (in place)."""
    status, condition = mp.optimize(multi_investment_periods=True, solver_name=solver_name, solver_options=dict(options or {}),
                                    extra_functionality=constraints(curtailment_max), include_objective_constant=False)  # fmt: skip
    if condition != "optimal":
        raise ForesightError(f"perfect foresight: solver returned status={status!r}, condition={condition!r}")
    return mp


def solve_myopic(
    mp: pypsa.Network, solver_name: str = "highs", options: Mapping | None = None, curtailment_max: Mapping[str, float] | None = None
) -> pypsa.Network:
    """The periods one after another (module docstring); returns a copy of mp with every vintage fixed at what its period
    built (p_nom = p_nom_opt) and each period's dispatch in the time series."""
    result = mp.copy()
    dispatch: dict[tuple[str, str], list[pd.DataFrame]] = {}
    for p in mp.investment_periods:
        step = result.copy()
        for component, nominal in NOMINAL.items():
            static = getattr(step, COMPONENTS[component])
            if static.empty:
                continue
            later = static[f"{nominal}_extendable"] & (static.build_year > p)
            static.loc[later, [f"{nominal}_max", nominal]] = 0.0
            static.loc[later, f"{nominal}_extendable"] = False
        window = step.snapshots[step.snapshots.get_level_values("period") == p]
        status, condition = step.optimize(snapshots=window, multi_investment_periods=True, solver_name=solver_name,
                                          solver_options=dict(options or {}), extra_functionality=constraints(curtailment_max),
                                          include_objective_constant=False)  # fmt: skip
        if condition != "optimal":
            raise ForesightError(f"myopic period {p}: solver returned status={status!r}, condition={condition!r}")
        for component, nominal in NOMINAL.items():
            attr = COMPONENTS[component]
            static, own = getattr(result, attr), getattr(step, attr)
            built = own.index[own[f"{nominal}_extendable"] & (own.build_year == p)]
            static.loc[built, nominal] = own.loc[built, f"{nominal}_opt"]
            static.loc[built, f"{nominal}_extendable"] = False
            for key, frame in getattr(step, attr + "_t").items():
                if key in ("p", "p0", "p1", "p_dispatch", "p_store", "state_of_charge", "e") and not frame.empty:
                    dispatch.setdefault((attr, key), []).append(frame.loc[window])
        logger.info("myopic %d: window objective %.6g", p, step.objective)
    for attr in set(COMPONENTS.values()):
        static = getattr(result, attr)
        nominal = "e_nom" if attr == "stores" else "p_nom"
        if attr != "loads" and not static.empty:
            static[f"{nominal}_opt"] = static[nominal]
    for (attr, key), frames in dispatch.items():
        getattr(result, attr + "_t")[key] = pd.concat(frames).reindex(result.snapshots).fillna(0.0)
    return result


def cost_by_period(n: pypsa.Network) -> pd.DataFrame:
    """Per period of a solved multi-period network: capex (sum over active assets of capital_cost x nominal), opex
    (marginal cost x dispatch x snapshot weighting), both per year (CNY/a), their weight and the discounted total
    (CNY), so that the discounted column sums to the LP objective."""
    periods = n.investment_periods
    out = pd.DataFrame(0.0, index=pd.Index(periods, name="period"), columns=["capex", "opex"])
    w = n.snapshot_weightings.objective
    for component, nominal in NOMINAL.items():
        static = getattr(n, COMPONENTS[component])
        if static.empty:
            continue
        size = static.get(f"{nominal}_opt", static[nominal]).where(static[f"{nominal}_extendable"], static[nominal]).astype(float)
        for p in periods:
            active = n.components[component].get_active_assets(investment_period=p)
            out.at[p, "capex"] += float((static.capital_cost * size)[active].sum())
        flows = getattr(n, COMPONENTS[component] + "_t").get(DISPATCH[component])
        if flows is None or flows.empty:
            continue
        cost = n.get_switchable_as_dense(component, "marginal_cost")[flows.columns]
        per_snapshot = (flows * cost).sum(axis=1) * w
        out["opex"] += per_snapshot.groupby(level="period").sum().reindex(periods, fill_value=0.0)
    out["weight"] = n.investment_period_weightings.objective.reindex(periods)
    out["discounted"] = out.weight * (out.capex + out.opex)
    return out


def built_by_period(n: pypsa.Network) -> pd.DataFrame:
    """MW built in each period by carrier (the vintages: build_year = period, extendable in the network given to the
    solver; tidy: period, carrier, mw)."""
    rows = []
    for component, nominal in NOMINAL.items():
        static = getattr(n, COMPONENTS[component])
        if static.empty or "foresight_vintage" not in static:
            continue
        vintage = static.foresight_vintage.fillna(False).astype(bool)
        size = static.get(f"{nominal}_opt", static[nominal]).astype(float)
        table = pd.DataFrame({"period": static.build_year.astype(int), "carrier": static.carrier, "mw": size})[vintage]
        rows.append(table.groupby(["period", "carrier"], as_index=False).mw.sum())
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["period", "carrier", "mw"])
