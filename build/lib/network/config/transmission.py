"""`transmission:` section: named UHV lines and the residual exchange (GW, km, kV, CNY)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from network.config.base import Strict, known_provinces


class NewLine(Strict):
    """A planned line added by a run (`transmission.add_lines`); units GW, km, kV."""

    name: str
    type: Literal["AC", "DC"] = "DC"
    kv: int = Field(800, description="DC: pole voltage (±kV); AC: line voltage (kV)")
    from_province: list[str] = Field(description="sending province(s); several = multi-terminal")
    to_province: list[str] = Field(description="receiving province(s); several = multi-terminal")
    terminal_gw: list[float] = Field(default_factory=list, description="multi-terminal split, in order of the multi side")
    substations: list[str] = Field(default_factory=list, description="AC: provinces of the substations, in order")
    capacity_gw: float | None = Field(None, gt=0, description="DC rating; AC: None = default transfer capacity")
    circuits: int = Field(1, ge=1, le=2)
    length_km: float | None = Field(None, gt=0, description="route length; None = route_factor x great-circle")
    year_in_service: int
    source: str = ""

    @field_validator("from_province", "to_province", "substations")
    @classmethod
    def _provinces(cls, names: list[str]) -> list[str]:
        known_provinces(names)
        return names

    @model_validator(mode="after")
    def _complete(self) -> NewLine:
        if self.type == "DC" and self.capacity_gw is None:
            raise ValueError(f"add_lines {self.name!r}: a DC line needs capacity_gw")
        terminals = max(len(self.from_province), len(self.to_province))
        if terminals > 1 and len(self.terminal_gw) != terminals:
            raise ValueError(f"add_lines {self.name!r}: {terminals} terminals need {terminals} terminal_gw values")
        return self


class TransmissionConfig(Strict):
    """Inter-provincial exchange: residual aggregated pairs and named UHV lines."""

    p_max_pu: float = Field(0.7, gt=0, le=1, description="security margin on inter-provincial links")
    loss_per_1000km: float = Field(0.035, ge=0, lt=1, description="residual exchange: fraction lost per 1000 km of route")
    route_factor: float = Field(1.2, ge=1, description="route length / great-circle distance")
    named_lines: bool = Field(True, description="False: only the aggregated table, no named UHV lines")
    uhv_p_max_pu: float | None = Field(None, gt=0, le=1, description="named lines; None = p_max_pu")
    dc_loss_per_1000km: dict[int, float] = Field(
        default_factory=lambda: {800: 0.025, 1100: 0.015},
        description="DC line losses at rated power per 1000 km by pole voltage (estimate from conductor resistance)",
    )
    ac_loss_per_1000km: float = Field(0.03, ge=0, lt=1, description="1000 kV AC line losses at rated transfer (estimate)")
    converter_loss: float = Field(0.007, ge=0, lt=0.1, description="losses per DC converter station (estimate, LCC)")
    ac_single_circuit_gw: float = Field(5.0, gt=0, description="1000 kV AC transfer capacity, single circuit")
    ac_double_circuit_gw: float = Field(8.0, gt=0, description="1000 kV AC transfer capacity, double circuit")
    exchange_table_year: int = Field(2022, description="vintage of inputs/exchange_capacity_current.csv")
    add_lines: list[NewLine] = Field(default_factory=list, description="planned lines (not in inputs/uhv_lines.csv)")
    remove_lines: list[str] = Field(default_factory=list, description="line names left out")
    scale_lines: dict[str, float] = Field(default_factory=dict, description="line name -> factor on its capacity")
    in_service_year: dict[str, int] = Field(default_factory=dict, description="line name -> in-service year (sets/overrides)")
    direction: dict[str, Literal["forward", "both"]] = Field(default_factory=dict, description="line name -> direction")
    extendable: list[str] = Field(default_factory=list, description="lines whose capacity the optimisation chooses")
    extendable_max_factor: float = Field(1.0, ge=1, description="p_nom_max = factor x rating (added lines start at 0)")
    hvdc_converter_pair_cny_per_mw: float = Field(1.5e6, ge=0, description="converter pair investment (estimate)")
    hvdc_line_cny_per_mw_km: dict[int, float] = Field(
        default_factory=lambda: {800: 900.0, 1100: 600.0}, description="DC line investment per MW and km (estimate)"
    )
    discount_rate: float = Field(0.07, gt=0, lt=1, description="annuity of extendable lines")
    lifetime_years: float = Field(40.0, gt=0, description="annuity of extendable lines, years")
    fixed_om_share: float = Field(0.01, ge=0, lt=1, description="fixed O&M per year as a share of investment")
    charges: bool = Field(
        True,
        description="charge each link what a buyer pays to use it (marginal cost, CNY/MWh delivered): a named line its NDRC/SGCC "
        "transmission price, other links the regional-grid energy charge(s) of the grids they touch or the CSG West-East item "
        "of their province pair (inputs/uhv_tariffs.csv)",
    )
    loss_value_cny_per_mwh: float = Field(
        350.0, ge=0,
        description="value of the losses folded into prices set under the 2021 rules (发改价格〔2021〕1455号): price minus "
        "loss rate x this value is charged, since the links already lose the energy (estimate: coal benchmark on-grid price)",
    )  # fmt: skip
    energy_bases: bool = Field(
        True,
        description="point-to-grid DC lines start at their own base bus with the supporting plants of inputs/uhv_bases.csv "
        "(moved out of the sending province's fleet), tied to the provincial grid by base_tie_share x the line rating",
    )
    base_renewable_share: bool = Field(
        True,
        description="a base with a published renewable share of its line's energy (inputs/uhv_bases.csv renewable_share_target: "
        "Qishao 40 %; Longdong, Hami-Chongqing, Ningxia-Hunan 50 %) generates fossil power for at most (1 - share) of what "
        "its line sends in the year",
    )
    base_tie_share: float = Field(0.1, ge=0, le=2, description="capacity of a base's tie to its provincial grid, p.u. of the line rating (estimate)")

    @field_validator("scale_lines")
    @classmethod
    def _factors(cls, scale: dict[str, float]) -> dict[str, float]:
        bad = {k: v for k, v in scale.items() if v < 0}
        if bad:
            raise ValueError(f"negative scale factor(s): {bad}")
        return scale
