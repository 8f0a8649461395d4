"""The package's architecture: layers import only downward, no import cycle, one technology table, one
metric catalogue whose generated docs are in sync, and the inputs each rule reads listed in one place."""

import ast
import shutil
from pathlib import Path

import pandas as pd
import pypsa
import pytest

from network.analysis.metrics.catalogue import CATALOGUE, MetricError, check, metrics_doc, readme_with_table
from network.analysis.validation import read_validation, readme_with_calibration
from network.cli import CALIBRATION_COPY, CALIBRATION_DOC, main
from network.config.technologies import GENERATOR_CARRIERS, GREEN_CARRIERS, technologies
from network.data.files import BUILD_INPUTS_FILES, BUILD_NETWORK_FILES
from network.data.tables import InputError
from network.data.vocabulary import read_technologies
from tests.conftest import REPO

PACKAGE = REPO / "network"
LAYERS = {"units": 0, "config": 1, "data": 2, "model": 3, "analysis": 4, "plots": 5, "cli": 6}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS[parts[1]] if len(parts) > 1 else 0


def imports(path: Path) -> set[str]:
    """network.* modules imported anywhere in the file (module level and inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("network"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if (PACKAGE.parent / f"{node.module}.{a.name}".replace(".", "/")).exists())
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("network"))
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_layers_import_only_downward(module):
    for imported in imports(MODULES[module]):
        assert layer(imported) <= layer(module), f"{module} (layer {layer(module)}) imports {imported} (layer {layer(imported)})"


def test_no_import_cycle():
    graph = {m: {i for i in imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}
    # a package's __init__ re-exporting its submodules is not a cycle through the submodules' own imports
    graph = {m: {i for i in deps if not (m.startswith(i + ".") and MODULES[i].name == "__init__.py")} for m, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in graph[m]:
            if state.get(d) == 1:
                raise AssertionError(f"import cycle: {' -> '.join(path + [m, d])}")
            if d not in state:
                visit(d, path + [m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])


def test_config_layer_imports_no_pandas():
    for module, path in MODULES.items():
        if layer(module) == 1:
            text = path.read_text()
            assert "import pandas" not in text and "import pypsa" not in text, module


def test_technology_sets_come_from_the_table():
    table = technologies()
    assert tuple(c for c, t in table.items() if t.kind == "generator") == GENERATOR_CARRIERS
    assert set(GREEN_CARRIERS) == {"onwind", "offwind", "solar", "hydro", "biomass"}
    assert all(t.color.startswith("#") and t.nice_name_zh for t in table.values())


def test_a_new_technology_row_is_read(tmp_path):
    path = tmp_path / "technologies.csv"
    text = (REPO / "inputs" / "technologies.csv").read_text()
    path.write_text(text + "geothermal,generator,Geothermal,地热,1,1,0,none,recirculating,#b15928\n")
    table = read_technologies(path)
    assert table["geothermal"].green and table["geothermal"].kind == "generator"


def test_bad_technology_row_is_one_line(tmp_path):
    path = tmp_path / "technologies.csv"
    text = (REPO / "inputs" / "technologies.csv").read_text()
    path.write_text(text + "geothermal,generatr,Geothermal,地热,1,1,0,none,recirculating,#b15928\n")
    with pytest.raises(InputError, match=r"technologies.csv: line \d+ \(geothermal\): field 'kind'"):
        read_technologies(path)


def test_no_module_reads_a_file_at_import(tmp_path):
    """The package alone (no inputs/ beside it, as from a wheel) imports every module: the technology table, the
    planning options and the figure texts are read by the data layer from the step's inputs folder, not at import."""
    import subprocess
    import sys

    shutil.copytree(REPO / "network", tmp_path / "site" / "network", ignore=shutil.ignore_patterns("__pycache__"))
    modules = sorted(MODULES)
    code = "import importlib, sys; [importlib.import_module(m) for m in sys.argv[1:]]"
    result = subprocess.run([sys.executable, "-c", code, *modules], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path / "site")})  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    for module, path in MODULES.items():
        text = path.read_text()
        assert "__file__" not in text or module == "network.plots.captions", f"{module} finds a file relative to the package"


def test_summarize_refuses_metrics_outside_the_catalogue():
    ok = pd.DataFrame([{"metric": "generation", "scope": "national", "carrier": "", "value": 1.0, "unit": "TWh"}])
    assert check(ok) is ok
    with pytest.raises(MetricError, match="'generation' has unit 'GWh'"):
        check(ok.assign(unit="GWh"))
    with pytest.raises(MetricError, match="'made_up' is not in the catalogue"):
        check(ok.assign(metric="made_up"))
    assert all(m.unit and m.definition and m.scopes for m in CATALOGUE.values())


def test_generated_docs_are_in_sync():
    """docs/metrics.md, the README's metrics table and docs/calibration.md's table are what `python -m network.cli docs` writes."""
    from network.config.reference import configuration_doc

    assert (REPO / "docs" / "metrics.md").read_text() == metrics_doc()
    assert (REPO / "docs" / "configuration.md").read_text() == configuration_doc()
    readme = (REPO / "README.md").read_text()
    assert readme_with_table(readme) == readme
    # the calibration table is generated from the committed copy of a validation report (runs/ may be empty)
    calibration = (REPO / CALIBRATION_DOC).read_text()
    assert readme_with_calibration(calibration, read_validation(REPO / CALIBRATION_COPY)) == calibration
    assert "../shared" not in readme


def test_build_network_reads_only_the_listed_inputs(tmp_path):
    """An inputs folder with only the files the Snakefile lists is enough (so editing any other file cannot
    be missed by Snakemake's rebuild logic), and --inputs redirects the technology table too (coal's colour here)."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name in {*BUILD_INPUTS_FILES, *BUILD_NETWORK_FILES} - {"technologies.csv"}:
        (inputs / name).symlink_to(REPO / "inputs" / name)
    table = (REPO / "inputs" / "technologies.csv").read_text(encoding="utf-8")
    (inputs / "technologies.csv").write_text(table.replace(",#4d4d4d\n", ",#123456\n", 1), encoding="utf-8")
    res = tmp_path / "res"
    assert main(["build-inputs", "--inputs", str(inputs), "--profiles", str(res / "p.nc"), "--provinces", str(res / "prov.csv")]) == 0
    runs = tmp_path / "runs"
    shutil.copytree(REPO / "runs", runs, ignore=shutil.ignore_patterns("*/"))
    run = runs / "probe.yaml"  # compute and water on: reads the data-centre and water files too
    run.write_text("extends: 2030-edwc\ntime: {resolution_hours: 24}\nwater: {enabled: true}\n")
    out = tmp_path / "network.nc"
    assert main(["build-network", "--config", str(REPO / "config.yaml"), "--run", str(run), "--inputs", str(inputs),
                 "--profiles", str(res / "p.nc"), "--provinces", str(res / "prov.csv"), "--out", str(out)]) == 0  # fmt: skip
    assert out.exists()
    assert pypsa.Network(out).carriers.at["coal", "color"] == "#123456"
    # the network says what made it: every listed input, the profiles and the run's config, with their SHA-256
    import hashlib

    record = pypsa.Network(out).meta["provenance"][0]
    assert record["step"] == "build_network"
    for path in [*(inputs / name for name in BUILD_NETWORK_FILES), res / "p.nc", run]:
        assert record["inputs"][str(path)] == hashlib.sha256(path.read_bytes()).hexdigest(), path


def test_adding_a_technology_is_a_row_plus_its_data(tmp_path):
    """A copy of the package and inputs with a geothermal row in the technology table, its capacity statistics
    and its parameters builds a network with Tibet's geothermal fleet, green, at its cost: no code changed."""
    import subprocess
    import sys

    import pypsa

    shutil.copytree(REPO / "network", tmp_path / "network", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    shutil.copytree(REPO / "runs", tmp_path / "runs", ignore=shutil.ignore_patterns("*/"))
    inputs = tmp_path / "inputs"
    with open(inputs / "technologies.csv", "a") as f:
        f.write("geothermal,generator,Geothermal,地热发电,1,1,0,none,recirculating,#b15928\n")
    with open(inputs / "capacity_by_province.csv", "a") as f:
        f.writelines(f"Tibet,geothermal,{year},30.0,,estimate for the test\n" for year in range(2019, 2025))
    with open(inputs / "technology_parameters.csv", "a") as f:
        f.write("geothermal,1.0,0,50,0,0,test row\n")
    with open(inputs / "water_factors.csv", "a") as f:
        f.write("geothermal,recirculating,5.0,4.0,test,test row\n")
    (tmp_path / "runs" / "probe.yaml").write_text("extends: base-2023\ntime: {resolution_hours: 24}\n")
    py = "from network.cli import main; import sys; sys.exit(main(sys.argv[1:]))"
    res = tmp_path / "res"
    for argv in (["build-inputs", "--inputs", "inputs", "--profiles", "res/p.nc", "--provinces", "res/prov.csv"],
                 ["build-network", "--config", "config.yaml", "--run", "runs/probe.yaml", "--inputs", "inputs", "--profiles",
                  "res/p.nc", "--provinces", "res/prov.csv", "--out", "net.nc"]):  # fmt: skip
        (tmp_path / "config.yaml").write_text("runs: [probe]\n")
        result = subprocess.run([sys.executable, "-c", py, *argv], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                                env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)})  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
    assert res.exists()
    n = pypsa.Network(tmp_path / "net.nc")
    assert n.generators.at["Tibet geothermal", "p_nom"] == pytest.approx(30.0)
    assert n.generators.at["Tibet geothermal", "marginal_cost"] == pytest.approx(50.0)
    assert n.carriers.at["geothermal", "color"] == "#b15928"
    assert n.generators.at["Tibet geothermal", "water_fresh_withdrawal"] == pytest.approx(5.0)


def test_every_input_file_has_a_source_line():
    """Every shipped file in inputs/ is named in inputs/SOURCES.md (source, licence, what was derived)."""
    sources = (REPO / "inputs" / "SOURCES.md").read_text(encoding="utf-8")
    shipped = [p.name for p in (REPO / "inputs").iterdir() if p.is_file() and p.name != "SOURCES.md" and not p.name.startswith(".")]
    missing = [name for name in sorted(shipped) if f"`{name}`" not in sources and name not in sources]
    assert not missing, f"inputs/SOURCES.md does not name {missing}"


def test_the_main_job_dependencies_cover_the_report():
    """`pip install -e . && snakemake -c all --report report.html` (the README) needs pygments: snakemake's report
    refuses to start without it, and only the test extra (through pytest) would bring it otherwise."""
    import re
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    names = {re.split(r"[<>=!~\[ ;]", dep, maxsplit=1)[0].lower() for dep in project["dependencies"]}
    assert {"snakemake", "pygments"} <= names
