"""`storage:` section: pumped hydro and batteries (h, p.u.)."""

from __future__ import annotations

from pydantic import Field

from network.config.base import Strict


class StorageConfig(Strict):
    phs_max_hours: float = Field(6.0, gt=0)
    phs_efficiency_round_trip: float = Field(0.75, gt=0, le=1)
    battery_max_hours: float = Field(2.13, gt=0)
    battery_efficiency_round_trip: float = Field(0.85, gt=0, le=1)
