"""Hydro energy budgets: reservoirs move water within a day, week or month.

The hydro generators' hourly availability (p_max_pu: monthly provincial inflow, or the national
profile) becomes an energy budget per period: the energy generated in a period may not exceed the
energy available in it (MWh), while hourly output may reach `peak_pu` x p_nom and must stay above
`min_share_of_mean` x the period's mean available output (minimum ecological flow and cascade
coupling: water cannot be held back entirely for the evening peak). Unused budget shows as hydro
curtailment (spill) in n.statistics.
"""

from __future__ import annotations

import pandas as pd
import pypsa
import xarray as xr

from network.config.hydro import HydroConfig
from network.data.clock import beijing_snapshots

PERIOD_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-W%W", "month": "%Y-%m"}


def period_labels(snapshots: pd.DatetimeIndex, period: str) -> xr.DataArray:
    """Label of the budget period each snapshot belongs to."""
    return xr.DataArray(pd.DatetimeIndex(snapshots).strftime(PERIOD_FORMATS[period]), coords={"snapshot": snapshots}, dims="snapshot", name="period")


def budget_weights(n: pypsa.Network, snapshots: pd.Index, period: str) -> pd.Series:
    """Hours each snapshot stands for in its budget period (h): its objective weight, except in a sampled sizing network
    (model/sizing.py). There the extreme and adequacy days stand for themselves (objective weight = their own length,
    the weight of stores) and the ordinary days for the rest of the year (a weight above their length); in a period
    that has both, the ordinary days stand for the period's other hours only. With the year-wide weight, a period's
    ordinary day would stand for days of other periods, and hydro could trade one of its hours for several hours of a
    sampled peak day, running the peak at full output on water the period does not have (the chronological dispatch
    then sheds on the sampled day)."""
    w = n.snapshot_weightings.loc[snapshots]
    own = (w.generators == w.stores).to_numpy()
    if own.all() or not own.any():
        return w.generators
    labels = pd.Index(pd.DatetimeIndex(snapshots).strftime(PERIOD_FORMATS[period]))
    first, last = pd.DatetimeIndex(snapshots)[[0, -1]].normalize()
    year = pd.DatetimeIndex([t for y in range(first.year, last.year + 1) for t in beijing_snapshots(y)])
    year = year[(year >= first) & (year < last + pd.Timedelta(days=1))]
    calendar_h = pd.Series(1.0, index=year).groupby(year.strftime(PERIOD_FORMATS[period])).sum()
    own_h = w.stores[own].groupby(labels[own]).sum()
    ordinary_h = w.stores[~own].groupby(labels[~own]).sum()
    mixed = ordinary_h.index.intersection(own_h.index)
    stand_for = pd.Series(w.generators[~own].to_numpy() / w.stores[~own].to_numpy(), index=labels[~own])
    stand_for = stand_for.groupby(level=0).first()  # the year-wide scale, for periods without own days
    stand_for[mixed] = (calendar_h.reindex(mixed) - own_h[mixed]).clip(lower=0.0) / ordinary_h[mixed]
    weights = w.generators.copy()
    weights[~own] = w.stores[~own].to_numpy() * stand_for.reindex(labels[~own]).to_numpy()
    return weights


def add_constraints(n: pypsa.Network, snapshots: pd.Index, cfg: HydroConfig) -> None:
    """Replace the hourly availability bound of hydro by peak_pu x p_nom plus a budget per period (MWh)."""
    hydro = n.generators.index[(n.generators.carrier == "hydro") & ~n.generators.p_nom_extendable]
    if cfg.budget_period == "hour" or hydro.empty:
        return
    p_nom = xr.DataArray(n.generators.loc[hydro, "p_nom"].to_numpy(), coords={"name": hydro}, dims="name")
    available = n.get_switchable_as_dense("Generator", "p_max_pu", snapshots)[hydro]
    available = xr.DataArray(available.to_numpy(), coords={"snapshot": snapshots, "name": hydro}, dims=("snapshot", "name"))
    weights = xr.DataArray(budget_weights(n, snapshots, cfg.budget_period).to_numpy(), coords={"snapshot": snapshots}, dims="snapshot")

    upper = n.model.constraints["Generator-fix-p-upper"]
    rhs = upper.rhs.copy()
    rhs.loc[{"name": hydro}] = (p_nom * cfg.peak_pu).broadcast_like(rhs.sel(name=hydro)).transpose(*rhs.dims)
    upper.update(rhs=rhs)

    labels = period_labels(snapshots, cfg.budget_period)
    if cfg.min_share_of_mean > 0:
        mean = (available * weights).groupby(labels).sum() / weights.groupby(labels).sum()
        floor = (cfg.min_share_of_mean * mean.sel(period=labels) * p_nom).drop_vars("period").transpose(*rhs.sel(name=hydro).dims)
        lower = n.model.constraints["Generator-fix-p-lower"]
        low = lower.rhs.copy()
        low.loc[{"name": hydro}] = floor
        lower.update(rhs=low)
    energy = (n.model["Generator-p"].sel(name=hydro) * weights).groupby(labels).sum()
    budget = (available * p_nom * weights).groupby(labels).sum()
    n.model.add_constraints(energy <= budget, name="Generator-hydro-budget")
