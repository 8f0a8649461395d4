"""profiles/slurm on a real local SLURM: the coarse end-to-end case runs as sbatch jobs and gives the local metrics.

Needs a running one-node cluster (slurmctld, slurmd, slurmdbd: `.ci/slurm/setup.sh`, which `.ci/run` calls) and
the `cluster` extra (snakemake-executor-plugin-slurm); skipped, with the reason, where either is missing.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import REPO

pytestmark = pytest.mark.slow  # `pytest -m "not slow"` leaves it out; CI runs it

CONFIG = ["--config", 'time={"resolution_hours": 24}', "runs=[base-2023]"]
TARGET = "runs/base-2023/metrics.csv"


def slurm_unavailable() -> str | None:
    """Why the SLURM test cannot run here, or None."""
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        return 'snakemake-executor-plugin-slurm is not installed (pip install -e ".[cluster]")'
    for tool in ("sbatch", "sinfo", "sacct", "scontrol"):
        if shutil.which(tool) is None:
            return f"{tool} not found: no SLURM here (start one with .ci/slurm/setup.sh, as root)"
    try:
        state = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, timeout=20)
        accounting = subprocess.run(["sacct", "-n", "-X", "-S", "now-1minutes"], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "sinfo/sacct did not answer within 20 s: slurmctld or slurmdbd is not running (.ci/slurm/setup.sh)"
    if state.returncode != 0 or not re.search(r"idle|mixed|allocated", state.stdout):
        return f"no SLURM node is up (sinfo: {(state.stdout + state.stderr).strip()[:200]!r}); run .ci/slurm/setup.sh"
    if accounting.returncode != 0:
        return f"sacct fails (the plugin needs accounting through slurmdbd): {accounting.stderr.strip()[:200]!r}"
    return None


def node_memory_mb() -> int:
    out = subprocess.run(["scontrol", "show", "node", "-o"], capture_output=True, text=True, timeout=20).stdout
    return min(int(m) for m in re.findall(r"RealMemory=(\d+)", out))


def workflow_copy(work: Path) -> Path:
    work.mkdir()
    for name in ("Snakefile", "config.yaml"):
        shutil.copy(REPO / name, work / name)
    (work / "inputs").symlink_to(REPO / "inputs")
    (work / "runs").mkdir()
    shutil.copy(REPO / "runs" / "base-2023.yaml", work / "runs" / "base-2023.yaml")
    shutil.copytree(REPO / "profiles", work / "profiles")
    return work


def snakemake(work: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "snakemake", TARGET, *args, *CONFIG], cwd=work, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture
def slurm():
    """Skip where no SLURM runs; fail instead under CI_REQUIRE_SLURM (.ci/run starts one)."""
    reason = slurm_unavailable()
    if reason and os.environ.get("CI_REQUIRE_SLURM"):
        pytest.fail(f"CI_REQUIRE_SLURM is set but {reason}")
    if reason:
        pytest.skip(reason)


def test_slurm_profile_runs_the_pipeline_as_sbatch_jobs(slurm, tmp_path):
    profile = yaml.safe_load((REPO / "profiles" / "slurm" / "config.yaml").read_text())
    assert profile["executor"] == "slurm"
    largest = max(r.get("mem_mb", 0) for r in profile["set-resources"].values())
    fit = []  # a small test node: the tiny case needs far less than the profile asks for a 3-hourly year
    if node_memory_mb() < largest:
        fit = ["--set-resources", *(f"{rule}:mem_mb={min(r.get('mem_mb', 0), node_memory_mb())}" for rule, r in profile["set-resources"].items())]

    local = workflow_copy(tmp_path / "local")
    snakemake(local, "-c", "2", "--quiet")
    cluster = workflow_copy(tmp_path / "cluster")
    snakemake(cluster, "--profile", "profiles/slurm", "--jobs", "2", "--slurm-init-seconds-before-status-checks", "5",
              "--slurm-keep-successful-logs", *fit)  # fmt: skip

    # every rule ran as its own sbatch job (.snakemake/slurm_logs/rule_<rule>/<wildcards>/<jobid>.log), and sacct has them
    logs = list((cluster / ".snakemake" / "slurm_logs").rglob("*.log"))
    rules = {part.removeprefix("rule_") for p in logs for part in p.parts if part.startswith("rule_")}
    assert rules >= {"build_inputs", "build_network", "solve_network", "summarize"}, logs
    job_ids = sorted({p.stem for p in logs if p.stem.isdigit()})
    states = subprocess.run(["sacct", "-n", "-X", "-P", "-j", ",".join(job_ids), "-o", "State"], capture_output=True, text=True).stdout.split()
    assert len(job_ids) >= 4 and len(states) == len(job_ids) and set(states) == {"COMPLETED"}, (job_ids, states)

    ours = pd.read_csv(cluster / TARGET).set_index(["metric", "scope", "carrier", "unit"])["value"]
    theirs = pd.read_csv(local / TARGET).set_index(["metric", "scope", "carrier", "unit"])["value"]
    assert len(ours) > 100 and ours.index.equals(theirs.index)
    pd.testing.assert_series_equal(ours, theirs, rtol=1e-6, atol=1e-9)
