"""Inter-provincial exchange: aggregated capacity per province pair as lossy links."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pypsa
from pydantic import Field

from network.inputs import read_exchange_capacity
from network.schema import Strict

EARTH_RADIUS_KM = 6371.0


class TransmissionConfig(Strict):
    """Inter-provincial exchange settings."""

    p_max_pu: float = Field(0.7, gt=0, le=1, description="security margin on inter-provincial links")
    loss_per_1000km: float = Field(0.035, ge=0, lt=1, description="fraction of power lost per 1000 km of route")
    route_factor: float = Field(1.2, ge=1, description="route length / great-circle distance")


def great_circle_km(lon0, lat0, lon1, lat1) -> np.ndarray:
    """Haversine distance in km between points given in degrees."""
    lon0, lat0, lon1, lat1 = map(np.radians, (lon0, lat0, lon1, lat1))
    a = np.sin((lat1 - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat1) * np.sin((lon1 - lon0) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def exchange_links(edges: pd.DataFrame, provinces: pd.DataFrame, route_factor: float, loss_per_1000km: float) -> pd.DataFrame:
    """One row per direction of each province pair: bus0, bus1, p_nom (MW), length (km), efficiency."""
    edges = edges.groupby(["bus0", "bus1"], as_index=False)["p_nom"].sum()
    length = route_factor * great_circle_km(
        provinces.loc[edges.bus0, "x"].to_numpy(), provinces.loc[edges.bus0, "y"].to_numpy(),
        provinces.loc[edges.bus1, "x"].to_numpy(), provinces.loc[edges.bus1, "y"].to_numpy(),
    )  # fmt: skip
    forward = edges.assign(length=length)
    backward = forward.rename(columns={"bus0": "bus1", "bus1": "bus0"})
    links = pd.concat([forward, backward], ignore_index=True)
    links["efficiency"] = 1.0 - loss_per_1000km * links["length"] / 1000.0
    links.index = links["bus0"] + " -> " + links["bus1"]
    return links


def add_exchange_links(n: pypsa.Network, links: pd.DataFrame, p_max_pu: float) -> None:
    """Add directed links (carrier AC); p_max_pu is the security margin on each direction."""
    n.add(
        "Link", links.index, bus0=links["bus0"], bus1=links["bus1"], carrier="AC", p_nom=links["p_nom"],
        length=links["length"], efficiency=links["efficiency"], p_max_pu=p_max_pu, marginal_cost=0.1,
    )  # fmt: skip


def add_transmission(n: pypsa.Network, cfg: TransmissionConfig, inputs: Path, provinces: pd.DataFrame, year: int) -> None:
    """All inter-provincial exchange of the scenario year (MW) as links."""
    edges = read_exchange_capacity(inputs / "exchange_capacity_current.csv")
    links = exchange_links(edges, provinces, cfg.route_factor, cfg.loss_per_1000km)
    add_exchange_links(n, links, cfg.p_max_pu)
