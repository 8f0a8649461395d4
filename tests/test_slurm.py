"""profiles/slurm on a real local SLURM: the coarse end-to-end case runs as sbatch jobs and gives the local metrics.

Needs a running one-node cluster (slurmctld, slurmd, slurmdbd: `.ci/slurm/setup.sh`, which `.ci/run` calls) and
the `cluster` extra (snakemake-executor-plugin-slurm); skipped, with the reason, where either is missing.
"""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import REPO

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
    result = subprocess.run([sys.executable, "-m", "snakemake", *args, *CONFIG, TARGET], cwd=work, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.mark.skipif(slurm_unavailable() is not None, reason=str(slurm_unavailable()))
def test_slurm_profile_runs_the_pipeline_as_sbatch_jobs(tmp_path):
    profile = yaml.safe_load((REPO / "profiles" / "slurm" / "config.yaml").read_text())
    assert profile["executor"] == "slurm"
    largest = max(r.get("mem_mb", 0) for r in profile["set-resources"].values())
    fit = []  # a small test node: the tiny case needs far less than the profile asks for a 3-hourly year
    if node_memory_mb() < largest:
        fit = ["--set-resources", *(f"{rule}:mem_mb={min(r.get('mem_mb', 0), node_memory_mb())}" for rule, r in profile["set-resources"].items())]

    local = workflow_copy(tmp_path / "local")
    snakemake(local, "-c", "2", "--quiet")
    cluster = workflow_copy(tmp_path / "cluster")
    result = snakemake(cluster, "--profile", "profiles/slurm", "--jobs", "2", "--slurm-init-seconds-before-status-checks", "5", *fit)

    job_ids = set(re.findall(r"SLURM run ID: \S+|SLURM jobid (\d+)|jobid (\d+)", result.stdout + result.stderr))
    logs = list((cluster / ".snakemake" / "slurm_logs").rglob("*.log"))
    assert {p.parts[-2] for p in logs} >= {"rule_build_inputs", "rule_build_network", "rule_solve_network", "rule_summarize"}, (logs, job_ids)
    accounted = subprocess.run(["sacct", "-n", "-X", "-S", "now-60minutes", "-o", "JobName%60,State"], capture_output=True, text=True).stdout
    assert re.search(r"solve_network.*COMPLETED", accounted) or "COMPLETED" in accounted, accounted

    ours = pd.read_csv(cluster / TARGET).set_index(["metric", "scope", "carrier", "unit"])["value"]
    theirs = pd.read_csv(local / TARGET).set_index(["metric", "scope", "carrier", "unit"])["value"]
    assert len(ours) > 100 and ours.index.equals(theirs.index)
    pd.testing.assert_series_equal(ours, theirs, rtol=1e-6, atol=1e-9)
