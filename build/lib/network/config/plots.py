"""`plots:` section: the language and page size of the figures (and the other languages the pipeline also draws)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from network.config.base import Strict

Language = Literal["en", "zh"]
Size = Literal["a4", "slide"]


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

    @model_validator(mode="after")
    def _distinct(self) -> PlotsConfig:
        if self.language in self.also or len(set(self.also)) != len(self.also):
            raise ValueError(f"plots.also {self.also} repeats a language (plots.language is {self.language!r})")
        return self
