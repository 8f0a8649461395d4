"""`appraisal:` section (config.yaml only, not a run's): the pair of planning runs that answers the corridor question."""

from __future__ import annotations

from pydantic import Field, model_validator

from network.config.base import Strict


class AppraisalConfig(Strict):
    plan: str = Field("2030-plan", description="planning run with candidate corridors: `snakemake -c all appraise` appraises its candidate UHV lines")
    alternative: str = Field(
        "2030-plan-east",
        description="the same plan without them (eastern options only); runs/appraisal/plan_comparison.csv and "
        "plots/compare/plan_comparison.png set the two side by side",
    )

    @model_validator(mode="after")
    def _two_runs(self) -> AppraisalConfig:
        if self.plan == self.alternative:
            raise ValueError(f"appraisal: plan and alternative are the same run {self.plan!r}")
        return self
