"""The corridor appraisal: the value of a candidate line (the dual of its rating in the sizing LP) against a hand
computation and a re-solve, its metrics, the plan comparison table and the figures."""

from __future__ import annotations

import pandas as pd
import pypsa
import pytest

from network.config.planning import PlanningConfig
from network.config.run import RunConfig
from network.config.solver import SolverConfig
from network.model.capacity_value import COLUMN
from network.model.carriers import add_carriers
from network.model.sizing import plan

YEAR_H = 8760.0
CHEAP, DEAR = 10.0, 100.0  # CNY/MWh at A and C
LINE_COST = 1e5  # CNY/MW/a, annualised cost of the candidate A-C
PEAK, LOW = 1000.0, 400.0  # MW load at C, each half of the year
EXISTING = 200.0  # MW, the path A -> B -> C in place
RATING = 300.0  # MW, the candidate's rating


def three_bus(rating: float = RATING) -> pypsa.Network:
    """A (cheap coal) -> B -> C (dear gas, the load) over 200 MW in place, and the candidate line A -> C of `rating` MW.

    Peak half-year (1000 MW): 200 MW come over B, the candidate runs at its rating, gas sets C's price at 100 CNY/MWh.
    Low half-year (400 MW): 200 over B, 200 over the candidate (below its rating): C's price is A's, 10 CNY/MWh.
    One more MW of rating replaces 1 MWh of gas by coal in each of the 4380 peak hours: saves 90 x 4380 = 394,200
    CNY/a and costs 100,000 CNY/a; value = 294,200 CNY/MW/a."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2030-01-01", periods=2, freq="h"))
    n.snapshot_weightings.loc[:, :] = YEAR_H / 2
    add_carriers(n, {"coal": 0.34, "gas": 0.2})
    for bus, province in zip("ABC", ("InnerMongolia", "Hebei", "Beijing")):
        n.add("Bus", bus, carrier="AC", province=province, role="electricity")
    n.add("Load", "C load", bus="C", carrier="AC", p_set=pd.Series([PEAK, LOW], n.snapshots))
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=2000.0, marginal_cost=CHEAP)
    n.add("Generator", "C gas", bus="C", carrier="gas", p_nom=2000.0, marginal_cost=DEAR)
    n.add("Link", "A -> B", bus0="A", bus1="B", carrier="AC", p_nom=1000.0)
    n.add("Link", "B -> C", bus0="B", bus1="C", carrier="AC", p_nom=EXISTING)
    n.add("Link", "UHV A-C [A -> C]", bus0="A", bus1="C", carrier="AC", p_nom_extendable=True, p_nom_max=rating, capital_cost=LINE_COST,
          planning_candidate=True, capacity_of="", uhv_line="A-C", uhv_type="DC", uhv_part="DC", uhv_reverse=0)  # fmt: skip
    return n


def planned(n: pypsa.Network, options: dict | None = None) -> pypsa.Network:
    solver = SolverConfig(options=options) if options else SolverConfig()
    cfg = RunConfig(planning=PlanningConfig(enabled=True, sizing_day_stride=1, sizing_solver=solver), solver=SolverConfig())
    return plan(n, cfg)


HAND_VALUE = (DEAR - CHEAP) * YEAR_H / 2 - LINE_COST  # CNY/MW/a


@pytest.mark.parametrize("options", [None, {"solver": "hipo", "run_crossover": "off"}, {"solver": "ipx", "run_crossover": "off"}])
def test_the_value_of_a_line_built_to_its_rating_is_the_hand_computed_saving_and_the_resolve_difference(options):
    """The sizing step records - d cost / d rating = 294,200 CNY/MW/a; a re-sizing with 1 MW more rating costs that much
    less (simplex; HiGHS's interior-point solvers without crossover, the planning default, give the same dual)."""
    n = planned(three_bus(), options)
    line = "UHV A-C [A -> C]"
    assert n.links.at[line, "p_nom"] == pytest.approx(RATING, rel=1e-6)
    value = n.links.at[line, COLUMN]
    assert value == pytest.approx(HAND_VALUE, rel=1e-6)
    more = planned(three_bus(RATING + 1.0), options)
    saved = n.meta["sizing"]["objective_cny"] - more.meta["sizing"]["objective_cny"]
    assert saved == pytest.approx(value, rel=1e-5)
    assert pd.isna(n.links.at["B -> C", COLUMN])  # not extendable: no value recorded


def test_a_line_built_below_its_rating_has_no_value_beyond_its_cost():
    """With a 900 MW rating the line is built to the 800 MW the peak can use (1000 MW load less 200 MW over B): more
    rating would not be used, so its value is 0. A line whose first MW (used all year) saves 90 x 8760 = 788,400 CNY/a
    but costs 800,000 is not built and has value 0 too."""
    n = planned(three_bus(rating=900.0))
    assert n.links.at["UHV A-C [A -> C]", "p_nom"] == pytest.approx(PEAK - EXISTING, rel=1e-6)
    assert n.links.at["UHV A-C [A -> C]", COLUMN] == pytest.approx(0.0, abs=1e-6)
    n = three_bus()
    n.links.at["UHV A-C [A -> C]", "capital_cost"] = 8e5
    planned(n)
    assert n.links.at["UHV A-C [A -> C]", "p_nom"] == pytest.approx(0.0, abs=1e-6)
    assert n.links.at["UHV A-C [A -> C]", COLUMN] == pytest.approx(0.0, abs=1e-6)


def test_the_corridor_metrics_of_a_planned_line_survive_the_netcdf_and_add_up(tmp_path):
    """Rating, built capacity, cost (100 CNY/kW/a x 300 MW) and value (294.2 CNY/kW/a) of the line, read back from the
    solved network's file; its congestion rent in the dispatch = built x (unit cost + value): at its rating the line
    earns what one more kW of it would be worth, 300 MW x 90 CNY/MWh x 4380 h."""
    from network.analysis.metrics.corridors import corridor_rows

    path = tmp_path / "solved.nc"
    planned(three_bus()).export_to_netcdf(path)
    n = pypsa.Network(path)
    rows = pd.DataFrame(corridor_rows(n, pd.Series({"A": "West", "B": "North", "C": "East"}), "East"))
    got = rows[rows.scope == "A-C"].set_index("metric").value
    assert got["corridor_rating"] == pytest.approx(0.3)
    assert got["corridor_built_capacity"] == pytest.approx(0.3)
    assert got["corridor_capital_cost"] == pytest.approx(300 * LINE_COST / 1e9)
    assert got["corridor_unit_cost"] == pytest.approx(LINE_COST / 1e3)
    assert got["corridor_capacity_value"] == pytest.approx(HAND_VALUE / 1e3, rel=1e-6)
    rent = RATING * (DEAR - CHEAP) * YEAR_H / 2 / 1e9
    assert got["corridor_congestion_value"] == pytest.approx(rent, rel=1e-6)
    assert got["corridor_congestion_value"] == pytest.approx(0.3e6 * (got["corridor_unit_cost"] + got["corridor_capacity_value"]) / 1e9, rel=1e-6)
