"""East Data West Compute: data-centre hubs with movable compute load (issue #4; stub)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pypsa

from network.schema import Strict


class ComputeConfig(Strict):
    """Data-centre settings; disabled by default until issue #4 lands."""

    enabled: bool = False


def add_compute(n: pypsa.Network, cfg: ComputeConfig, inputs: Path, region_of: dict[str, str], year: int) -> None:
    """Add hubs, compute demand and workload classes (MW of IT load) to the network."""
    if not cfg.enabled:
        return


def add_constraints(n: pypsa.Network, snapshots: pd.Index, cfg: ComputeConfig) -> None:
    """Linopy constraints the compute mechanism needs (e.g. daily energy of deferrable load)."""


def metrics_rows(n: pypsa.Network, regions: pd.Series) -> list[dict]:
    """Compute metrics as tidy rows (metric, scope, carrier, value, unit)."""
    return []
