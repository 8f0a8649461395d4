"""Named UHV lines and the residual exchange: tiny synthetic inputs with hand-checkable answers,
plus invariants on the shipped inputs/uhv_lines.csv."""

from pathlib import Path

import pandas as pd
import pypsa
import pytest

from network.analysis.metrics.corridors import corridor_rows
from network.config.provinces import NBS_REGIONS, PROVINCES, region_of
from network.config.transmission import NewLine, TransmissionConfig
from network.data.grid import read_exchange_capacity, read_uhv_lines
from network.data.prepare import province_table
from network.data.tables import InputError
from network.model.transmission import contained_mw, residual_exchange
from tests.conftest import REPO, add_transmission_from

HEADER = "name,type,kv,from_province,to_province,terminal_gw,substations,capacity_gw,circuits,length_km,year_in_service,exchange_pairs,source\n"
# Xinjiang -> Anhui: one line contained in the table pair (12 GW of 12 GW); one added after the table (2025);
# Sichuan -> Jiangsu: two lines (7.2 + 8 GW) of a 17 GW pair; InnerMongolia -> Jiangsu: 10 GW line in an 8 GW pair.
LINES = HEADER + "\n".join([
    "Old DC,DC,1100,Xinjiang,Anhui,,,12,,2000,2019,Anhui-Xinjiang,test",
    "New DC,DC,800,Xinjiang,Anhui,,,8,,1000,2025,,test",
    "Under construction,DC,800,Xinjiang,Anhui,,,8,,1000,,,test",
    "SJ one,DC,800,Sichuan,Jiangsu,,,7.2,,2000,2012,Jiangsu-Sichuan,test",
    "SJ two,DC,800,Sichuan,Jiangsu,,,8,,2000,2022,Jiangsu-Sichuan,test",
    "Too big,DC,800,InnerMongolia,Jiangsu,,,10,,1600,2017,InnerMongolia-Jiangsu,test",
]) + "\n"  # fmt: skip
EDGES = "Anhui,Xinjiang,12000\nJiangsu,Sichuan,17000\nJiangsu,InnerMongolia,8000\nAnhui,Jiangsu,5000\n"
BUSES = ["Xinjiang", "Anhui", "Sichuan", "Jiangsu", "InnerMongolia"]


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    return province_table(REPO / "inputs" / "province_shapes.geojson").reindex(list(PROVINCES))


@pytest.fixture
def inputs(tmp_path) -> Path:
    (tmp_path / "uhv_lines.csv").write_text(LINES)
    (tmp_path / "exchange_capacity_current.csv").write_text(EDGES)
    return tmp_path


def network(provinces, buses=BUSES, hours=2) -> pypsa.Network:
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-01", periods=hours, freq="h"))
    regions = region_of(NBS_REGIONS)
    n.add("Bus", buses, carrier="AC", x=provinces.loc[buses, "x"], y=provinces.loc[buses, "y"], region=[regions[b] for b in buses])
    return n


def built(inputs, provinces, year=2023, **cfg) -> pypsa.Network:
    n = network(provinces)
    add_transmission_from(n, TransmissionConfig(**{"charges": False, **cfg}), inputs, provinces, year)  # charges: tests/test_bases.py
    return n


def only_xinjiang_anhui(inputs: Path) -> None:
    """Keep the Xinjiang -> Anhui lines and pair only (two-bus tests)."""
    (inputs / "uhv_lines.csv").write_text(HEADER + "".join(line + "\n" for line in LINES.splitlines()[1:4]))
    (inputs / "exchange_capacity_current.csv").write_text("Anhui,Xinjiang,12000\n")


def uhv(n: pypsa.Network, line: str) -> pd.DataFrame:
    return n.links[n.links.get("uhv_line") == line]


def test_line_not_in_service_is_absent(inputs, provinces):
    n = built(inputs, provinces, year=2023)
    assert len(uhv(n, "Old DC")) == 1 and uhv(n, "New DC").empty and uhv(n, "Under construction").empty
    n = built(inputs, provinces, year=2025)
    assert uhv(n, "New DC").p_nom.sum() == pytest.approx(8000.0) and uhv(n, "Under construction").empty
    n = built(inputs, provinces, year=2025, in_service_year={"Under construction": 2025})
    assert len(uhv(n, "Under construction")) == 1
    link = uhv(n, "Old DC").iloc[0]
    assert (link.bus0, link.bus1, link.carrier) == ("Xinjiang", "Anhui", "AC")  # DC: sending -> receiving only


def test_residual_never_double_counts(inputs, provinces):
    n = built(inputs, provinces)
    ac = n.links[n.links.carrier == "AC"]
    residual = ac[ac.uhv_line.isna()]
    assert "Anhui -> Xinjiang" not in residual.index  # 12 GW pair fully taken by the named line
    assert residual.at["Jiangsu -> Sichuan", "p_nom"] == pytest.approx(17000 - 7200 - 8000)
    assert residual.at["Anhui -> Jiangsu", "p_nom"] == pytest.approx(5000)
    # where nothing is clipped, residual + named lines = the table total of the pair
    for pair, total in {"Anhui - Xinjiang": 12000, "Jiangsu - Sichuan": 17000, "Anhui - Jiangsu": 5000}.items():
        links = ac[ac.exchange_pair == pair]
        named = links[links.uhv_line.notna() & (links.uhv_reverse == 0)]
        residual_both_ways = links[links.uhv_line.isna()]
        assert named.p_nom.sum() + residual_both_ways.p_nom.sum() / 2 == pytest.approx(total), pair
    # 10 GW line in an 8 GW pair: residual 0, the 2 GW excess is reported, never negative
    assert "InnerMongolia -> Jiangsu" not in residual.index and (ac.p_nom >= 0).all()
    rows = pd.DataFrame(corridor_rows(n, n.buses.region, "East"))
    clipped = rows[rows.metric == "residual_clipped"].set_index("scope").value
    assert clipped["InnerMongolia - Jiangsu"] == pytest.approx(2.0) and clipped["national"] == pytest.approx(2.0)
    # removing or scaling a line does not give its capacity back to the residual
    n = built(inputs, provinces, remove_lines=["SJ one"], scale_lines={"SJ two": 0.5})
    assert n.links.at["Jiangsu -> Sichuan", "p_nom"] == pytest.approx(1800)
    assert uhv(n, "SJ one").empty and uhv(n, "SJ two").p_nom.sum() == pytest.approx(4000)


def test_shipped_lines_never_double_count(provinces):
    cfg = TransmissionConfig(
        charges=False,
    )
    edges = read_exchange_capacity(REPO / "inputs" / "exchange_capacity_current.csv")
    acc = residual_exchange(edges, contained_mw(read_uhv_lines(REPO / "inputs" / "uhv_lines.csv"), cfg, provinces,
                                                {" - ".join(sorted(p)) for p in zip(edges.bus0, edges.bus1)}))  # fmt: skip
    assert (acc.residual_mw >= 0).all()
    assert (acc.residual_mw + acc.named_mw - acc.clipped_mw).to_numpy() == pytest.approx(acc.source_mw.to_numpy())
    # the Baihetan lines (2022) are in the table: Sichuan-Jiangsu 15.2 GW = Jinping-Sunan 7.2 + Baihetan-Jiangsu 8
    assert acc.at["Jiangsu - Sichuan", "residual_mw"] == pytest.approx(0.0)
    assert acc.at["Jiangsu - Sichuan", "clipped_mw"] == pytest.approx(0.0)


def test_losses_reduce_delivered_energy(inputs, provinces):
    """Wind in Xinjiang, 100 MW load in Anhui, the 2,000 km ±1100 kV line limited to 50 MW sent:
    delivered = sent x (1 - 0.015 x 2 - 2 x 0.007) = 0.956 sent; congestion rent = p0 x (0.956 x 300 - 0.2)."""
    n = network(provinces, ["Xinjiang", "Anhui"])
    cfg = TransmissionConfig(charges=False, p_max_pu=1.0, scale_lines={"Old DC": 50 / 12000})
    only_xinjiang_anhui(inputs)
    add_transmission_from(n, cfg, inputs, provinces, 2023)
    n.add("Load", "Anhui load", bus="Anhui", p_set=100.0)
    n.add("Generator", "Xinjiang onwind", bus="Xinjiang", p_nom=1000.0, marginal_cost=0.2)
    n.add("Generator", "Anhui coal", bus="Anhui", p_nom=1000.0, marginal_cost=300.0)
    assert n.optimize(solver_name="highs", include_objective_constant=False) == ("ok", "optimal")
    eta = 1 - 0.015 * 2000 / 1000 - 2 * 0.007
    link = uhv(n, "Old DC").index[0]
    assert n.links.at[link, "efficiency"] == pytest.approx(eta)
    assert n.links_t.p0[link].to_numpy() == pytest.approx([50.0, 50.0])
    assert (-n.links_t.p1[link]).to_numpy() == pytest.approx([50.0 * eta] * 2)
    assert n.generators_t.p["Anhui coal"].to_numpy() == pytest.approx([100 - 50 * eta] * 2)
    rows = pd.DataFrame(corridor_rows(n, n.buses.region, "East")).set_index(["metric", "scope"]).value
    assert rows["corridor_energy", "Old DC"] == pytest.approx(100 / 1e6)
    assert rows["corridor_energy_delivered", "Old DC"] == pytest.approx(100 * eta / 1e6)
    assert rows["corridor_hours_at_limit", "Old DC"] == pytest.approx(2.0)
    assert rows["corridor_utilisation_hours", "Old DC"] == pytest.approx(2.0)
    assert rows["corridor_congestion_value", "Old DC"] == pytest.approx(100 * (eta * 300 - 0.2) / 1e9, rel=1e-6)
    assert rows["west_east_energy", "West->East"].tolist() == pytest.approx([100 / 1e6] * 2)  # total and UHV


def test_unknown_line_name_is_rejected_with_close_matches(inputs, provinces):
    with pytest.raises(InputError, match=r"remove_lines.*'SJ tow'.*'SJ two'"):
        built(inputs, provinces, remove_lines=["SJ tow"])
    with pytest.raises(InputError, match=r"scale_lines.*Old DC"):
        built(inputs, provinces, scale_lines={"old dc": 2.0})
    with pytest.raises(InputError, match=r"already in inputs/uhv_lines.csv"):
        built(inputs, provinces, add_lines=[NewLine(name="Old DC", from_province=["Gansu"], to_province=["Anhui"],
                                                    capacity_gw=8, year_in_service=2020)])  # fmt: skip
    with pytest.raises(ValueError, match="unknown province"):
        NewLine(name="x", from_province=["Gansuu"], to_province=["Anhui"], capacity_gw=8, year_in_service=2020)


def test_add_remove_scale_and_direction_by_name(inputs, provinces):
    new = NewLine(name="Planned", from_province=["InnerMongolia"], to_province=["Jiangsu"], capacity_gw=4, length_km=1500, year_in_service=2030)
    n = built(inputs, provinces, year=2030, add_lines=[new], remove_lines=["New DC"], scale_lines={"Old DC": 0.5},
              direction={"SJ one": "both"})  # fmt: skip
    planned = uhv(n, "Planned").iloc[0]
    assert (planned.bus0, planned.bus1, planned.p_nom) == ("InnerMongolia", "Jiangsu", 4000.0)
    assert planned.efficiency == pytest.approx(1 - 0.025 * 1.5 - 0.014)
    assert uhv(n, "New DC").empty
    assert uhv(n, "Old DC").p_nom.sum() == pytest.approx(6000.0)
    assert sorted(uhv(n, "SJ one").bus0) == ["Jiangsu", "Sichuan"]  # reverse link added
    assert len(uhv(n, "SJ two")) == 1


def test_multi_terminal_and_ac_segments(provinces, tmp_path):
    lines = HEADER + "\n".join([
        "Three terminal,DC,800,Yunnan,Guangdong;Guangxi,5;3,,8,,1400,2020,Guangdong-Yunnan;Guangxi-Yunnan,test",
        "AC ring,AC,1000,Anhui,Shanghai,,Anhui;Zhejiang;Shanghai,,2,600,2013,Anhui-Zhejiang,test",
    ]) + "\n"  # fmt: skip
    (tmp_path / "uhv_lines.csv").write_text(lines)
    (tmp_path / "exchange_capacity_current.csv").write_text("Guangdong,Yunnan,20000\nGuangxi,Yunnan,3000\nAnhui,Zhejiang,9500\n")
    n = network(provinces, ["Yunnan", "Guangdong", "Guangxi", "Anhui", "Zhejiang", "Shanghai"])
    add_transmission_from(
        n,
        TransmissionConfig(
            charges=False,
        ),
        tmp_path,
        provinces,
        2023,
    )
    dc = uhv(n, "Three terminal").set_index("bus1")
    assert dc.p_nom.to_dict() == {"Guangdong": 5000.0, "Guangxi": 3000.0}
    assert dc.at["Guangdong", "length"] == pytest.approx(1400.0) and dc.at["Guangxi", "length"] < 1400.0
    ac = uhv(n, "AC ring")
    assert len(ac) == 4 and (ac.p_nom == 8000.0).all()  # two segments, both directions, double circuit
    assert ac.length.groupby(ac.uhv_part).first().sum() == pytest.approx(600.0)
    assert n.links.at["Anhui -> Zhejiang", "p_nom"] == pytest.approx(1500.0)
    assert "Guangxi -> Yunnan" not in n.links.index


@pytest.mark.parametrize("coal_cost, built_mw", [(300.0, 100.0), (20.0, 0.0)])
def test_extendable_corridor_is_built_only_when_worth_it(inputs, provinces, coal_cost, built_mw):
    """Annualised cost (1.5e6 + 900 x 1000 km) x (annuity(7 %, 40 a) + 1 %) = 204 kCNY/MW/a against fuel savings
    of (coal cost - 0.3) x 8760 h x efficiency per MW: built to the load (/efficiency) at 300, not at 20 CNY/MWh."""
    new = NewLine(name="Candidate", from_province=["Xinjiang"], to_province=["Anhui"], capacity_gw=1, length_km=1000, year_in_service=2030)
    only_xinjiang_anhui(inputs)
    n = network(provinces, ["Xinjiang", "Anhui"])
    cfg = TransmissionConfig(charges=False, p_max_pu=1.0, add_lines=[new], extendable=["Candidate"], remove_lines=["Old DC", "New DC"])
    add_transmission_from(n, cfg, inputs, provinces, 2030)
    n.snapshot_weightings.loc[:, :] = 8760 / 2
    n.add("Load", "Anhui load", bus="Anhui", p_set=100.0)
    n.add("Generator", "Xinjiang onwind", bus="Xinjiang", p_nom=1000.0, marginal_cost=0.2)
    n.add("Generator", "Anhui coal", bus="Anhui", p_nom=1000.0, marginal_cost=coal_cost)
    assert n.optimize(solver_name="highs", include_objective_constant=False) == ("ok", "optimal")
    link = uhv(n, "Candidate").iloc[0]
    assert link.capital_cost == pytest.approx((1.5e6 + 900 * 1000) * (0.07 / (1 - 1.07**-40) + 0.01))
    assert link.p_nom_opt == pytest.approx(built_mw / link.efficiency, abs=1e-3)
    rows = pd.DataFrame(corridor_rows(n, n.buses.region, "East")).set_index(["metric", "scope"]).value
    assert rows["corridor_built_capacity", "Candidate"] == pytest.approx(built_mw / link.efficiency / 1e3, abs=1e-6)
    with pytest.raises(InputError, match="unidirectional DC"):
        add_transmission_from(network(provinces, ["Xinjiang", "Anhui"]), TransmissionConfig(charges=False, extendable=["Old DC"], direction={"Old DC": "both"}),
                         inputs, provinces, 2030)  # fmt: skip


@pytest.mark.parametrize("run, low, high", [("base-2023", 300, 315), ("2030-baseline", 325, 340), ("2030-corridors", 420, 425),
                                            ("2030-east-distributed", 375, 390)])  # fmt: skip
def test_run_files_west_east_capacity(provinces, run, low, high):
    """West->East capacity of the shipped run files (GW): published >300 (2023), 340 (2025), target >420 (2030)."""
    from network.config import load_run_config

    cfg = load_run_config(REPO / "config.yaml", REPO / "runs" / f"{run}.yaml")
    n = network(provinces, list(PROVINCES))
    add_transmission_from(n, cfg.transmission, REPO / "inputs", provinces, cfg.scenario.year)
    rows = pd.DataFrame(corridor_rows(n, n.buses.region, "East"))
    west_east = rows[(rows.metric == "west_east_capacity") & (rows.carrier == "")].value.item()
    assert low <= west_east <= high


def test_corridor_plots(inputs, provinces, tmp_path):
    from network.plots.compare import plot_corridor_comparison
    from network.plots.corridors import plot_corridors

    n = built(inputs, provinces)
    n.links_t.p0 = pd.DataFrame(1.0, index=n.snapshots, columns=n.links.index)
    empty = pd.DataFrame(columns=["metric", "scope", "carrier", "value", "unit"])
    assert plot_corridors(n, empty, REPO / "inputs" / "province_shapes.geojson", tmp_path)[0].stat().st_size > 0
    table = pd.DataFrame({"metric": ["self_sufficiency", "west_east_capacity"], "scope": ["East", "West->East"],
                          "carrier": ["", ""], "unit": ["fraction", "GW"], "a": [0.7, 300.0], "b": [0.8, 420.0]})  # fmt: skip
    assert plot_corridor_comparison(table, tmp_path)[0].name == "corridor_comparison.png"
