"""Configuration schema: unknown keys and bad values are errors that name the file and key."""

import pytest
import yaml

from network.config import ConfigError, RunConfig, load_run_config, load_top_config, sizing_days_source
from tests.conftest import REPO


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data))
    return path


def test_shipped_config_and_runs_are_valid():
    top = load_top_config(REPO / "config.yaml")
    assert "base-2023" in top.runs
    for run in top.runs:
        cfg = load_run_config(REPO / "config.yaml", REPO / "runs" / f"{run}.yaml")
        assert cfg.scenario.year >= 2023


def test_planning_runs_size_on_whole_weeks_and_no_run_samples_more_than_a_sixth_of_the_year():
    """2030-plan and the runs extending it size on a week every six weeks (the plan is then adequate, docs/planning.md);
    a run that sets only the stride (pathway-cost-optimal: 14) must not inherit 7-day blocks, half the year."""
    plan = load_run_config(REPO / "config.yaml", REPO / "runs" / "2030-plan.yaml").planning
    assert (plan.sizing_day_stride, plan.sizing_block_days) == (42, 7)
    for path in sorted((REPO / "runs").glob("*.yaml")):
        cfg = load_run_config(REPO / "config.yaml", path).planning
        if cfg.enabled:
            assert cfg.sizing_block_days / cfg.sizing_day_stride <= 1 / 6, path.name


def test_sizing_days_from_must_name_another_planning_run_without_a_cycle():
    """planning.sizing_days_from: the shipped floors start from 2030-plan; a run naming itself, a dispatch run or a run
    that leads back to it is a one-line error naming the run file, not Snakemake's cyclic-graph traceback."""

    def plan(days_from=None, enabled=True):
        return RunConfig.model_validate({"planning": {"enabled": enabled, "sizing_days_from": days_from}})

    def config_of(configs):
        def resolve(name):
            if name not in configs:
                raise ConfigError(f"runs/{name}.yaml: no such file")
            return configs[name]

        return resolve

    shipped = lambda name: load_run_config(REPO / "config.yaml", REPO / "runs" / f"{name}.yaml")  # noqa: E731
    assert sizing_days_source("2030-plan-floor-90", shipped) == "2030-plan"
    assert sizing_days_source("2030-plan", shipped) is None
    assert sizing_days_source("b", config_of({"a": plan(), "b": plan("a")})) == "a"
    cases = {
        "leads back to 'a' (a -> a)": {"a": plan("a")},
        "leads back to 'a' (a -> b -> a)": {"a": plan("b"), "b": plan("a")},
        "'b' is not a planning run": {"a": plan("b"), "b": plan(enabled=False)},
        "runs/b.yaml: no such file": {"a": plan("b")},
    }
    for message, configs in cases.items():
        with pytest.raises(ConfigError, match="^runs/a.yaml: planning.sizing_days_from: 'b'|^runs/a.yaml: planning.sizing_days_from: 'a'") as err:
            sizing_days_source("a", config_of(configs))
        assert message in str(err.value) and "\n" not in str(err.value), str(err.value)


def test_unknown_key_in_run_file_is_named(tmp_path):
    run = write(tmp_path, "bad.yaml", {"scenario": {"yaer": 2030}})
    with pytest.raises(ConfigError, match=r"bad\.yaml.*unknown key 'scenario\.yaer'"):
        load_run_config(REPO / "config.yaml", run)


def test_unknown_top_level_key_in_config(tmp_path):
    cfg = write(tmp_path, "config.yaml", {"runs": ["x"], "solvr": {"name": "highs"}})
    with pytest.raises(ConfigError, match=r"config\.yaml.*unknown key 'solvr'"):
        load_top_config(cfg)


def test_bad_value_is_explained(tmp_path):
    run = write(tmp_path, "bad.yaml", {"transmission": {"p_max_pu": 1.5}})
    with pytest.raises(ConfigError, match=r"transmission\.p_max_pu"):
        load_run_config(REPO / "config.yaml", run)


def test_unknown_technology_target(tmp_path):
    """Technology names are checked against the technology table (data, read by network/data/) when the build loads it."""
    from network.config.names import check_names
    from network.config.technologies import BUILDABLE

    run = write(tmp_path, "bad.yaml", {"scenario": {"capacity": {"national_targets_gw": {"soalr": 1000}}}})
    cfg = load_run_config(REPO / "config.yaml", run)
    with pytest.raises(ConfigError, match=r"scenario.capacity.national_targets_gw: unknown technology 'soalr'.*solar"):
        check_names(cfg, BUILDABLE, cfg.planning.options)


def test_unknown_province_in_region_classes(tmp_path):
    run = write(tmp_path, "bad.yaml", {"regions": {"classes": {"East": ["Shangai"]}}})
    with pytest.raises(ConfigError, match=r"Shangai"):
        load_run_config(REPO / "config.yaml", run)


def test_override_merges_with_defaults(tmp_path):
    run = write(tmp_path, "ok.yaml", {"operation": {"full_load_hours": {"hydro": 3500.0}}})
    cfg = load_run_config(REPO / "config.yaml", run)
    assert cfg.operation.full_load_hours["hydro"] == 3500.0
    assert cfg.operation.full_load_hours["solar"] == 1286.0  # kept from config.yaml


def test_missing_run_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_run_config(REPO / "config.yaml", tmp_path / "nope.yaml")


def test_run_can_extend_another_run(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "parent.yaml").write_text(yaml.safe_dump({"description": "p", "scenario": {"year": 2030, "demand": {"annual_growth": 0.05}}}))
    (runs / "child.yaml").write_text(yaml.safe_dump({"extends": "parent", "scenario": {"demand": {"statistics_year": 2024}}}))
    cfg = load_run_config(REPO / "config.yaml", runs / "child.yaml")
    assert cfg.scenario.year == 2030 and cfg.scenario.demand.annual_growth == 0.05
    assert cfg.scenario.demand.statistics_year == 2024
    assert cfg.description == ""  # a description is not inherited


def test_extending_an_unknown_run_lists_close_names(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "2030-baseline.yaml").write_text("{}")
    (runs / "child.yaml").write_text(yaml.safe_dump({"extends": "2030-baselin"}))
    with pytest.raises(ConfigError, match=r"extends unknown run '2030-baselin'.*2030-baseline"):
        load_run_config(REPO / "config.yaml", runs / "child.yaml")


def test_provincial_additions_name_known_provinces(tmp_path):
    run = write(tmp_path, "bad.yaml", {"scenario": {"capacity": {"provincial_additions_gw": {"solar": {"Zhejang": 10}}}}})
    with pytest.raises(ConfigError, match=r"unknown province 'Zhejang'.*Zhejiang"):
        load_run_config(REPO / "config.yaml", run)


def test_resolved_run_config_round_trips(tmp_path):
    """runs/<run>/config.yaml (what the pipeline writes) reads back as the same configuration."""
    from network.config import write_run_config

    for run in load_top_config(REPO / "config.yaml").runs:
        cfg = load_run_config(REPO / "config.yaml", REPO / "runs" / f"{run}.yaml")
        write_run_config(cfg, tmp_path / run / "config.yaml")
        assert load_run_config(tmp_path / run / "config.yaml") == cfg


def test_duplicate_key_names_both_lines(tmp_path):
    run = tmp_path / "dup.yaml"
    run.write_text("scenario:\n  year: 2030\n  year: 2035\n")
    with pytest.raises(ConfigError, match=r"dup\.yaml: key 'year' appears twice \(lines 2 and 3\)"):
        load_run_config(REPO / "config.yaml", run)


def test_a_step_config_has_only_the_sections_the_step_reads(tmp_path):
    """runs/<run>/config/<step>.yaml reads back as the step's sections; reading any other section is an error, not a default."""
    from network.config.steps import STEPS, step_config, write_step_config

    cfg = load_run_config(REPO / "config.yaml", REPO / "runs" / "2030-water-tight.yaml")
    for step, sections in STEPS.items():
        write_step_config(cfg, step, tmp_path / "config" / f"{step}.yaml")
        assert set(yaml.safe_load((tmp_path / "config" / f"{step}.yaml").read_text())) == set(sections)
        part = step_config(load_run_config(tmp_path / "config" / f"{step}.yaml"), step)
        assert part == step_config(cfg, step)
        assert all(getattr(part, name) == getattr(cfg, name) for name in sections)
    assert step_config(cfg, "build").water.cap  # the run's own values, not the defaults
    with pytest.raises(AttributeError):
        step_config(cfg, "build").solver  # noqa: B018
    with pytest.raises(AttributeError):
        step_config(cfg, "solve").plots  # noqa: B018
    with pytest.raises(ConfigError, match="unknown workflow step 'plot'"):
        step_config(cfg, "plot")
