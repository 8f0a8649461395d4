"""`storage:` section: pumped hydro and batteries (h, p.u.)."""

from __future__ import annotations

from pydantic import Field

from network.config.base import Strict


class StorageConfig(Strict):
    phs_max_hours: float = Field(6.0, gt=0, description="pumped hydro energy / power, h")
    phs_efficiency_round_trip: float = Field(0.75, gt=0, le=1, description="pumped hydro round-trip efficiency")
    battery_max_hours: float = Field(2.13, gt=0, description="battery energy / power, h, where the year has no national figure")
    battery_efficiency_round_trip: float = Field(0.85, gt=0, le=1, description="battery round-trip efficiency")
