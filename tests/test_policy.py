"""The `policy:` rows on tiny networks with hand-checked dispatch and duals (network/model/constraints/policy.py)."""

import pandas as pd
import pypsa
import pytest
from pydantic import ValidationError

from network.analysis.metrics.catalogue import check
from network.analysis.metrics.policy import metrics_rows
from network.analysis.metrics.power import co2_by_bus, region_map, self_sufficiency_rows
from network.analysis.metrics.summary import summarize, value
from network.config import SolverConfig
from network.config.policy import PolicyConfig
from network.config.run import RunConfig
from network.model.carriers import add_carriers
from network.model.constraints import policy
from network.model.solve import scenario_constraints, solve


def solved(n: pypsa.Network, **targets) -> pypsa.Network:
    cfg = PolicyConfig(**targets)
    return solve(n, SolverConfig(), constraints=[lambda n, sns: policy.add_constraints(n, sns, cfg, "East")])


def mu(n: pypsa.Network, name: str) -> float:
    return float(n.global_constraints.at[name, "mu"])


def network(periods: int = 2, hours: float = 1.0) -> pypsa.Network:
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-01", periods=periods, freq="h"))
    n.snapshot_weightings.loc[:, :] = hours
    add_carriers(n, {"coal": 0.34, "gas": 0.2})
    add_carriers(n, {}, kinds=("compute",))
    return n


def east_west(link_mw: float = 1000.0, extendable: bool = False, hours: float = 1.0, data_centre_mw: float = 0.0) -> pypsa.Network:
    """East: load 100 MW, gas at 80 CNY/MWh (extendable: 40 CNY/MW per 4 h); West: coal at 20; lossless W -> E."""
    n = network(hours=hours)
    n.add("Bus", "E", carrier="AC", region="East", province="Shanghai", role="electricity")
    n.add("Bus", "W", carrier="AC", region="West", province="Gansu", role="electricity")
    n.add("Load", "E load", bus="E", carrier="AC", p_set=100.0)
    gas = {"p_nom": 0.0, "p_nom_extendable": True, "capital_cost": 40.0} if extendable else {"p_nom": 300.0}
    n.add("Generator", "E gas", bus="E", carrier="gas", marginal_cost=80.0, **gas)
    n.add("Generator", "E load shedding", bus="E", carrier="load shedding", p_nom=1e4, marginal_cost=70.0)  # below gas: if counted, it would shed
    n.add("Generator", "W coal", bus="W", carrier="coal", p_nom=500, marginal_cost=20.0)
    n.add("Link", "W -> E", bus0="W", bus1="E", carrier="AC", p_nom=link_mw)
    if data_centre_mw:
        n.add("Bus", "E compute", carrier="compute")
        n.add("Link", "E data centre", bus0="E", bus1="E compute", carrier="data centre", p_nom=100)
        n.add("Load", "E IT", bus="E compute", carrier="compute", p_set=data_centre_mw)
    return n


def test_floor_binds_at_the_cost_difference_and_matches_the_metric():
    """Floor 0.6 of 100 MW load + 20 MW data centre: East gas runs 72 MW; one more MWh costs 80 - 20 = 60 CNY."""
    n = solved(east_west(data_centre_mw=20.0), self_sufficiency_floor=0.6)
    assert n.generators_t.p["E gas"].sum() == pytest.approx(144.0)  # annual: any split over the two hours
    assert n.generators_t.p["E load shedding"].sum() == pytest.approx(0.0, abs=1e-6)
    assert mu(n, "self_sufficiency_floor East") == pytest.approx(60.0)
    ss = {r["scope"]: r["value"] for r in self_sufficiency_rows(n, region_map(n), "East") if r["metric"] == "self_sufficiency_focus_region"}
    assert ss["East"] == pytest.approx(0.6)
    table = check(pd.DataFrame(metrics_rows(n)))
    price = table[table.metric == "price_of_self_sufficiency"]
    assert price.scope.tolist() == ["East"] and price.value.iloc[0] == pytest.approx(60.0) and price.unit.iloc[0] == "CNY/MWh"


def test_floor_with_an_extendable_local_plant_prices_its_investment():
    """2 snapshots of 2 h: gas built 60 MW at 40 CNY/MW over 4 h, so one more MWh costs 80 + 40/4 - 20 = 70 CNY."""
    n = solved(east_west(extendable=True, hours=2.0), self_sufficiency_floor=0.6)
    assert n.generators.at["E gas", "p_nom_opt"] == pytest.approx(60.0)
    assert mu(n, "self_sufficiency_floor East") == pytest.approx(70.0)


def test_floor_not_binding_has_zero_dual():
    """The 50 MW link already leaves East 50 % self-sufficient; a floor of 0.3 costs nothing."""
    n = east_west(link_mw=50.0)
    n.generators.loc["E load shedding", "marginal_cost"] = 1e4
    n = solved(n, self_sufficiency_floor=0.3)
    assert n.generators_t.p["E gas"].tolist() == pytest.approx([50.0, 50.0])
    assert mu(n, "self_sufficiency_floor East") == pytest.approx(0.0, abs=1e-9)


def test_summarize_reads_the_duals_from_the_netcdf(tmp_path):
    n = solved(east_west(), self_sufficiency_floor=0.6)
    n.export_to_netcdf(tmp_path / "solved.nc")
    back = pypsa.Network(tmp_path / "solved.nc")
    assert back.global_constraints.at["self_sufficiency_floor East", "type"] == policy.POLICY
    table = summarize(back)
    assert value(table, "price_of_self_sufficiency", "East") == pytest.approx(60.0)
    assert value(table, "policy_dual", "self_sufficiency_floor East") == pytest.approx(60.0)
    assert value(table, "self_sufficiency_focus_region", "East") == pytest.approx(0.6)


def test_scenario_constraints_include_the_policy_rows():
    cfg = RunConfig(policy={"self_sufficiency_floor": 0.6})
    n = solve(east_west(), SolverConfig(), constraints=scenario_constraints(cfg)[-1:])
    assert mu(n, "self_sufficiency_floor East") == pytest.approx(60.0)


def one_bus() -> pypsa.Network:
    """Load 100 MW for 2 h; coal at 30 (efficiency 0.4, 0.85 t/MWh), gas at 60 (0.5, 0.4 t/MWh), biomass at 60, nuclear 10 MW at 50."""
    n = network()
    n.add("Bus", "A", carrier="AC", region="East")
    n.add("Load", "A load", bus="A", carrier="AC", p_set=100.0)
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=200, marginal_cost=30.0, efficiency=0.4)
    n.add("Generator", "A gas", bus="A", carrier="gas", p_nom=200, marginal_cost=60.0, efficiency=0.5)
    n.add("Generator", "A biomass", bus="A", carrier="biomass", p_nom=100, marginal_cost=60.0)
    n.add("Generator", "A nuclear", bus="A", carrier="nuclear", p_nom=10, marginal_cost=50.0)
    return n


def test_non_fossil_share_binds():
    """30 % non-fossil: nuclear 10 MW and biomass 20 MW; one more MWh of biomass instead of coal costs 60 - 30."""
    n = one_bus()
    n.remove("Generator", "A gas")
    n = solved(n, non_fossil_share_min=0.3)
    assert n.generators_t.p["A biomass"].sum() == pytest.approx(40.0)
    assert n.generators_t.p["A nuclear"].sum() == pytest.approx(20.0)
    assert mu(n, "non_fossil_share_min") == pytest.approx(30.0)


def test_capacity_floor_builds_the_rest_at_its_net_cost():
    """Floor 50 MW of wind + solar with 20 MW of wind fixed: 30 MW of solar (p_max_pu 0.5, 100 CNY/MW) are built; each
    MW saves 2 h x 0.5 MWh of gas at 60, so the floor costs 100 - 60 = 40 CNY per MW."""
    n = one_bus()
    n.remove("Generator", ["A biomass", "A nuclear", "A coal"])
    n.add("Generator", "A wind", bus="A", carrier="onwind", p_nom=20.0, p_max_pu=0.0)
    n.add("Generator", "A solar", bus="A", carrier="solar", p_nom_extendable=True, capital_cost=100.0, p_max_pu=0.5)
    assert solved(n.copy()).generators.at["A solar", "p_nom_opt"] == pytest.approx(0.0, abs=1e-6)
    n = solved(n, capacity_min_gw={"onwind+offwind+solar": 0.05})
    assert n.generators.at["A solar", "p_nom_opt"] == pytest.approx(30.0)
    assert mu(n, "capacity_min onwind+offwind+solar") == pytest.approx(40.0)
    rows = {r["scope"]: (r["value"], r["unit"]) for r in metrics_rows(n)}
    assert rows["capacity_min onwind+offwind+solar"] == (pytest.approx(40.0), "CNY/MW/a")


def test_capacity_floor_of_a_fixed_fleet_adds_no_row():
    """Nothing to build (the dispatch of a sized system): the capacity is a constant, no row, no error."""
    n = solved(one_bus(), capacity_min_gw={"nuclear": 1.0})
    assert "capacity_min nuclear" not in n.global_constraints.index


def test_build_limit_counts_generators_and_storage_and_prices_the_last_mw():
    """Load 100 MW for 2 h, coal at 30; new solar (10 CNY/MW, sun in hour 1 only) and a new 1-hour battery (5 CNY/MW).
    Free: 200 MW of solar and 100 MW of battery. Limit 150 MW of solar + battery: the first 100 MW of solar save 30 - 10 =
    20 CNY each; the rest come in pairs (1 MW of solar charges 1 MW of battery for hour 2: 30 - 15 = 15 CNY a pair),
    so 25 + 25, and one more MW of limit is worth 15 / 2 = 7.5 CNY. A battery kept from the fleet (p_nom_min) is not counted."""
    n = one_bus()
    n.remove("Generator", ["A gas", "A biomass", "A nuclear"])
    n.add("Generator", "A solar", bus="A", carrier="solar", p_nom_extendable=True, capital_cost=10.0, p_max_pu=[1.0, 0.0])
    n.add("StorageUnit", "A battery", bus="A", carrier="battery", p_nom_extendable=True, capital_cost=5.0, max_hours=1.0)
    free = solved(n.copy())
    assert free.generators.at["A solar", "p_nom_opt"] == pytest.approx(200.0)
    assert free.storage_units.at["A battery", "p_nom_opt"] == pytest.approx(100.0)
    limited = solved(n.copy(), build_max_gw={"solar+battery": 0.15})
    assert limited.generators.at["A solar", "p_nom_opt"] == pytest.approx(125.0)
    assert limited.storage_units.at["A battery", "p_nom_opt"] == pytest.approx(25.0)
    rows = {r["scope"]: (r["value"], r["unit"]) for r in metrics_rows(limited)}
    assert rows["build_max solar+battery"] == (pytest.approx(7.5), "CNY/MW/a")
    n.storage_units.at["A battery", "p_nom_min"] = 40.0  # kept, not built: the limit is on what is built
    kept = solved(n, build_max_gw={"solar+battery": 0.15})
    assert kept.generators.at["A solar", "p_nom_opt"] + kept.storage_units.at["A battery", "p_nom_opt"] == pytest.approx(190.0)
    assert solved(one_bus(), build_max_gw={"solar": 0.0}).global_constraints.empty  # nothing extendable: no row


def test_a_build_limit_must_name_carriers_and_be_positive():
    with pytest.raises(ValidationError, match=r"build_max_gw\['solar'\] = -1.0: carriers joined by '\+' -> GW >= 0"):
        PolicyConfig(build_max_gw={"solar": -1.0})


def test_co2_cap_binds_with_the_fuel_switch_price():
    """Cap 120 t on 200 MWh: 80 + 0.45 coal <= 120, coal 88.9 MWh; each t costs (60 - 30) / 0.45 = 66.7 CNY."""
    n = one_bus()
    n.remove("Generator", ["A biomass", "A nuclear"])
    n = solved(n, co2_cap_mt=120e-6)
    assert n.generators_t.p["A coal"].sum() == pytest.approx(40 / 0.45)
    assert co2_by_bus(n).sum() == pytest.approx(120.0)
    assert n.global_constraints.at["co2_cap", "type"] == "primary_energy"
    assert mu(n, "co2_cap") == pytest.approx(-30 / 0.45)
    rows = {r["scope"]: (r["value"], r["unit"]) for r in metrics_rows(n)}
    assert rows["co2_cap"] == (pytest.approx(30 / 0.45), "CNY/t")


def gansu() -> pypsa.Network:
    """Gansu: load 50 MW, solar 100 MW at [1, 0], gas at 50; its base's wind 10 MW at [0, 1] over a tie; export to
    Shaanxi (load 100 MW, coal at 5) costs 10 CNY/MWh, so exporting solar loses 5 CNY/MWh."""
    n = network()
    n.add("Bus", "Gansu", carrier="AC", region="West", province="Gansu", role="electricity")
    n.add("Bus", "Base L", carrier="AC", region="West", province="Gansu", role="base")
    n.add("Bus", "Shaanxi", carrier="AC", region="West", province="Shaanxi", role="electricity")
    n.add("Load", "Gansu load", bus="Gansu", carrier="AC", p_set=50.0)
    n.add("Load", "Shaanxi load", bus="Shaanxi", carrier="AC", p_set=100.0)
    n.add("Generator", "Gansu solar", bus="Gansu", carrier="solar", p_nom=100, p_max_pu=[1.0, 0.0])
    n.add("Generator", "Gansu gas", bus="Gansu", carrier="gas", p_nom=200, marginal_cost=50.0)
    n.add("Generator", "Base L onwind", bus="Base L", carrier="onwind", p_nom=10, p_max_pu=[0.0, 1.0])
    n.add("Generator", "Shaanxi coal", bus="Shaanxi", carrier="coal", p_nom=300, marginal_cost=5.0)
    n.add("Link", "Base L tie", bus0="Base L", bus1="Gansu", carrier="AC", p_nom=100)
    n.add("Link", "Gansu -> Shaanxi", bus0="Gansu", bus1="Shaanxi", carrier="AC", p_nom=100, marginal_cost=10.0)
    return n


def test_curtailment_ceiling_forces_export():
    """Available 110 MWh (base wind included), at most 20 % curtailed: 88 MWh used, so 28 MWh of solar exported."""
    free = solve(gansu(), SolverConfig())
    assert free.links_t.p0["Gansu -> Shaanxi"].sum() == pytest.approx(0.0, abs=1e-6)
    n = solved(gansu(), curtailment_max={"Gansu": 0.2})
    assert n.links_t.p0["Gansu -> Shaanxi"].sum() == pytest.approx(28.0)
    assert mu(n, "curtailment_max Gansu") == pytest.approx(-5.0)
    assert {r["scope"]: r["value"] for r in metrics_rows(n)}["curtailment_max Gansu"] == pytest.approx(5.0)


def test_curtailment_ceiling_limits_an_extendable_build():
    """Solar at 10 CNY/MW, profile [1, 0.25], load 100 MW, gas at 50: unconstrained 400 MW (60 % curtailed);
    curtailment P - 100 <= 0.2 x 1.25 P gives P = 133.3 MW, and each MWh of allowed curtailment saves 2.5 / 0.75."""
    n = network()
    n.add("Bus", "Gansu", carrier="AC", region="West")
    n.add("Load", "load", bus="Gansu", carrier="AC", p_set=100.0)
    n.add("Generator", "solar", bus="Gansu", carrier="solar", p_nom_extendable=True, capital_cost=10.0, p_max_pu=[1.0, 0.25])
    n.add("Generator", "gas", bus="Gansu", carrier="gas", p_nom=1000, marginal_cost=50.0)
    assert solve(n.copy(), SolverConfig()).generators.at["solar", "p_nom_opt"] == pytest.approx(400.0)
    n = solved(n, curtailment_max={"all": 0.2})
    assert n.generators.at["solar", "p_nom_opt"] == pytest.approx(400 / 3)
    assert mu(n, "curtailment_max all") == pytest.approx(-2.5 / 0.75)


def test_data_centre_green_share_counts_the_province_own_green_generation():
    """Guizhou: load 50 MW + data centres 50 MW, solar 20 MW, wind at 40; Yunnan's hydro at 1 is not Guizhou's:
    50 % of the data centres' 50 MW must be Guizhou green, so wind runs 5 MW instead of hydro (40 - 1 = 39 CNY/MWh)."""
    n = network()
    n.add("Bus", "Guizhou", carrier="AC", region="West")
    n.add("Bus", "Yunnan", carrier="AC", region="West")
    n.add("Bus", "Guizhou compute", carrier="compute")
    n.add("Load", "Guizhou load", bus="Guizhou", carrier="AC", p_set=50.0)
    n.add("Link", "Guizhou data centre", bus0="Guizhou", bus1="Guizhou compute", carrier="data centre", p_nom=100)
    n.add("Load", "Guizhou IT", bus="Guizhou compute", carrier="compute", p_set=50.0)
    n.add("Generator", "Guizhou solar", bus="Guizhou", carrier="solar", p_nom=20)
    n.add("Generator", "Guizhou onwind", bus="Guizhou", carrier="onwind", p_nom=100, marginal_cost=40.0)
    n.add("Generator", "Guizhou coal", bus="Guizhou", carrier="coal", p_nom=100, marginal_cost=30.0)
    n.add("Generator", "Yunnan hydro", bus="Yunnan", carrier="hydro", p_nom=100, marginal_cost=1.0)
    n.add("Link", "Yunnan -> Guizhou", bus0="Yunnan", bus1="Guizhou", carrier="AC", p_nom=100)
    n = solved(n, green_share_data_centres_min=0.5)
    assert n.generators_t.p["Guizhou onwind"].sum() == pytest.approx(10.0)
    assert mu(n, "dc_green_share_min Guizhou") == pytest.approx(39.0)


def test_no_data_centres_no_row_and_off_by_default():
    n = solved(east_west(), green_share_data_centres_min=0.5)
    assert n.global_constraints.empty and metrics_rows(n) == []
    assert RunConfig().policy == PolicyConfig() and PolicyConfig().self_sufficiency_floor is None


def test_unknown_province_in_curtailment_max_is_rejected():
    with pytest.raises(ValidationError, match="unknown province 'Gansuu'; close: \\['Gansu'"):
        RunConfig(policy={"curtailment_max": {"Gansuu": 0.1}})
    with pytest.raises(ValidationError, match=r"curtailment_max\['Gansu'\] = 1.5"):
        PolicyConfig(curtailment_max={"Gansu": 1.5})


def test_national_wind_and_solar_ceilings_are_separate_rows():
    """'solar' 0.2: solar alone may spill 20 of its 100 MWh, so 30 MWh are exported (the base's wind, fully used, does
    not count, unlike with 'Gansu' where it lets 28 MWh do); 'wind' 0.5 does not bind."""
    n = solved(gansu(), curtailment_max={"wind": 0.5, "solar": 0.2})
    assert {"curtailment_max wind", "curtailment_max solar"} <= set(n.global_constraints.index)
    assert n.links_t.p0["Gansu -> Shaanxi"].sum() == pytest.approx(30.0)
    assert mu(n, "curtailment_max wind") == pytest.approx(0.0, abs=1e-9)
