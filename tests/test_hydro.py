"""Hydro energy budgets let reservoirs move water within the period (hand-checkable 1-bus case)."""

import pandas as pd
import pypsa
import pytest

from network.analysis.metrics.power import curtailment_by_bus_carrier
from network.config import SolverConfig
from network.config.hydro import HydroConfig
from network.model.carriers import add_carriers
from network.model.constraints.hydro_budget import add_constraints
from network.model.solve import solve


def one_bus() -> pypsa.Network:
    """Load 90 then 10 MW; hydro 100 MW with availability 0.2 then 0.8 (100 MWh over the day); coal at 300."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-03-02", periods=2, freq="h"))
    add_carriers(n, {"coal": 0.34})
    n.add("Bus", "A", carrier="AC", x=100, y=30, region="West")
    n.add("Load", "A load", bus="A", carrier="AC", p_set=[90.0, 10.0])
    n.add("Generator", "A hydro", bus="A", carrier="hydro", p_nom=100.0, p_max_pu=[0.2, 0.8], marginal_cost=1.0)
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=200.0, marginal_cost=300.0)
    return n


def test_hourly_availability_without_budget():
    n = solve(one_bus(), SolverConfig(), constraints=[lambda n, s: add_constraints(n, s, HydroConfig(budget_period="hour"))])
    assert n.generators_t.p["A hydro"].tolist() == pytest.approx([20.0, 10.0])
    assert n.generators_t.p["A coal"].tolist() == pytest.approx([70.0, 0.0])
    assert curtailment_by_bus_carrier(n).sum() == pytest.approx(70.0)  # 0.8 x 100 - 10 spilled in hour 2


def test_daily_budget_moves_water_to_the_peak():
    cfg = HydroConfig(budget_period="day", peak_pu=0.95, min_share_of_mean=0.0)
    n = solve(one_bus(), SolverConfig(), constraints=[lambda n, s: add_constraints(n, s, cfg)])
    assert n.generators_t.p["A hydro"].tolist() == pytest.approx([90.0, 10.0])
    assert n.generators_t.p["A coal"].sum() == pytest.approx(0.0)
    # spill = budget not used: 100 MWh available, 100 generated
    assert curtailment_by_bus_carrier(n).sum() == pytest.approx(0.0, abs=1e-6)


def test_peak_limit_binds():
    cfg = HydroConfig(budget_period="day", peak_pu=0.5, min_share_of_mean=0.0)
    n = solve(one_bus(), SolverConfig(), constraints=[lambda n, s: add_constraints(n, s, cfg)])
    assert n.generators_t.p["A hydro"].tolist() == pytest.approx([50.0, 10.0])
    assert n.generators_t.p["A coal"].tolist() == pytest.approx([40.0, 0.0])


@pytest.mark.parametrize("share, hydro", [(0.0, [90.0, 10.0]), (0.7, [65.0, 35.0])])
def test_minimum_flow_keeps_some_water_in_every_hour(share, hydro):
    """Load 90 then 40 MW, coal at 400 then 300: the 100 MWh go to the dear hour (90 + 10), unless each hour must carry
    0.7 x the day's mean available output (0.7 x 50 = 35 MW): then 65 + 35."""
    n = one_bus()
    n.loads_t.p_set["A load"] = [90.0, 40.0]
    n.generators_t.marginal_cost["A coal"] = [400.0, 300.0]
    cfg = HydroConfig(budget_period="day", peak_pu=0.95, min_share_of_mean=share)
    n = solve(n, SolverConfig(), constraints=[lambda n, s: add_constraints(n, s, cfg)])
    assert n.generators_t.p["A hydro"].tolist() == pytest.approx(hydro)


def test_budget_is_per_period():
    """Two days: the second day's water cannot serve the first day's load."""
    n = pypsa.Network()
    n.set_snapshots(pd.DatetimeIndex(["2020-03-02 12:00", "2020-03-03 12:00"]))
    add_carriers(n, {"coal": 0.34})
    n.add("Bus", "A", carrier="AC", x=100, y=30, region="West")
    n.add("Load", "A load", bus="A", carrier="AC", p_set=[80.0, 0.0])
    n.add("Generator", "A hydro", bus="A", carrier="hydro", p_nom=100.0, p_max_pu=[0.1, 0.9], marginal_cost=1.0)
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=200.0, marginal_cost=300.0)
    n = solve(n, SolverConfig(), constraints=[lambda n, s: add_constraints(n, s, HydroConfig(budget_period="day", min_share_of_mean=0.0))])
    assert n.generators_t.p["A coal"].iloc[0] == pytest.approx(70.0)
