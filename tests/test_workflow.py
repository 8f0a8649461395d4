"""The workflow as a user drives it: Snakemake's own config mechanism is honoured, config errors are one
line, a failing rule prints its reason on the console, and the README's test command works as written."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

sys.path.insert(0, str(REPO / ".ci"))
from readme_command import quick_start_commands  # noqa: E402


def snakemake(work: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Snakemake in `work`, its Snakefile and rules importing this checkout's package (not another installed copy)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "snakemake", "-c", "1", *args], cwd=work, capture_output=True, text=True, timeout=timeout, env=env)


def workflow_copy(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    for name in ("Snakefile", "config.yaml"):
        shutil.copy(REPO / name, work / name)
    (work / "inputs").symlink_to(REPO / "inputs")
    shutil.copytree(REPO / "runs", work / "runs", ignore=shutil.ignore_patterns("*/"))
    return work


def link_inputs(work: Path) -> None:
    """Make a workflow copy's inputs/ a folder of links to this checkout's files, so that a test can replace one."""
    (work / "inputs").unlink()
    (work / "inputs").mkdir()
    for path in (REPO / "inputs").iterdir():
        (work / "inputs" / path.name).symlink_to(path)


def touch_in_order(work: Path, stages: list[list[str]]) -> None:
    """Create each output of `stages` (a name ending in / is a folder), each stage one second newer than the one before,
    as if the rules had made them in that order."""
    now = time.time()
    for stage, names in enumerate(stages, start=1):
        for name in names:
            path = work / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.mkdir() if name.endswith("/") else path.touch()
            os.utime(path, (now + stage, now + stage))


def resolved(work: Path, run: str = "base-2023") -> dict:
    return yaml.safe_load((work / "runs" / run / "config.yaml").read_text())


@pytest.mark.slow  # runs Snakemake
def test_command_line_config_and_configfile_are_honoured(tmp_path):
    work = workflow_copy(tmp_path)
    result = snakemake(work, "runs/base-2023/config.yaml", "--config", 'time={"resolution_hours": 24}', "runs=[base-2023]")
    assert result.returncode == 0, result.stderr[-2000:]
    assert resolved(work)["time"]["resolution_hours"] == 24

    (work / "other.yaml").write_text(yaml.safe_dump({"time": {"resolution_hours": 12}, "costs": {"co2_price_cny_per_t": 50.0}}))
    result = snakemake(work, "runs/base-2023/config.yaml", "--configfile", "other.yaml")
    assert result.returncode == 0, result.stderr[-2000:]
    assert resolved(work)["time"]["resolution_hours"] == 12  # the changed config re-resolved the run
    assert resolved(work)["costs"]["co2_price_cny_per_t"] == 50.0


@pytest.mark.slow  # runs Snakemake
def test_command_line_wins_over_the_run_file(tmp_path):
    work = workflow_copy(tmp_path)
    (work / "runs" / "mine.yaml").write_text(yaml.safe_dump({"extends": "base-2023", "time": {"resolution_hours": 6}}))
    assert snakemake(work, "runs/mine/config.yaml").returncode == 0
    assert resolved(work, "mine")["time"]["resolution_hours"] == 6
    assert snakemake(work, "runs/mine/config.yaml", "--config", 'time={"resolution_hours": 8}').returncode == 0
    assert resolved(work, "mine")["time"]["resolution_hours"] == 8


@pytest.mark.slow  # runs Snakemake
def test_config_errors_are_one_line_naming_the_source(tmp_path):
    work = workflow_copy(tmp_path)
    result = snakemake(work, "-n", "--config", 'time={"resolution_hours": 5}')
    assert result.returncode != 0
    assert "error: config.yaml + --config: time.resolution_hours: 5 h does not divide 24" in result.stderr

    text = (work / "config.yaml").read_text()
    (work / "config.yaml").write_text(text + "time:\n  resolution_hours: 6\ntime:\n  resolution_hours: 12\n")
    result = snakemake(work, "-n")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "config.yaml: key 'time' appears twice (lines" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # runs Snakemake
def test_config_errors_of_an_unlisted_run_are_one_line(tmp_path):
    """The README's way to add a scenario, `snakemake -c all runs/my-run/metrics.csv` for a run config.yaml does not
    list: its config error is one line and a non-zero exit, without Snakemake's traceback (as for listed runs)."""
    work = workflow_copy(tmp_path)
    cases = {
        "time:\n  resolution_hours: 5\n": "error: runs/my-run.yaml: time.resolution_hours: 5 h does not divide 24",
        "time:\n  resolution_hours: 6\ntime:\n  resolution_hours: 12\n": "error: runs/my-run.yaml: key 'time' appears twice (lines 2 and 4)",
        "solver:\n  options:\n    presolv: 'off'\n": "error: runs/my-run.yaml: solver: unknown HiGHS option 'presolv'",
    }
    for text, line in cases.items():
        (work / "runs" / "my-run.yaml").write_text("extends: base-2023\n" + text)
        result = snakemake(work, "-n", "runs/my-run/metrics.csv")
        assert result.returncode != 0
        assert line in result.stderr, result.stderr[-2000:]
        console = result.stdout + result.stderr
        assert "Traceback" not in console and "Exception" not in console, console[-2000:]


@pytest.mark.slow  # runs Snakemake
def test_a_failing_rule_of_an_unlisted_run_prints_its_reason(tmp_path):
    work = workflow_copy(tmp_path)
    (work / "runs" / "bad-run.yaml").write_text(yaml.safe_dump({"extends": "base-2023", "transmission": {"remove_lines": ["Qishao"]}}))
    result = snakemake(work, "runs/bad-run/network.nc", "--config", 'time={"resolution_hours": 24}')
    assert result.returncode != 0
    assert "error: transmission.remove_lines: unknown UHV line(s) 'Qishao'" in result.stderr
    assert not (work / "runs" / "bad-run" / "network.nc").exists()
    assert "unknown UHV line(s) 'Qishao'" in (work / "logs" / "build_network" / "bad-run.log").read_text()


def test_readme_test_command_collects_as_written():
    """`pytest` as the README writes it, from the repository root, without the help of `python -m` or PYTHONPATH."""
    commands = quick_start_commands((REPO / "README.md").read_text())
    test_command = next(c for c in commands if "pytest" in c.split())
    assert test_command.split("&&")[-1].strip() == "pytest"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    result = subprocess.run([str(Path(sys.executable).parent / "pytest"), "--collect-only", "-q"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    last = [line for line in result.stdout.splitlines() if line.strip()][-1]
    assert "collected" in last and "error" not in last, result.stdout[-500:]


def test_ci_runs_the_readme_command_in_a_new_environment():
    script = (REPO / ".ci" / "run").read_text()
    commands = quick_start_commands((REPO / "README.md").read_text())
    test_command = next(c for c in commands if "pytest" in c.split())
    assert "python3 -m venv" in script and "readme_command.py test" in script
    assert f"\n{test_command}\n" in script  # run verbatim, as a line of its own
    assert "python -m pytest" not in script


@pytest.mark.slow  # runs Snakemake
def test_a_frontier_point_is_sized_from_the_plans_days(tmp_path):
    """planning.sizing_days_from: the floor's solve needs the plan's solved network and is handed it."""
    work = workflow_copy(tmp_path)
    dry = snakemake(work, "-n", "-p", "runs/2030-plan-floor-90/solved.nc")
    assert dry.returncode == 0, dry.stderr
    assert "logs/solve_network/2030-plan.log" in dry.stdout  # the plan is solved first
    assert "--sizing-days-from runs/2030-plan/solved.nc" in dry.stdout
    plan_only = snakemake(work, "-n", "-p", "runs/2030-plan/solved.nc")
    assert "--sizing-days-from" not in plan_only.stdout
    (work / "runs" / "2030-plan-loop.yaml").write_text("extends: 2030-plan\nplanning: {sizing_days_from: 2030-plan-loop}\n")
    loop = snakemake(work, "-n", "runs/2030-plan-loop/solved.nc")  # one line, not Snakemake's cyclic-graph traceback
    assert loop.returncode != 0
    assert "error: runs/2030-plan-loop.yaml: planning.sizing_days_from: '2030-plan-loop' leads back" in loop.stderr, loop.stderr
    assert "Traceback" not in loop.stderr and "Cyclic" not in loop.stderr
