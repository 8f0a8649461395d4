"""Perfect foresight against myopic on a one-bus network with hand-checked costs (network/model/foresight.py).

Two horizons, 2030 and 2040, one snapshot each standing for one hour of a year (weight 1 h, so a MW running all
"year" produces 1 MWh and costs its marginal cost once), demand 100 MW in both, no fleet. Options, capital cost per MW
and year in both cost tables: gas 30 (marginal 40 CNY/MWh, 1 t CO2/MWh, lifetime 25 years), nuclear 80 (marginal 0,
lifetime 60). CO2: no cap in 2030, 0 in 2040. Discount rate 0: each period weighs its 10 years.

- Myopic 2030 sees no cap: gas 30 + 40 = 70 < nuclear 80 per MW -> 100 MW gas. 2040: gas may not run, so 100 MW
  nuclear; the gas (active until 2055) is still paid: 2030 costs 7,000/a, 2040 30 x 100 + 80 x 100 = 11,000/a;
  total 10 x 7,000 + 10 x 11,000 = 180,000.
- Perfect foresight builds nuclear in 2030 (active in both periods): 10 x 8,000 + 10 x 8,000 = 160,000; gas first
  then nuclear would be 180,000. The long-lived asset is built early, and the difference is 20,000 (11.1 %).
"""

from __future__ import annotations

import pandas as pd
import pypsa
import pytest

from network.model.foresight import (
    ForesightError,
    blocks,
    built_by_period,
    cost_by_period,
    multi_period_network,
    period_weightings,
    solve_foresight,
    solve_myopic,
)

LIFETIMES = {"gas": 25.0, "nuclear": 60.0, "transmission": 40.0}


def horizon(year: int, fleet_mw: float = 0.0, demand_mw: float = 100.0) -> pypsa.Network:
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2023-01-01", periods=1, freq="h"))
    n.add("Carrier", "gas", co2_emissions=1.0)
    n.add("Carrier", ["nuclear", "coal", "AC"])
    n.add("Bus", "A", carrier="AC")
    n.add("Load", "A load", bus="A", p_set=demand_mw)
    n.add("Generator", "A gas new", bus="A", carrier="gas", p_nom_extendable=True, capital_cost=30.0, marginal_cost=40.0, planning_option="gas")
    n.add("Generator", "A nuclear new", bus="A", carrier="nuclear", p_nom_extendable=True, capital_cost=80.0, marginal_cost=0.0,
          planning_option="nuclear")  # fmt: skip
    if fleet_mw:
        n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=fleet_mw, marginal_cost=200.0)
    n.meta = {"scenario_year": year}
    return n


def test_period_weightings_by_hand():
    w = period_weightings([2030, 2040], 0.07)
    assert list(w.years) == [10.0, 10.0]
    first = sum(1.07**-k for k in range(10))  # 7.5152
    assert w.objective[2030] == pytest.approx(first) and first == pytest.approx(7.5152, abs=1e-4)
    assert w.objective[2040] == pytest.approx(first * 1.07**-10)  # 3.8204
    assert period_weightings([2030, 2040], 0.0).objective.tolist() == [10.0, 10.0]


def test_blocks_of_a_retiring_and_a_growing_fleet():
    assert blocks(pd.Series({2030: 100.0, 2040: 60.0, 2050: 60.0})) == [(2030, 2040, 40.0), (2030, None, 60.0)]
    assert blocks(pd.Series({2030: 0.0, 2040: 50.0, 2050: 0.0})) == [(2040, 2050, 50.0)]
    assert blocks(pd.Series({2030: 30.0, 2040: 50.0})) == [(2030, None, 30.0), (2040, None, 20.0)]


def test_foresight_builds_the_long_lived_asset_early_myopic_does_not():
    mp = multi_period_network({2030: horizon(2030), 2040: horizon(2040)}, LIFETIMES, 0.0, {2030: None, 2040: 0.0})
    assert list(mp.investment_periods) == [2030, 2040]
    assert mp.generators.at["A nuclear new 2030", "lifetime"] == 60.0 and mp.generators.at["A gas new 2040", "build_year"] == 2040
    assert mp.global_constraints.constant.to_dict() == {"co2_cap 2040": 0.0}
    # a cap of 50 t/a in 2030 (none in 2040): 500 t over the period's 10 years, PyPSA weighing emissions by years; gas
    # (cheaper than nuclear: 2 x (30 + 40) < 2 x 80) runs at the cap, 50 MW in 2030; a cap of 50 t per period would allow 5
    capped = multi_period_network({2030: horizon(2030), 2040: horizon(2040)}, LIFETIMES, 0.0, {2030: 50e-6, 2040: None})
    assert capped.global_constraints.at["co2_cap 2030", "constant"] == pytest.approx(500.0)
    assert solve_foresight(capped).generators_t.p.loc[2030, "A gas new 2030"].iloc[0] == pytest.approx(50.0)
    myopic = solve_myopic(mp)
    foresight = solve_foresight(mp.copy())
    built_m = built_by_period(myopic).set_index(["period", "carrier"]).mw
    built_f = built_by_period(foresight).set_index(["period", "carrier"]).mw
    assert built_m[(2030, "gas")] == pytest.approx(100.0) and built_m.get((2030, "nuclear"), 0.0) == pytest.approx(0.0, abs=1e-6)
    assert built_m[(2040, "nuclear")] == pytest.approx(100.0)
    assert built_f[(2030, "nuclear")] == pytest.approx(100.0) and built_f.get((2030, "gas"), 0.0) == pytest.approx(0.0, abs=1e-6)
    cost_m, cost_f = cost_by_period(myopic), cost_by_period(foresight)
    assert cost_m.capex.tolist() == pytest.approx([3_000.0, 11_000.0]) and cost_m.opex.tolist() == pytest.approx([4_000.0, 0.0], abs=1e-6)
    assert cost_m.discounted.sum() == pytest.approx(180_000.0)
    assert cost_f.discounted.sum() == pytest.approx(160_000.0)
    assert foresight.objective == pytest.approx(cost_f.discounted.sum())  # the accounting is the LP's objective


def test_fleet_retiring_between_horizons_and_shared_room():
    """A coal fleet (marginal 200) of 100 MW in 2030 and 40 MW in 2040 becomes two blocks. Nuclear at 20 per MW and year
    (cheaper than gas at 30 + 40) has room for 150 MW in 2030 and 120 MW in 2040, shared by its two vintages; no CO2
    cap. Demand 100 MW (2030), 200 MW (2040). Foresight: 100 MW nuclear in 2030 (serves 2030; more would cost 2 x 20
    for 2040 against 20 if built then), 20 MW in 2040 (the room left: 120 - 100), gas 80 MW for the rest; coal idle."""
    nets = {2030: horizon(2030, fleet_mw=100.0), 2040: horizon(2040, fleet_mw=40.0, demand_mw=200.0)}
    for year, room in ((2030, 150.0), (2040, 120.0)):
        nets[year].generators.loc["A nuclear new", ["p_nom_max", "capital_cost"]] = [room, 20.0]
    mp = multi_period_network(nets, LIFETIMES, 0.0)
    coal = mp.generators[mp.generators.carrier == "coal"]
    assert mp.generators.at["A coal", "lifetime"] == float("inf") and mp.generators.at["A coal", "p_nom"] == 40.0
    assert mp.generators.at["A coal until 2040", "lifetime"] == 10.0 and mp.generators.at["A coal until 2040", "p_nom"] == 60.0
    assert mp.components["Generator"].get_active_assets(investment_period=2040)[coal.index].sum() == 1
    foresight = solve_foresight(mp)
    built = built_by_period(foresight).set_index(["period", "carrier"]).mw
    assert built[(2030, "nuclear")] == pytest.approx(100.0) and built[(2040, "nuclear")] == pytest.approx(20.0)
    assert built[(2040, "gas")] == pytest.approx(80.0)
    assert foresight.generators_t.p[coal.index].abs().to_numpy().max() == pytest.approx(0.0, abs=1e-6)


def test_vintage_without_lifetime_is_refused():
    with pytest.raises(ForesightError, match="no lifetime for 'nuclear'"):
        multi_period_network({2030: horizon(2030), 2040: horizon(2040)}, {"gas": 25.0}, 0.0)


def test_different_snapshot_counts_are_refused():
    other = horizon(2040)
    other.set_snapshots(pd.date_range("2023-01-01", periods=2, freq="h"))
    with pytest.raises(ForesightError, match="different snapshot counts"):
        multi_period_network({2030: horizon(2030), 2040: other}, LIFETIMES, 0.0)


def test_scale_demand_to_the_trajectory():
    """Two provinces, two 12-hour snapshots (weight 12 h): A 100 and 300 MW (4,800 MWh), B 50 MW flat (1,200 MWh);
    scaled to 0.0096 TWh (x2, shape kept) and 0.0006 TWh (x0.5); a second call changes nothing."""
    from network.model.foresight import scale_demand

    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2030-01-01", periods=2, freq="12h"))
    n.snapshot_weightings[:] = 12.0
    n.add("Bus", ["A", "B"])
    n.add("Load", ["A load", "B load"], bus=["A", "B"], p_set=pd.DataFrame({"A load": [100.0, 300.0], "B load": [50.0, 50.0]}, index=n.snapshots))
    for _ in range(2):
        scale_demand(n, pd.Series({"A": 0.0096, "B": 0.0006}))
        assert n.loads_t.p_set["A load"].tolist() == pytest.approx([200.0, 600.0])
        assert n.loads_t.p_set["B load"].tolist() == pytest.approx([25.0, 25.0])


def test_curtailment_ceiling_per_period():
    """Wind (capital 10, always available) and gas (30, marginal 40); demand 100 and 20 MW in two one-hour snapshots,
    in both periods. Unlimited, wind would be 100 MW (curtailing 80 of 200 MWh). With curtailment at most 25 %:
    0.75 x 2 P <= P + 20, so P = 40 MW of wind (60 of 80 MWh used), the rest gas; built in 2030, it serves 2040 too."""

    def net(year: int) -> pypsa.Network:
        n = pypsa.Network()
        n.set_snapshots(pd.date_range("2023-01-01", periods=2, freq="h"))
        n.add("Carrier", ["onwind", "gas", "AC"])
        n.add("Bus", "A", carrier="AC")
        n.add("Load", "A load", bus="A", p_set=pd.Series([100.0, 20.0], index=n.snapshots))
        n.add("Generator", "A onwind new", bus="A", carrier="onwind", p_nom_extendable=True, capital_cost=10.0, planning_option="onwind")
        n.add("Generator", "A gas new", bus="A", carrier="gas", p_nom_extendable=True, capital_cost=30.0, marginal_cost=40.0, planning_option="gas")
        return n

    lifetimes = {"onwind": 30.0, "gas": 25.0}
    free = solve_foresight(multi_period_network({2030: net(2030), 2040: net(2040)}, lifetimes, 0.0))
    assert free.generators.at["A onwind new 2030", "p_nom_opt"] == pytest.approx(100.0)
    capped = multi_period_network({2030: net(2030), 2040: net(2040)}, lifetimes, 0.0)
    solve_foresight(capped, curtailment_max={"wind": 0.25})
    wind = capped.generators.loc[["A onwind new 2030", "A onwind new 2040"], "p_nom_opt"]
    assert wind.tolist() == pytest.approx([40.0, 0.0], abs=1e-6)
    myopic = solve_myopic(multi_period_network({2030: net(2030), 2040: net(2040)}, lifetimes, 0.0), curtailment_max={"wind": 0.25})
    assert myopic.generators.loc[["A onwind new 2030", "A onwind new 2040"], "p_nom"].tolist() == pytest.approx([40.0, 0.0], abs=1e-6)
