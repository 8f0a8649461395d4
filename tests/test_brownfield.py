"""Brownfield between pathway horizons on a 2-bus network with hand-checked answers.

Bus A: constant load D MW over two snapshots of 100 h each (together standing for 200 h); "A onwind new" (option onwind,
500 CNY/MW, potential 80 MW, output 1 p.u. in snapshot 1 and 0 in snapshot 2) and "A gas new" (option gas, 1,000
CNY/MW, 50 CNY/MWh). Wind saves 50 x 100 = 5,000 CNY per MW > 500, so it is built to its potential; gas covers the
windless peak, D. Horizon 2030 (D = 100): wind 80, gas 100, objective 80 x 500 + 100 x 1,000 + 50 x 100 x (20 + 100)
= 740,000 CNY. Horizon 2035 (D = 150) from that fleet: wind has no room left, gas adds 50; nothing carried is paid
again: objective 50 x 1,000 + 50 x 100 x (70 + 150) = 1,150,000 CNY.
"""

import pandas as pd
import pypsa
import pytest

from network.model.brownfield import BrownfieldError, add_brownfield, carry_forward
from network.model.sizing import fix_capacities

LIFETIMES = {"onwind": 25.0, "gas": 25.0, "transmission": 40.0}
WEIGHT_H = 100.0


def horizon_network(year: int, demand_mw: float) -> pypsa.Network:
    n = pypsa.Network()
    n.set_snapshots(pd.date_range(f"{year}-01-01", periods=2, freq="h"))
    n.snapshot_weightings.loc[:, :] = WEIGHT_H
    n.meta = {"scenario_year": year}
    for bus in ("A", "B"):
        n.add("Bus", bus, carrier="AC", province=bus)
    n.add("Carrier", ["AC", "onwind", "gas", "load shedding"])
    n.add("Load", "A load", bus="A", p_set=demand_mw)
    n.add("Generator", "A onwind new", bus="A", carrier="onwind", p_nom_extendable=True, p_nom_max=80.0, capital_cost=500.0,
          p_max_pu=pd.Series([1.0, 0.0], n.snapshots), planning_option="onwind", build_year=year)  # fmt: skip
    n.add("Generator", "A gas new", bus="A", carrier="gas", p_nom_extendable=True, capital_cost=1000.0, marginal_cost=50.0,
          planning_option="gas", build_year=year)  # fmt: skip
    n.add("Generator", "A load shedding", bus="A", carrier="load shedding", p_nom=1e4, marginal_cost=1e5)
    return n


def solve_horizon(n: pypsa.Network) -> pypsa.Network:
    """As network/model/sizing.py plan: size, then fix what was built (p_nom_built_mw)."""
    status, _ = n.optimize(solver_name="highs", include_objective_constant=False)
    assert status == "ok"
    n.meta["objective_cny"] = float(n.objective)
    fix_capacities(n, n)
    return n


def pathway(demands: dict[int, float], lifetimes=LIFETIMES, merge_vintages=False) -> dict[int, pypsa.Network]:
    """Myopic horizons: each starts from the previous one's carry_forward."""
    solved, previous = {}, None
    for year, demand in demands.items():
        n = horizon_network(year, demand)
        if previous is not None:
            add_brownfield(n, carry_forward(previous, year, lifetimes), merge_vintages)
        previous = solved[year] = solve_horizon(n)
    return solved


def test_first_horizon_is_as_hand_computed():
    n = pathway({2030: 100.0})[2030]
    assert n.meta["objective_cny"] == pytest.approx(740_000.0)
    assert n.generators.loc[["A onwind new", "A gas new"], "p_nom_built_mw"].tolist() == pytest.approx([80.0, 100.0])


def test_built_capacity_is_carried_and_not_paid_again():
    solved = pathway({2030: 100.0, 2035: 150.0})
    n = solved[2035]
    carried = n.generators[n.generators.get("brownfield", False) == True]  # noqa: E712
    assert sorted(carried.index) == ["A gas 2030", "A onwind 2030"]
    assert carried.p_nom.to_dict() == pytest.approx({"A gas 2030": 100.0, "A onwind 2030": 80.0})
    assert (carried.capital_cost == 0).all() and not carried.p_nom_extendable.any()
    assert carried.build_year.tolist() == [2030, 2030]
    assert n.generators.at["A gas new", "p_nom_built_mw"] == pytest.approx(50.0)
    assert n.generators.at["A onwind new", "p_nom_max"] == pytest.approx(0.0)  # the potential is used up by the 2030 wind
    assert n.meta["objective_cny"] == pytest.approx(1_150_000.0)  # new gas only: 50 x 1,000 + fuel
    capex = n.statistics.capex(groupby=False).xs("Generator", level=0)
    assert capex.reindex(carried.index).fillna(0.0).sum() == pytest.approx(0.0)
    # the carried wind runs on its template's profile
    assert n.generators_t.p_max_pu["A onwind 2030"].tolist() == [1.0, 0.0]


def test_two_horizons_building_one_technology_give_two_vintage_rows_not_more():
    solved = pathway({2030: 100.0, 2035: 150.0, 2040: 150.0})
    table = carry_forward(solved[2040], 2045, LIFETIMES)
    gas = table[table.planning_option == "gas"].set_index("build_year").p_nom_mw
    assert gas.to_dict() == pytest.approx({2030: 100.0, 2035: 50.0})
    assert len(table) == 3  # gas 2030, gas 2035, wind 2030
    assert len(solved[2040].generators) == len(solved[2035].generators) + 1  # one row per new vintage, none per carry


def test_an_asset_retires_exactly_at_build_year_plus_lifetime():
    n2030 = pathway({2030: 100.0})[2030]
    kept = carry_forward(n2030, 2050, LIFETIMES)
    assert set(kept.name) == {"A gas 2030", "A onwind 2030"}
    assert kept.province.tolist() == ["A", "A"]
    assert carry_forward(n2030, 2055, LIFETIMES).empty  # 2030 + 25 = 2055
    assert set(carry_forward(n2030, 2055, {**LIFETIMES, "onwind": 30.0}).name) == {"A onwind 2030"}


def test_a_built_line_is_carried_and_its_rating_not_built_twice():
    def network(year):
        n = horizon_network(year, 100.0)
        n.add("Generator", "B hydro", bus="B", carrier="gas", p_nom=1000.0, marginal_cost=0.0)
        n.add("Link", "B -> A line", bus0="B", bus1="A", carrier="AC", p_nom_extendable=True, p_nom_max=30.0, capital_cost=100.0,
              planning_candidate=True)  # fmt: skip
        return n

    first = solve_horizon(network(2030))
    assert first.links.at["B -> A line", "p_nom_built_mw"] == pytest.approx(30.0)
    table = carry_forward(first, 2035, LIFETIMES)
    line = table[table.component == "Link"].iloc[0]
    assert (line["name"], line.bus, line.bus1, line.build_year, line.lifetime_years) == ("B -> A line 2030", "B", "A", 2030, 40.0)
    n = network(2035)
    add_brownfield(n, table)
    assert n.links.at["B -> A line 2030", "p_nom"] == pytest.approx(30.0) and n.links.at["B -> A line 2030", "capital_cost"] == 0
    assert n.links.at["B -> A line", "p_nom_max"] == pytest.approx(0.0)
    assert pd.isna(n.links.at["B -> A line 2030", "planning_option"])  # a line, not an option (as analysis/metrics/planning.py reads it)


def test_missing_lifetime_and_wrong_horizon_are_one_line_errors():
    n2030 = pathway({2030: 100.0})[2030]
    with pytest.raises(BrownfieldError, match=r"no lifetime for 'gas' \(built in 2030 at A\)"):
        carry_forward(n2030, 2035, {"onwind": 30.0})
    with pytest.raises(BrownfieldError, match="horizon 2030 is not after the previous horizon 2030"):
        carry_forward(n2030, 2030, LIFETIMES)
    n = horizon_network(2035, 100.0)
    table = carry_forward(n2030, 2035, LIFETIMES)
    add_brownfield(n, table)
    with pytest.raises(BrownfieldError, match="'A gas 2030' is already in the network"):
        add_brownfield(n, table)


def test_merged_vintages_give_the_same_system_and_split_again():
    """One component per option and province (vintages in a column) solves to the same objective as one per vintage,
    and carry_forward splits it into its vintages again, each retiring on its own."""
    demands = {2030: 100.0, 2035: 150.0, 2040: 150.0}
    apart, merged = pathway(demands), pathway(demands, merge_vintages=True)
    n = merged[2040]
    assert n.generators.at["A gas brownfield", "p_nom"] == pytest.approx(150.0)
    assert n.generators.at["A gas brownfield", "vintages"] == "2030:100;2035:50"
    assert len(n.generators) == len(apart[2040].generators) - 1  # gas 2030 + gas 2035 -> one component
    assert n.meta["objective_cny"] == pytest.approx(apart[2040].meta["objective_cny"])
    for horizon in (2045, 2055):
        table = carry_forward(n, horizon, LIFETIMES)
        assert table.drop(columns="name").equals(carry_forward(apart[2040], horizon, LIFETIMES).drop(columns="name")), horizon
    late = carry_forward(n, 2055, LIFETIMES)  # gas 2030 (and wind 2030) retired, gas 2035 left
    assert late[["planning_option", "build_year", "p_nom_mw"]].values.tolist() == [["gas", 2035, pytest.approx(50.0)]]


def test_carried_components_carry_only_declared_columns():
    """The columns add_brownfield writes are in network/model/attributes.py (test_attributes probes a first horizon only)."""
    from network.model.attributes import custom_columns, declared

    n = pathway({2030: 100.0, 2035: 150.0}, merge_vintages=True)[2035]
    carried = {c for c in custom_columns(n) if c[1] in ("brownfield", "brownfield_of", "vintages")}
    assert carried == {("Generator", "brownfield"), ("Generator", "brownfield_of"), ("Generator", "vintages")}
    assert carried <= set(declared())


def hub_horizon(year: int, it_mw: float) -> pypsa.Network:
    """One province W (gas, 10 CNY/MWh) and its western data-centre hub H: IT load `it_mw` at "H compute", served through
    the hub link "H data centre" (PUE 1, today's capacity 100 MW), which planning may grow to 3 x 100 MW."""
    from network.config.planning import PlanningConfig
    from network.model.planning import make_hubs_extendable

    n = pypsa.Network()
    n.set_snapshots(pd.date_range(f"{year}-01-01", periods=2, freq="h"))
    n.snapshot_weightings.loc[:, :] = WEIGHT_H
    n.meta = {"scenario_year": year}
    n.add("Carrier", ["AC", "compute", "gas", "data centre"])
    n.add("Bus", "W", carrier="AC", province="W")
    n.add("Bus", "H compute", carrier="compute", province="W", role="west hub", hub="H")
    n.add("Generator", "W gas", bus="W", carrier="gas", p_nom=1e4, marginal_cost=10.0)
    n.add("Load", "H it", bus="H compute", p_set=it_mw)
    n.add("Link", "H data centre", bus0="W", bus1="H compute", carrier="data centre", p_nom=100.0, efficiency=1.0, bus2="",
          efficiency2=0.0, hub="H")  # fmt: skip
    assert list(make_hubs_extendable(n, PlanningConfig(datacentre_max_factor=3.0))) == ["H data centre"]
    return n


def test_a_western_hub_grown_in_one_horizon_is_in_the_next_horizons_fleet():
    """2030: IT load 200 MW, the hub (100 MW today) grows by 100. 2035: IT load 250 MW: the 100 MW of 2030 are carried
    (fixed, not paid again, lifetime 'data centre' 20 years: gone by 2050) and the hub grows by 50 more, within its
    3 x 100 MW room (300 - 100 carried = 200 left on the hub link)."""
    lifetimes = {**LIFETIMES, "data centre": 20.0}
    first = solve_horizon(hub_horizon(2030, 200.0))
    assert first.links.at["H data centre", "p_nom_built_mw"] == pytest.approx(100.0)
    carried = carry_forward(first, 2035, lifetimes)
    assert carried[["name", "component", "planning_option", "build_year", "lifetime_years", "p_nom_mw"]].values.tolist() == [
        ["H data centre 2030", "Link", "data centre", 2030, 20.0, pytest.approx(100.0)]
    ]
    second = hub_horizon(2035, 250.0)
    add_brownfield(second, carried, merge_vintages=True)
    hub = second.links.loc["H data centre brownfield"]
    assert (hub.p_nom, hub.p_nom_extendable, hub.capital_cost, hub.bus1, hub.hub) == (pytest.approx(100.0), False, 0.0, "H compute", "H")
    assert second.links.at["H data centre", "p_nom_max"] == pytest.approx(200.0)
    solved = solve_horizon(second)
    assert solved.links.at["H data centre", "p_nom_built_mw"] == pytest.approx(50.0)
    cost = solved.links.at["H data centre", "capital_cost"]  # CNY per MW and year; PyPSA charges the hub link's 100 MW of today too
    assert solved.meta["objective_cny"] == pytest.approx((100.0 + 50.0) * cost + 10.0 * 250.0 * 200.0)  # the carried 100 MW: 0
    assert first.meta["objective_cny"] == pytest.approx((100.0 + 100.0) * cost + 10.0 * 200.0 * 200.0)
    from network.analysis.metrics.compute import hub_table

    table = hub_table(solved)  # one row per hub: its link of today and the carried vintage summed
    assert table.index.tolist() == ["H"] and table.at["H", "it_mwh"] == pytest.approx(250.0 * 200.0)
    later = carry_forward(solved, 2050, lifetimes)  # the 2030 vintage retires at 2030 + 20 = 2050, the 2035 one at 2055
    assert later[["name", "build_year", "p_nom_mw"]].values.tolist() == [["H data centre 2035", 2035, pytest.approx(50.0)]]
    assert carry_forward(solved, 2055, lifetimes).empty


def test_a_pathways_reinforcement_room_grows_with_its_trajectory_less_what_was_built():
    """Exchange B -> A of 20 MW; B has free hydro, A's gas costs 50 CNY/MWh: a reinforcement (1 CNY/MW) is built to its
    room. 2030 at pathway.ac_reinforcement_max_factor 0.5: room 0.5 x 20 = 10 MW, built. 2035 at 1.5: room 1.5 x 20 - 10
    carried = 20 MW, built: 30 MW in all. With the run's factor kept (0.5) 2035 would have no room left."""
    from network.config.horizon import horizon_config
    from network.config.pathway import PathwayConfig
    from network.config.run import RunConfig
    from network.model.planning import add_reinforcements

    cfg = RunConfig(pathway=PathwayConfig(co2_limit="none", ac_reinforcement_max_factor={2030: 0.5, 2035: 1.5}))
    factors = {h: horizon_config(cfg, h).planning.ac_reinforcement_max_factor for h in (2025, 2030, 2035, 2060)}
    assert factors == {2025: cfg.planning.ac_reinforcement_max_factor, 2030: 0.5, 2035: 1.5, 2060: 1.5}
    with pytest.raises(ValueError, match="ac_reinforcement_max_factor: {2030: -1.0}"):
        PathwayConfig(ac_reinforcement_max_factor={2030: -1.0})

    def network(year):
        n = horizon_network(year, 100.0)
        n.add("Generator", "B hydro", bus="B", carrier="gas", p_nom=1000.0, marginal_cost=0.0)
        n.add("Link", "B -> A", bus0="B", bus1="A", carrier="AC", p_nom=20.0, length=1.0, efficiency=1.0)
        add_reinforcements(n, factors[year], per_mw_km=1.0)
        return n

    first = solve_horizon(network(2030))
    assert first.links.at["B -> A reinforcement", "p_nom_built_mw"] == pytest.approx(10.0)
    n = network(2035)
    add_brownfield(n, carry_forward(first, 2035, LIFETIMES))
    assert n.links.at["B -> A reinforcement", "p_nom_max"] == pytest.approx(20.0)
    second = solve_horizon(n)
    assert second.links.at["B -> A reinforcement", "p_nom_built_mw"] == pytest.approx(20.0)
    assert second.links.loc[second.links.bus0 == "B", "p_nom_opt"].sum() == pytest.approx(20.0 + 10.0 + 20.0)
