"""Provincial hydro inflow: monthly capacity factors (p.u.) from NBS monthly provincial hydro generation.

For province p and calendar month m, over the configured hydrology years Y (missing months skipped):

    cf[m, p] = all_plant_factor x mean_{y in Y} E[p, y, m] / (hours(m) x P[p, y])

E: NBS above-scale hydro generation (MWh), P: conventional hydro capacity (MW, pumped storage split off) averaged
over year y (mean of the year-end figures of y-1 and y where y-1 is in the statistics), hours(m): hours of the
month in a 365-day year. The scenario's hydro availability is cf[month(t), p] in every hour t, so with the
monthly budget (constraints/hydro_budget.py) each province generates, month by month, cf x its scenario capacity.
In the base year with in-year average capacity that is all_plant_factor x the published monthly energy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np
import pandas as pd

from network.config.provinces import PROVINCES
from network.units import MWH_PER_TWH

logger = logging.getLogger(__name__)
DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def monthly_capacity_factor(
    monthly_twh: pd.DataFrame, conventional_mw: Callable[[int], pd.Series], years: list[int], all_plant_factor: float
) -> pd.DataFrame:
    """Capacity factor (p.u.), index month 1..12, columns provinces; 0 where a province has no hydro or no statistics."""
    hours = pd.Series(DAYS_IN_MONTH * 24.0, index=range(1, 13))
    per_year = []
    for year in years:
        rows = monthly_twh[monthly_twh["year"] == year]
        energy = rows.pivot(index="month", columns="province", values="hydro_twh").reindex(index=range(1, 13), columns=list(PROVINCES))
        capacity = conventional_mw(year).reindex(list(PROVINCES))
        cf = energy * MWH_PER_TWH / np.outer(hours, capacity.where(capacity > 0))
        per_year.append(cf)
    cf = pd.concat(per_year).groupby(level=0).mean() * all_plant_factor
    cf = cf.reindex(list(PROVINCES), axis=1)
    no_stats = [p for p in PROVINCES if cf[p].isna().all() and conventional_mw(years[-1]).get(p, 0.0) > 0]
    if no_stats:
        logger.warning("hydro: no monthly statistics for %s; their hydro gets no inflow", no_stats)
    over = cf > 1
    if over.to_numpy().any():
        logger.warning("hydro: monthly capacity factor above 1 clipped for %s", sorted({p for p in cf.columns if over[p].any()}))
    return cf.fillna(0.0).clip(upper=1.0)


def hourly_availability(cf: pd.DataFrame, snapshots: pd.DatetimeIndex) -> pd.DataFrame:
    """Hourly availability (p.u.): each snapshot takes its calendar month's capacity factor."""
    frame = cf.loc[pd.DatetimeIndex(snapshots).month].set_axis(snapshots)
    frame.columns.name = None
    return frame
