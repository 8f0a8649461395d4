"""Exact planning: KKT residual checks, the adequacy loop and a frontier whose cost rises with the floor (tiny networks,
hand-checked answers; network/model/residuals.py, network/model/sizing.py, network/analysis/frontier.py)."""

import pandas as pd
import pypsa
import pytest

from network.analysis.frontier import frontier_table
from network.analysis.metrics.planning import metrics_rows
from network.config.hydro import HydroConfig
from network.config.planning import PlanningConfig
from network.config.policy import PolicyConfig
from network.config.run import RunConfig
from network.config.solver import SolverConfig
from network.model import solve as solve_module
from network.model.carriers import add_carriers
from network.model.residuals import kkt_residuals, residual_problem
from network.model.sizing import plan, sizing_days_of, sizing_network
from network.model.solve import SolveError, solve, write_network

YEAR_H = 8760.0
EXACT = SolverConfig()
# the sizing step's default (HiPO on the augmented system, no crossover) on one thread
HIPO = SolverConfig(options={**PlanningConfig().sizing_solver.options, "threads": 1})


def two_buses(snapshots: int = 2) -> pypsa.Network:
    """East (load 100 MW, gas at 300 CNY/MWh) and West (coal at 50 CNY/MWh) joined by a 100 MW line; the year in `snapshots`."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2030-01-01", periods=snapshots, freq="h"))
    n.snapshot_weightings.loc[:, :] = YEAR_H / snapshots
    add_carriers(n, {"coal": 0.34, "gas": 0.2})
    n.add("Bus", "E", carrier="AC", region="East", province="Shanghai", role="electricity")
    n.add("Bus", "W", carrier="AC", region="West", province="Gansu", role="electricity")
    n.add("Load", "E load", bus="E", carrier="AC", p_set=100.0)
    n.add("Generator", "E gas", bus="E", carrier="gas", p_nom=200.0, marginal_cost=300.0)
    n.add("Generator", "W coal", bus="W", carrier="coal", p_nom=200.0, marginal_cost=50.0)
    n.add("Link", "W -> E", bus0="W", bus1="E", carrier="AC", p_nom=100.0)
    return n


@pytest.mark.parametrize("solver", [EXACT, HIPO], ids=["simplex", "hipo"])
def test_residuals_of_an_optimal_solution_are_zero_and_a_perturbed_one_fails(solver):
    n = two_buses()
    solve(n, solver)
    exact = kkt_residuals(n.model)
    assert max(exact.primal, exact.dual, exact.gap) < 1e-8
    assert residual_problem(exact, 1e-6, "highs") is None
    n.model.variables["Generator-p"].solution.loc[:, "E gas"] += 10.0  # 10 MW too much in the East: the nodal balance breaks
    perturbed = kkt_residuals(n.model)
    assert perturbed.primal == pytest.approx(10.0 / (1 + 100.0))  # 10 MW off a row whose rhs is the 100 MW load
    assert perturbed.worst_row == "Bus-nodal_balance"
    assert "primal" in residual_problem(perturbed, 1e-6, "highs")


def test_a_solve_whose_residuals_exceed_the_tolerance_is_an_error(monkeypatch, tmp_path):
    from network.model.residuals import Residuals

    monkeypatch.setattr(solve_module, "kkt_residuals", lambda model: Residuals(0.2, 0.0, 0.0, "Bus-nodal_balance"))
    with pytest.raises(SolveError, match="residuals exceed 1e-05 .*primal 0.2.*Bus-nodal_balance"):
        solve(two_buses(), EXACT)


def test_a_solution_over_the_tolerance_is_solved_again_with_the_retry_options(monkeypatch):
    """HiPO may call a solution optimal whose residuals exceed the tolerance (seen on a pathway horizon: primal 1.2e-4 at a
    storage balance): with retry_options the LP is solved once more with them laid over the options (crossover on), and
    the second solution must pass; without, the first is an error."""
    from network.model.residuals import Residuals

    seen, bad = [], Residuals(2e-4, 0.0, 0.0, "StorageUnit-energy_balance")
    real = solve_module.kkt_residuals
    monkeypatch.setattr(solve_module, "kkt_residuals", lambda model: bad if not seen else real(model))
    original = solve_module._optimize

    def optimize(n, solver, options, extra):
        problem = original(n, solver, options, extra)
        seen.append(options)
        return problem

    monkeypatch.setattr(solve_module, "_optimize", optimize)
    n = solve(two_buses(), HIPO.model_copy(update={"retry_options": {"run_crossover": "on"}}))
    assert [o["run_crossover"] for o in seen] == ["off", "on"] and n.objective == pytest.approx(YEAR_H * 100 * 50)
    seen.clear()
    with pytest.raises(SolveError, match="primal 0.0002"):
        solve(two_buses(), HIPO)
    assert len(seen) == 1


def test_ipm_is_refused_as_ambiguous():
    with pytest.raises(ValueError, match="name 'hipo' or 'ipx'"):
        SolverConfig(options={"solver": "ipm"})


def one_bus_with_new_gas(snapshots: pd.DatetimeIndex, hours: float, peak_at: int, capital_cny_per_mw: float) -> pypsa.Network:
    """East alone: load 100 MW, 150 MW in snapshot `peak_at`, each snapshot standing for `hours`; load shedding at
    20,000 CNY/MWh and new gas (300 CNY/MWh) at `capital_cny_per_mw`."""
    n = pypsa.Network()
    n.set_snapshots(snapshots)
    n.snapshot_weightings.loc[:, :] = hours
    add_carriers(n, {"gas": 0.2})
    n.add("Bus", "E", carrier="AC", region="East", province="Shanghai", role="electricity")
    demand = pd.Series(100.0, index=n.snapshots)
    demand.iloc[peak_at] = 150.0
    n.add("Load", "E load", bus="E", carrier="AC", p_set=demand)
    n.add("Generator", "E load shedding", bus="E", carrier="load shedding", p_nom=1e4, marginal_cost=20000.0)
    n.add("Generator", "E gas new", bus="E", carrier="gas", p_nom_extendable=True, capital_cost=capital_cny_per_mw, marginal_cost=300.0,
          planning_option="gas", build_year=2030)  # fmt: skip
    return n


def test_the_adequacy_loop_adds_the_day_the_sample_misses(tmp_path):
    """14 days, one snapshot each (24 h); demand 100 MW, but 150 MW on day 3, which the every-7th-day sample (days 0, 7)
    misses. New gas at 1e5 CNY/MW is cheaper than shedding (50 MW x 24 h x 20,000 CNY/MWh = 24 M CNY, 480k per MW).
    Sized once: 100 MW, the dispatch sheds 50 MW x 24 h = 1,200 MWh on day 3; the loop adds day 3 and builds 150 MW."""
    n = one_bus_with_new_gas(pd.date_range("2030-01-01", periods=14, freq="D"), 24.0, peak_at=3, capital_cny_per_mw=1e5)

    def planned(iterations: int, log_path=None) -> pypsa.Network:
        sizing = dict(sizing_day_stride=7, sizing_extreme_days=False, sizing_solver=None, adequacy_max_iterations=iterations)
        return plan(n.copy(), RunConfig(planning=PlanningConfig(enabled=True, **sizing)), log_path)

    once = planned(0)
    assert once.generators.at["E gas new", "p_nom"] == pytest.approx(100.0)
    assert once.generators_t.p["E load shedding"].mul(24.0).sum() == pytest.approx(1200.0)
    (tmp_path / "solver_sizing2.log").write_text("an earlier solve's third sizing")
    looped = planned(3, tmp_path / "solver.log")
    assert sorted(p.name for p in tmp_path.glob("solver_sizing*.log")) == ["solver_sizing.log", "solver_sizing1.log"]  # none stale
    assert looped.generators.at["E gas new", "p_nom"] == pytest.approx(150.0)
    assert looped.generators_t.p["E load shedding"].sum() == pytest.approx(0.0, abs=1e-6)
    sizing = looped.meta["sizing"]
    assert sizing["adequacy_iterations"] == 1 and sizing["added_days"] == ["2030-01-04"]
    assert [step["unserved_mwh"] for step in sizing["adequacy"]] == pytest.approx([1200.0, 0.0])
    rows = pd.DataFrame(metrics_rows(looped, pd.Series({"E": "East"}), opex_cny=0.0)).set_index(["metric", "scope"])["value"]
    assert rows[("sizing_adequacy_iterations", "national")] == 1
    assert rows[("sizing_kkt_residual", "primal")] < 1e-6


def test_a_plan_sized_from_another_plans_days_needs_no_adequacy_loop_and_reads_them_from_its_file(tmp_path):
    """The network of the adequacy-loop test: the plan adds day 3 (150 MW peak) after one sizing. A second plan that
    starts from the first one's days (planning.sizing_days_from, read from its solved file) builds 150 MW in its first
    sizing, so the two are sized on one sample; a dispatch-only file has no days to give and says so in one line."""
    n = one_bus_with_new_gas(pd.date_range("2030-01-01", periods=14, freq="D"), 24.0, peak_at=3, capital_cny_per_mw=1e5)
    cfg = RunConfig(
        planning=PlanningConfig(enabled=True, sizing_day_stride=7, sizing_extreme_days=False, sizing_solver=None, adequacy_max_iterations=3)
    )
    first = plan(n.copy(), cfg)
    write_network(first, tmp_path / "first.nc")
    days = sizing_days_of(tmp_path / "first.nc")
    assert list(days) == [pd.Timestamp("2030-01-04")]
    second = plan(n.copy(), cfg, start_days=days)
    assert second.meta["sizing"]["adequacy_iterations"] == 0 and second.meta["sizing"]["start_days"] == 1
    assert second.meta["sizing"]["added_days"] == ["2030-01-04"]
    assert second.generators.at["E gas new", "p_nom"] == pytest.approx(150.0)
    assert second.meta["sizing"]["objective_cny"] == pytest.approx(first.meta["sizing"]["objective_cny"])
    dispatched = n.copy()
    solve(dispatched, EXACT)
    write_network(dispatched, tmp_path / "dispatch.nc")
    with pytest.raises(SolveError, match=r"dispatch\.nc: not a planned network"):
        sizing_days_of(tmp_path / "dispatch.nc")


def test_a_sampled_peak_day_gets_only_the_water_of_its_own_budget_period():
    """14 days of 24 h from Monday 7 January 2030, sampled every 7th day (7 and 14 January, each standing for 6.5 days
    of the year) and 10 January (150 MW peak, standing for itself); load 100 MW; hydro 100 MW at 0.5 p.u. with a weekly
    budget (peak 1.0 p.u., no minimum flow); new gas at 1e5 CNY/MW. The first week has 6 ordinary days and the peak, so
    its water allows 144 h x (100 - G) + 24 h x (150 - G) <= 168 h x 50 MW: G = 9,600 / 168 = 57.14 MW, and the year's
    dispatch serves all load. Had 7 January stood for 6.5 days in the week's budget too, the sizing would have found
    10,200 / 180 = 56.67 MW and the dispatch would shed 168 x (57.14 - 56.67) = 80 MWh on the sampled peak day."""
    n = one_bus_with_new_gas(pd.date_range("2030-01-07", periods=14, freq="D"), 24.0, peak_at=3, capital_cny_per_mw=1e5)
    add_carriers(n, {"hydro": 0.0})
    n.add("Generator", "E hydro", bus="E", carrier="hydro", p_nom=100.0, p_max_pu=0.5, marginal_cost=0.0)
    cfg = RunConfig(
        planning=PlanningConfig(enabled=True, sizing_day_stride=7, sizing_extreme_days=False, sizing_solver=None, adequacy_max_iterations=0),
        hydro=HydroConfig(budget_period="week", peak_pu=1.0, min_share_of_mean=0.0),
    )
    planned = plan(n, cfg, start_days=pd.DatetimeIndex(["2030-01-10"]))
    assert planned.meta["sizing"]["snapshots"] == 3
    assert planned.generators.at["E gas new", "p_nom"] == pytest.approx(9600.0 / 168.0, rel=1e-6)
    assert planned.generators_t.p["E load shedding"].sum() == pytest.approx(0.0, abs=1e-6)


def test_the_adequacy_loop_stops_when_the_days_it_sheds_on_are_already_sampled(tmp_path, caplog):
    """14 days of 24 h, sampled every 7th day (days 0 and 7): load 100 MW, 150 MW on day 7; old gas 100 MW; free solar
    on day 0 only; an old 100 MW / 2,400 MWh battery losing 1 %/h. In the sample day 7 follows day 0 after 24 h, so the
    battery keeps 2,400 x 0.99^24 = 1,886 MWh and covers the 1,200 MWh peak: nothing is built. In the year's chronology
    it keeps 2,400 x 0.99^168 = 444 MWh, so the dispatch sheds 24 x (50 - 100 x 0.99^168) = 756 MWh on day 7, a day
    the sample has: sizing again on the same sample would give the same plan, so the loop stops after one sizing."""
    n = one_bus_with_new_gas(pd.date_range("2030-01-01", periods=14, freq="D"), 24.0, peak_at=7, capital_cny_per_mw=1e5)
    add_carriers(n, {"solar": 0.0, "battery": 0.0})
    n.add("Generator", "E gas", bus="E", carrier="gas", p_nom=100.0, marginal_cost=300.0)
    day0 = pd.Series(0.0, index=n.snapshots)
    day0.iloc[0] = 1.0
    n.add("Generator", "E solar", bus="E", carrier="solar", p_nom=1000.0, p_max_pu=day0, marginal_cost=0.0)
    n.add("StorageUnit", "E battery", bus="E", carrier="battery", p_nom=100.0, max_hours=24.0, standing_loss=0.01,
          cyclic_state_of_charge=False, state_of_charge_initial=0.0)  # fmt: skip
    sizing = dict(sizing_day_stride=7, sizing_extreme_days=False, sizing_solver=None, adequacy_max_iterations=3)
    planned = plan(n, RunConfig(planning=PlanningConfig(enabled=True, **sizing)), tmp_path / "solver.log")
    assert planned.generators.at["E gas new", "p_nom"] == pytest.approx(0.0)
    shed_mwh = 24.0 * (50.0 - 100.0 * 0.99**168)
    assert planned.generators_t.p["E load shedding"].mul(24.0).sum() == pytest.approx(shed_mwh, rel=1e-6)
    history = planned.meta["sizing"]["adequacy"]
    assert planned.meta["sizing"]["adequacy_iterations"] == 0 and len(history) == 1
    assert history[0]["days_shedding"] == history[0]["days_shedding_in_sample"] == 1
    assert [p.name for p in tmp_path.glob("solver_sizing*.log")] == ["solver_sizing.log"]  # sized once, not twice alike
    assert "in the sizing sample already" in caplog.text


def test_the_sizing_serves_every_sampled_snapshot_even_where_shedding_is_cheaper():
    """One day (the whole 'year', 24 h): 100 MW all day but 150 MW for 3 h. New gas at 200k CNY/MW pays for the base
    (24 h x (20,000 - 300) = 472,800 CNY per MW saved) but not for the peak (3 h x 19,700 = 59,100 per MW): an economic
    sizing builds 100 MW and sheds 150 MWh; the reliability standard (the default) builds 150 MW and sheds nothing."""
    n = one_bus_with_new_gas(pd.date_range("2030-01-01", periods=8, freq="3h"), 3.0, peak_at=6, capital_cny_per_mw=2e5)
    for allows, built, shed_mwh in ((True, 100.0, 150.0), (False, 150.0, 0.0)):
        cfg = RunConfig(planning=PlanningConfig(enabled=True, sizing_day_stride=1, sizing_solver=None, sizing_allows_shedding=allows))
        planned = plan(n.copy(), cfg)
        assert planned.generators.at["E gas new", "p_nom"] == pytest.approx(built)
        assert planned.generators_t.p["E load shedding"].sum() * 3.0 == pytest.approx(shed_mwh, abs=1e-6)


def test_the_frontier_cost_rises_with_the_floor_by_hand():
    """East generation >= f x 100 MW all year: gas at 300 replaces coal at 50 for f x 100 MW (the line could carry it all).
    Cost = 8760 x 100 x (50 + 250 f) CNY; the floor's dual is 250 CNY/MWh wherever it binds."""
    costs, prices = [], []
    for floor in (None, 0.25, 0.5, 0.75, 1.0):
        cfg = RunConfig(
            planning=PlanningConfig(enabled=True, sizing_day_stride=1, sizing_solver=None), policy=PolicyConfig(self_sufficiency_floor=floor)
        )
        n = plan(two_buses(), cfg)
        costs.append(n.objective)
        prices.append(n.global_constraints["mu_sizing"].iloc[0] if floor else 0.0)
    assert costs == pytest.approx([YEAR_H * 100 * (50 + 250 * f) for f in (0, 0.25, 0.5, 0.75, 1.0)])
    assert all(b >= a for a, b in zip(costs, costs[1:]))
    assert prices[1:] == pytest.approx([250.0] * 4)


def test_the_frontier_table_flags_a_point_whose_cost_falls():
    def metrics(cost: float) -> pd.DataFrame:
        return pd.DataFrame({"metric": ["total_system_cost"], "scope": ["national"], "carrier": [""], "value": [cost], "unit": ["bn CNY/a"]})

    table = frontier_table({"plan": metrics(100.0), "f80": metrics(101.0), "f85": metrics(100.5), "f90": metrics(103.0)},
                           {"plan": None, "f80": 0.8, "f85": 0.85, "f90": 0.9}, "East")  # fmt: skip
    flags = table.set_index("run")["flag"]
    assert flags["f85"].startswith("total cost below") and flags[["plan", "f80", "f90"]].eq("").all()


def test_a_sampled_sizing_values_storage_at_the_real_snapshot_length():
    """14 identical days at 6 h: free power only at midday (snapshot 1), 100 MW of load only at night (snapshot 3), old
    gas at 300 CNY/MWh, a new 6-h battery at 10,000 CNY/MW. Shifting 100 MW x 6 h a day saves 100 x 6 x 14 x 300 =
    2.52 M CNY for 1 M CNY of battery: built 100 MW on the full 'year' and on every 7th day alike. (Were the sample's
    weight of 42 h also the battery's step, one step's discharge p x 42 h could use at most 6 h x p_nom, so each MW would
    serve 1/7 MW and save 3,600 CNY for its 10,000: no battery.)"""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2030-01-01", periods=14 * 4, freq="6h"))
    n.snapshot_weightings.loc[:, :] = 6.0
    add_carriers(n, {"gas": 0.2, "solar": 0.0, "battery": 0.0})
    n.add("Bus", "E", carrier="AC", region="East", province="Shanghai", role="electricity")
    hour = pd.Series(range(len(n.snapshots)), index=n.snapshots) % 4
    n.add("Load", "E load", bus="E", carrier="AC", p_set=(hour == 3) * 100.0)
    n.add("Generator", "E solar", bus="E", carrier="solar", p_nom=1000.0, p_max_pu=(hour == 1) * 1.0, marginal_cost=0.0)
    n.add("Generator", "E gas", bus="E", carrier="gas", p_nom=200.0, marginal_cost=300.0)
    n.add("StorageUnit", "E battery new", bus="E", carrier="battery", p_nom_extendable=True, capital_cost=1e4, max_hours=6.0,
          cyclic_state_of_charge=True, planning_option="battery", build_year=2030)  # fmt: skip
    for stride in (1, 7):
        cfg = RunConfig(planning=PlanningConfig(enabled=True, sizing_day_stride=stride, sizing_extreme_days=False, sizing_solver=None))
        planned = plan(n.copy(), cfg)
        assert planned.storage_units.at["E battery new", "p_nom"] == pytest.approx(100.0), f"every {stride}th day"


def test_a_sample_of_whole_weeks_takes_consecutive_days_weighted_to_the_year():
    """28 days at 6 h, blocks of 7 days every 14: days 0-6 and 14-20 stand for the 28 days (weight 2 x 6 h in energy and
    cost, 6 h in a storage's state of charge); a block longer than the stride is refused by the schema."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2030-01-01", periods=28 * 4, freq="6h"))
    n.snapshot_weightings.loc[:, :] = 6.0
    sized = sizing_network(n, None, day_stride=14, block_days=7)
    days = sorted({(d - pd.Timestamp("2030-01-01")).days for d in sized.snapshots.normalize()})
    assert days == [*range(7), *range(14, 21)]
    assert sized.snapshot_weightings.generators.unique().tolist() == [12.0] and sized.snapshot_weightings.stores.unique().tolist() == [6.0]
    with pytest.raises(ValueError, match="sizing_block_days"):
        PlanningConfig(sizing_day_stride=7, sizing_block_days=8)


def gas_and_new_wind() -> pypsa.Network:
    """14 days at 6 h, East alone: load 100 MW, gas (10 CNY/MWh, 1 t/MWh, 1,000 MW), new wind (5,000 CNY/MW) at full
    output on days 0 and 7 and half on the others, shedding at 20,000 CNY/MWh."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2030-01-01", periods=14 * 4, freq="6h"))
    n.snapshot_weightings.loc[:, :] = 6.0
    add_carriers(n, {"gas": 1.0, "onwind": 0.0, "load shedding": 0.0})
    n.add("Bus", "E", carrier="AC", region="East", province="Shanghai", role="electricity")
    n.add("Load", "E load", bus="E", carrier="AC", p_set=100.0)
    day = pd.Series((n.snapshots - n.snapshots[0]).days, index=n.snapshots)
    n.add("Generator", "E gas", bus="E", carrier="gas", p_nom=1000.0, marginal_cost=10.0)
    n.add("Generator", "E wind new", bus="E", carrier="onwind", p_nom_extendable=True, capital_cost=5000.0,
          p_max_pu=day.isin([0, 7]).map({True: 1.0, False: 0.5}), planning_option="onwind", build_year=2030)  # fmt: skip
    n.add("Generator", "E shed", bus="E", carrier="load shedding", p_nom=1e6, marginal_cost=20_000.0)
    return n


@pytest.mark.parametrize("sizing_solver", ["run's simplex", "default HiPO", "HiPO with HiGHS's scaling"])
def test_a_capacity_floor_is_priced_by_the_sizing_and_kept_in_the_plan(sizing_solver):
    """Floor 80 MW of wind (the NDC's kind of target): unprofitable alone (336 sampled MWh per MW save 3,360 CNY of gas
    against 5,000), so the sizing builds exactly 80 MW at a price of 5,000 - 3,360 = 1,640 CNY/MW. The dispatch of the
    fixed fleet has no such row; the plan keeps it with the sizing's price. The same with the default sizing solver
    (HiPO), and with HiGHS scaling costs by 2^-1 and bounds by 2^-10 (an option, docs/speed.md): the price comes back
    unscaled."""
    default = PlanningConfig().sizing_solver
    solver = {
        "run's simplex": {"sizing_solver": None},
        "default HiPO": {},
        "HiPO with HiGHS's scaling": {"sizing_solver": default.model_copy(update={"options": {**default.options, "user_objective_scale": -1, "user_bound_scale": -10}})},
    }[sizing_solver]  # fmt: skip
    cfg = RunConfig(
        planning=PlanningConfig(enabled=True, sizing_day_stride=7, sizing_extreme_days=False, adequacy_max_iterations=0, **solver),
        policy=PolicyConfig(capacity_min_gw={"onwind": 0.08}),
    )  # fmt: skip
    planned = plan(gas_and_new_wind(), cfg)
    assert planned.generators.at["E wind new", "p_nom"] == pytest.approx(80.0)
    row = planned.global_constraints.loc["capacity_min onwind"]
    assert row.mu_sizing == pytest.approx(1640.0) and pd.isna(row.mu) and row.constant == 0.08


@pytest.mark.parametrize("mode", ["price", "cap"])
def test_the_dispatch_meets_a_co2_cap_at_the_sizing_price_rather_than_by_shedding(mode):
    """14 days at 6 h, load 100 MW (33,600 MWh), gas (10 CNY/MWh, 1 t/MWh) and new wind (5,000 CNY/MW) that blows
    fully on the sampled days 0 and 7 and at half on the other 12; cap 16,800 t. By hand: the sizing builds 50 MW of wind
    (gas at most half of the sampled year) and prices CO2 at (5,000 - 10 x 336) / 336 = 4.88 CNY/t. The full year then
    has 9,600 MWh of wind, so it needs 24,000 MWh of gas. At that price (gas 14.88 < the value of lost load) the dispatch
    burns it, 24,000 t, over the cap; with the cap as a row it sheds 7,200 MWh instead."""
    n = gas_and_new_wind()
    cfg = RunConfig(
        planning=PlanningConfig(enabled=True, sizing_day_stride=7, sizing_extreme_days=False, sizing_solver=None, adequacy_max_iterations=0,
                                dispatch_co2=mode),
        policy=PolicyConfig(co2_cap_mt=0.0168),
    )  # fmt: skip
    planned = plan(n, cfg)
    assert planned.generators.at["E wind new", "p_nom"] == pytest.approx(50.0)
    energy = planned.generators_t.p.mul(planned.snapshot_weightings.generators, axis=0).sum()
    assert planned.global_constraints.at["co2_cap", "mu_sizing"] == pytest.approx(-(5000 - 10 * 336) / 336)
    if mode == "price":
        assert energy["E gas"] == pytest.approx(24_000.0) and energy["E shed"] == pytest.approx(0.0, abs=1e-6)
        assert planned.generators.at["E gas", "marginal_cost"] == 10.0  # the resource cost, the CO2 price was for the solve only
    else:
        assert energy["E gas"] == pytest.approx(16_800.0) and energy["E shed"] == pytest.approx(7_200.0)


def test_an_infeasible_sizing_names_the_province_and_snapshot_short_of_supply():
    """East alone, 8 snapshots of 3 h: 100 MW, 150 MW at 06:00 (snapshot 2); new gas may build at most 120 MW. Serving every
    snapshot is infeasible; the diagnosis (shedding at 1e5 CNY/MWh) sheds 30 MW x 3 h = 90 MWh = 9e-05 TWh in E, at the
    peak. With 200 MW that must run against 100 MW of load, it is infeasible with shedding allowed too, and says so."""
    n = one_bus_with_new_gas(pd.date_range("2030-01-01", periods=8, freq="3h"), 3.0, peak_at=2, capital_cny_per_mw=2e5)
    n.generators.loc["E gas new", "p_nom_max"] = 120.0
    planning = PlanningConfig(enabled=True, sizing_day_stride=1, sizing_solver=None)
    with pytest.raises(SolveError) as short:
        plan(n.copy(), RunConfig(planning=planning))
    message = str(short.value)
    assert "\n" not in message and "infeasible" in message
    assert "leaves 9e-05 TWh a year unserved in 1 province(s): E 9e-05 TWh" in message
    assert "the largest shortfall is 0.03 GW at 2030-01-01 06:00:00 (E 0.03 GW)" in message
    assert "the scenario is infeasible: check" not in message  # the shortfall is named: no guess at another cause
    must_run = n.copy()
    must_run.add("Generator", "E coal", bus="E", carrier="gas", p_nom=200.0, p_min_pu=1.0, marginal_cost=50.0)
    with pytest.raises(SolveError) as surplus:
        plan(must_run, RunConfig(planning=planning))
    assert "infeasible with load shedding allowed too" in str(surplus.value)
    silent = planning.model_copy(update={"infeasible_diagnosis_cny_per_mwh": None})
    with pytest.raises(SolveError) as plain:
        plan(n.copy(), RunConfig(planning=silent))
    assert "load shedding allowed" not in str(plain.value)


def test_a_named_shortfall_drops_the_solvers_guess_at_must_run_output():
    """As above, with 20 MW of coal that must run: the sizing fails for want of supply (gas <= 120 MW + 20 MW against the
    150 MW peak: 10 MW x 3 h = 3e-05 TWh short), not for the must-run output, so the error names the shortfall and not
    the solver's guess ("minimum output of coal/gas/CHP"); the diagnosis's own error, where it is infeasible too, keeps it."""
    n = one_bus_with_new_gas(pd.date_range("2030-01-01", periods=8, freq="3h"), 3.0, peak_at=2, capital_cny_per_mw=2e5)
    n.generators.loc["E gas new", "p_nom_max"] = 120.0
    n.add("Generator", "E coal", bus="E", carrier="gas", p_nom=20.0, p_min_pu=1.0, marginal_cost=50.0)
    with pytest.raises(SolveError) as short:
        plan(n, RunConfig(planning=PlanningConfig(enabled=True, sizing_day_stride=1, sizing_solver=None)))
    message = str(short.value)
    assert "leaves 3e-05 TWh a year unserved in 1 province(s): E 3e-05 TWh" in message
    assert "minimum output" not in message and "\n" not in message and short.value.infeasible


def test_a_diagnosis_that_does_not_solve_says_so_rather_than_blame_a_row(monkeypatch):
    """The diagnosis's own solve stopped short (a time limit, say): the error says the diagnosis did not solve, not that the
    sizing is infeasible with shedding allowed."""
    from network.model import sizing

    n = one_bus_with_new_gas(pd.date_range("2030-01-01", periods=8, freq="3h"), 3.0, peak_at=2, capital_cny_per_mw=2e5)
    n.generators.loc["E gas new", "p_nom_max"] = 120.0
    calls = []

    def solve_then_stop(network, solver, log_path=None, constraints=()):
        calls.append(1)
        if len(calls) == 1:
            return solve(network, solver, log_path, constraints)
        raise SolveError("solver 'highs' returned status='warning', condition='time_limit'; no result written")

    monkeypatch.setattr(sizing, "solve", solve_then_stop)
    with pytest.raises(SolveError) as stopped:
        plan(n, RunConfig(planning=PlanningConfig(enabled=True, sizing_day_stride=1, sizing_solver=None)))
    assert "the diagnosis with load shedding allowed did not solve either" in str(stopped.value)
    assert "infeasible with load shedding allowed too" not in str(stopped.value) and len(calls) == 2
