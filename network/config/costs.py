"""`costs:` section (CNY)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from network.config.base import Strict


class CostConfig(Strict):
    currency: Literal["CNY"] = Field("CNY", description="all costs in CNY (2023)")
    coal_price_scale: float = Field(1.0, gt=0, description="factor on the provincial coal prices of inputs/")
    gas_price_cny_per_m3: float = Field(2.8, gt=0, description="gas price, CNY/m3 (9.89 kWh_th/m3)")
    co2_price_cny_per_t: float = Field(0.0, ge=0, description="CO2 price, CNY/t")
    co2_transport_storage_cny_per_t: float = Field(
        230.0,
        ge=0,
        description="transport and geological storage of captured CO2 (carriers with co2_captured_t_per_mwh_th in "
        "technology_parameters.csv: gas CCS), CNY/t; estimate: PyPSA-Eur's co2_sequestration_cost of 30 EUR/t x 7.66",
    )
    value_of_lost_load_cny_per_mwh: float = Field(20000.0, gt=0, description="cost of unserved load, CNY/MWh")
