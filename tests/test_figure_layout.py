"""Every per-run figure type drawn on a real solved network (the shipped data at daily resolution, one 2030 run with
the corridors, data-centre hubs and the water nexus), in both languages and both page sizes: no two texts overlap,
no text sits under a legend, nothing is larger than the page (network/plots/layout_check.py), and a Chinese
figure has no Latin word outside the allowed units and formulas."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pypsa
import pytest
import yaml

from network.plots.compute import plot_compute
from network.plots.corridors import plot_corridors
from network.plots.language import language
from network.plots.layout_check import _texts, text_problems
from network.plots.run import plot_run
from network.plots.style import SAVE_HOOKS, page, page_size
from network.plots.water import plot_water
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # one real build and solve (about 3 minutes on 2 cores), then 4 x 14 figures

RUN = "layout-test"
FIGURES = {"generation_mix", "self_sufficiency", "dispatch_East_summer", "dispatch_East_winter", "net_imports_map", "traced_green_share_map",
           "corridor_green_share", "origin_destination", "corridor_map", "compute_moved_west_week", "compute_hubs", "water_map",
           "water_withdrawal"}  # fmt: skip
# Latin words a Chinese figure may hold: units, formulas and the abbreviations Chinese technical writing keeps
ALLOWED_LATIN = {"TWh", "GWh", "MWh", "GW", "MW", "kV", "CNY", "IT", "CO", "PUE", "DC", "AC", "h"}


@pytest.fixture(scope="session")
def solved_run(tmp_path_factory) -> tuple[pypsa.Network, pd.DataFrame, pd.DataFrame]:
    """2030-corridors with data-centre hubs (relocation and deferral as 2030-edwc) and capped water, built and solved
    by the workflow at daily resolution: every map layer (bases, hub and water buses, named lines, transfers)."""
    work = tmp_path_factory.mktemp("layout")
    for name in ("Snakefile", "config.yaml"):
        shutil.copy(REPO / name, work / name)
    for name in ("inputs", "report"):
        (work / name).symlink_to(REPO / name)
    (work / "runs").mkdir()
    for run in ("2030-baseline", "2030-corridors", "2030-edwc"):
        shutil.copy(REPO / "runs" / f"{run}.yaml", work / "runs" / f"{run}.yaml")
    compute = yaml.safe_load((REPO / "runs" / "2030-edwc-off.yaml").read_text())["compute"]
    compute |= yaml.safe_load((REPO / "runs" / "2030-edwc.yaml").read_text())["compute"]
    spec = {"description": "figure layout test", "extends": "2030-corridors", "compute": compute, "water": {"enabled": True, "cap": True}}
    (work / "runs" / f"{RUN}.yaml").write_text(yaml.safe_dump(spec))
    result = subprocess.run([sys.executable, "-m", "snakemake", f"runs/{RUN}/metrics.csv", "-c", "2", "--quiet", "--config",
                             'time={"resolution_hours": 24}', f"runs=[{RUN}]"], cwd=work, capture_output=True, text=True, timeout=1800,
                            env=os.environ | {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                                              "PYTHONPATH": str(REPO)})  # the rules' `python -m network.cli`: this checkout, this environment  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    folder = work / "runs" / RUN
    return pypsa.Network(folder / "solved.nc"), pd.read_csv(folder / "metrics.csv"), pd.read_csv(folder / "origin_matrix.csv")


def latin_words(texts: list[str]) -> set[str]:
    """Latin words of texts outside ALLOWED_LATIN (CO2 counts as CO)."""
    words = {w for t in texts for w in re.findall(r"[A-Za-z]+", re.sub(r"\\[a-z]+", "", t))}  # not mathtext commands (\\mathdefault)
    return words - ALLOWED_LATIN


_DRAWN: dict = {}


def draw_all(solved_run, out_dir, lang: str, size: str) -> dict[str, tuple[list[str], list[str]]]:
    """{figure: (layout problems, texts)} of every per-run figure, checked as saved (fitted to the page); drawn once per
    language and size in a test session."""
    if (lang, size) in _DRAWN:
        return _DRAWN[lang, size]
    n, metrics, origin = solved_run
    seen = {}
    hook = lambda fig, path: seen.__setitem__(path.stem, (text_problems(fig, page_size()), [t.get_text() for t in _texts(fig)]))  # noqa: E731
    SAVE_HOOKS.append(hook)
    try:
        with language(lang), page(size):
            shapes = REPO / "inputs" / "province_shapes.geojson"
            plot_run(n, metrics, shapes, out_dir, "East", origin)
            plot_compute(n, metrics, out_dir)
            plot_corridors(n, metrics, shapes, out_dir)
            plot_water(n, metrics, shapes, out_dir)
    finally:
        SAVE_HOOKS.remove(hook)
    _DRAWN[lang, size] = seen
    return seen


@pytest.mark.parametrize("size", ["a4", "slide"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_run_figure_has_no_overlapping_text(solved_run, tmp_path, lang, size):
    seen = draw_all(solved_run, tmp_path, lang, size)
    assert set(seen) == FIGURES
    problems = {name: found for name, (found, _) in seen.items() if found}
    assert problems == {}
    if lang == "zh":
        latin = {name: sorted(latin_words(texts)) for name, (_, texts) in seen.items() if latin_words(texts)}
        assert latin == {}


def test_latin_words_are_found():
    assert latin_words(["年发电量（TWh）", "CO2 排放", "特高压 Ximeng-Taizhou"]) == {"Ximeng", "Taizhou"}
