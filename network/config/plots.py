"""`plots:` section: the language and page size of the figures (and the other languages the pipeline also draws)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from network.config.base import Strict

Language = Literal["en", "zh"]
Size = Literal["a4", "slide"]


class MapScales(Strict):
    """Fixed colour and width scales of the maps, the same for every run so that two runs' maps can be set side by
    side (a larger value is drawn at the end of its scale; the figure's CSV has the true value)."""

    net_import_twh: float = Field(300.0, gt=0, description="net_imports_map: colour scale from -this (exports) to +this (imports), TWh per year")
    exchange_twh: float = Field(
        300.0, gt=0, description="net_imports_map, traced_green_share_map: exchange per province pair drawn at the widest line, TWh per year"
    )
    corridor_gw: float = Field(30.0, gt=0, description="corridor_map: capacity drawn at the widest line, GW")
    utilisation_hours: float = Field(8760.0, gt=0, description="corridor_map: top of the colour scale of utilisation hours, h per year")
    green_share_pct: float = Field(100.0, gt=0, le=100, description="traced_green_share_map: top of the colour scale, %")
    water_cap_utilisation: float = Field(1.5, gt=0, description="water_map: top of the colour scale of fresh-water cap utilisation (1 = at the cap)")
    max_width_pt: float = Field(7.0, gt=0, description="line width of the top of a width scale, pt (before the page's font scale)")


class PlotsConfig(Strict):
    language: Language = Field("en", description="language of the figures in plots/<run>/ and plots/compare/ (en | zh)")
    also: list[Language] = Field(
        default_factory=lambda: ["zh"],
        description="further languages drawn by snakemake -c all, each into plots/<language>/<run>/ and plots/<language>/compare/",
    )

    size: Size = Field(
        "a4",
        description="page size the figures are saved for: a4 (the 160 mm text width of an A4 page, at most 230 mm high, fonts 6-11 pt) "
        "or slide (12 x 6.2 in, the content area of a 16:9 slide, fonts 11-18 pt); `snakemake -c all slides` also draws plots/slide/",
    )

    maps: MapScales = Field(default_factory=MapScales, description="fixed colour and width scales of the maps (the same for every run)")

    @model_validator(mode="after")
    def _distinct(self) -> PlotsConfig:
        if self.language in self.also or len(set(self.also)) != len(self.also):
            raise ValueError(f"plots.also {self.also} repeats a language (plots.language is {self.language!r})")
        return self
