"""Solver choice as configuration: options belong to their solver; a change of solver replaces them."""

import pytest
import yaml

from network.config import ConfigError, SolverConfig, load_run_config, merge_files, resolve_run_config, write_run_config
from tests.conftest import REPO

HIGHS_DEFAULTS = {"threads": 2, "random_seed": 0}


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data))
    return path


def test_another_solver_in_a_run_file_replaces_the_options(tmp_path):
    run = write(tmp_path / "gpu.yaml", {"solver": {"name": "cuopt", "options": {"time_limit": 600}}})
    assert load_run_config(REPO / "config.yaml", run).solver.options == {"time_limit": 600}
    bare = write(tmp_path / "bare.yaml", {"solver": {"name": "cuopt"}})
    assert load_run_config(REPO / "config.yaml", bare).solver.options == {}


def test_same_solver_merges_the_options(tmp_path):
    run = write(tmp_path / "pdlp.yaml", {"solver": {"options": {"solver": "pdlp", "kkt_tolerance": 1e-4}}})
    cfg = load_run_config(REPO / "config.yaml", run).solver
    assert cfg.name == "highs" and cfg.options == {**HIGHS_DEFAULTS, "solver": "pdlp", "kkt_tolerance": 1e-4}
    named = write(tmp_path / "named.yaml", {"solver": {"name": "highs", "options": {"time_limit": 60.0}}})
    assert load_run_config(REPO / "config.yaml", named).solver.options == {**HIGHS_DEFAULTS, "time_limit": 60.0}


def test_every_layer_follows_the_rule(tmp_path):
    """--configfile and --config layers too: back to HiGHS from a GPU default gets HiGHS's defaults."""
    gpu_defaults = {"solver": {"name": "cuopt", "options": {"pdlp_solver_mode": 1}}}
    run = write(tmp_path / "runs" / "exact.yaml", {"solver": {"name": "highs"}})
    assert resolve_run_config(gpu_defaults, run, "x").solver.options == HIGHS_DEFAULTS
    assert resolve_run_config(gpu_defaults, None, "x").solver.options == {"pdlp_solver_mode": 1}
    cl = resolve_run_config({}, None, "x", {"solver": {"name": "cuopt"}})
    assert cl.solver.options == {}
    top = write(tmp_path / "config.yaml", {"runs": ["a"], "solver": {"options": {"threads": 1}}})
    other = write(tmp_path / "other.yaml", {"solver": {"name": "gurobi", "options": {"Method": 2}}})
    assert merge_files([top, other])["solver"]["options"] == {"Method": 2}
    assert merge_files([other, top])["solver"] == {"name": "gurobi", "options": {"Method": 2, "threads": 1}}


def test_extends_follows_the_rule(tmp_path):
    write(tmp_path / "runs" / "gpu.yaml", {"solver": {"name": "cuopt", "options": {"time_limit": 60}}})
    child = write(tmp_path / "runs" / "child.yaml", {"extends": "gpu", "solver": {"name": "highs"}})
    assert load_run_config(REPO / "config.yaml", child).solver.options == HIGHS_DEFAULTS


def test_resolved_config_with_another_solver_round_trips(tmp_path):
    run = write(tmp_path / "gpu.yaml", {"solver": {"name": "cuopt", "options": {"time_limit": 60}}})
    cfg = load_run_config(REPO / "config.yaml", run)
    write_run_config(cfg, tmp_path / "out" / "config.yaml")
    assert load_run_config(tmp_path / "out" / "config.yaml") == cfg


def test_pdlp_options_are_valid_highs_options(tmp_path):
    assert SolverConfig(options={"solver": "pdlp", "kkt_tolerance": 1e-4}).options["solver"] == "pdlp"
    run = write(tmp_path / "bad.yaml", {"solver": {"options": {"kkt_tolerence": 1e-4}}})
    with pytest.raises(ConfigError, match="unknown HiGHS option 'kkt_tolerence'.*kkt_tolerance"):
        load_run_config(REPO / "config.yaml", run)


def test_bounds_as_variables_is_the_default():
    assert SolverConfig().bounds_as_variables is True
