"""End to end: `snakemake` on the shipped data at coarse (daily) resolution, real HiGHS solves."""

import shutil
import subprocess
import sys

import pandas as pd
import pypsa
import pytest

from network.analysis.compare import read_metrics
from network.analysis.metrics.summary import value
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # `pytest -m "not slow"` leaves it out; CI runs it

RUNS = ["base-2023", "2030-baseline"]
# daily resolution and two runs through Snakemake's own --config (the rules honour it)
CONFIG = ["--config", 'time={"resolution_hours": 24}', f"runs=[{','.join(RUNS)}]"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    work = tmp_path_factory.mktemp("pipeline")
    shutil.copy(REPO / "Snakefile", work / "Snakefile")
    (work / "inputs").symlink_to(REPO / "inputs")
    (work / "report").symlink_to(REPO / "report")
    (work / "runs").mkdir()
    for run in RUNS:
        shutil.copy(REPO / "runs" / f"{run}.yaml", work / "runs" / f"{run}.yaml")
    shutil.copy(REPO / "config.yaml", work / "config.yaml")
    result = subprocess.run([sys.executable, "-m", "snakemake", "-c", "2", "--quiet", *CONFIG], cwd=work, capture_output=True,
                            text=True, timeout=1800)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return work


def test_pipeline_writes_every_output(workdir):
    for run in RUNS:
        for name in ("config.yaml", "network.nc", "solved.nc", "solver.log", "metrics.csv", "origin_matrix.csv"):
            assert (workdir / "runs" / run / name).stat().st_size > 0, (run, name)
        pngs = {p.name for p in (workdir / "plots" / run).glob("*.png")}
        assert {"generation_mix.png", "net_imports_map.png", "traced_green_share_map.png", "corridor_map.png"} <= pngs
        for png in (workdir / "plots" / run).glob("*.png"):  # every figure also as SVG, with its data as CSV
            assert png.with_suffix(".svg").stat().st_size > 0 and png.with_suffix(".csv").stat().st_size > 0, png
    assert (workdir / "plots" / "compare" / "key_metrics.png").exists()
    # the validation report is in the default target for the base year only
    validation = pd.read_csv(workdir / "runs" / "base-2023" / "validation.csv", keep_default_na=False)
    assert {"quantity", "model", "published", "tolerance", "within"} <= set(validation.columns) and len(validation) > 50
    assert (workdir / "plots" / "validation" / "base-2023.svg").exists() and not (workdir / "runs" / "2030-baseline" / "validation.csv").exists()
    for run in RUNS:  # the Chinese figures (plots.also: [zh]) and the interactive map
        assert {p.name for p in (workdir / "plots" / run).glob("*.png")} == {p.name for p in (workdir / "plots" / "zh" / run).glob("*.png")}
        assert 20_000 < (workdir / "plots" / "maps" / f"{run}.html").stat().st_size < 1_000_000  # inline SVG, no library
    assert (workdir / "plots" / "zh" / "compare" / "key_metrics.png").exists()
    assert "2030-baseline" in (workdir / "runs" / "comparison.html").read_text(encoding="utf-8")
    for rule in ("build_inputs", "compare_runs"):
        assert (workdir / "logs" / f"{rule}.log").exists()
        assert (workdir / "benchmarks" / "results" / f"{rule}.tsv").exists()


def test_each_run_says_what_made_it(workdir):
    """runs/<run>/provenance.json: the build, solve and summarize steps, each with its versions and the SHA-256 of
    the files it read (network/data/provenance.py)."""
    import hashlib
    import json

    def sha(path):
        return hashlib.sha256(path.read_bytes()).hexdigest()

    for run in RUNS:
        steps = json.loads((workdir / "runs" / run / "provenance.json").read_text())["steps"]
        assert [s["step"] for s in steps] == ["build_network", "solve_network", "summarize"]
        assert steps[0]["inputs"]["inputs/uhv_lines.csv"] == sha(REPO / "inputs" / "uhv_lines.csv")
        assert steps[1]["inputs"][f"runs/{run}/network.nc"] == sha(workdir / "runs" / run / "network.nc")
        assert steps[2]["inputs"][f"runs/{run}/solved.nc"] == sha(workdir / "runs" / run / "solved.nc")
        assert all(s["versions"]["pypsa"] and s["versions"]["highs"] and s["versions"]["snakemake"] for s in steps)


def test_base_year_metrics_are_plausible(workdir):
    m = read_metrics(workdir / "runs" / "base-2023" / "metrics.csv")
    assert list(m.columns) == ["metric", "scope", "carrier", "value", "unit"]
    consumption = value(m, "consumption", "national")
    assert consumption == pytest.approx(
        9225.25 + value(m, "water_pumping_electricity", "national", "water transfer"), rel=1e-6
    )  # 2023 statistics + S-N pumping
    generation = value(m, "generation", "national")
    losses = value(m, "transmission_losses", "national") + value(m, "storage_losses", "national")
    shed = value(m, "unserved_energy", "national")
    assert generation + shed == pytest.approx(consumption + losses, rel=1e-6)  # energy balance closes
    assert 0.5 < value(m, "self_sufficiency", "East") < 1.0  # the East imports
    assert value(m, "net_import", "Guangdong") > 0 and value(m, "net_import", "InnerMongolia") < 0
    assert 0.2 < value(m, "green_share_of_generation", "national") < 0.5
    assert shed < 0.01 * 9225
    # flow tracing: traced shares are fractions and the national figure equals generation-based up to losses
    traced = value(m, "traced_green_share_of_consumption", "national")
    assert 0 < value(m, "traced_green_share_of_consumption", "East") < 1
    assert traced == pytest.approx(value(m, "green_share_of_generation", "national"), abs=0.01)
    origin = pd.read_csv(workdir / "runs" / "base-2023" / "origin_matrix.csv")
    consumed = origin[origin["use"] == "consumption"]["value"].sum()
    assert consumed == pytest.approx(consumption, rel=1e-6)


def test_solved_network_opens_with_statistics(workdir):
    n = pypsa.Network(workdir / "runs" / "base-2023" / "solved.nc")
    assert (n.buses.role == "electricity").sum() == 31 and len(n.snapshots) == 365
    bases = n.buses.index[n.buses.role == "base"]  # the energy bases of the UHV lines in service in 2023
    assert len(bases) == 15 and set(n.buses.loc[bases, "province"]) <= set(n.buses.index[n.buses.role == "electricity"])
    supply = n.statistics.supply(components="Generator", groupby="carrier", nice_names=False)
    assert supply["coal"] > supply["solar"] > 0


def test_comparison_puts_runs_side_by_side(workdir):
    table = pd.read_csv(workdir / "runs" / "comparison.csv", keep_default_na=False)
    assert list(table.columns[:4]) == ["metric", "scope", "carrier", "unit"]
    assert set(RUNS) <= set(table.columns)
    row = table[(table.metric == "consumption") & (table.scope == "national")].iloc[0]
    assert float(row["2030-baseline"]) > float(row["base-2023"])


def test_same_inputs_give_the_same_metrics(workdir):
    """Deterministic: building and solving base-2023 again reproduces the pipeline's metrics."""
    from network.analysis.metrics.summary import summarize
    from network.config import load_run_config
    from network.data.inputs import load_build_inputs
    from network.model.build import build_network
    from network.model.solve import scenario_constraints, solve

    cfg = load_run_config(workdir / "runs" / "base-2023" / "config.yaml")  # the run's resolved configuration
    assert cfg.time.resolution_hours == 24
    n = build_network(cfg, load_build_inputs(REPO / "inputs", workdir / "resources" / "profiles.nc", workdir / "resources" / "provinces.csv", cfg))
    solve(n, cfg.solver, constraints=scenario_constraints(cfg))
    again = summarize(n, cfg.regions.focus).set_index(["metric", "scope", "carrier"])["value"]
    first = read_metrics(workdir / "runs" / "base-2023" / "metrics.csv").set_index(["metric", "scope", "carrier"])["value"]
    pd.testing.assert_series_equal(again.sort_index(), first.sort_index(), rtol=1e-9, check_names=False)


def test_report_has_front_page_captions_and_the_map(workdir):
    import json

    result = subprocess.run([sys.executable, "-m", "snakemake", "--report", "report.html", *CONFIG], cwd=workdir, capture_output=True,
                            text=True, timeout=900)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = (workdir / "report.html").read_text(encoding="utf-8")
    assert "Where the numbers come from" in html  # the front page
    assert "Annual self-sufficiency per province: local generation" in html  # a figure's caption
    assert "24-hourly resolution" in html and "labels in Chinese" in html
    assert "Interactive map of run" in html and "Every metric of every run" in html
    zh = json.dumps("东部自给率")[1:-1]  # the report holds its front page as JSON (non-ASCII escaped)
    assert "Self-sufficiency, East (%)" in html and zh in html  # the summary table, in English and Chinese, on the front page
    assert (workdir / "report.html").stat().st_size < 20e6
    for name in ("summary.csv", "corridors.csv", "summary.html"):
        assert (workdir / "runs" / name).stat().st_size > 0
