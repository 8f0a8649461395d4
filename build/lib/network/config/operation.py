"""`operation:` section: must-run, availability and full-load-hour knobs (p.u., h)."""

from __future__ import annotations

import datetime
import re

from pydantic import Field, field_validator

from network.config.base import Strict


class OperationConfig(Strict):
    coal_min_pu: float = Field(0.25, ge=0, le=1, description="minimum output of each province's coal fleet, p.u.")
    gas_min_pu: float = Field(0.15, ge=0, le=1, description="minimum output of each province's gas fleet (contracted gas, peaking duty), p.u.")
    chp_must_run_pu: float = Field(0.7, ge=0, le=1, description="output of the CHP part of the coal fleet in the heating season, p.u.")
    heating_season: tuple[str, str] = Field(("11-15", "03-15"), description="first and last day of the northern heating season, 'MM-DD'")
    thermal_p_max_pu: float = Field(0.9, gt=0, le=1, description="availability of coal and gas fleets (maintenance, outages)")
    nuclear_p_max_pu: float = Field(0.876, gt=0, le=1, description="nuclear availability (7,670 h: 2023 utilisation)")
    biomass_p_max_pu: float = Field(0.6, gt=0, le=1, description="biomass availability, p.u.")
    full_load_hours: dict[str, float | None] = Field(
        default_factory=lambda: {"onwind": 2225.0, "offwind": None, "solar": 1286.0, "hydro": 3133.0},
        description="national available full-load hours the profiles are scaled to (None keeps the raw profile)",
    )

    @field_validator("heating_season")
    @classmethod
    def _month_day(cls, season: tuple[str, str]) -> tuple[str, str]:
        for day in season:
            try:
                ok = re.fullmatch(r"\d\d-\d\d", day) and datetime.date(2020, int(day[:2]), int(day[3:]))
            except ValueError:
                ok = False
            if not ok:
                raise ValueError(f"{day!r} is not a month-day date 'MM-DD' (e.g. '11-15' for 15 November)")
        if season[0] == season[1]:
            raise ValueError(f"start and end are the same day {season[0]!r}")
        return season

    @field_validator("full_load_hours")
    @classmethod
    def _flh_keys(cls, flh: dict[str, float | None]) -> dict[str, float | None]:
        for tech, value in flh.items():
            if tech not in ("onwind", "offwind", "solar", "hydro"):
                raise ValueError(f"full_load_hours: unknown technology {tech!r}")
            if value is not None and not 0 < value < 8760:
                raise ValueError(f"full_load_hours[{tech}] must be in (0, 8760) h, got {value}")
        return flh
