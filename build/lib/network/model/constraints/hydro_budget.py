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

PERIOD_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-W%W", "month": "%Y-%m"}


def period_labels(snapshots: pd.DatetimeIndex, period: str) -> xr.DataArray:
    """Label of the budget period each snapshot belongs to."""
    return xr.DataArray(pd.DatetimeIndex(snapshots).strftime(PERIOD_FORMATS[period]), coords={"snapshot": snapshots}, dims="snapshot", name="period")


def add_constraints(n: pypsa.Network, snapshots: pd.Index, cfg: HydroConfig) -> None:
    """Replace the hourly availability bound of hydro by peak_pu x p_nom plus a budget per period (MWh)."""
    hydro = n.generators.index[(n.generators.carrier == "hydro") & ~n.generators.p_nom_extendable]
    if cfg.budget_period == "hour" or hydro.empty:
        return
    p_nom = xr.DataArray(n.generators.loc[hydro, "p_nom"].to_numpy(), coords={"name": hydro}, dims="name")
    available = n.get_switchable_as_dense("Generator", "p_max_pu", snapshots)[hydro]
    available = xr.DataArray(available.to_numpy(), coords={"snapshot": snapshots, "name": hydro}, dims=("snapshot", "name"))
    weights = xr.DataArray(n.snapshot_weightings.generators.loc[snapshots].to_numpy(), coords={"snapshot": snapshots}, dims="snapshot")

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
