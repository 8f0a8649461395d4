"""A pathway horizon reruns only when its inputs or the previous horizon change (checked with `snakemake -n`, nothing is
built or solved): the pattern of tests/test_reruns.py on a three-horizon pathway.

The state: a copy of the workflow with the pathway run `pathway-rerun` (2035, 2040, 2045), its per-horizon configuration
files resolved by Snakemake for real (so their params are recorded), every other output an empty file or folder,
dated in the order the rules make them."""

import os
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from tests.test_workflow import link_inputs, snakemake, touch_in_order, workflow_copy

pytestmark = pytest.mark.slow  # runs Snakemake (the configuration rules for real)

RUN, HORIZONS = "pathway-rerun", (2035, 2040, 2045)
TARGET = f"runs/{RUN}/pathway.csv"
CONFIG_RULES = {"resolve_horizon_config", "resolve_lifetimes"}


def outputs() -> list[list[str]]:
    """The outputs in the order the rules make them (a name ending in / is a folder)."""
    stages = [["resources/profiles.nc", "resources/provinces.csv"]]
    for i, h in enumerate(HORIZONS):
        d = f"runs/{RUN}/horizons/{h}"
        if i:
            stages.append([f"{d}/brownfield.csv"])
        stages += [[f"{d}/network.nc"], [f"{d}/solved.nc", f"{d}/solver.log"],
                   [f"{d}/metrics.csv", f"{d}/origin_matrix.csv", f"{d}/provenance.json", f"{d}/horizon.csv"]]  # fmt: skip
    return [*stages, [TARGET, f"plots/pathway/{RUN}/"]]


def planned(work: Path, *args: str) -> set[tuple[str, str]]:
    """(rule, horizon) of every job `snakemake -n` would run for the pathway's table ('' for a job of no horizon), less
    the rules that write configuration files."""
    result = snakemake(work, TARGET, "-n", *args)
    assert result.returncode == 0, result.stderr[-3000:]
    text = result.stdout + result.stderr
    jobs = set()
    for block in re.split(r"\n(?=(?:local)?rule \w+:)", text):
        rule = re.match(r"(?:local)?rule (\w+):", block.strip())
        if rule and rule.group(1) not in CONFIG_RULES:
            horizon = re.search(r"horizon=(\d{4})", block)
            jobs.add((rule.group(1), horizon.group(1) if horizon else ""))
    return jobs


@pytest.fixture(scope="module")
def up_to_date(tmp_path_factory) -> Path:
    work = workflow_copy(tmp_path_factory.mktemp("pathway_reruns"))
    config = yaml.safe_load((work / "config.yaml").read_text())
    (work / "config.yaml").write_text(yaml.safe_dump({**config, "runs": ["base-2023"], "frontier": [], "pathways": [RUN]}))
    (work / "runs" / f"{RUN}.yaml").write_text(yaml.safe_dump({"extends": "pathway-cost-optimal", "pathway": {"horizons": list(HORIZONS)}}))
    link_inputs(work)
    configs = [f"runs/{RUN}/horizons/{h}/config/{step}.yaml" for h in HORIZONS for step in ("build", "solve", "summarize")]
    result = snakemake(work, f"runs/{RUN}/config/lifetimes.yaml", *configs)
    assert result.returncode == 0, result.stderr[-3000:]
    touch_in_order(work, outputs())
    return work


def after(horizon: int) -> set[tuple[str, str]]:
    """Every job of the horizons after `horizon`, and the pathway's table."""
    later = {(rule, str(h)) for h in HORIZONS if h > horizon for rule in ("carry_forward", "build_horizon", "solve_horizon", "summarize_horizon")}
    return later | {("pathway", "")}


def test_nothing_to_do_when_nothing_changed(up_to_date):
    assert planned(up_to_date) == set()


def test_a_changed_cap_of_one_horizon_reruns_its_solve_and_the_later_horizons_only(up_to_date):
    run = up_to_date / "runs" / f"{RUN}.yaml"
    before = run.read_text()
    run.write_text(yaml.safe_dump({"extends": "pathway-cost-optimal", "pathway": {"horizons": list(HORIZONS), "co2_cap_mt": {2040: 2500.0}}}))
    try:
        jobs = planned(up_to_date)
    finally:
        run.write_text(before)
    assert jobs == {("solve_horizon", "2040"), ("summarize_horizon", "2040"), *after(2040)}


def test_a_changed_input_of_one_horizon_reruns_that_horizon_and_the_later_ones_only(up_to_date):
    costs = up_to_date / "inputs" / "planning_costs_2040.csv"
    target = costs.resolve()
    costs.unlink()
    shutil.copy(target, costs)  # the same table, newer than every output: Snakemake reruns what reads it
    os.utime(costs, (time.time() + 1000, time.time() + 1000))
    try:
        jobs = planned(up_to_date)
    finally:
        costs.unlink()
        costs.symlink_to(target)
    assert jobs == {("build_horizon", "2040"), ("solve_horizon", "2040"), ("summarize_horizon", "2040"), *after(2040)}
