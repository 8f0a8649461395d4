"""`plots:` section: the language of the figures (and the other languages the pipeline also draws)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from network.config.base import Strict

Language = Literal["en", "zh"]


class PlotsConfig(Strict):
    language: Language = Field("en", description="language of the figures in plots/<run>/ and plots/compare/ (en | zh)")
    also: list[Language] = Field(
        default_factory=lambda: ["zh"],
        description="further languages drawn by snakemake -c all, each into plots/<language>/<run>/ and plots/<language>/compare/",
    )

    @model_validator(mode="after")
    def _distinct(self) -> PlotsConfig:
        if self.language in self.also or len(set(self.also)) != len(self.also):
            raise ValueError(f"plots.also {self.also} repeats a language (plots.language is {self.language!r})")
        return self
