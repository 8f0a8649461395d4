"""Single-variable limit rows as variable bounds: same objective, dispatch and prices; the rows are gone."""

import pandas as pd
import pypsa
import pytest

from network.config import SolverConfig
from network.config.hydro import HydroConfig
from network.model.bounds import FIXED_LIMIT, rows_to_bounds
from network.model.carriers import add_carriers
from network.model.constraints.hydro_budget import add_constraints as add_hydro_budget
from network.model.solve import solve
from tests.conftest import two_bus_network
from tests.test_hydro import one_bus


def three_bus() -> pypsa.Network:
    """Three buses, four hours: must-run coal (p_min_pu), hydro with a daily budget, a battery (StorageUnit),
    a hydrogen-like Store, links with p_min_pu < 0 and p_max_pu < 1, varying wind and load."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-03-02", periods=4, freq="6h"))
    add_carriers(n, {"coal": 0.34, "gas": 0.2})
    for bus, x in (("A", 120.0), ("B", 100.0), ("C", 90.0)):
        n.add("Bus", bus, carrier="AC", x=x, y=30.0, region="East")
        n.add("Generator", f"{bus} load shedding", bus=bus, carrier="load shedding", p_nom=1e5, marginal_cost=20000.0)
    n.add("Load", "A load", bus="A", carrier="AC", p_set=[120.0, 200.0, 260.0, 150.0])
    n.add("Load", "B load", bus="B", carrier="AC", p_set=[60.0, 80.0, 90.0, 70.0])
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=150.0, p_min_pu=0.4, marginal_cost=300.0, efficiency=0.4)
    n.add("Generator", "A gas", bus="A", carrier="gas", p_nom=80.0, marginal_cost=500.0, efficiency=0.5)
    n.add("Generator", "B hydro", bus="B", carrier="hydro", p_nom=100.0, p_max_pu=[0.2, 0.3, 0.9, 0.6], marginal_cost=1.0)
    n.add("Generator", "C onwind", bus="C", carrier="onwind", p_nom=300.0, p_max_pu=[0.9, 0.1, 0.5, 0.7], marginal_cost=0.1)
    n.add("StorageUnit", "A battery", bus="A", carrier="battery", p_nom=40.0, max_hours=2.0, efficiency_store=0.92,
          efficiency_dispatch=0.92, cyclic_state_of_charge=True, marginal_cost=0.5)  # fmt: skip
    n.add("Bus", "C h2", carrier="H2", x=90.0, y=30.0, region="East")
    n.add("Store", "C h2 store", bus="C h2", carrier="H2", e_nom=500.0, e_max_pu=0.9, e_min_pu=0.1, e_cyclic=True)
    n.add("Link", "C electrolysis", bus0="C", bus1="C h2", carrier="H2", p_nom=60.0, efficiency=0.7)
    n.add("Link", "C fuel cell", bus0="C h2", bus1="C", carrier="H2", p_nom=40.0, efficiency=0.5)
    n.add("Link", "C -> B", bus0="C", bus1="B", carrier="AC", p_nom=120.0, p_max_pu=0.9, p_min_pu=-0.5, efficiency=0.97, marginal_cost=0.1)
    n.add("Link", "B -> A", bus0="B", bus1="A", carrier="AC", p_nom=150.0, p_max_pu=[1.0, 0.8, 0.8, 1.0], efficiency=0.97, marginal_cost=0.1)
    return n


def solved(bounds: bool, hydro: HydroConfig) -> pypsa.Network:
    return solve(three_bus(), SolverConfig(bounds_as_variables=bounds), constraints=[lambda n, s: add_hydro_budget(n, s, hydro)])


@pytest.mark.parametrize("hydro", [HydroConfig(budget_period="hour"), HydroConfig(budget_period="day", peak_pu=0.7, min_share_of_mean=0.0),
                                   HydroConfig(budget_period="day", peak_pu=0.7, min_share_of_mean=0.8)])  # fmt: skip
def test_bounds_keep_objective_dispatch_and_prices(hydro):
    rows, bounds = solved(False, hydro), solved(True, hydro)
    assert bounds.objective == pytest.approx(rows.objective, rel=1e-9)
    for table in ("generators_t", "storage_units_t", "links_t", "stores_t"):
        attr = {"storage_units_t": "p", "stores_t": "e", "links_t": "p0", "generators_t": "p"}[table]
        pd.testing.assert_frame_equal(getattr(bounds, table)[attr], getattr(rows, table)[attr], atol=1e-6)
    pd.testing.assert_frame_equal(bounds.buses_t.marginal_price, rows.buses_t.marginal_price, atol=1e-6)
    pd.testing.assert_frame_equal(bounds.statistics.energy_balance().to_frame(), rows.statistics.energy_balance().to_frame(), atol=1e-6)
    if hydro.budget_period != "hour" and hydro.min_share_of_mean > 0:  # the hydro floor (an edited lower rhs) survives as a bound: 0.8 x mean 50 MW
        assert bounds.generators_t.p["B hydro"].min() >= 0.8 * 50.0 - 1e-6
        return
    # the limits bind: link p_max_pu, store e_min_pu/e_max_pu, battery power, coal p_nom, hydro peak (edited rhs)
    assert bounds.links_t.p0["C -> B"].max() == pytest.approx(108.0)
    assert (bounds.stores_t.e["C h2 store"].min(), bounds.stores_t.e["C h2 store"].max()) == pytest.approx((50.0, 90.0))
    assert bounds.storage_units_t.p["A battery"].abs().max() == pytest.approx(40.0)
    assert bounds.generators_t.p["A coal"].max() == pytest.approx(150.0)
    assert bounds.generators_t.p["A coal"].min() >= 60.0 - 1e-6
    if hydro.budget_period == "day":
        assert bounds.generators_t.p["B hydro"].max() == pytest.approx(70.0)
    else:
        assert (bounds.generators_t.p["B hydro"] <= 100.0 * pd.Series([0.2, 0.3, 0.9, 0.6], index=bounds.snapshots) + 1e-6).all()


def test_fixed_limit_rows_are_gone_and_bounds_set():
    n = three_bus()
    kept: dict = {}

    def convert(n, snapshots):
        kept["before"] = set(n.model.constraints)
        kept["removed"] = rows_to_bounds(n.model)
        kept["after"] = set(n.model.constraints)

    n.optimize(solver_name="highs", include_objective_constant=False, extra_functionality=convert)
    assert {"Generator-fix-p-upper", "Link-fix-p-lower", "StorageUnit-fix-state_of_charge-upper", "Store-fix-e-lower"} <= kept["before"]
    assert set(kept["removed"]) == {name for name in kept["before"] if FIXED_LIMIT.match(name)}
    assert not any(FIXED_LIMIT.match(name) for name in kept["after"])
    p = n.model.variables["Link-p"]
    assert float(p.upper.sel(name="C -> B").max()) == pytest.approx(108.0)
    assert float(p.lower.sel(name="C -> B").min()) == pytest.approx(-60.0)
    e = n.model.variables["Store-e"]
    assert float(e.lower.sel(name="C h2 store").min()) == pytest.approx(50.0)


def test_a_row_with_two_terms_is_kept():
    n = two_bus_network()

    def convert(n, snapshots):
        p = n.model["Generator-p"]
        n.model.add_constraints(p.sel(name="A coal") + p.sel(name="A solar") <= 120.0, name="Generator-fix-p-pair")
        assert rows_to_bounds(n.model, ["Generator-fix-p-upper"]) == ["Generator-fix-p-upper"]
        assert "Generator-fix-p-pair" in n.model.constraints

    n.optimize(solver_name="highs", include_objective_constant=False, extra_functionality=convert)
    assert n.objective == pytest.approx(12056.0)


def test_infeasible_bounds_still_reported():
    """Must-run above what can be absorbed: the conversion keeps it infeasible (solve raises, as with rows)."""
    from network.model.solve import SolveError

    n = two_bus_network()
    n.remove("Generator", ["A load shedding", "B load shedding"])
    n.generators.loc["B onwind", ["p_min_pu", "p_max_pu"]] = 1.0
    with pytest.raises(SolveError, match="infeasible"):
        solve(n, SolverConfig(bounds_as_variables=True))


def test_hydro_budget_still_edits_the_rows(tmp_path):
    """The conversion runs after the scenario constraints: the hydro peak limit reaches the bound."""
    n = one_bus()  # load 90 then 10 MW, hydro 100 MW with 100 MWh over the day, coal at 300
    cfg = HydroConfig(budget_period="day", peak_pu=0.5, min_share_of_mean=0.0)
    n = solve(n, SolverConfig(bounds_as_variables=True), constraints=[lambda n, s: add_hydro_budget(n, s, cfg)])
    assert n.generators_t.p["A hydro"].tolist() == pytest.approx([50.0, 10.0])
    assert "Generator-fix-p-upper" not in n.model.constraints
    assert float(n.model.variables["Generator-p"].upper.sel(name="A hydro").max()) == pytest.approx(50.0)
