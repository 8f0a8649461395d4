"""`hydro:` section: where hydro energy comes from (provincial monthly statistics) and how freely it is dispatched."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from network.config.base import Strict

# 2023: all-plant hydro generation 1,285.9 TWh (NBS communiqué, 全口径) / above-scale 1,140.9 TWh (NBS monthly
# provincial series, 规模以上, inputs/hydro_generation_monthly_by_province.csv) = 1.127.
ALL_PLANT_PER_ABOVE_SCALE_2023 = 1285.9 / 1140.9
STATISTICS_YEARS = (2019, 2020, 2021, 2022, 2023, 2024)


class HydroConfig(Strict):
    """Hydro inflow and dispatch flexibility; budget_period 'hour' keeps the hourly availability as a bound."""

    inflow: Literal["provincial_monthly", "national_profile"] = Field(
        "provincial_monthly",
        description="provincial_monthly: each province's monthly energy from NBS provincial hydro generation of `inflow_years` "
        "(as capacity factors of its in-year conventional hydro capacity); national_profile: one national hourly profile "
        "scaled to operation.full_load_hours.hydro",
    )
    inflow_years: list[int] = Field(
        default_factory=lambda: [2023],
        description="hydrology years whose monthly provincial capacity factors are averaged (2021 lacks Sichuan/Yunnan November)",
    )
    all_plant_factor: float = Field(
        round(ALL_PLANT_PER_ABOVE_SCALE_2023, 4), gt=0.5, lt=2,
        description="all-plant / above-scale hydro generation (NBS 2023: 1,285.9 / 1,140.9 TWh); the NBS provincial series "
        "covers enterprises above designated size only",
    )  # fmt: skip
    budget_period: Literal["hour", "day", "week", "month"] = Field("month", description="period of the hydro energy budget")
    peak_pu: float = Field(0.95, gt=0, le=1, description="hourly output limit when shifting water, p.u. of p_nom")
    min_share_of_mean: float = Field(
        0.3, ge=0, le=1,
        description="hourly output floor, share of the budget period's mean available output (minimum ecological flow and "
        "cascade coupling; estimate after the Tennant method: 10 % of mean flow is the survival minimum, 30 % good habitat)",
    )  # fmt: skip

    @field_validator("inflow_years")
    @classmethod
    def _known_years(cls, years: list[int]) -> list[int]:
        unknown = [y for y in years if y not in STATISTICS_YEARS]
        if not years or unknown:
            raise ValueError(f"inflow_years {years}: need one or more of {list(STATISTICS_YEARS)}")
        return years
