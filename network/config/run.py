"""One run's configuration (all sections) and config.yaml's (plus the list of runs)."""

from __future__ import annotations

from pydantic import Field, model_validator

from network.config.appraisal import AppraisalConfig
from network.config.base import Strict
from network.config.compute import ComputeConfig
from network.config.costs import CostConfig
from network.config.hydro import HydroConfig
from network.config.operation import OperationConfig
from network.config.pathway import PathwayConfig
from network.config.planning import PlanningConfig
from network.config.plots import PlotsConfig
from network.config.policy import PolicyConfig
from network.config.regions import RegionConfig
from network.config.scenario import ScenarioConfig
from network.config.solver import SolverConfig
from network.config.storage import StorageConfig
from network.config.stress import StressConfig
from network.config.time import TimeConfig
from network.config.transmission import TransmissionConfig
from network.config.water import WaterConfig


class RunConfig(Strict):
    """One scenario: config.yaml defaults merged with runs/<run>.yaml."""

    description: str = Field("", description="one line on what the run is (not inherited by extends)")
    scenario: ScenarioConfig = ScenarioConfig()
    time: TimeConfig = TimeConfig()
    costs: CostConfig = CostConfig()
    operation: OperationConfig = OperationConfig()
    storage: StorageConfig = StorageConfig()
    transmission: TransmissionConfig = TransmissionConfig()
    hydro: HydroConfig = HydroConfig()
    compute: ComputeConfig = ComputeConfig()
    water: WaterConfig = WaterConfig()
    planning: PlanningConfig = PlanningConfig()
    regions: RegionConfig = RegionConfig()
    policy: PolicyConfig = PolicyConfig()
    solver: SolverConfig = SolverConfig()
    plots: PlotsConfig = PlotsConfig()
    stress: StressConfig = StressConfig()
    pathway: PathwayConfig = PathwayConfig()

    @model_validator(mode="after")
    def _windows_for_dispatch(self) -> RunConfig:
        if self.planning.enabled and self.solver.windows is not None:
            raise ValueError("solver.windows: time windows are for dispatch runs; planning.enabled sizes capacities over the whole year")
        return self


class TopConfig(RunConfig):
    """config.yaml: run defaults plus the list of runs that `snakemake -c all` builds."""

    runs: list[str] = Field(default_factory=lambda: ["base-2023"], description="runs/<run>.yaml that snakemake -c all runs")
    baseline: str = Field(
        "2030-baseline",
        description="run the planner's summary (runs/summary.csv, runs/summary.html, plots/compare/summary.png, the report's "
        "front page) gives every run's differences to; the first of `runs` when it is not among them",
    )
    frontier: list[str] = Field(
        default_factory=list,
        description="planning runs that differ in policy.self_sufficiency_floor: `snakemake -c all frontier` solves them and writes "
        "runs/frontier.csv and plots/compare/frontier.png",
    )
    planning_runs: list[str] = Field(
        default_factory=list,
        description="further planning runs that `snakemake -c all planning` solves with the frontier (e.g. 2030-plan-east, 2035-plan)",
    )
    pathways: list[str] = Field(
        default_factory=lambda: ["pathway-cost-optimal", "pathway-east-floor"],
        description="pathway runs (runs/<run>.yaml with a `pathway:` section) that `snakemake -c all pathways` solves horizon by "
        "horizon (runs/<run>/horizons/<year>/) and compares: runs/<run>/pathway.csv, runs/pathways.csv (docs/pathways.md)",
    )
    appraisal: AppraisalConfig = Field(
        default_factory=AppraisalConfig, description="the corridor question: a plan with candidate corridors against one without"
    )
