"""`water:` section: water buses, caps and transfers."""

from __future__ import annotations

from pydantic import Field, field_validator

from network.config.base import Strict, known_provinces

# Hai River basin and the Yellow River basin north of the Qinling (without the water-rich
# headwaters of Qinghai and Sichuan), where "four waters, four limits" applies, plus Xinjiang's
# arid inland basins.
WATER_STRESSED_NORTH = ("Beijing", "Tianjin", "Hebei", "Shanxi", "InnerMongolia", "Shandong", "Henan",
                        "Shaanxi", "Ningxia", "Gansu", "Xinjiang")  # fmt: skip


class WaterConfig(Strict):
    """Water buses, cooling water, caps and transfers (units in the field descriptions)."""

    enabled: bool = Field(False, description="add water buses, cooling water, caps and transfers")
    cap: bool = Field(True, description="enforce the provincial allowances (False: track and report only)")
    statistics_year: int = Field(2023, ge=2020, le=2023, description="year of the national industrial water use (MWR)")
    share_of_industrial_use: float = Field(0.9, gt=0, le=1, description="allowance of power + compute / industrial water use")
    cap_scale: float = Field(1.0, gt=0, description="factor on every allowance")
    tight_provinces: list[str] = Field(default_factory=lambda: list(WATER_STRESSED_NORTH), description="provinces whose allowance tight_cut cuts")
    tight_cut: float = Field(0.0, ge=0, lt=1, description="fraction cut from the allowance of tight_provinces")
    price_cny_per_m3: float = Field(0.0, ge=0, description="marginal cost of fresh water within the cap")
    overdraft_penalty_cny_per_m3: float | None = Field(100.0, gt=0, description="cost of water above the cap; null = hard cap")
    pv_cleaning: bool = Field(True, description="PV panel cleaning withdraws fresh water (0.02 m3/MWh)")
    hydro_evaporation: bool = Field(True, description="report reservoir evaporation as consumption (not capped)")
    transfers: bool = Field(True, description="South-to-North Water Diversion eastern and middle routes")
    transfer_power_share: float = Field(0.1, ge=0, le=1, description="share of transferred water available to power + compute")
    transfer_flex: float = Field(0.0, ge=0, le=1, description="extra transfer above schedule the optimiser may use, fraction")

    @field_validator("tight_provinces")
    @classmethod
    def _known(cls, provinces: list[str]) -> list[str]:
        known_provinces(provinces)
        return provinces
