"""Planning mode on tiny networks with hand-checked answers (network/model/planning.py, sizing.py, metrics/planning.py)."""

import pandas as pd
import pypsa
import pytest

from network.analysis.metrics.planning import metrics_rows
from network.config.planning import PlanningConfig
from network.config.run import RunConfig
from network.data.planning import read_planning_costs, read_planning_options, read_planning_potentials
from network.model.carriers import add_carriers
from network.model.planning import annuity, cost_row_cny, option_capital_cost, potentials_mw
from network.model.sizing import plan

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
INPUTS = REPO / "inputs"
YEAR_H = 8760.0


def network() -> pypsa.Network:
    """Two snapshots standing for a year (4380 h each); East (load 100 MW) and West buses."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2030-01-01", periods=2, freq="h"))
    n.snapshot_weightings.loc[:, :] = YEAR_H / 2
    add_carriers(n, {"coal": 0.34, "gas": 0.2})
    n.add("Bus", "E", carrier="AC", region="East", province="Shanghai", role="electricity")
    n.add("Bus", "W", carrier="AC", region="West", province="Gansu", role="electricity")
    n.add("Load", "E load", bus="E", carrier="AC", p_set=100.0)
    n.add("Generator", "E load shedding", bus="E", carrier="load shedding", p_nom=1e4, marginal_cost=20000.0)
    return n


def new(n: pypsa.Network, name: str, bus: str, carrier: str, capital: float, marginal: float, **kw) -> None:
    n.add("Generator", name, bus=bus, carrier=carrier, p_nom_extendable=True, capital_cost=capital, marginal_cost=marginal,
          planning_option=carrier, build_year=2030, **kw)  # fmt: skip


def planned(n: pypsa.Network) -> pypsa.Network:
    cfg = RunConfig(planning=PlanningConfig(enabled=True, sizing_day_stride=1, sizing_solver=None))  # exact: hand-checked answers
    return plan(n, cfg)


def test_the_cheaper_option_is_built_and_operation_is_the_exact_dispatch_of_it():
    """Gas 700k CNY/MW/a + 300 CNY/MWh vs coal 400k + 400: over 8760 h gas costs 700k + 2.628M, coal 400k + 3.504M."""
    n = network()
    new(n, "E gas new", "E", "gas", 7e5, 300.0)
    new(n, "E coal new", "E", "coal", 4e5, 400.0)
    n = planned(n)
    assert n.generators.at["E gas new", "p_nom"] == pytest.approx(100.0)
    assert n.generators.at["E coal new", "p_nom"] == pytest.approx(0.0, abs=1e-6)
    assert not n.generators.p_nom_extendable.any()  # the dispatch step ran with capacities fixed
    assert n.meta["sizing"]["objective_cny"] == pytest.approx(100 * 7e5 + 100 * 300 * YEAR_H)


def test_a_potential_is_respected():
    """Cheap solar is limited to 40 MW by its potential; gas covers the rest."""
    n = network()
    new(n, "E solar new", "E", "solar", 1e5, 0.0, p_nom_max=40.0)
    new(n, "E gas new", "E", "gas", 7e5, 300.0)
    n = planned(n)
    assert n.generators.at["E solar new", "p_nom"] == pytest.approx(40.0)
    assert n.generators.at["E gas new", "p_nom"] == pytest.approx(60.0)


def test_brownfield_is_kept_and_not_paid_for_again():
    """60 MW of existing gas (no capital cost) stays; only the missing 40 MW are built and counted as investment."""
    n = network()
    n.add("Generator", "E gas", bus="E", carrier="gas", p_nom=60.0, marginal_cost=300.0)
    new(n, "E gas new", "E", "gas", 7e5, 300.0)
    n = planned(n)
    assert n.generators.at["E gas", "p_nom"] == 60.0
    assert n.generators.at["E gas new", "p_nom_built_mw"] == pytest.approx(40.0)
    rows = pd.DataFrame(metrics_rows(n, pd.Series({"E": "East", "W": "West"}), opex_cny=0.0))
    invest = rows[(rows.metric == "investment_cost") & (rows.carrier == "")].value.item()
    assert invest == pytest.approx(40 * 7e5 / 1e9)
    built = rows[(rows.metric == "built_capacity") & (rows.scope == "Shanghai") & (rows.carrier == "")].value.item()
    assert built == pytest.approx(0.040)


@pytest.mark.parametrize(("capital", "built"), [(5e5, 100.0), (1e6, 0.0)])
def test_a_candidate_line_is_built_only_when_it_pays(capital, built):
    """West coal at 10 vs East gas at 100 CNY/MWh: a MW of line saves 90 x 8760 = 788,400 CNY/a; built iff that beats its cost."""
    n = network()
    n.add("Generator", "E gas", bus="E", carrier="gas", p_nom=200.0, marginal_cost=100.0)
    n.add("Generator", "W coal", bus="W", carrier="coal", p_nom=200.0, marginal_cost=10.0)
    n.add("Link", "W -> E", bus0="W", bus1="E", carrier="AC", p_nom_extendable=True, p_nom_max=100.0, capital_cost=capital,
          planning_candidate=True, capacity_of="")  # fmt: skip
    n = planned(n)
    assert n.links.at["W -> E", "p_nom"] == pytest.approx(built)


def test_both_directions_of_a_candidate_share_one_capacity():
    """Only East -> West flow pays, yet the forward link is built as large as its reverse (capacity_of)."""
    n = network()
    n.add("Generator", "E gas", bus="E", carrier="gas", p_nom=200.0, marginal_cost=100.0)
    n.add("Generator", "W coal", bus="W", carrier="coal", p_nom=200.0, marginal_cost=10.0)
    n.add("Link", "E -> W", bus0="E", bus1="W", carrier="AC", p_nom_extendable=True, p_nom_max=100.0, capital_cost=1e3, capacity_of="")
    n.add("Link", "W -> E", bus0="W", bus1="E", carrier="AC", p_nom_extendable=True, p_nom_max=100.0, capital_cost=1e3, capacity_of="E -> W")
    n = planned(n)
    assert n.links.at["W -> E", "p_nom"] == pytest.approx(100.0)
    assert n.links.at["E -> W", "p_nom"] == pytest.approx(100.0)


def test_annualised_costs_by_hand():
    """Onshore wind 2030: investment x CNY/EUR x 1000 x (annuity(7 %, lifetime) + FOM)."""
    cfg = PlanningConfig()
    costs = read_planning_costs(INPUTS / "planning_costs_2030.csv")
    inv, life, fom = (float(costs.loc[("onwind", p), "value"]) for p in ("investment", "lifetime", "FOM"))
    assert annuity(0.06, 30) == pytest.approx(0.0726489, rel=1e-5)
    assert cost_row_cny(costs, "onwind", cfg) == pytest.approx(inv * 7.66 * 1e3 * (annuity(cfg.discount_rate, life) + fom / 100))
    options = read_planning_options(INPUTS / "planning_options.csv")
    battery = option_capital_cost(options.loc["battery"], costs, cfg, max_hours=2.0)
    storage = float(costs.loc[("battery storage", "investment"), "value"]) * 7.66 * 1e3 * 2 * annuity(cfg.discount_rate, 25)
    assert battery == pytest.approx(cost_row_cny(costs, "battery inverter", cfg) + storage)
    nuclear = float(costs.loc[("nuclear", "investment"), "value"]) * 7.08 * 1e3  # a USD row
    assert cost_row_cny(costs, "nuclear", cfg) == pytest.approx(nuclear * (annuity(cfg.discount_rate, 40) + 0.014))


def test_room_is_the_potential_less_the_fleet_and_national_limits_split_by_the_fleet():
    options = read_planning_options(INPUTS / "planning_options.csv").loc[["solar", "solar distributed", "nuclear"]]
    capacity = pd.DataFrame(0.0, index=["Shanghai", "Jiangsu", "Gansu"], columns=["solar", "nuclear"])
    capacity.loc["Shanghai", "solar"] = 5000.0
    capacity.loc[["Shanghai", "Jiangsu"], "nuclear"] = [0.0, 6000.0]
    table = read_planning_potentials(INPUTS / "planning_potentials.csv", read_planning_options(INPUTS / "planning_options.csv").index)
    room = potentials_mw(options, table, PlanningConfig(national_max_gw={"nuclear": 10.0}), capacity)
    potentials = pd.read_csv(INPUTS / "planning_potentials.csv").set_index(["option", "province"])["p_nom_max_mw"]
    assert room.at["Shanghai", "solar"] == pytest.approx(max(potentials[("solar", "Shanghai")] - 5000.0, 0.0))
    assert room.at["Shanghai", "solar distributed"] == pytest.approx(potentials[("solar distributed", "Shanghai")])  # fleet counts once
    assert room.at["Jiangsu", "nuclear"] == pytest.approx(4000.0)  # 10 GW national, all of it where nuclear is today
    assert room.at["Gansu", "nuclear"] == 0.0


def test_unknown_option_is_rejected():
    """Option names are checked against inputs/planning_options.csv when the build loads it (network/config/names.py)."""
    from network.config.names import check_names

    cfg = RunConfig(planning=PlanningConfig(options=["sollar"]))
    options = read_planning_options(INPUTS / "planning_options.csv").index
    with pytest.raises(ValueError, match="planning.options: unknown planning option 'sollar'.*'solar'"):
        check_names(cfg, ["solar"], options)


def test_sizing_on_every_kth_day_keeps_the_year():
    """Every 4th day of a 3-hourly year: 92 days x 8 snapshots, weighted to 8,760 h; hydro budgets per month keep their weight."""
    from network.model.sizing import sizing_network

    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-01", "2020-12-30 21:00", freq="3h"))  # 365 days
    n.snapshot_weightings.loc[:, :] = 3.0
    sized = sizing_network(n, None, day_stride=4)
    assert len(sized.snapshots) == 92 * 8
    assert sized.snapshot_weightings.generators.sum() == pytest.approx(8760.0)
    january = sized.snapshot_weightings.generators[sized.snapshots.month == 1].sum()
    assert january == pytest.approx(31 * 24, rel=0.1)
    assert sizing_network(n, 6).snapshot_weightings.generators.iloc[0] == 6.0


def test_the_sample_keeps_each_months_peak_day():
    """A demand spike on 17 July (not a 7th day) joins the sample of every 7th day with the extreme days."""
    from network.model.sizing import sizing_network

    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-01", "2020-12-30 21:00", freq="3h"))
    n.snapshot_weightings.loc[:, :] = 3.0
    n.add("Bus", "E", carrier="AC")
    demand = pd.Series(100.0, index=n.snapshots)
    demand["2020-07-17 18:00"] = 180.0
    n.add("Load", "E load", bus="E", p_set=demand)
    plain = sizing_network(n, None, day_stride=7)
    sampled = sizing_network(n, None, day_stride=7, with_extremes=True)
    assert pd.Timestamp("2020-07-17 18:00") not in plain.snapshots
    assert pd.Timestamp("2020-07-17 18:00") in sampled.snapshots
    assert sampled.snapshot_weightings.generators.sum() == pytest.approx(8760.0)
    assert sampled.snapshot_weightings.generators["2020-07-17 18:00"] == 3.0  # the extreme day stands for itself


@pytest.mark.parametrize(("cost_per_mw_it", "grows"), [(15e6, True), (60e6, False)])
def test_a_western_hub_grows_only_when_its_power_is_cheaper_by_more_than_its_cost(cost_per_mw_it, grows):
    """Relocatable IT load 50 MW, served by the East hub or the West hub (both PUE 1.25; West has 10 MW IT and may grow
    to 60). Power: East 500 CNY/MWh, West 100: a MW IT in the West saves 1.25 x 400 x 8760 = 4.38 M CNY/a; over 20 years
    at 7 % a MW IT costs 15 M x 0.0944 = 1.42 M CNY/a (grows by 40 MW IT) or 60 M x 0.0944 = 5.66 M CNY/a (does not)."""
    from network.data.compute import ROLE_LABEL
    from network.model.compute import HUB, RELOCATION
    from network.model.planning import make_hubs_extendable

    n = network()
    add_carriers(n, {}, kinds=("compute",))
    n.add("Generator", "E gas", bus="E", carrier="gas", p_nom=500.0, marginal_cost=500.0)
    n.add("Generator", "W coal", bus="W", carrier="coal", p_nom=500.0, marginal_cost=100.0)
    n.add("Bus", "W hub compute", carrier="compute", role=ROLE_LABEL["supply"])
    n.add("Bus", "E relocatable", carrier="compute", role="demand region relocatable")
    n.add("Link", "W hub data centre", bus0="W", bus1="W hub compute", carrier=HUB, p_nom=12.5, efficiency=0.8, hub="W hub")
    n.add("Link", "W hub -> E relocatable", bus0="W hub compute", bus1="E relocatable", carrier=RELOCATION, p_nom=10.0, hub="W hub")
    n.add("Load", "E relocatable", bus="E relocatable", carrier="compute", p_set=50.0)
    n.add("Link", "E hub data centre", bus0="E", bus1="E relocatable", carrier=HUB, p_nom=100.0, efficiency=0.8, hub="E hub")
    plan_cfg = PlanningConfig(enabled=True, datacentre_max_factor=6.0, datacentre_cny_per_mw_it=cost_per_mw_it)
    assert list(make_hubs_extendable(n, plan_cfg)) == ["W hub data centre"]
    n = planned(n)
    if not grows:
        assert n.links.at["W hub data centre", "p_nom"] == pytest.approx(12.5)  # kept, not grown
        return
    assert n.links.at["W hub data centre", "p_nom"] == pytest.approx(62.5)  # 50 MW IT x PUE 1.25
    assert n.links.at["W hub data centre", "p_nom_built_mw"] == pytest.approx(50.0)  # 40 MW IT x 1.25 beyond the 12.5 there
    rows = pd.DataFrame(metrics_rows(n, pd.Series({"E": "East", "W": "West"}), opex_cny=0.0))
    invest = rows[(rows.metric == "investment_cost") & (rows.carrier == "data centre")].value.item()
    assert invest == pytest.approx(50.0 / 1.25 * cost_per_mw_it * annuity(0.07, 20) / 1e9)


def test_a_corridor_beside_a_hub_option_is_counted_as_a_line_not_a_plant():
    """With compute on, data-centre links carry planning_option 'data centre' and every other link '' (the attribute's
    default, and what a netCDF round trip gives): a candidate UHV line W->E (100,000 CNY/MW/a) carrying West coal at 100
    CNY/MWh to the East's 100 MW load (gas at 500) is built to 100 MW: 0.1 GW of built_line_capacity and 0.01 bn CNY/a
    of 'transmission' investment, not a plant of option ''. (2030-plan-edwc reported no line and its lines' cost under
    an empty option until 2026-12-04.)"""
    n = network()
    n.add("Generator", "E gas", bus="E", carrier="gas", p_nom=500.0, marginal_cost=500.0)
    n.add("Generator", "W coal", bus="W", carrier="coal", p_nom=500.0, marginal_cost=100.0)
    n.add("Link", "UHV Test", bus0="W", bus1="E", carrier="DC", p_nom_extendable=True, p_nom_max=1000.0, capital_cost=1e5,
          uhv_line="Test UHV", capacity_of="", planning_option="")  # fmt: skip
    n.add("Link", "W hub data centre", bus0="W", bus1="W", carrier="data centre", p_nom=0.0, planning_option="data centre")
    n = planned(n)
    rows = pd.DataFrame(metrics_rows(n, pd.Series({"E": "East", "W": "West"}), opex_cny=0.0))
    assert rows.duplicated(["metric", "scope", "carrier"]).sum() == 0
    line = rows[rows.metric == "built_line_capacity"].set_index("scope").value
    assert line.to_dict() == pytest.approx({"Test UHV": 0.1})
    invest = rows[rows.metric == "investment_cost"].set_index("carrier").value
    assert invest["transmission"] == pytest.approx(100 * 1e5 / 1e9)
    assert invest[""] == pytest.approx(invest["transmission"])  # the total: no plant was built


def test_a_bad_potential_names_file_row_and_field(tmp_path):
    """An unknown province or text in a number of planning_potentials.csv stops with one line naming them."""
    from network.data.planning import read_planning_potentials
    from network.data.tables import InputError

    good = (INPUTS / "planning_potentials.csv").read_text(encoding="utf-8").splitlines()
    for bad, expected in ((good[1].replace("Fujian", "Fujan", 1), "Fujan"), (good[1].replace("99981.0", "99981 MW", 1), "p_nom_max_mw")):
        path = tmp_path / "planning_potentials.csv"
        path.write_text("\n".join([good[0], bad, *good[2:]]) + "\n", encoding="utf-8")
        with pytest.raises(InputError, match=expected) as err:
            read_planning_potentials(path)
        assert "planning_potentials.csv" in str(err.value) and "line 2" in str(err.value)


def test_a_two_way_reinforcement_is_paid_once():
    """Residual exchange E <-> W (500 MW, 1,000 km): the reinforcement pair shares one capacity and one cost of
    10 CNY/MW/km x 1,000 km = 10,000 CNY/MW/a, on the forward link only."""
    from network.model.planning import add_reinforcements

    n = network()
    for a, b in (("E", "W"), ("W", "E")):
        n.add("Link", f"{a} -> {b}", bus0=a, bus1=b, carrier="AC", p_nom=500.0, length=1000.0, efficiency=0.97)
    n.links["capacity_of"] = ""
    add_reinforcements(n, 0.5, per_mw_km=10.0)
    pair = n.links.loc[["E -> W reinforcement", "W -> E reinforcement"]]
    assert pair.p_nom_max.tolist() == [250.0, 250.0]
    assert pair.capital_cost.sum() == pytest.approx(10_000.0)
    assert (pair.capital_cost[pair.capacity_of != ""] == 0.0).all()


def test_hydrogen_is_a_week_of_storage_charged_by_electrolysis_and_discharged_by_the_fuel_cell():
    """2060 cost rows: capital = electrolysis + fuel cell + tank x 168 h (each its own annuity); efficiencies 0.75 / 0.5."""
    from network.model.planning import storage_parameters

    cfg = RunConfig(planning=PlanningConfig(enabled=True, cost_year=2060))
    costs = read_planning_costs(INPUTS / "planning_costs_2060.csv")
    option = read_planning_options(INPUTS / "planning_options.csv").loc["hydrogen"]
    assert storage_parameters(option, costs, cfg) == (168.0, 0.75, 0.5)
    eur = {
        tech: float(costs.loc[(tech, "investment"), "value"])
        for tech in ("electrolysis", "fuel cell", "hydrogen storage tank type 1 including compressor")
    }
    by_hand = (eur["electrolysis"] * 7.66e3 * (annuity(0.07, 35) + 0.02) + eur["fuel cell"] * 7.66e3 * (annuity(0.07, 10) + 0.05)
               + eur["hydrogen storage tank type 1 including compressor"] * 7.66e3 * 168 * (annuity(0.07, 30) + 0.019))  # fmt: skip
    assert option_capital_cost(option, costs, cfg.planning, 168.0) == pytest.approx(by_hand)
    with pytest.raises(ValueError, match="planning_options.csv: row 'flywheel': field 'carrier'"):
        storage_parameters(pd.Series({"carrier": "flywheel", "component": "StorageUnit"}, name="flywheel"), costs, cfg)
    without = costs.drop(("fuel cell", "efficiency"))
    with pytest.raises(ValueError, match=r"planning_costs_2060\.csv: no efficiency row for 'fuel cell'"):
        storage_parameters(option, without, cfg)


def test_a_week_long_lull_is_bridged_by_hydrogen_not_by_batteries():
    """One bus, 10 MW of load, two weeks standing for a year (x 26): free supply in week 1, none in week 2, shedding at
    20,000 CNY/MWh. Options at their 2060 costs (add_expansion): a 2-hour battery would need 1,680 / 0.922 / 2 = 911 MW to
    hold the lull, hydrogen (168 h, 0.75 in, 0.5 out) max(10, 1,680 / 0.5 / 168, 1,680 / 0.5 / 0.75 / 168) = 26.7 MW,
    bound by charging: 26.7 x 4.05 M CNY/a is less than 911 x 0.16 M, and both far less than shedding 873.6 M CNY/a."""
    from network.model.planning import add_expansion

    n = pypsa.Network()
    hours = 2 * 168
    n.set_snapshots(pd.date_range("2060-01-01", periods=hours, freq="h"))
    n.snapshot_weightings.loc[:, ["objective", "generators"]] = 26.0  # in cost and energy; the state of charge moves per hour
    add_carriers(n, {})
    n.add("Bus", "Shanghai", carrier="AC", region="East", province="Shanghai", role="electricity")
    n.add("Load", "Shanghai load", bus="Shanghai", carrier="AC", p_set=10.0)
    n.add("Generator", "Shanghai load shedding", bus="Shanghai", carrier="load shedding", p_nom=1e3, marginal_cost=20000.0)
    supply = pd.Series([1.0] * 168 + [0.0] * 168, index=n.snapshots)
    n.add("Generator", "Shanghai solar", bus="Shanghai", carrier="solar", p_nom=1e3, p_max_pu=supply)
    cfg = RunConfig(planning=PlanningConfig(enabled=True, cost_year=2060, options=["battery", "hydrogen"], sizing_day_stride=1, sizing_solver=None))
    table = read_planning_options(INPUTS / "planning_options.csv")
    costs = read_planning_costs(INPUTS / "planning_costs_2060.csv")
    potentials = read_planning_potentials(INPUTS / "planning_potentials.csv", table.index)
    capacity = pd.DataFrame({"battery": [0.0]}, index=["Shanghai"])
    added = add_expansion(n, cfg, table, costs, potentials, capacity, pd.DataFrame(), {}, {})
    assert n.storage_units.at["Shanghai hydrogen new", "max_hours"] == 168.0
    assert n.storage_units.at["Shanghai hydrogen new", "efficiency_store"] == 0.75
    assert added.at["Shanghai hydrogen new", "capital_cost"] == pytest.approx(4.05e6, rel=0.01)
    assert added.at["Shanghai battery new", "capital_cost"] == pytest.approx(0.16e6, rel=0.05)
    n = plan(n, cfg)
    assert n.storage_units.at["Shanghai hydrogen new", "p_nom"] == pytest.approx(10 * 168 / 0.5 / 0.75 / 168, rel=1e-4)
    assert n.storage_units.at["Shanghai battery new", "p_nom"] == pytest.approx(0.0, abs=1e-3)
    assert n.generators_t.p["Shanghai load shedding"].sum() == pytest.approx(0.0, abs=1e-3)
