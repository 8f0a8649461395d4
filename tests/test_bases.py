"""Base-year mechanisms on tiny networks with hand-checked answers: energy bases behind UHV lines, what a buyer
pays to use a line, monthly provincial hydro budgets and in-year capacity."""

from pathlib import Path

import pandas as pd
import pypsa
import pytest

from network.analysis.metrics.power import generation_by_bus_carrier, net_import_by_bus
from network.analysis.metrics.summary import summarize
from network.analysis.province_view import province_view
from network.config.provinces import NBS_REGIONS, PROVINCES, region_of
from network.config.transmission import TransmissionConfig
from network.data.grid import read_uhv_bases, read_uhv_tariffs
from network.data.prepare import province_table
from network.model.bases import add_bases
from network.model.carriers import add_carriers
from network.model.charges import line_price, link_charges, pair_charge
from network.model.constraints import base_renewable_share
from network.model.hydro import hourly_availability, monthly_capacity_factor
from tests.conftest import REPO, add_transmission_from, shipped_inputs

LINES = (
    "name,type,kv,from_province,to_province,terminal_gw,substations,capacity_gw,circuits,length_km,year_in_service,exchange_pairs,source\n"
    "Qishao,DC,800,Gansu,Hunan,,,0.2,,1000,2017,,test\n"
)
TARIFFS = (
    "name,kind,tariff_cny_per_kwh,loss_rate_pct,losses_in_price,provinces,from_province,to_province\n"
    "Qishao,line,{price},4.0,{folded},,,\n"
    "Northwest,regional_grid,0.012,,0,Gansu;Shaanxi,,\n"
    "Central,regional_grid,0.025,,0,Hunan;Hubei,,\n"
    "CSG Guizhou to Guangdong,regional_grid,0.0755,7.05,0,,Guizhou,Guangdong\n"
)
BASES = "name,delivery,coal_gw,wind_gw,solar_gw,hydro_gw,renewable_share_target\nQishao,point_to_grid,0.1,,,,{share}\nOther,grid_to_grid,5,,,,\n"
EDGES = "Gansu,Hunan,1\n"  # 1 MW residual: too small to matter, keeps the table valid


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    return province_table(REPO / "inputs" / "province_shapes.geojson").reindex(list(PROVINCES))


def write_inputs(path: Path, price: float = 0.06, folded: int = 0, share: str = "") -> Path:
    (path / "uhv_lines.csv").write_text(LINES)
    (path / "exchange_capacity_current.csv").write_text(EDGES)
    (path / "uhv_tariffs.csv").write_text(TARIFFS.format(price=price, folded=folded))
    (path / "uhv_bases.csv").write_text(BASES.format(share=share))
    return path


def gansu_hunan(inputs: Path, provinces: pd.DataFrame, bases: bool, coal_cost_hunan: float = 400.0, renewable_share: bool = False,
                **cfg) -> pypsa.Network:  # fmt: skip
    """Gansu: cheap coal 1,000 MW, no load; Hunan: 500 MW load, coal at `coal_cost_hunan`; the 200 MW Qishao line
    (p_max_pu 1, 1,000 km) and, with `bases`, its 100 MW coal base tied to Gansu by 10 % of the rating (20 MW)."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2023-01-01", periods=2, freq="h"))
    add_carriers(n, {"coal": 0.34})
    regions = region_of(NBS_REGIONS)
    for bus in ("Gansu", "Hunan"):
        n.add("Bus", bus, carrier="AC", x=provinces.at[bus, "x"], y=provinces.at[bus, "y"], province=bus, location=bus,
              region=regions[bus], role="electricity")  # fmt: skip
    n.add("Load", "Hunan load", bus="Hunan", carrier="AC", p_set=500.0)
    n.add("Generator", "Gansu coal", bus="Gansu", carrier="coal", p_nom=1000.0, marginal_cost=200.0, efficiency=0.4, p_min_pu=0.01)
    n.add("Generator", "Hunan coal", bus="Hunan", carrier="coal", p_nom=1000.0, marginal_cost=coal_cost_hunan, efficiency=0.4)
    add_transmission_from(n, TransmissionConfig(**{"p_max_pu": 1.0, "base_tie_share": 0.1, **cfg}), inputs, provinces, 2023)
    if bases:
        add_bases(n, read_uhv_bases(inputs / "uhv_bases.csv"), 0.1)
    shares = lambda n, snapshots: base_renewable_share.add_constraints(n, snapshots, renewable_share)  # noqa: E731
    assert n.optimize(solver_name="highs", extra_functionality=shares) == ("ok", "optimal")
    return n


def qishao_sent(n: pypsa.Network) -> float:
    """Mean power sent over the Qishao line (MW)."""
    return float(n.links_t.p0[n.links.index[n.links.uhv_line == "Qishao"]].sum(axis=1).mean())


def test_a_line_carries_what_its_base_produces(tmp_path, provinces):
    """Without a base the line fills to 200 MW from Gansu's grid; with its 100 MW base and a 20 MW tie it sends 120 MW.
    The base's plant is moved out of Gansu's fleet (1,000 -> 900 MW), and the provincial view puts it back in Gansu."""
    inputs = write_inputs(tmp_path)
    assert qishao_sent(gansu_hunan(inputs, provinces, bases=False)) == pytest.approx(200.0)
    n = gansu_hunan(inputs, provinces, bases=True)
    assert qishao_sent(n) == pytest.approx(120.0)
    assert n.generators.at["Gansu coal", "p_nom"] == pytest.approx(900.0)
    assert n.generators.at["Base Qishao coal", "p_nom"] == pytest.approx(100.0)
    assert n.generators.at["Base Qishao coal", "p_min_pu"] == 0.0  # the base's plants have no provincial must-run
    assert "Base Other" not in n.buses.index  # grid-to-grid lines get no base
    view = province_view(n)
    assert "Base Qishao" not in view.buses.index and view.links.bus0.isin(["Gansu", "Hunan"]).all()
    gen = generation_by_bus_carrier(view)
    assert gen[("Gansu", "coal")] == pytest.approx(2 * 121.0)  # two hours: base (100) + tie (20) + 1 MW residual link
    assert net_import_by_bus(view)["Gansu"] == pytest.approx(-2 * 121.0)
    metrics = summarize(n).set_index(["metric", "scope", "carrier"]).value
    assert ("generation", "Base Qishao", "coal") not in metrics.index
    assert metrics[("generation", "Gansu", "coal")] == pytest.approx(2 * 121.0 / 1e6)


@pytest.mark.parametrize("share, enabled, sent", [("0.4", True, 50.0), ("0.4", False, 120.0), ("", True, 120.0)])
def test_a_base_renewable_share_caps_its_fossil_output(tmp_path, provinces, share, enabled, sent):
    """Target 40 % (annual): base coal <= 0.6 x sent, sent = coal + tie (<= 20 MW) -> sent <= 20 / 0.4 = 50 MW on average.
    Without the constraint or without a target: 100 MW coal + 20 MW tie."""
    inputs = write_inputs(tmp_path, share=share)
    n = gansu_hunan(inputs, provinces, bases=True, renewable_share=enabled)
    assert qishao_sent(n) == pytest.approx(sent)


@pytest.mark.parametrize("price, flows", [(0.06, False), (0.03, True)])
def test_a_line_tariff_flips_the_dispatch(tmp_path, provinces, price, flows):
    """Import cost per MWh delivered = Gansu coal 200 / efficiency (1 - 0.025 - 2 x 0.007 = 0.961) + tariff: 268 at
    60 CNY/MWh, 238 at 30; Hunan's coal at 260 runs in the first case, the line in the second."""
    inputs = write_inputs(tmp_path, price=price)
    n = gansu_hunan(inputs, provinces, bases=False, coal_cost_hunan=260.0)
    assert (qishao_sent(n) > 100.0) is flows  # Gansu must-run (10 MW) always goes somewhere


def test_loss_cost_in_the_price_is_not_paid_twice():
    """Price 0.0637 CNY/kWh with 4.0 % losses folded in: 63.7 - 0.04 x 350 = 49.7 CNY/MWh; without: 63.7."""
    tariffs = read_uhv_tariffs_text(TARIFFS.format(price=0.0637, folded=1))
    assert line_price(tariffs, 350.0)["Qishao"] == pytest.approx(49.7)
    assert line_price(read_uhv_tariffs_text(TARIFFS.format(price=0.0637, folded=0)), 350.0)["Qishao"] == pytest.approx(63.7)
    links = pd.DataFrame({"bus0": ["Gansu"], "bus1": ["Hunan"], "efficiency": [0.9], "uhv_line": ["Qishao"]})
    assert link_charges(links, tariffs, 350.0).iloc[0] == pytest.approx(49.7 * 0.9)  # per MWh sent


def test_residual_links_pay_regional_charges():
    """Within one regional grid its charge, across two both, a CSG West-East pair its item, no charge in CSG otherwise."""
    tariffs = read_uhv_tariffs_text(TARIFFS.format(price=0.06, folded=0))
    assert pair_charge(tariffs, "Gansu", "Shaanxi") == pytest.approx(12.0)
    assert pair_charge(tariffs, "Gansu", "Hunan") == pytest.approx(12.0 + 25.0)
    assert pair_charge(tariffs, "Guizhou", "Guangdong") == pytest.approx(75.5)
    assert pair_charge(tariffs, "Guangdong", "Guizhou") == pytest.approx(75.5)
    assert pair_charge(tariffs, "Guangdong", "Guangxi") == 0.0


def read_uhv_tariffs_text(text: str, tmp=Path("/tmp")) -> pd.DataFrame:
    path = tmp / f"tariffs_{abs(hash(text))}.csv"
    path.write_text(text)
    return read_uhv_tariffs(path)


def test_monthly_hydro_capacity_factor_by_hand():
    """Sichuan 100 MW in 2022 and 300 MW at end-2023 (in-year 200 MW): January 2023 0.0744 TWh -> 0.0744e6 / (744 x 200)
    = 0.5; averaged with 2022 (0.0744 TWh on 100 MW = 1.0) -> 0.75; x all-plant factor 1.1 -> 0.825. No statistics -> 0."""
    rows = [{"province": "Sichuan", "year": y, "month": m, "hydro_twh": 0.0744 if m == 1 else 0.0} for y in (2022, 2023) for m in range(1, 13)]
    monthly = pd.DataFrame(rows)
    capacity = {2022: 100.0, 2023: 200.0}
    cf = monthly_capacity_factor(monthly, lambda y: pd.Series({"Sichuan": capacity[y], "Yunnan": 50.0}), [2022, 2023], 1.1)
    assert cf.at[1, "Sichuan"] == pytest.approx(0.825)
    assert cf.at[2, "Sichuan"] == 0.0 and (cf["Yunnan"] == 0.0).all()
    hourly = hourly_availability(cf, pd.date_range("2023-01-31 22:00", periods=4, freq="h"))
    assert hourly["Sichuan"].tolist() == pytest.approx([0.825, 0.825, 0.0, 0.0])


def test_base_year_hydro_energy_is_the_statistics():
    """With in-year average capacity, base-2023's hydro energy is the all-plant factor x NBS provincial generation."""
    from network.config import load_run_config
    from network.data.statistics import read_hydro_monthly
    from network.model.build import FleetStatistics, hydro_capacity_factor

    cfg = load_run_config(REPO / "config.yaml", REPO / "runs" / "base-2023.yaml")
    fleets = FleetStatistics(shipped_inputs())
    cf = hydro_capacity_factor(cfg.hydro, shipped_inputs().hydro_monthly, fleets)
    hours = pd.Series(pd.date_range("2023-01-01", "2023-12-31 23:00", freq="h").month).value_counts().sort_index()
    energy_twh = cf.mul(hours, axis=0).mul(fleets.conventional_hydro(2023)).sum() / 1e6
    nbs = read_hydro_monthly(REPO / "inputs" / "hydro_generation_monthly_by_province.csv").query("year == 2023")
    nbs = nbs.groupby("province").hydro_twh.sum() * cfg.hydro.all_plant_factor
    assert energy_twh["Sichuan"] == pytest.approx(nbs["Sichuan"], rel=1e-6)
    assert energy_twh["Yunnan"] == pytest.approx(nbs["Yunnan"], rel=1e-6)
    assert energy_twh.sum() == pytest.approx(1285.9, rel=0.01)  # NBS all-plant 2023
