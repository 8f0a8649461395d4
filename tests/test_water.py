"""Water nexus (network/model/water.py): tiny networks of real province names on the shipped inputs,
solved with HiGHS, with hand-checked answers."""

import pandas as pd
import pypsa
import pytest
from conftest import REPO, water_tables
from pydantic import ValidationError

import network  # noqa: F401  (sets PyPSA options)
from network.analysis.metrics.power import hourly_by_bus
from network.analysis.metrics.water import metrics_rows
from network.config import load_run_config
from network.config.water import WaterConfig
from network.data import water as wd
from network.model.constraints.water_use import add_constraints
from network.model.water import add_water, allowances

INPUTS = REPO / "inputs"
SHANXI_FRESH = 0.65 * 0.38 + 0.35 * 3.8  # m3/MWh: Shanxi thermal mix (65 % dry, 35 % recirculating), coal factors
NUCLEAR_RECIRC = 4.17  # m3/MWh, nuclear with cooling towers (Henan: inland)


def toy(provinces: dict[str, dict[str, tuple[float, float]]], load_mw: float = 100.0, hours: float = 1.0) -> pypsa.Network:
    """One AC bus per province with a constant load and generators {carrier: (p_nom MW, CNY/MWh)};
    two snapshots of `hours` each."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-01", periods=2, freq="h"))
    n.snapshot_weightings.loc[:, :] = hours
    for i, (p, gens) in enumerate(provinces.items()):
        n.add("Bus", p, carrier="AC", x=110.0 + i, y=35.0, region="East")
        n.add("Load", f"{p} load", bus=p, carrier="AC", p_set=load_mw)
        for carrier, (p_nom, cost) in gens.items():
            n.add("Generator", f"{p} {carrier}", bus=p, carrier=carrier, p_nom=p_nom, marginal_cost=cost)
    return n


def cap_scale_for(province: str, target_thousand_m3: float) -> float:
    """cap_scale that sets `province`'s allowance to the target (thousand m3 per year)."""
    base = allowances(wd.read_industrial_water(INPUTS / "province_water_use.csv"),
                         wd.read_national_water(INPUTS / "national_water_use.csv"), 2023, 0.9, 1.0, [], 0.0)  # fmt: skip
    return target_thousand_m3 / base[province]


def solve(n: pypsa.Network, cfg: WaterConfig) -> pypsa.Network:
    status, condition = n.optimize(solver_name="highs", include_objective_constant=False,
                                   extra_functionality=lambda n, s: add_constraints(n, s, cfg))  # fmt: skip
    assert (status, condition) == ("ok", "optimal")
    return n


def metric(rows: list[dict], name: str, scope: str, carrier: str = "") -> float:
    hit = [r["value"] for r in rows if (r["metric"], r["scope"], r["carrier"]) == (name, scope, carrier)]
    assert len(hit) == 1, (name, scope, carrier, hit)
    return hit[0]


def energy(n: pypsa.Network, name: str) -> float:
    return float(n.generators_t.p[name].mul(n.snapshot_weightings.generators).sum())


def test_cap_binds_and_shifts_generation_to_water_free_source():
    # demand 2 x 100 MWh; coal (300 CNY/MWh) uses 1.577 m3/MWh, wind (400) none; allowance 157.7 m3 -> coal <= 100 MWh
    gens = {"Shanxi": {"coal": (200.0, 300.0), "onwind": (200.0, 400.0)}}
    cfg = WaterConfig(enabled=True, cap_scale=cap_scale_for("Shanxi", SHANXI_FRESH * 100 / 1e3), transfers=False)
    n = toy(gens)
    add_water(n, cfg, 2023, *water_tables())
    solve(n, cfg)
    assert energy(n, "Shanxi coal") == pytest.approx(100.0, rel=1e-6)
    assert energy(n, "Shanxi onwind") == pytest.approx(100.0, rel=1e-6)
    rows = metrics_rows(n, pd.Series({"Shanxi": "Central"}))
    assert metric(rows, "water_cap_utilisation", "Shanxi") == pytest.approx(1.0, rel=1e-6)
    # one m3 more lets 1/1.577 MWh of coal replace wind: (400 - 300) / 1.577 CNY per m3
    assert metric(rows, "water_shadow_price", "Shanxi") == pytest.approx(100 / SHANXI_FRESH, rel=1e-4)
    uncapped = WaterConfig(enabled=True, cap=False, transfers=False)
    m = toy(gens)
    add_water(m, uncapped, 2023, *water_tables())
    solve(m, uncapped)
    assert energy(m, "Shanxi coal") == pytest.approx(200.0, rel=1e-6)
    assert metric(metrics_rows(m, pd.Series({"Shanxi": "Central"})), "water_shadow_price", "Shanxi") == pytest.approx(0.0, abs=1e-6)


def test_overdraft_reports_a_cap_below_must_run():
    cfg = WaterConfig(enabled=True, cap_scale=cap_scale_for("Shanxi", SHANXI_FRESH * 100 / 1e3), transfers=False)
    n = toy({"Shanxi": {"coal": (200.0, 300.0)}})  # no water-free alternative
    add_water(n, cfg, 2023, *water_tables())
    solve(n, cfg)
    rows = metrics_rows(n, pd.Series({"Shanxi": "Central"}))
    assert metric(rows, "water_overdraft", "Shanxi") == pytest.approx(SHANXI_FRESH * 100 / 1e6, rel=1e-6)  # million m3


def test_a_plant_built_by_the_planning_step_withdraws_its_cooling_water():
    # 100 MW load; the built fleet is 40 MW of coal, an extendable coal option (capital cost 1 CNY/MW) must add 60 MW and run
    # them. The province's water-use sink was bounded by the fleet present when the water layer was built (40 MW x the
    # coal factor), which held the new plant's output at 0: 60 MW short, an infeasible plan (the 2055 pathway-edwc horizon).
    cfg = WaterConfig(enabled=True, cap=False, transfers=False)
    n = toy({"Shanxi": {"coal": (40.0, 300.0)}})
    n.add("Generator", "Shanxi coal new", bus="Shanxi", carrier="coal", p_nom_extendable=True, capital_cost=1.0, marginal_cost=300.0)
    add_water(n, cfg, 2023, *water_tables())
    solve(n, cfg)
    assert n.generators.p_nom_opt["Shanxi coal new"] == pytest.approx(60.0, rel=1e-6)
    assert energy(n, "Shanxi coal new") == pytest.approx(2 * 60.0, rel=1e-6)
    withdrawn = -float(n.generators_t.p["Shanxi power water use"].sum())  # thousand m3 over the two hours
    assert withdrawn == pytest.approx(SHANXI_FRESH * 200 / 1e3, rel=1e-6)


def test_transfer_pumping_adds_electricity_demand_where_pumped():
    n = toy({"Jiangsu": {"coal": (500.0, 300.0)}, "Shandong": {"coal": (500.0, 300.0)}})
    cfg = WaterConfig(enabled=True)
    add_water(n, cfg, 2023, *water_tables())
    solve(n, cfg)
    rate = 1088 * 1e3 / 8760  # thousand m3/h delivered to Shandong (1,088 million m3/a)
    _, demand = hourly_by_bus(n)  # metrics.py's consumption: loads + p0 of sector links at AC buses
    assert demand["Jiangsu"].iloc[0] == pytest.approx(100 + rate * 0.169, rel=1e-6)  # 0.169 kWh/m3 = MWh per thousand m3
    assert demand["Shandong"].iloc[0] == pytest.approx(100 + rate * 0.084, rel=1e-6)
    assert energy(n, "Jiangsu coal") == pytest.approx(2 * (100 + rate * 0.169), rel=1e-6)
    rows = metrics_rows(n, pd.Series({"Jiangsu": "East", "Shandong": "East"}))
    assert metric(rows, "water_pumping_electricity", "national", "water transfer") == pytest.approx(2 * rate * 0.253 / 1e6, rel=1e-6)
    assert metric(rows, "water_transfer", "Shandong", "East") == pytest.approx(2 * rate / 1e3, rel=1e-6)  # million m3
    # a route whose provinces are not all in the network is left out (no stranded pumping)
    m = toy({"Jiangsu": {"coal": (500.0, 300.0)}})
    add_water(m, cfg, 2023, *water_tables())
    assert m.links.empty


def test_seawater_cooling_is_not_counted_against_the_fresh_water_cap():
    # same tiny hard cap, nuclear at 50 CNY/MWh vs wind at 400: coastal Shandong cools with seawater, inland Henan with towers
    gens = {"Shandong": {"nuclear": (100.0, 50.0), "onwind": (200.0, 400.0), "hydro": (10.0, 0.0)},
            "Henan": {"nuclear": (100.0, 50.0), "onwind": (200.0, 400.0)}}  # fmt: skip
    scale = cap_scale_for("Henan", NUCLEAR_RECIRC * 100 / 1e3)  # Henan: nuclear <= 100 MWh
    cfg = WaterConfig(enabled=True, cap_scale=scale, tight_provinces=[], transfers=False, overdraft_penalty_cny_per_m3=None)
    n = toy(gens)
    add_water(n, cfg, 2023, *water_tables())
    solve(n, cfg)
    assert energy(n, "Shandong nuclear") == pytest.approx(200.0 - 20.0, rel=1e-6)  # full output less hydro
    assert energy(n, "Henan nuclear") == pytest.approx(100.0, rel=1e-6)
    rows = metrics_rows(n, pd.Series({"Shandong": "East", "Henan": "Central"}))
    assert metric(rows, "seawater_withdrawal", "Shandong", "nuclear") == pytest.approx(180 * 193.07 / 1e6, rel=1e-6)
    assert metric(rows, "water_withdrawal", "Henan", "nuclear") == pytest.approx(100 * NUCLEAR_RECIRC / 1e6, rel=1e-6)
    assert not [r for r in rows if r["metric"] == "water_withdrawal" and r["scope"] == "Shandong" and r["carrier"] == "nuclear"]
    # reservoir evaporation is reported as consumption but is not a withdrawal
    assert metric(rows, "reservoir_evaporation", "Shandong", "hydro") == pytest.approx(20 * 17.0 / 1e6, rel=1e-6)


def test_units_round_trip_with_snapshot_weightings():
    cfg = WaterConfig(enabled=True, transfers=False)
    n = toy({"Shanxi": {"coal": (200.0, 300.0)}}, load_mw=50.0, hours=3.0)  # 2 snapshots x 3 h x 50 MW = 300 MWh
    add_water(n, cfg, 2023, *water_tables())
    solve(n, cfg)
    assert n.generators_t.p["Shanxi power water use"].iloc[0] == pytest.approx(-50 * SHANXI_FRESH / 1e3)  # thousand m3/h
    rows = metrics_rows(n, pd.Series({"Shanxi": "Central"}))
    assert metric(rows, "water_withdrawal", "Shanxi", "coal") == pytest.approx(300 * SHANXI_FRESH / 1e6, rel=1e-9)
    assert metric(rows, "water_fresh_supply", "Shanxi") == pytest.approx(300 * SHANXI_FRESH / 1e6, rel=1e-6)
    assert metric(rows, "water_consumption", "Shanxi", "coal") == pytest.approx(300 * (0.65 * 0.26 + 0.35 * 2.6) / 1e6, rel=1e-9)
    # allowance: 1e8 m3 of industrial water (2012) x 970.2/1380.7 (2023 national) x 0.9 = million m3 x 100
    industrial = wd.read_industrial_water(INPUTS / "province_water_use.csv")["Shanxi"]
    assert metric(rows, "water_allowance", "Shanxi") == pytest.approx(industrial * 970.2 / 1380.7 * 0.9 * 100, rel=1e-9)


def test_data_centre_water_on_bus2_joins_the_balance():
    cfg = WaterConfig(enabled=True, transfers=False)
    n = toy({"Ningxia": {"coal": (300.0, 300.0)}})
    add_water(n, cfg, 2023, *water_tables())  # water before compute, as in build_network
    n.add("Bus", "Ningxia hub", carrier="data centre")
    n.add("Load", "Ningxia IT", bus="Ningxia hub", p_set=10.0)
    n.add("Link", "Ningxia data centre", bus0="Ningxia", bus1="Ningxia hub", bus2="Ningxia water", carrier="data centre",
          p_nom=20.0, efficiency=1.0, efficiency2=-1.8 / 1e3)  # WUE 1.8 L/kWh  # fmt: skip
    solve(n, cfg)
    rows = metrics_rows(n, pd.Series({"Ningxia": "West"}))
    assert metric(rows, "water_withdrawal", "Ningxia", "data centre") == pytest.approx(20 * 1.8 / 1e6, rel=1e-6)
    coal = metric(rows, "water_withdrawal", "Ningxia", "coal")
    assert metric(rows, "water_fresh_supply", "Ningxia") == pytest.approx(coal + 20 * 1.8 / 1e6, rel=1e-6)


def test_disabled_leaves_the_network_unchanged():
    n = toy({"Shanxi": {"coal": (200.0, 300.0)}})
    before = n.copy()
    add_water(n, WaterConfig(), 2023, *water_tables())
    for component in ("buses", "generators", "links", "loads", "carriers"):
        pd.testing.assert_frame_equal(getattr(n, component), getattr(before, component))


def test_config_and_inputs():
    with pytest.raises(ValidationError, match="Shanxy"):
        WaterConfig(tight_provinces=["Shanxy"])
    cfg = load_run_config(REPO / "config.yaml", REPO / "runs" / "2030-water-tight.yaml")
    assert cfg.water.enabled and cfg.water.cap and 0 < cfg.water.tight_cut < 1 and "Shanxi" in cfg.water.tight_provinces
    assert not load_run_config(REPO / "config.yaml", REPO / "runs" / "2030-water.yaml").water.cap
    industrial = wd.read_industrial_water(INPUTS / "province_water_use.csv")
    assert industrial.sum() == pytest.approx(1380.7)  # 2012 national total, incl. the estimated Ningxia and Xinjiang rows
    national = wd.read_national_water(INPUTS / "national_water_use.csv")
    total = allowances(industrial, national, 2023, 0.9, 1.0, [], 0.0).sum()
    assert total == pytest.approx(970.2 * 0.9 * 1e5)  # thousand m3
    assert wd.read_transfers(INPUTS / "water_transfers.csv", 2012).empty  # eastern route from 2013, middle from 2014


def test_plot_water_writes_map_and_bars(tmp_path):
    from network.plots.water import plot_water

    cfg = WaterConfig(enabled=True)
    n = toy({"Jiangsu": {"coal": (500.0, 300.0)}, "Shandong": {"coal": (500.0, 300.0)}})
    add_water(n, cfg, 2023, *water_tables())
    solve(n, cfg)
    metrics = pd.DataFrame(metrics_rows(n, pd.Series({"Jiangsu": "East", "Shandong": "East"})))
    paths = plot_water(n, metrics, INPUTS / "province_shapes.geojson", tmp_path)
    assert [p.name for p in paths] == ["water_map.png", "water_withdrawal.png"] and all(p.stat().st_size > 0 for p in paths)
    assert plot_water(n, metrics[~metrics.metric.str.startswith("water")], INPUTS / "province_shapes.geojson", tmp_path) == []
