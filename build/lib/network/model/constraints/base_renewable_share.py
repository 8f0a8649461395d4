"""A base's published renewable share: its fossil plants supply at most (1 - share) of what its line sends.

For every energy-base bus b (network/model/bases.py) with renewable_share_target s_b in (0, 1]:

    sum_t w_t sum_{g at b, fossil} p_g(t)  <=  (1 - s_b) sum_t w_t sum_{l leaves b, line} p0_l(t)

(MWh per year; w_t snapshot weights; fossil = not a green carrier; the base's tie to its province is not a line).
The rest of the line's energy is the base's wind, solar and hydro or renewable power bought over the tie.
"""

from __future__ import annotations

import pandas as pd
import pypsa
import xarray as xr

from network.config.technologies import GREEN_CARRIERS


def add_constraints(n: pypsa.Network, snapshots: pd.Index, enabled: bool) -> None:
    """Add one annual row per base with a target (see module docstring)."""
    if not enabled or "renewable_share_target" not in n.buses:
        return
    targets = n.buses["renewable_share_target"].astype(float)
    targets = targets[targets > 0]
    weights = xr.DataArray(n.snapshot_weightings.generators.loc[snapshots].to_numpy(), coords={"snapshot": snapshots}, dims="snapshot")
    lines = n.links[n.links.get("uhv_line", pd.Series(dtype=object)).notna()]
    for bus, share in targets.items():
        fossil = n.generators.index[(n.generators.bus == bus) & ~n.generators.carrier.isin(GREEN_CARRIERS)]
        sent = lines.index[lines.bus0 == bus]
        if fossil.empty or sent.empty:
            continue
        fossil_mwh = (n.model["Generator-p"].sel(name=fossil) * weights).sum()
        sent_mwh = (n.model["Link-p"].sel(name=sent) * weights).sum()
        n.model.add_constraints(fossil_mwh - (1 - share) * sent_mwh <= 0, name=f"Bus-base-renewable-share-{bus}")
