"""`policy:` section: national and regional policy targets as constraints of the dispatch (None / empty = off).

Each enabled target is one annual row (or one per province) of network/model/constraints/policy.py; its dual is
kept in n.global_constraints.mu and reported by summarize as `policy_dual` (and `price_of_self_sufficiency`).
"""

from __future__ import annotations

from pydantic import Field, field_validator

from network.config.base import Strict, known_provinces

ALL = "all"  # curtailment_max key: every province's wind and solar together
NATIONAL_GROUPS = {"wind": ("onwind", "offwind"), "solar": ("solar",)}  # curtailment_max keys: national wind, national solar
JOIN = "+"  # capacity_min_gw and build_max_gw keys: carriers joined by "+", e.g. "onwind+offwind+solar"


def carriers_of(key: str) -> list[str]:
    """The carriers of a capacity_min_gw or build_max_gw key ("onwind+offwind+solar" -> [onwind, offwind, solar])."""
    return [c.strip() for c in key.split(JOIN)]


class PolicyConfig(Strict):
    """Policy targets (annual, energy weighted by snapshot weightings); None switches a target off."""

    co2_cap_mt: float | None = Field(None, ge=0, description="national CO2 cap of power generation, Mt CO2 per year (dual: CNY/t)")
    non_fossil_share_min: float | None = Field(
        None, ge=0, le=1, description="minimum non-fossil share of generation at electricity buses, fraction (unserved load excluded)"
    )
    self_sufficiency_floor: float | None = Field(
        None, ge=0, description="focus region's local generation >= floor x its consumption, fraction (dual: price of self-sufficiency, CNY/MWh)"
    )
    green_share_data_centres_min: float | None = Field(
        None, ge=0, description="per province with data centres: green generation >= share x data-centre electricity, fraction"
    )
    capacity_min_gw: dict[str, float] = Field(
        default_factory=dict,
        description="carriers joined by '+' -> minimum national generating capacity of those carriers together, GW (fixed "
        "fleet + what the planning step builds; dual: CNY/MW/a), e.g. {onwind+offwind+solar: 1200}, China's NDC target of "
        "wind and solar for 2030; checked against the technology table",
    )
    build_max_gw: dict[str, float] = Field(
        default_factory=dict,
        description="carriers joined by '+' -> maximum national capacity the planning step builds of those carriers together "
        "(extendable generators and storage units; the fleet it starts from not counted), GW (dual: CNY/MW/a); a pathway "
        "sets it per horizon from pathway.build_rate_gw_per_year; checked against the technology table",
    )
    curtailment_max: dict[str, float] = Field(
        default_factory=dict,
        description="province, 'all' (national wind and solar together), 'wind' or 'solar' (national, each; the form of China's "
        "utilisation targets) -> maximum curtailed share of the available energy, fraction",
    )

    @field_validator("capacity_min_gw", "build_max_gw")
    @classmethod
    def _capacity(cls, limits: dict[str, float], info) -> dict[str, float]:
        for key, gw in limits.items():
            if gw < 0 or not all(carriers_of(key)):
                raise ValueError(f"{info.field_name}[{key!r}] = {gw}: carriers joined by '+' -> GW >= 0")
        return limits

    @field_validator("curtailment_max")
    @classmethod
    def _curtailment(cls, limits: dict[str, float]) -> dict[str, float]:
        known_provinces(p for p in limits if p != ALL and p not in NATIONAL_GROUPS)
        for province, share in limits.items():
            if not 0 <= share <= 1:
                raise ValueError(f"curtailment_max[{province!r}] = {share}: a fraction in [0, 1]")
        return limits
