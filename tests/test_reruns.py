"""Each rule depends on what it reads: on a workflow whose outputs are all up to date, a changed key or input file
re-runs exactly the steps that read it (checked with `snakemake -n`, nothing is built or solved).

The state: a copy of the workflow for base-2023 alone, its configuration files resolved by Snakemake for real (so
their params are recorded), every other output an empty file or folder, dated in the order the rules make them."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from network.config.steps import STEPS
from tests.test_workflow import link_inputs, snakemake, touch_in_order, workflow_copy

pytestmark = pytest.mark.slow  # runs Snakemake (the configuration rules for real); `pytest -m "not slow"` leaves it out

RUN = "base-2023"
TARGETS = [f"runs/{RUN}/config.yaml", f"runs/{RUN}/metrics.csv", f"plots/{RUN}", f"plots/zh/{RUN}", f"runs/{RUN}/validation.csv",
           f"plots/maps/{RUN}.html", "runs/comparison.csv"]  # fmt: skip
OUTPUTS = [  # in the order the rules make them; a name ending in / is a folder
    ["resources/profiles.nc", "resources/provinces.csv"],
    [f"runs/{RUN}/network.nc"],
    [f"runs/{RUN}/solved.nc", f"runs/{RUN}/solver.log"],
    [f"runs/{RUN}/metrics.csv", f"runs/{RUN}/origin_matrix.csv"],
    [f"runs/{RUN}/validation.csv", f"plots/validation/{RUN}.png", f"plots/maps/{RUN}.html", "runs/comparison.csv", "runs/comparison.html",
     "plots/compare/key_metrics.png", "plots/compare/corridor_comparison.png", f"plots/{RUN}/", f"plots/zh/{RUN}/"],
]  # fmt: skip
AFTER_SOLVE = {"summarize", "plot_run", "plot_run_language", "validate", "interactive_map", "compare_runs"}


def planned(work: Path, *args: str) -> set[str]:
    """The rules `snakemake -n` would run for TARGETS, less the two that write configuration files."""
    result = snakemake(work, *TARGETS, "-n", *args, "--quiet", "rules")
    assert result.returncode == 0, result.stderr[-3000:]
    text = result.stdout + result.stderr
    if "Nothing to be done" in text:
        return set()
    table = text[text.index("Job stats:") : text.index("total")]
    rules = {m.group(1) for m in re.finditer(r"^(\w+)\s+\d+\s*$", table, flags=re.M)}
    return rules - {"resolve_config", "resolve_step_config"}


@pytest.fixture(scope="module")
def up_to_date(tmp_path_factory) -> Path:
    work = workflow_copy(tmp_path_factory.mktemp("reruns"))
    config = yaml.safe_load((work / "config.yaml").read_text())
    (work / "config.yaml").write_text(yaml.safe_dump({**config, "runs": [RUN], "frontier": []}))
    link_inputs(work)
    result = snakemake(work, f"runs/{RUN}/config.yaml", *(f"runs/{RUN}/config/{step}.yaml" for step in STEPS))
    assert result.returncode == 0, result.stderr[-3000:]
    touch_in_order(work, OUTPUTS)
    return work


def test_nothing_to_do_when_nothing_changed(up_to_date):
    assert planned(up_to_date) == set()


def test_a_plot_key_reruns_only_the_figures(up_to_date):
    assert planned(up_to_date, "--config", 'plots={"size": "slide"}') == {"plot_run", "plot_run_language", "validate"}


def test_a_solver_key_reruns_solve_and_what_follows_not_build(up_to_date):
    assert planned(up_to_date, "--config", 'solver={"options": {"presolve": "off"}}') == {"solve_network", *AFTER_SOLVE}
    assert planned(up_to_date, "--config", 'policy={"co2_cap_mt": 4000.0}') == {"solve_network", *AFTER_SOLVE}


def test_a_scenario_key_reruns_build_onwards(up_to_date):
    assert planned(up_to_date, "--config", 'scenario={"demand": {"annual_growth": 0.01}}') == {"build_network", "solve_network", *AFTER_SOLVE}


def test_a_focus_region_reruns_what_reads_it(up_to_date):
    """regions.focus is read by the build (bus regions), the policy constraints, the metrics and the figures."""
    assert planned(up_to_date, "--config", 'regions={"focus": "Central"}') == {"build_network", "solve_network", *AFTER_SOLVE}


def test_a_changed_technology_table_reruns_build_onwards(up_to_date, tmp_path):
    work = tmp_path / "work"
    shutil.copytree(up_to_date, work, symlinks=True)  # keeps the outputs' times and Snakemake's records
    table = work / "inputs" / "technologies.csv"
    text = table.read_text(encoding="utf-8")
    table.unlink()
    table.write_text(text, encoding="utf-8")  # the same rows, written now
    assert planned(work) == {"build_network", "solve_network", *AFTER_SOLVE}
