"""`costs:` section (CNY)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from network.config.base import Strict


class CostConfig(Strict):
    currency: Literal["CNY"] = "CNY"
    coal_price_scale: float = Field(1.0, gt=0, description="factor on the provincial coal prices of inputs/")
    gas_price_cny_per_m3: float = Field(2.8, gt=0)
    co2_price_cny_per_t: float = Field(0.0, ge=0)
    value_of_lost_load_cny_per_mwh: float = Field(20000.0, gt=0)
