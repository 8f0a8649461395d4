"""Results say what made them (network/data/provenance.py): each step's versions and the SHA-256 of every file it
read, in the solved network's n.meta["provenance"] and in runs/<run>/provenance.json beside metrics.csv."""

import hashlib
import json

import pandas as pd
import pypsa

from network.cli import main
from network.data.provenance import step_record, versions, with_record
from tests.conftest import REPO, two_bus_network

STACK = ("python", "pypsa", "linopy", "highspy", "highs", "snakemake")


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_record_hashes_each_file_it_is_given(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.yaml"
    a.write_text("x,y\n1,2\n")
    b.write_bytes(b"\xe4\xb8\xad: 1\n")
    record = step_record("build_network", [a, b, tmp_path / "absent.csv"])
    assert record["step"] == "build_network"
    assert record["inputs"] == {str(a): _sha(a), str(b): _sha(b)}  # an absent file is not listed
    assert record["inputs"][str(a)] == "81bf9fa83c6f7f151bd491a98cd7d933de3965289e3ebd77c6c425f7eaa16392"  # sha256sum of the file
    assert all(record["versions"][k] for k in STACK), record["versions"]
    assert record["versions"]["pypsa"] == pypsa.__version__


def test_records_append_without_changing_the_meta():
    meta = {"scenario_year": 2023}
    first = with_record(meta, {"step": "build_network"})
    second = with_record(first, {"step": "solve_network"})
    assert [r["step"] for r in second["provenance"]] == ["build_network", "solve_network"]
    assert meta == {"scenario_year": 2023} and len(first["provenance"]) == 1


def test_solve_and_summarize_record_their_inputs(tmp_path, monkeypatch):
    """The CLI steps on the two-bus network: solved.nc carries the solve step's record, provenance.json the solve
    and summarize records with the hashes of the files they read; metrics.csv keeps its five columns."""
    monkeypatch.chdir(tmp_path)
    two_bus_network().export_to_netcdf("network.nc")
    (tmp_path / "config.yaml").write_text("runs: [tiny]\n")
    (tmp_path / "tiny.yaml").write_text("description: two buses\n")
    run = ["--config", "config.yaml", "--run", "tiny.yaml", "--inputs", str(REPO / "inputs")]
    assert main(["solve", *run, "--network", "network.nc", "--out", "solved.nc"]) == 0
    assert main(["summarize", *run, "--network", "solved.nc", "--out", "out/metrics.csv"]) == 0

    solve = pypsa.Network("solved.nc").meta["provenance"][-1]
    assert solve["step"] == "solve_network"
    assert solve["inputs"]["network.nc"] == _sha(tmp_path / "network.nc")
    assert solve["inputs"]["config.yaml"] == _sha(tmp_path / "config.yaml") and "tiny.yaml" in solve["inputs"]
    assert str(REPO / "inputs" / "technologies.csv") in solve["inputs"]

    steps = json.loads((tmp_path / "out" / "provenance.json").read_text())["steps"]
    assert [s["step"] for s in steps] == ["solve_network", "summarize"]
    assert steps[0]["inputs"] == solve["inputs"]
    assert steps[1]["inputs"]["solved.nc"] == _sha(tmp_path / "solved.nc")
    assert set(steps[1]["versions"]) >= set(STACK) and steps[1]["versions"] == {**versions(), "model_commit": steps[1]["versions"]["model_commit"]}
    assert list(pd.read_csv(tmp_path / "out" / "metrics.csv").columns) == ["metric", "scope", "carrier", "value", "unit"]


def test_the_lock_pins_every_dependency():
    """requirements-lock.txt (README: identical numbers) pins each dependency of pyproject.toml and the test extra,
    and not the project itself."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    names = {d.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip().lower().replace("_", "-") for d in wanted}
    lines = [ln for ln in (REPO / "requirements-lock.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    pinned = {ln.split("==")[0].lower().replace("_", "-"): ln.split("==")[1] for ln in lines}
    assert all("==" in ln for ln in lines), [ln for ln in lines if "==" not in ln]
    assert names - set(pinned) == set()
    assert project["name"] not in pinned
