"""Which sections of a run's configuration each step of the workflow reads, and each step's configuration.

The Snakefile writes one file per step, `runs/<run>/config/<step>.yaml`, holding only that step's sections, from
a rule whose Snakemake params are those sections: a changed key re-runs the steps that read its section (and what
follows from their outputs), nothing else. A step's configuration object has only its sections, so a step that
reads a section it does not declare here fails at once (AttributeError) instead of silently reading a default.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import create_model

from network.config.base import ConfigError, Strict
from network.config.run import RunConfig

BUILD = ("description", "scenario", "time", "costs", "operation", "storage", "transmission", "hydro", "compute", "water", "planning", "regions")
STEPS: dict[str, tuple[str, ...]] = {
    # network.nc: the network's name (description) and every section the model reads while building
    "build": BUILD,
    # solved.nc: the solver, the policy constraints, planning's sizing pass, and the sections the custom constraints
    # of model/solve.py's scenario_constraints take (hydro budgets, compute deferral, water caps, base renewable share)
    "solve": ("solver", "policy", "planning", "hydro", "compute", "water", "transmission", "regions"),
    "summarize": ("regions",),  # metrics.csv: the focus region
    "plots": ("plots", "regions"),  # plots/<run>/ and the language and slide variants: language, size, focus region
    "validate": ("scenario", "regions", "plots"),  # validation.csv and its figure: year, region classes, figure size
    # stress_dry_year.csv and its figures: the solve step's sections, the stress hydrology, the figures' size
    "stress": ("stress", "solver", "policy", "planning", "hydro", "compute", "water", "transmission", "regions", "plots"),
}  # fmt: skip
# the interactive map and the comparison read description and time of build.yaml; the frontier its runs' solve.yaml


def _step_model(step: str, sections: tuple[str, ...]) -> type[Strict]:
    fields = {name: (RunConfig.model_fields[name].annotation, RunConfig.model_fields[name]) for name in sections}
    return create_model(f"{step.capitalize()}StepConfig", __base__=Strict, __module__=__name__, **fields)


BuildStepConfig = _step_model("build", STEPS["build"])
SolveStepConfig = _step_model("solve", STEPS["solve"])
SummarizeStepConfig = _step_model("summarize", STEPS["summarize"])
PlotsStepConfig = _step_model("plots", STEPS["plots"])
ValidateStepConfig = _step_model("validate", STEPS["validate"])
StressStepConfig = _step_model("stress", STEPS["stress"])
STEP_MODELS: dict[str, type[Strict]] = {
    "build": BuildStepConfig,
    "solve": SolveStepConfig,
    "summarize": SummarizeStepConfig,
    "plots": PlotsStepConfig,
    "validate": ValidateStepConfig,
    "stress": StressStepConfig,
}


def step_config(cfg: RunConfig, step: str) -> Strict:
    """The sections of a run's configuration that `step` reads (one of STEPS), and nothing else."""
    if step not in STEPS:
        raise ConfigError(f"unknown workflow step {step!r}; steps: {list(STEPS)}")
    return STEP_MODELS[step].model_validate({name: getattr(cfg, name) for name in STEPS[step]})


def write_step_config(cfg: RunConfig | Strict, step: str, path: Path) -> None:
    """Write the sections `step` reads (of a run's configuration, or a step configuration) as YAML, atomically
    (runs/<run>/config/<step>.yaml)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(f"# the sections of this run's configuration that the {step} step reads (written by the pipeline; "
                   "edit config.yaml or runs/<run>.yaml)\n"
                   + yaml.safe_dump(step_config(cfg, step).model_dump(mode="json"), sort_keys=False, allow_unicode=True), encoding="utf-8")  # fmt: skip
    tmp.replace(path)


def main(argv: list[str]) -> None:
    """`python -m network.config.steps <step> <sections as JSON> <path>`: write a step's configuration file from the JSON of
    its sections (the Snakefile's pathway horizons: a shell job, not a `run:` job that parses the Snakefile again)."""
    step, sections, path = argv
    write_step_config(STEP_MODELS[step].model_validate_json(sections), step, Path(path))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
