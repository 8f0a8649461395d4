"""`hydro:` section: hydro energy budgets."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from network.config.base import Strict


class HydroConfig(Strict):
    """Hydro dispatch flexibility; budget_period 'hour' keeps the hourly availability as a bound."""

    budget_period: Literal["hour", "day", "week", "month"] = Field("month", description="period of the hydro energy budget")
    peak_pu: float = Field(0.95, gt=0, le=1, description="hourly output limit when shifting water, p.u. of p_nom")
