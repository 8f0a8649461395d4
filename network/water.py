"""Water nexus: provincial water buses, cooling water, caps and transfers (issue #5; stub)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pypsa

from network.schema import Strict


class WaterConfig(Strict):
    """Water settings; disabled by default until issue #5 lands."""

    enabled: bool = False


def add_water(n: pypsa.Network, cfg: WaterConfig, inputs: Path, year: int) -> None:
    """Add water buses, water use of supply, caps and transfers."""
    if not cfg.enabled:
        return


def add_constraints(n: pypsa.Network, snapshots: pd.Index, cfg: WaterConfig) -> None:
    """Linopy constraints the water mechanism needs, if any."""


def metrics_rows(n: pypsa.Network, regions: pd.Series) -> list[dict]:
    """Water metrics as tidy rows (metric, scope, carrier, value, unit)."""
    return []
