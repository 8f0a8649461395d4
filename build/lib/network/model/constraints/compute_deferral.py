"""Deferrable compute conserves its energy within each calendar day (linopy constraint)."""

from __future__ import annotations

import pandas as pd
import pypsa
import xarray as xr

from network.config.compute import ComputeConfig
from network.model.compute import SHIFT


def add_constraints(n: pypsa.Network, snapshots: pd.Index, cfg: ComputeConfig) -> None:
    """Deferrable compute conserves its daily energy: sum over each calendar day of w_t x shift_t = 0.

    Snapshots are grouped by the day they start in (exact when the resolution divides 24 h; at 24 h one
    snapshot per day, so the shift is zero)."""
    shift = n.generators.index[n.generators.carrier == SHIFT]
    if not cfg.enabled or shift.empty:
        return
    p = n.model["Generator-p"].sel(name=list(shift))
    w = xr.DataArray(n.snapshot_weightings.generators.loc[snapshots].to_numpy(), coords={"snapshot": p.coords["snapshot"].values})
    day = xr.DataArray(pd.DatetimeIndex(snapshots).normalize(), coords={"snapshot": p.coords["snapshot"].values}, name="day")
    n.model.add_constraints((p * w).groupby(day).sum() == 0, name="Generator-compute-daily-energy")
