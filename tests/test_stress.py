"""The dry-year stress test (network/model/stress.py, network/analysis/stress.py): a fixed system dispatched under a
drier hydrology sheds a hand-computed amount in the month and province the water is missing."""

import pandas as pd
import pypsa
import pytest

from network.analysis.stress import stress_table
from network.config import RunConfig
from network.config.stress import StressConfig
from network.model.carriers import add_carriers
from network.model.solve import scenario_constraints, solve
from network.model.stress import StressError, hydrology_capacity_factors, stress_dispatch
from network.plots.stress import plot_stress_languages
from tests.conftest import shipped_inputs

RUN_CF = 0.8
DRY_FEBRUARY_CF = 0.3


def two_bus() -> pypsa.Network:
    """Bus A: load 100 MW, hydro 100 MW (monthly budget), coal 40 MW; bus B: load 10 MW, coal 20 MW; link B <-> A 50 MW.
    Two hours in January and two in February (1 h each). With the run's hydrology (0.8 p.u. in both months: budget
    160 MWh a month, at most 95 MW an hour) all load is served."""
    n = pypsa.Network()
    n.set_snapshots(pd.DatetimeIndex(["2020-01-15 00:00", "2020-01-15 01:00", "2020-02-15 00:00", "2020-02-15 01:00"]))
    add_carriers(n, {"coal": 0.34})
    n.add("Bus", ["A", "B"], carrier="AC", x=[103.0, 108.0], y=[30.0, 30.0], region=["West", "Central"], province=["A", "B"])
    n.add("Load", ["A load", "B load"], bus=["A", "B"], carrier="AC", p_set=[100.0, 10.0])
    n.add("Generator", "A hydro", bus="A", carrier="hydro", p_nom=100.0, p_max_pu=[RUN_CF] * 4, marginal_cost=1.0)
    n.add("Generator", ["A coal", "B coal"], bus=["A", "B"], carrier="coal", p_nom=[40.0, 20.0], marginal_cost=300.0, efficiency=0.4)
    n.add("Generator", ["A load shedding", "B load shedding"], bus=["A", "B"], carrier="load shedding", p_nom=1e6, marginal_cost=20000.0)
    n.add("Link", ["B -> A", "A -> B"], bus0=["B", "A"], bus1=["A", "B"], carrier="AC", p_nom=50.0, marginal_cost=0.1)
    return n


def capacity_factors(february: float) -> pd.DataFrame:
    cf = pd.DataFrame({"A": RUN_CF, "B": 0.0}, index=range(1, 13))
    cf.loc[2, "A"] = february
    return cf


@pytest.fixture(scope="module")
def runs():
    cfg = RunConfig()
    run = solve(two_bus(), cfg.solver, constraints=scenario_constraints(cfg))
    stressed = stress_dispatch(two_bus(), cfg, capacity_factors(DRY_FEBRUARY_CF), cf_run=capacity_factors(RUN_CF))
    return run, stressed


def test_the_dry_month_sheds_what_its_water_cannot_cover(runs):
    """February at A: demand 200 MWh = hydro budget 0.3 x 100 MW x 2 h (60) + A coal 40 MW x 2 h (80) + import of B's
    surplus (20 - 10) MW x 2 h (20) + unserved 40 MWh. January keeps its water: nothing shed."""
    run, stressed = runs
    shed = stressed.generators_t.p[["A load shedding", "B load shedding"]]
    assert shed["A load shedding"].iloc[2:].sum() == pytest.approx(40.0, abs=1e-6)
    assert shed["A load shedding"].iloc[:2].sum() == pytest.approx(0.0, abs=1e-6)
    assert shed["B load shedding"].sum() == pytest.approx(0.0, abs=1e-6)
    assert run.generators_t.p["A load shedding"].sum() == pytest.approx(0.0, abs=1e-6)
    assert stressed.generators_t.p["A hydro"].iloc[2:].sum() == pytest.approx(60.0)
    assert stressed.generators.at["A hydro", "p_nom"] == 100.0  # capacities unchanged


def test_stress_table(runs, tmp_path):
    run, stressed = runs
    table = stress_table(run, stressed)
    value = table.set_index(["metric", "scope", "carrier"]).value
    assert value["stress_unserved_energy", "A", "02"] == pytest.approx(40e-6)  # TWh
    assert value["stress_unserved_energy", "A", "01"] == pytest.approx(0.0, abs=1e-12)
    assert value["stress_unserved_energy", "national", ""] == pytest.approx(40e-6)
    assert value["stress_unserved_share", "national", ""] == pytest.approx(40.0 / 440.0)  # 4 h x 110 MW demand
    assert value["stress_hydro_available", "A", "run"] == pytest.approx(320e-6)
    assert value["stress_hydro_available", "A", "stress"] == pytest.approx(220e-6)
    assert value["stress_hydro_generation", "A", "stress"] == pytest.approx(220e-6)
    # February: coal 60 -> 120 MWh (x 300 CNY), hydro 160 -> 60 MWh (x 1), 20 MWh over the link (x 0.1), 40 MWh unserved (x 20,000)
    assert value["stress_system_cost_change", "national", ""] == pytest.approx((60 * 300 - 100 * 1 + 20 * 0.1 + 40 * 20000) / 1e9)
    assert value["stress_co2_change", "national", ""] == pytest.approx(60 * 0.34 / 0.4 / 1e6)
    en, zh = plot_stress_languages(table, tmp_path, "two-bus", [2022])
    assert en.exists() and zh.exists() and en.with_suffix(".svg").exists()
    data = pd.read_csv(en.with_suffix(".csv"), index_col="province")
    assert data.loc["A", "unserved_gwh_02"] == pytest.approx(0.04)
    assert data.loc["A", "hydro_shortfall_twh_available"] == pytest.approx(100e-6)


def test_a_network_of_another_hydrology_is_refused():
    with pytest.raises(StressError, match="differs from the run's hydrology"):
        stress_dispatch(two_bus(), RunConfig(), capacity_factors(DRY_FEBRUARY_CF), cf_run=capacity_factors(0.7))


def test_2022_is_the_sichuan_drought():
    """The shipped 2019-2024 monthly hydro, through build_network's own code: Sichuan's August and September 2022 (the
    drought's peak) are well below 2023's, the default hydrology (0.66 and 0.56 against 0.75 and 0.78 p.u.; over the
    year 2023 is the drier); two years average."""
    cfg = RunConfig()
    data = shipped_inputs()
    dry, normal, both = (hydrology_capacity_factors(cfg, data, years) for years in ([2022], [2023], [2022, 2023]))
    assert dry.loc[[8, 9], "Sichuan"].sum() < 0.85 * normal.loc[[8, 9], "Sichuan"].sum()
    assert both.at[8, "Sichuan"] == pytest.approx((dry.at[8, "Sichuan"] + normal.at[8, "Sichuan"]) / 2)
    assert StressConfig().hydro_years == [2022]
    with pytest.raises(ValueError, match="hydro_years"):
        StressConfig(hydro_years=[2018])
