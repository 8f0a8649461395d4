"""Month windows (network/model/windows.py): exact with an hourly coarse solve, annual caps kept, every snapshot filled."""

import numpy as np
import pandas as pd
import pypsa
import pytest

from network.config import RunConfig
from network.config.base import ConfigError
from network.config.load import resolve_run_config
from network.model.carriers import add_carriers
from network.model.solve import SolveError, scenario_constraints, solve
from network.model.windows import solve_windows, split_annual_rows, window_labels

CAP_MWH = 3000.0  # the cheap plant's annual energy (a water-like e_sum_max budget)


def two_months(spike_mw: float | None = None) -> pypsa.Network:
    """Two buses, hourly 30 Jan - 2 Feb (two 'months' of 48 h). A: load 40 MW in January, 140 MW in February with a daily
    evening peak (spike_mw: the load at 1 Feb 18:00); B: wind; a cheap plant with an annual budget of CAP_MWH, gas, a long-duration storage unit (100 h) that
    carries energy from January into February, shedding at 20,000 CNY/MWh."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2023-01-30", periods=96, freq="h"))
    add_carriers(n, {"coal": 0.34, "gas": 0.2})
    hour = np.arange(96) % 24
    feb = np.arange(96) >= 48
    load = np.where(feb, 140.0, 40.0) + np.where((hour >= 17) & (hour <= 20), 40.0, 0.0)
    if spike_mw is not None:
        load[48 + 18] = spike_mw
    wind = 0.5 + 0.4 * np.sin(np.arange(96) / 5.0)
    n.add("Bus", "A", carrier="AC", x=120.0, y=31.0, region="East")
    n.add("Bus", "B", carrier="AC", x=90.0, y=40.0, region="West")
    n.add("Load", "A load", bus="A", carrier="AC", p_set=load)
    n.add("Generator", "B onwind", bus="B", carrier="onwind", p_nom=150.0, p_max_pu=wind, marginal_cost=0.2)
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=120.0, marginal_cost=200.0, efficiency=0.4, e_sum_max=CAP_MWH)
    n.add("Generator", "A gas", bus="A", carrier="gas", p_nom=100.0, marginal_cost=600.0, efficiency=0.5)
    n.add("Generator", "A load shedding", bus="A", carrier="load shedding", p_nom=1e6, marginal_cost=20000.0)
    n.add("StorageUnit", "A pumped", bus="A", carrier="PHS", p_nom=30.0, max_hours=100.0, efficiency_store=0.9,
          efficiency_dispatch=0.9, cyclic_state_of_charge=True, marginal_cost=0.5)  # fmt: skip
    n.add("Link", "B -> A", bus0="B", bus1="A", carrier="AC", p_nom=120.0, efficiency=0.97, marginal_cost=0.1)
    return n


def config(coarse_hours: int = 1, storage: str = "coarse", processes: int = 1, co2_cap_mt: float | None = None) -> RunConfig:
    windows = {"by": "month", "processes": processes, "coarse_resolution_hours": coarse_hours, "storage": storage}
    return RunConfig.model_validate({"solver": {"windows": windows}, "policy": {"co2_cap_mt": co2_cap_mt}})


def monolithic(cfg: RunConfig | None = None) -> pypsa.Network:
    cfg = cfg or config()
    return solve(two_months(), cfg.solver, constraints=scenario_constraints(cfg))


@pytest.mark.slow
def test_hourly_coarse_solve_makes_the_windows_exact():
    full, windowed = monolithic(), solve_windows(two_months(), config(processes=2))  # a process pool
    assert list(window_labels(windowed.snapshots, "month").unique()) == ["2023-01", "2023-02"]
    assert windowed.objective == pytest.approx(full.objective, rel=1e-6)
    # the storage carries energy across the boundary; the cap binds
    assert windowed.storage_units_t.state_of_charge.loc["2023-01-31 23:00", "A pumped"] > 1.0
    assert full.generators_t.p["A coal"].sum() == pytest.approx(CAP_MWH, rel=1e-6)


@pytest.mark.slow
def test_stitched_year_keeps_the_annual_cap_and_fills_every_snapshot():
    n = solve_windows(two_months(), config(coarse_hours=24))
    assert n.generators_t.p["A coal"].sum() <= CAP_MWH * (1 + 1e-6)
    for table, attr in (("generators_t", "p"), ("links_t", "p0"), ("links_t", "p1"), ("storage_units_t", "state_of_charge"),
                        ("storage_units_t", "p"), ("buses_t", "marginal_price")):  # fmt: skip
        frame = getattr(n, table)[attr]
        assert frame.index.equals(n.snapshots) and not frame.isna().any().any(), (table, attr)
    balance = n.generators_t.p.sum(axis=1) + n.storage_units_t.p["A pumped"] - n.links_t.p0["B -> A"] * 0.03 - n.loads_t.p_set["A load"]
    assert np.abs(balance).max() < 1e-5  # energy balance of the stitched hours (the link's 3 % losses)
    assert set(n.meta["windows"]) == {"2023-01", "2023-02"}


@pytest.mark.slow
def test_each_month_cyclic_costs_more_than_carrying_storage_over():
    carried, cyclic = solve_windows(two_months(), config()), solve_windows(two_months(), config(storage="cyclic"))
    assert cyclic.objective > carried.objective * (1 + 1e-4)


@pytest.mark.slow
def test_a_binding_policy_row_is_split_exactly():
    cfg = config(co2_cap_mt=0.002)  # 2,000 t: coal (0.85 t/MWh) gives way to gas (0.4 t/MWh)
    full, windowed = monolithic(cfg), solve_windows(two_months(), cfg)
    assert full.global_constraints.at["co2_cap", "mu"] < 0  # binding
    assert windowed.objective == pytest.approx(full.objective, rel=1e-6)
    emitted = windowed.generators_t.p["A coal"].sum() * 0.34 / 0.4 + windowed.generators_t.p["A gas"].sum() * 0.2 / 0.5
    assert emitted <= 2000.0 * (1 + 1e-6)


@pytest.mark.slow
def test_annual_cap_is_split_by_the_coarse_months():
    n = two_months()
    cfg = config()
    solve(n, cfg.solver, constraints=scenario_constraints(cfg))
    window_of = window_labels(n.snapshots, "month").map({"2023-01": 0, "2023-02": 1})
    split = split_annual_rows(n.model, window_of, np.array([0.5, 0.5]))
    used = n.generators_t.p["A coal"].groupby(window_of.to_numpy()).sum().to_numpy()
    np.testing.assert_allclose(split["Generator-e_sum_max"].to_numpy().ravel(), used, rtol=1e-9, atol=1e-6)  # binding: no slack to share
    assert split["Generator-e_sum_max"].to_numpy().sum() == pytest.approx(CAP_MWH)


@pytest.mark.slow
def test_an_infeasible_window_is_named():
    n = two_months(spike_mw=400.0)  # above all plants, storage and import (366 MW) for one hour; the daily mean fits them
    n.remove("Generator", "A load shedding")
    with pytest.raises(SolveError, match="window 2023-02"):
        solve_windows(n, config(coarse_hours=24))


def test_windows_refused_for_planning():
    with pytest.raises(ConfigError, match="solver.windows"):
        resolve_run_config({"planning": {"enabled": True}, "solver": {"windows": {"by": "month"}}}, None, "test")
    with pytest.raises(ConfigError, match="unknown key"):
        resolve_run_config({"solver": {"windows": {"by": "month", "hours": 3}}}, None, "test")
