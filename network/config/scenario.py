"""`scenario:` section: scenario year, demand and capacity statistics and targets."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from network.config.base import Strict, known_provinces


class DemandConfig(Strict):
    statistics_year: int = Field(2023, ge=2019, le=2024, description="year of provincial consumption statistics")
    annual_growth: float = Field(0.0, ge=-0.2, le=0.3, description="per year, from statistics_year to scenario year")
    trajectory: Literal["anchored", "pik", "thu"] | None = Field(
        None,
        description="annual demand per province of the scenario year from a demand trajectory (linear between its years; "
        "statistics_year and annual_growth then unused): pik, thu: inputs/demand_trajectory_<trajectory>.csv; anchored: the 2024 "
        "actuals grown by the THU projection's growth from 2025 (docs/pathways.md). Set per horizon by the pathway "
        "(pathway.demand_source); None: the statistics year grown by annual_growth",
    )
    national_twh: float | None = Field(
        None,
        gt=0,
        description="national annual demand of the scenario year, TWh: the provinces' annual demand (from the trajectory or the "
        "statistics) scaled by one factor so that it sums to this, provincial shares kept (data centres of compute come on top). "
        "Set per horizon by the pathway (pathway.demand_national_twh); None: no scaling",
    )


class CapacityConfig(Strict):
    statistics_year: int = Field(2023, ge=2019, le=2024, description="year of provincial capacity statistics")
    fleet: Literal["year_end", "year_average"] = Field(
        "year_end",
        description="year_end: the statistics' year-end fleet; year_average: the mean of the year-end fleets of "
        "statistics_year - 1 and statistics_year (what was on line during the year, for base-year dispatch)",
    )
    national_targets_gw: dict[str, float] = Field(
        default_factory=dict, description="technology -> national GW in the scenario year (provincial shares kept)"
    )

    @field_validator("national_targets_gw")
    @classmethod
    def _known_technologies(cls, targets: dict[str, float]) -> dict[str, float]:
        for tech, value in targets.items():  # technology names: network/config/names.py, against the technology table
            if value < 0:
                raise ValueError(f"negative capacity target for {tech!r}: {value} GW")
        return targets

    provincial_additions_gw: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="technology -> {province: GW} added after the national targets (e.g. eastern distributed PV)",
    )

    @field_validator("provincial_additions_gw")
    @classmethod
    def _known_additions(cls, additions: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for by_province in additions.values():
            known_provinces(by_province)
        return additions


class ScenarioConfig(Strict):
    year: int = Field(2023, ge=2019, le=2060, description="scenario year (lines in service, demand growth, compute)")
    demand: DemandConfig = DemandConfig()
    capacity: CapacityConfig = CapacityConfig()
