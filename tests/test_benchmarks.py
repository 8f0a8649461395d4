"""The benchmark scripts' variants are configurations the model accepts (they are not run here: each takes minutes)."""

from pathlib import Path

import pytest

from network.config import SolverConfig, load_run_config
from tests.conftest import REPO


@pytest.fixture
def benchmarks(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))  # the scripts import their helpers (variants.py) by name


def test_every_planning_variant_is_a_valid_plan_of_the_run(benchmarks):
    import planning

    cfg = load_run_config(REPO / "config.yaml", REPO / "runs/2030-plan.yaml")
    plans = {v: planning.variant_config(cfg, v).planning for v in planning.VARIANTS}
    assert plans["default"] == cfg.planning
    assert (plans["days-7"].sizing_day_stride, plans["days-7"].sizing_block_days) == (7, 1)
    assert plans["ipx"].sizing_solver.options == {"threads": 2, "random_seed": 0, "solver": "ipx", "run_crossover": "off"}
    assert plans["pdlp"].sizing_solver.residual_tolerance is None  # approximate: its residuals are reported, not checked


def test_a_planning_variant_is_validated_like_a_run_file(benchmarks, monkeypatch):
    import planning

    cfg = load_run_config(REPO / "config.yaml", REPO / "runs/2030-plan.yaml")
    monkeypatch.setitem(planning.VARIANTS, "weeks-every-3-days", {"sizing_day_stride": 3, "sizing_block_days": 7})
    with pytest.raises(ValueError, match="sizing_block_days"):
        planning.variant_config(cfg, "weeks-every-3-days")


def test_every_solver_of_the_solver_benchmark_is_accepted(benchmarks):
    import planning_solvers

    for name, options in planning_solvers.SOLVERS.items():
        assert SolverConfig(options={**planning_solvers.BASE, **options}).options["solver"] == options["solver"], name


def test_the_factor_probe_is_a_valid_sizing_solver_and_reads_hipos_report(benchmarks):
    import sizing_factor

    from network.config.planning import PlanningConfig

    base = PlanningConfig().sizing_solver.options
    for _, _, ordering in sizing_factor.VARIANTS.values():
        options = {**base, **sizing_factor.PROBE, **({"hipo_ordering": ordering} if ordering else {})}
        assert SolverConfig(options=options).options["ipm_iteration_limit"] == 0
    report = "Rows:                           3.4e+05\nOrdering:                       amd\nNnz:                            3.40e+07\n"
    report += "Flops:                          3.8e+10\nCritical ops:                   2.8e+10\nLargest front:                  3756\n"
    assert sizing_factor.hipo_report(report) == {
        "rows_presolved": 3.4e5, "ordering": "amd", "factor_nnz": 3.4e7, "flops": 3.8e10, "critical_flops": 2.8e10, "largest_front": 3756.0,
    }  # fmt: skip


def test_a_benchmark_table_is_written_whole_and_printed_without_its_hidden_columns(benchmarks, tmp_path, monkeypatch, capsys):
    import pandas as pd
    import variants

    monkeypatch.chdir(tmp_path)
    table = pd.DataFrame({"solver": ["hipo"], "wall_s": [236.2], "worst_primal_at": ["StorageUnit-energy_balance"]})
    out = variants.write_table(table, "planning_solvers_x", hidden=("worst_primal_at",))
    assert out == Path("benchmarks/results/planning_solvers_x.csv")
    assert pd.read_csv(out).equals(table)
    printed = capsys.readouterr().out
    assert "236.2" in printed and "energy_balance" not in printed
