"""`compute:` section: data-centre hubs and compute demand."""

from __future__ import annotations

from pydantic import Field, model_validator

from network.config.base import Strict


class ComputeConfig(Strict):
    """Data-centre hubs and compute demand (defaults: estimates documented in docs/model.md and inputs/SOURCES.md)."""

    enabled: bool = Field(False, description="add data-centre hubs and compute demand")
    electricity_source: str = Field("CAICT", description="row group of inputs/datacentre_electricity.csv")
    national_dc_twh: float | None = Field(
        None, gt=0, description="national data-centre electricity of the scenario year, TWh (None: from the source)"
    )
    base_year: int = Field(2024, description="year whose data-centre load is inside the ordinary loads (= demand statistics year)")
    subtract_base_year_load: bool = Field(True, description="scale ordinary loads of the demand regions down by their base-year data-centre share")
    deferrable_share: float = Field(0.0, ge=0, le=1, description="share of compute that may move in time within a day")
    relocatable_share: float = Field(0.0, ge=0, le=1, description="share of compute that may be served at paired western hubs")
    deferrable_max_factor: float = Field(2.0, ge=1, description="deferrable load may rise to this multiple of its peak")
    diurnal_amplitude: float = Field(0.05, ge=0, lt=1, description="compute demand = mean x (1 + a cos(2pi (h - peak)/24))")
    peak_hour: float = Field(14.0, ge=0, lt=24, description="hour of peak compute demand, Beijing time")
    home_capacity_margin: float = Field(0.15, ge=0, description="demand hubs' IT capacity above their region's peak IT demand")
    relocation_cost_cny_per_mwh: float = Field(1.0, ge=0, description="cost per MWh of IT load served far from its region")

    @model_validator(mode="after")
    def _shares(self) -> ComputeConfig:
        if self.deferrable_share + self.relocatable_share > 1 + 1e-9:
            raise ValueError(f"deferrable_share + relocatable_share = {self.deferrable_share + self.relocatable_share} > 1")
        return self
