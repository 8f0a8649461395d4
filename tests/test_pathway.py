"""Pathway horizons on a 1-bus network with hand-checked answers, through the configuration of each horizon
(network/config/horizon.py), the planning solve (network/model/sizing.py plan) and the carry between horizons
(network/model/brownfield.py); and the pathway table (network/analysis/pathway.py).

Bus A: load 100 MW over two snapshots of 100 h each (20,000 MWh a year); "A coal" 100 MW kept from the statistics
fleet, 300 CNY/MWh, 1 t CO2/MWh; "A onwind new" (option onwind) 80,000 CNY/MW/a, output 1 p.u.: 400 CNY/MWh over
200 h, dearer than coal. Horizon 2030, cap 0.01 Mt: coal is held to 10,000 MWh, wind builds 10,000 / 200 = 50 MW and
the cap's price is 400 - 300 = 100 CNY/t. Horizon 2035, cap 0.03 Mt: the 50 MW carried (not paid again) give 10,000
MWh, coal the other 10,000 MWh = 10,000 t < 30,000 t: the cap does not bind (price 0), nothing is built.
"""

from pathlib import Path

import pandas as pd
import pypsa
import pytest

from network.analysis.pathway import carried_investment, pathway_table
from network.cli import main
from network.config.horizon import horizon_config, previous_horizon, step_at
from network.config.pathway import PathwayConfig
from network.config.planning import PlanningConfig
from network.config.run import RunConfig
from network.config.steps import write_step_config
from network.model.brownfield import add_brownfield, carry_forward
from network.model.constraints.policy import CO2_CAP
from network.model.sizing import plan

WEIGHT_H = 100.0
LIFETIMES = {"onwind": 30.0, "transmission": 40.0}


def pathway_run(caps: dict[int, float]) -> RunConfig:
    return RunConfig(
        planning=PlanningConfig(enabled=True, sizing_day_stride=1, sizing_solver=None, adequacy_max_iterations=0),
        pathway=PathwayConfig(horizons=list(caps), co2_cap_mt=caps, lifetime_years={**LIFETIMES}),
    )


def horizon_network(year: int, demand_mw: float = 100.0) -> pypsa.Network:
    n = pypsa.Network()
    n.set_snapshots(pd.date_range(f"{year}-01-01", periods=2, freq="h"))
    n.snapshot_weightings.loc[:, :] = WEIGHT_H
    n.meta = {"scenario_year": year}
    n.add("Bus", "A", carrier="AC", province="A")
    n.add("Carrier", "coal", co2_emissions=1.0)
    n.add("Carrier", ["AC", "onwind", "load shedding"])
    n.add("Load", "A load", bus="A", carrier="AC", p_set=demand_mw)
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=100.0, marginal_cost=300.0)
    n.add("Generator", "A onwind new", bus="A", carrier="onwind", p_nom_extendable=True, capital_cost=80_000.0,
          planning_option="onwind")  # fmt: skip
    n.add("Generator", "A load shedding", bus="A", carrier="load shedding", p_nom=1e4, marginal_cost=1e5)
    return n


def run_pathway(cfg: RunConfig, demand: dict[int, float] | None = None) -> dict[int, pypsa.Network]:
    """The Snakefile's loop in memory: each horizon built, the previous horizon's carry added, planned."""
    solved, previous = {}, None
    for year in cfg.pathway.horizons:
        n = horizon_network(year, (demand or {}).get(year, 100.0))
        if previous is not None:
            add_brownfield(n, carry_forward(previous, year, cfg.pathway.lifetime_years), merge_vintages=True)
        previous = solved[year] = plan(n, horizon_config(cfg, year))
    return solved


def co2_price(n: pypsa.Network) -> float:
    return -float(n.global_constraints.at[CO2_CAP, "mu_sizing"]) + 0.0  # a <= row: linopy's dual is <= 0


def test_a_co2_cap_binds_in_one_horizon_and_not_the_next():
    solved = run_pathway(pathway_run({2030: 0.01, 2035: 0.03}))
    first, second = solved[2030], solved[2035]
    assert first.generators.at["A onwind new", "p_nom_built_mw"] == pytest.approx(50.0, rel=1e-5)
    assert co2_price(first) == pytest.approx(100.0, rel=1e-4)
    assert first.meta["sizing"]["objective_cny"] == pytest.approx(50 * 80_000 + 10_000 * 300, rel=1e-6)
    carried = second.generators.loc["A onwind brownfield"]
    assert (carried.p_nom, carried.capital_cost, carried.build_year) == (pytest.approx(50.0, rel=1e-5), 0.0, 2030)
    assert second.generators.at["A onwind new", "p_nom_built_mw"] == pytest.approx(0.0, abs=1e-3)
    assert co2_price(second) == pytest.approx(0.0, abs=1e-4)
    assert second.meta["sizing"]["objective_cny"] == pytest.approx(10_000 * 300, rel=1e-6)  # the carried wind is not paid again


def test_an_infeasible_second_horizon_is_named_in_one_line(tmp_path, capsys):
    """Cap 0 in 2035 with no room for more wind (potential 50 MW, used up by the carried 50 MW) and no shedding in the
    sizing: infeasible. The solve step (as the Snakefile's solve_horizon calls it) fails with one line naming the
    pathway and the horizon, and writes nothing."""
    cfg = pathway_run({2030: 0.01, 2035: 0.0})
    first = run_pathway(pathway_run({2030: 0.01}))[2030]
    n = horizon_network(2035)
    n.generators.loc["A onwind new", "p_nom_max"] = 50.0
    add_brownfield(n, carry_forward(first, 2035, LIFETIMES), merge_vintages=True)
    n.export_to_netcdf(tmp_path / "network.nc")
    write_step_config(horizon_config(cfg, 2035), "solve", tmp_path / "solve.yaml")
    out = tmp_path / "solved.nc"
    code = main(["solve", "--config", str(tmp_path / "solve.yaml"), "--network", str(tmp_path / "network.nc"), "--out", str(out),
                 "--name", "pathway pathway-test horizon 2035"])  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert code == 1 and not out.exists()
    assert err.startswith("error: pathway pathway-test horizon 2035: ") and "\n" not in err and "infeasible" in err.lower()


def test_horizon_configuration_of_the_trajectories():
    cfg = RunConfig(pathway=PathwayConfig(
        horizons=[2025, 2030, 2035, 2040], self_sufficiency_floor={2030: 0.8, 2040: 0.9}, demand_source="thu",
        capacity_targets_gw={2030: {"hydro": 430.0}}, national_max_gw={2035: {"nuclear": 150.0}}, datacentre_twh={2030: 400.0, 2040: 600.0},
    ))  # fmt: skip
    h25, h35 = horizon_config(cfg, 2025), horizon_config(cfg, 2035)
    assert h25.scenario.demand.trajectory == "thu" and h25.scenario.capacity.national_targets_gw == {}
    assert h25.policy.self_sufficiency_floor is None and h35.policy.self_sufficiency_floor == pytest.approx(0.85)
    assert h35.scenario.capacity.national_targets_gw == {"hydro": 430.0}
    assert h35.planning.national_max_gw["nuclear"] == 150.0 and horizon_config(cfg, 2030).planning.national_max_gw["nuclear"] == 110.0
    assert h35.compute.national_dc_twh == pytest.approx(500.0) and h25.compute.national_dc_twh is None
    assert h35.planning.cost_year == 2035 and h35.policy.co2_cap_mt == 4000.0
    assert (previous_horizon(cfg, 2025), previous_horizon(cfg, 2035)) == (None, 2030)
    national = cfg.model_copy(update={"pathway": cfg.pathway.model_copy(update={"demand_national_twh": {2030: 12000.0, 2040: 14000.0}})})
    assert horizon_config(national, 2025).scenario.demand.national_twh is None  # before the first given: unscaled
    assert horizon_config(national, 2035).scenario.demand.national_twh == pytest.approx(13000.0)  # linear between 2030 and 2040
    assert h35.scenario.demand.national_twh is None
    assert step_at({2030: 1, 2040: 2}, 2035) == 1 and step_at({2030: 1}, 2025) is None


def test_official_floors_follow_their_trajectories():
    """The shares of runs/pathway-official-targets.yaml: off before 2030, linear 2035 -> 2060, the 2035 capacity kept after it."""
    cfg = RunConfig(pathway=PathwayConfig(
        non_fossil_share_min={2030: 0.25, 2035: 0.30, 2060: 0.80},
        capacity_min_gw={2030: {"onwind+offwind+solar": 1200.0}, 2035: {"onwind+offwind+solar": 3600.0}, 2040: {"nuclear": 200.0}},
    ))  # fmt: skip
    policy = {h: horizon_config(cfg, h).policy for h in (2025, 2030, 2040, 2060)}
    assert policy[2025].non_fossil_share_min is None and policy[2025].capacity_min_gw == {}
    assert policy[2030].non_fossil_share_min == 0.25 and policy[2030].capacity_min_gw == {"onwind+offwind+solar": 1200.0}
    assert policy[2040].non_fossil_share_min == pytest.approx(0.40)
    assert policy[2040].capacity_min_gw == {"onwind+offwind+solar": 3600.0, "nuclear": 200.0}
    assert policy[2060].non_fossil_share_min == pytest.approx(0.80) and policy[2060].capacity_min_gw["nuclear"] == 200.0


def test_site_limits_and_committed_hydro_default_per_horizon():
    """A pathway that sets neither gets the schema's trajectories: 2060 is not planned with 2030's nuclear sites."""
    cfg = RunConfig(pathway=PathwayConfig(co2_limit="none"))
    h25, h45, h60 = (horizon_config(cfg, h) for h in (2025, 2045, 2060))
    assert h25.planning.national_max_gw == {"PHS": 62.0, "nuclear": 65.0} and h25.scenario.capacity.national_targets_gw == {}
    assert h45.planning.national_max_gw == {"PHS": 250.0, "nuclear": 200.0} and h45.scenario.capacity.national_targets_gw == {"hydro": 500.0}
    assert h60.planning.national_max_gw == {"PHS": 350.0, "nuclear": 400.0} and h60.scenario.capacity.national_targets_gw == {"hydro": 550.0}


def test_build_rates_become_each_horizons_build_limit():
    """Rates per year x the years since the previous horizon (the first: since the statistics fleet of 2023), the last
    rate given at or before the horizon; off before the first."""
    cfg = RunConfig(pathway=PathwayConfig(
        horizons=[2024, 2025, 2030, 2040], co2_limit="none", build_rate_gw_per_year={2025: {"solar": 277.0, "battery": 42.0}, 2035: {"solar": 300.0}},
    ))  # fmt: skip
    limits = {h: horizon_config(cfg, h).policy.build_max_gw for h in cfg.pathway.horizons}
    assert limits[2024] == {}
    assert limits[2025] == {"solar": 277.0, "battery": 42.0}  # one year after 2024
    assert limits[2030] == {"solar": 5 * 277.0, "battery": 5 * 42.0}
    assert limits[2040] == {"solar": 10 * 300.0}  # the 2035 rates replace the 2025 ones
    first = cfg.model_copy(update={"pathway": cfg.pathway.model_copy(update={"horizons": [2025, 2030]})})
    assert horizon_config(first, 2025).policy.build_max_gw == {"solar": 2 * 277.0, "battery": 2 * 42.0}  # from the 2023 fleet


def test_carried_annuities_end_with_the_lifetime():
    """Wind built in 2030 (annuity 10 bn CNY/a, lifetime 10 years) is carried in 2035 and gone by 2040."""
    rows = [(h, "investment_cost", "national", "onwind", 10.0 if h == 2030 else 0.0, "bn CNY/a") for h in (2030, 2035, 2040)]
    rows += [(h, "total_system_cost", "national", "", 50.0, "bn CNY/a") for h in (2030, 2035, 2040)]
    table = pd.DataFrame(rows, columns=["horizon", "metric", "scope", "carrier", "value", "unit"])
    out = carried_investment(table, {"onwind": 10.0}).set_index(["metric", "horizon"]).value
    assert [out["carried_investment_cost", h] for h in (2030, 2035, 2040)] == [0.0, 10.0, 0.0]
    assert out["pathway_system_cost", 2035] == 60.0
    full = pathway_table({h: table[table.horizon == h] for h in (2030, 2035, 2040)}, {"onwind": 10.0})
    assert list(full.columns) == ["horizon", "metric", "scope", "carrier", "value", "unit"]


def test_demand_of_a_horizon_comes_from_the_trajectory():
    """Two provinces, 100 and 200 TWh in 2030, 150 and 200 in 2035: 2032 is 120 and 200 TWh (linear), spread over the
    hourly shape; without a trajectory the statistics year grows by annual_growth as before."""
    from network.config.scenario import ScenarioConfig
    from network.data.tables import InputError
    from network.model.build import scenario_demand

    shape = pd.DataFrame({"A": [1.0, 3.0], "B": [1.0, 1.0]}, index=pd.date_range("2032-01-01", periods=2, freq="h"))
    trajectory = pd.DataFrame({2030: [100.0, 200.0], 2035: [150.0, 200.0]}, index=["A", "B"])
    cfg = ScenarioConfig(year=2032, demand={"trajectory": "pik"})
    mw = scenario_demand(cfg, None, shape, trajectory)
    assert mw["A"].tolist() == pytest.approx([30e6, 90e6]) and mw["B"].tolist() == pytest.approx([100e6, 100e6])
    with pytest.raises(InputError, match="covers 2030-2035, not the scenario year 2040"):
        scenario_demand(ScenarioConfig(year=2040, demand={"trajectory": "pik"}), None, shape, trajectory)
    scaled = scenario_demand(ScenarioConfig(year=2032, demand={"trajectory": "pik", "national_twh": 640.0}), None, shape, trajectory)
    assert scaled.sum().tolist() == pytest.approx([240e6, 400e6])  # 120 + 200 = 320 TWh doubled to 640, shares kept
    consumption = pd.DataFrame({"province": ["A", "B"], "year": [2023, 2023], "consumption_twh": [10.0, 20.0]})
    with pytest.raises(InputError):  # the statistics path needs all 31 provinces: it is still the one taken without a trajectory
        scenario_demand(ScenarioConfig(year=2032), consumption, shape)


def test_pathway_table_figures_and_comparison_from_horizon_tables(tmp_path):
    """The `pathway` step (as the Snakefile's rules call it) on two hand-made horizon tables: pathway.csv with the
    carried annuities, figures in English and Chinese with their data, and the comparison of two pathways."""
    rows = lambda h, built: pd.DataFrame(  # noqa: E731
        [(h, "capacity", "East", "solar", 100.0 + built, "GW"), (h, "capacity", "rest", "coal", 50.0, "GW"),
         (h, "investment_cost", "national", "solar", built / 10, "bn CNY/a"), (h, "total_system_cost", "national", "", 20.0, "bn CNY/a"),
         (h, "self_sufficiency_focus_region", "East", "", 0.8, "fraction"), (h, "policy_dual", "co2_cap", "", 1e-9, "CNY/t"),
         (h, "unserved_energy", "national", "", built / 100, "TWh")],
        columns=["horizon", "metric", "scope", "carrier", "value", "unit"])  # fmt: skip
    tables = []
    for h, built in ((2030, 50.0), (2035, 0.0)):
        (tmp_path / str(h)).mkdir()
        rows(h, built).to_csv(tmp_path / str(h) / "horizon.csv", index=False)
        tables.append(str(tmp_path / str(h) / "horizon.csv"))
    (tmp_path / "lifetimes.yaml").write_text('{"lifetime_years": {"solar": 40.0}}')
    dirs = [str(tmp_path / "plots" / lang) for lang in ("en", "zh")]
    assert main(["pathway", "--names", "p", "--tables", *tables, "--lifetimes", str(tmp_path / "lifetimes.yaml"),
                 "--out", str(tmp_path / "pathway.csv"), "--summary", str(tmp_path / "summary.csv"),
                 "--plot-dirs", *dirs, "--languages", "en", "zh"]) == 0  # fmt: skip
    table = pd.read_csv(tmp_path / "pathway.csv", keep_default_na=False)
    system = table[table.metric == "pathway_system_cost"].set_index("horizon").value
    assert system.to_dict() == {2030: 20.0, 2035: 25.0}  # 2035 carries 2030's 5 bn CNY/a of solar
    summary = pd.read_csv(tmp_path / "summary.csv").set_index("horizon")  # one row per horizon, units in the column names
    assert summary.solar_East_gw.to_dict() == {2030: 150.0, 2035: 100.0} and summary.coal_rest_gw.to_dict() == {2030: 50.0, 2035: 50.0}
    assert summary.self_sufficiency_East_pct.to_dict() == {2030: 80.0, 2035: 80.0}
    assert summary.pathway_system_cost_bn_cny_per_a.to_dict() == {2030: 20.0, 2035: 25.0} and summary.nuclear_East_gw.eq(0).all()
    for folder in dirs:
        for name in ("pathway_capacity", "pathway_indicators"):
            assert all((Path(folder) / f"{name}.{ext}").exists() for ext in ("png", "svg", "csv"))
    # 4 of the 11 indicator panels have data (self-sufficiency, system cost, CO2 price, unserved energy): the other 7 say
    # so, not an empty axis
    for folder, note in zip(dirs, ("not in this pathway", "本路径未涉及")):
        assert (Path(folder) / "pathway_indicators.svg").read_text(encoding="utf-8").count(note) == 7
    assert main(["pathway", "--compare", "--names", "p", "q", "--tables", str(tmp_path / "pathway.csv"), str(tmp_path / "pathway.csv"),
                 "--out", str(tmp_path / "pathways.csv"), "--plot-dirs", str(tmp_path / "cmp"), "--languages", "zh"]) == 0  # fmt: skip
    wide = pd.read_csv(tmp_path / "pathways.csv", keep_default_na=False)
    assert {"p", "q"} <= set(wide.columns) and (tmp_path / "cmp" / "pathway_comparison.png").exists()
    compared = pd.read_csv(tmp_path / "cmp" / "pathway_comparison.csv")  # the pathways compared on adequacy and the CO2 price too
    unserved = compared[(compared.metric == "unserved_energy") & (compared.pathway == "q")].set_index("horizon").value
    assert unserved.to_dict() == {2030: 0.5, 2035: 0.0} and "policy_dual" in set(compared.metric)
