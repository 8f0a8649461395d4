"""`regions:` section: region classes and the focus region."""

from __future__ import annotations

from pydantic import Field, model_validator

from network.config.base import Strict, known_provinces
from network.config.provinces import NBS_REGIONS, region_of


class RegionConfig(Strict):
    classes: dict[str, list[str]] = Field(
        default_factory=lambda: {k: list(v) for k, v in NBS_REGIONS.items()}, description="region class -> provinces (NBS convention)"
    )
    focus: str = Field("East", description="the region whose self-sufficiency is the focus")

    @model_validator(mode="after")
    def _complete(self) -> RegionConfig:
        for members in self.classes.values():
            known_provinces(members)
        region_of(self.classes)
        if self.focus not in self.classes:
            raise ValueError(f"focus region {self.focus!r} is not one of {list(self.classes)}")
        return self
