"""`planning:` section: capacity expansion (which options the optimisation may build, their costs and limits).

With `enabled`, the scenario's fleet (scenario.capacity: a statistics year's fleet plus committed targets) is kept
as it is and paid for no more; the options of inputs/planning_options.csv listed in `options` are added per
province as extendable components with annualised investment + fixed O&M (CNY/MW/a) from
inputs/planning_costs_<cost_year>.csv (PyPSA-China-PIK, EUR and USD converted at `cny_per_eur`/`cny_per_usd`).
The LP sizes them (the sizing step), then the sized system's dispatch is solved again with capacities fixed
(network/model/sizing.py), so every operational figure comes from an exact dispatch.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from network.config.base import Strict
from network.config.solver import DEFAULT_OPTIONS as DEFAULT_SOLVER_OPTIONS
from network.config.solver import SolverConfig

DEFAULT_OPTIONS = ["onwind", "offwind", "solar", "solar distributed", "battery", "PHS", "gas", "nuclear"]


class PlanningConfig(Strict):
    enabled: bool = Field(False, description="optimise the layout: build the `options` where they pay (capacity expansion)")
    options: list[str] = Field(
        default_factory=lambda: list(DEFAULT_OPTIONS),
        description="options of inputs/planning_options.csv the optimisation may build in every province (coal only if listed)",
    )
    cost_year: int = Field(
        2030,
        description="costs of inputs/planning_costs_<cost_year>.csv (2030 or 2035: the rule inputs, data/files.py PLANNING_COST_YEARS; the pathway tables 2025-2060 become rule inputs with its horizon loop)",
    )
    discount_rate: float = Field(0.07, gt=0, lt=1, description="real discount rate of the annuity (estimate; as transmission.discount_rate)")
    cny_per_eur: float = Field(7.66, gt=0, description="currency conversion of the EUR cost rows, CNY/EUR (as technology_parameters.csv)")
    cny_per_usd: float = Field(7.08, gt=0, description="currency conversion of the USD cost rows, CNY/USD (2023 average rate)")
    battery_max_hours: float = Field(2.0, gt=0, description="energy / power of new batteries, h (the typical Chinese 2-hour system)")
    hydrogen_max_hours: float = Field(
        168.0, gt=0, description="energy / power of new hydrogen storage (option `hydrogen`), h: a week, PyPSA-Eur's electricity-only H2 storage unit"
    )
    national_max_gw: dict[str, float] = Field(
        default_factory=lambda: {"PHS": 120.0, "nuclear": 110.0},
        description="options with limited sites: national total in the scenario year, GW (split by the provinces' existing "
        "capacity; estimates: PHS 120 GW = NEA pumped-storage plan 2021-2035 for 2030, nuclear 110 GW = in operation + under construction)",
    )
    retire_after_years: dict[str, float] = Field(
        default_factory=dict,
        description="technology -> lifetime, years: capacity of the vintage tables (coal, gas) older than this in the scenario year retires",
    )
    candidate_lines: bool = Field(
        True, description="named DC/AC lines entering service after scenario.capacity.statistics_year are candidates (0 .. rating)"
    )
    candidate_corridors: bool = Field(False, description="add the corridors of inputs/uhv_candidates.csv as candidates (0 .. rating)")
    ac_reinforcement_max_factor: float = Field(
        0.0, ge=0, description="residual inter-provincial exchange may grow by up to this x its capacity (HVAC cost per MW km; 0 = off)"
    )
    datacentre_max_factor: float = Field(
        0.0, ge=0, description="western (supply) data-centre hubs may grow their IT capacity up to this x today's (0 = off; needs compute.enabled)"
    )
    datacentre_cny_per_mw_it: float = Field(
        15e6, gt=0, description="investment of a data centre per MW of IT capacity, CNY (estimate: building, power and cooling)"
    )
    datacentre_lifetime_years: float = Field(20.0, gt=0, description="lifetime of the data-centre investment, years (estimate)")
    sizing_resolution_hours: int | None = Field(
        None, ge=1, le=24, description="resolution of the sizing step, h (None = time.resolution_hours); the dispatch step uses the run's"
    )
    sizing_day_stride: int = Field(
        7,
        ge=1,
        le=56,
        description="sizing step on every k-th day of the year only (with sizing_block_days > 1: a block of days every "
        "k days), each weighted so the year keeps 8,760 h (1 = every day; the error of the sample against a reference: "
        "benchmarks/sampling_error.py, docs/planning.md)",
    )
    sizing_block_days: int = Field(
        1,
        ge=1,
        le=28,
        description="consecutive days the sizing sample takes every sizing_day_stride days (1: single days; 7: whole "
        "weeks, so storage sees multi-day lulls); at most sizing_day_stride",
    )
    sizing_extreme_days: bool = Field(
        True,
        description="with sizing_day_stride > 1: the day of highest national demand and the day of lowest wind and solar "
        "output of each month join the sample (so the sized system is adequate at the peaks)",
    )
    sizing_solver: SolverConfig | None = Field(
        default_factory=lambda: SolverConfig(
            options={**DEFAULT_SOLVER_OPTIONS["highs"], "solver": "hipo", "run_crossover": "off", "hipo_system": "augmented"},
            retry_options={"run_crossover": "on"},
        ),
        description="solver of the sizing step (None = `solver`); default HiGHS HiPO, an interior-point method (needs the "
        "highspy-extras package), without crossover, on the augmented system (HiPO's own choice took the normal equations on "
        "a 6-hourly sizing LP: 3.4x slower and a primal residual of 1.4e-2; docs/speed.md): exact to "
        "solver.residual_tolerance, which every solve checks. HiGHS PDLP "
        "(`{solver: pdlp, kkt_tolerance: 1e-4}` with `residual_tolerance: null`) is approximate (docs/planning.md)",
    )
    sizing_allows_shedding: bool = Field(
        False,
        description="let the sizing step shed load at the value of lost load (costs.value_of_lost_load_cny_per_mwh); false: it "
        "must serve every sampled snapshot, a reliability standard (at 20,000 CNY/MWh, shedding is cheaper than a gas unit "
        "of 710 CNY/kW/a that runs fewer than about 35 h a year, so an economic sizing sheds at the peaks)",
    )
    infeasible_diagnosis_cny_per_mwh: float | None = Field(
        1e5,
        gt=0,
        description="when a sizing that must serve every sampled snapshot is infeasible, solve it again with load shedding at "
        "this cost, CNY/MWh, and name in the error the provinces short of supply (TWh) and the snapshot of the largest "
        "shortfall (GW), or say that the cause is not supply (one more solve; docs/planning.md). 1e5 is 5x the value of "
        "lost load: shedding then stands in only for capacity that would run under about 7 h a year; null = no diagnosis",
    )
    dispatch_co2: Literal["price", "cap"] = Field(
        "price",
        description="how the dispatch of the sized system meets `policy.co2_cap_mt`: `price` = at the sizing step's CO2 "
        "price (the cap's dual, CNY/t, added to the emitters' marginal cost), so a year less favourable than the sample "
        "emits more than the cap (reported by co2_emissions) instead of shedding load; `cap` = the cap as a hard row "
        "(a sampled year that underestimates the fossil need then sheds load at the value of lost load to stay under it)",
    )
    sizing_days_from: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="a planning run whose adequacy days (the days its loop added to the sizing sample) this run's sizing "
        "starts from: runs that differ only in a policy (the frontier's floors) are then sized on one sample, so their "
        "cost differences are the policy's, not the sample's (None = start from the ordinary and extreme days only)",
    )
    adequacy_max_iterations: int = Field(
        3,
        ge=0,
        le=10,
        description="times the sizing is repeated with the days on which the exact full-year dispatch sheds load added to "
        "the sample (at their own weight), until it sheds at most `adequacy_tolerance` of demand (0 = size once) or "
        "sheds only on days the sample has already",
    )
    adequacy_tolerance: float = Field(
        1e-5, ge=0, lt=1, description="unserved energy the dispatch of a sized system may leave, fraction of demand (1e-5 = 0.001 %)"
    )

    @model_validator(mode="after")
    def _block_within_stride(self) -> PlanningConfig:
        if self.sizing_block_days > self.sizing_day_stride:
            raise ValueError(f"planning.sizing_block_days ({self.sizing_block_days}) is more than sizing_day_stride ({self.sizing_day_stride})")
        return self
