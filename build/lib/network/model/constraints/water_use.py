"""Power plants' cooling water: each province's water-use sink follows its generators (linopy constraint)."""

from __future__ import annotations

import pandas as pd
import pypsa
import xarray as xr

from network.config.technologies import ELECTRICITY
from network.config.water import WaterConfig
from network.model.water import POWER_WATER_USE
from network.units import M3_PER_THOUSAND


def add_constraints(n: pypsa.Network, snapshots: pd.Index, cfg: WaterConfig) -> None:
    """Tie each province's power water-use sink to its generators: p_sink(t) = -sum_g factor_g x p_g(t)."""
    if not cfg.enabled or "water_fresh_withdrawal" not in n.generators:
        return
    g = n.generators
    users = g.index[(g["water_fresh_withdrawal"].fillna(0.0) > 0) & (g.bus.map(n.buses.carrier) == ELECTRICITY)]
    if users.empty:
        return
    p = n.model["Generator-p"]
    factor = xr.DataArray(g.loc[users, "water_fresh_withdrawal"].astype(float).to_numpy() / M3_PER_THOUSAND, coords={"name": users})
    bus = g.loc[users, "bus"]
    province = bus.map(n.buses["province"]).fillna(bus) if "province" in n.buses else bus  # a base draws on its province's water
    sink_of = xr.DataArray((province + f" {POWER_WATER_USE}").to_numpy(), coords={"name": users}, name="sink")
    withdrawn = (p.sel(name=users) * factor).groupby(sink_of).sum().rename(sink="name")
    sinks = withdrawn.coords["name"].to_index()
    n.model.add_constraints(p.sel(name=sinks) + withdrawn == 0, name="water-use_coupling")
