"""`time:` section: resolution and weather year."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from network.config.base import Strict

DAY_DIVISORS = (1, 2, 3, 4, 6, 8, 12, 24)


class TimeConfig(Strict):
    resolution_hours: int = Field(3, ge=1, le=24, description="hours per snapshot after resampling; a divisor of 24")
    weather_year: Literal[2020] = Field(2020, description="year of the wind, solar and hydro profiles")

    @field_validator("resolution_hours")
    @classmethod
    def _divides_day(cls, hours: int) -> int:
        if 24 % hours:
            raise ValueError(f"{hours} h does not divide 24: snapshots would cross midnight, which breaks the daily "
                             f"compute-deferral and the day/month hydro budgets; use one of {DAY_DIVISORS}")  # fmt: skip
        return hours
