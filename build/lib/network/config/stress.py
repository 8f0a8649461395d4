"""`stress:` section: the dry-year stress test (network/model/stress.py): the run's solved system, capacities fixed,
dispatched again under another hydrology."""

from __future__ import annotations

from pydantic import Field, field_validator

from network.config.base import Strict
from network.config.hydro import STATISTICS_YEARS


class StressConfig(Strict):
    hydro_years: list[int] = Field(
        default_factory=lambda: [2022],
        description="hydrology years of the stress test (`snakemake stress`): the run's solved system, capacities fixed, is "
        "dispatched with the monthly provincial hydro capacity factors of these years (averaged, as hydro.inflow_years) in "
        "place of its own; 2022 is the Sichuan/Yangtze drought; writes runs/<run>/stress_dry_year.csv and plots/stress/<run>/",
    )

    @field_validator("hydro_years")
    @classmethod
    def _known_years(cls, years: list[int]) -> list[int]:
        unknown = [y for y in years if y not in STATISTICS_YEARS]
        if not years or unknown:
            raise ValueError(f"hydro_years {years}: need one or more of {list(STATISTICS_YEARS)}")
        return years
