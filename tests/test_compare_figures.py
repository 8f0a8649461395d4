"""The comparison figures, the planner's summary and the report's pages, drawn from metrics of real solves: a
four-province network (Xinjiang, Shanxi -> Jiangsu, Anhui) with two named UHV lines, solved with HiGHS once per run
under the names of config.yaml's runs, each run with another western wind fleet. Every figure must pass the overlap
check (network/plots/layout_check.py) in both languages and on both page sizes."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pypsa
import pytest
import yaml

from network.analysis.compare import compare
from network.analysis.metrics.summary import summarize
from network.analysis.planner import corridor_table, summary_table
from network.config.provinces import NBS_REGIONS, PROVINCES, region_of
from network.config.transmission import TransmissionConfig
from network.data.prepare import province_table
from network.model.carriers import add_carriers
from tests.conftest import REPO, add_transmission_from

matplotlib.use("Agg")

HEADER = "name,type,kv,from_province,to_province,terminal_gw,substations,capacity_gw,circuits,length_km,year_in_service,exchange_pairs,source\n"
LINES = HEADER + "Changji-Guquan (Zhundong-Wannan),DC,1100,Xinjiang,Anhui,,,12,,3300,2019,Anhui-Xinjiang,test\n" + \
    "Jinbei-Jiangsu (Yanmenguan-Huai'an),DC,800,Shanxi,Jiangsu,,,8,,1100,2017,Jiangsu-Shanxi,test\n"  # fmt: skip
EDGES = "Anhui,Xinjiang,12000\nJiangsu,Shanxi,8000\nAnhui,Jiangsu,5000\n"
BUSES = ["Xinjiang", "Shanxi", "Jiangsu", "Anhui"]
RUNS = yaml.safe_load((REPO / "config.yaml").read_text())["runs"]  # the shipped runs' names (long ones included)


def _solved(inputs: Path, provinces: pd.DataFrame, wind_gw: float) -> pypsa.Network:
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-13", periods=24, freq="h"))
    add_carriers(n, {"coal": 0.34})
    regions = region_of(NBS_REGIONS)
    n.add("Bus", BUSES, carrier="AC", x=provinces.loc[BUSES, "x"], y=provinces.loc[BUSES, "y"], region=[regions[b] for b in BUSES])
    add_transmission_from(n, TransmissionConfig(charges=False), inputs, provinces, 2023)
    hours = np.arange(24)
    wind = 0.3 + 0.25 * np.sin(hours / 24 * 2 * np.pi)
    solar = np.clip(np.sin((hours - 6) / 12 * np.pi), 0, None)
    n.add("Generator", "Xinjiang onwind", bus="Xinjiang", carrier="onwind", p_nom=wind_gw * 1e3, p_max_pu=wind)
    n.add("Generator", "Jiangsu solar", bus="Jiangsu", carrier="solar", p_nom=6e3, p_max_pu=solar)
    for bus, cost in [("Xinjiang", 150.0), ("Shanxi", 200.0), ("Jiangsu", 350.0), ("Anhui", 320.0)]:
        n.add("Generator", f"{bus} coal", bus=bus, carrier="coal", p_nom=20e3, marginal_cost=cost, efficiency=0.4)
        n.add("Generator", f"{bus} load shedding", bus=bus, carrier="load shedding", p_nom=1e6, marginal_cost=2e4)
    n.add("Load", [f"{b} load" for b in BUSES], bus=BUSES, carrier="AC", p_set=[4e3, 3e3, 18e3, 9e3])
    status, condition = n.optimize(solver_name="highs", include_objective_constant=False)
    assert (status, condition) == ("ok", "optimal")
    return n


@pytest.fixture(scope="module")
def comparison(tmp_path_factory, _shipped_vocabulary) -> pd.DataFrame:
    from network.config.technologies import use_technologies

    use_technologies(_shipped_vocabulary[0])  # module scope: before the autouse fixture of conftest.py
    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "uhv_lines.csv").write_text(LINES)
    (inputs / "exchange_capacity_current.csv").write_text(EDGES)
    provinces = province_table(REPO / "inputs" / "province_shapes.geojson").reindex(list(PROVINCES))
    metrics = {run: summarize(_solved(inputs, provinces, wind_gw=4.0 + 3.0 * i), focus="East") for i, run in enumerate(RUNS)}
    return compare(metrics)


def test_summary_and_corridor_tables(comparison):
    s = summary_table(comparison, "2030-baseline").set_index(["run", "key"])
    assert set(s.index.get_level_values("run")) == set(RUNS) and (s["baseline"] == "2030-baseline").all()
    wide = comparison.set_index(["metric", "scope", "carrier"])
    ss = wide.loc[("self_sufficiency", "East", ""), "2030-corridors"]
    assert s.loc[("2030-corridors", "self_sufficiency"), "value"] == pytest.approx(100 * ss)  # a fraction shown in %
    base = s.loc[("2030-baseline", "west_east_energy"), "value"]
    assert s.loc[("2030-corridors", "west_east_energy"), "difference"] == pytest.approx(s.loc[("2030-corridors", "west_east_energy"), "value"] - base)
    assert s.loc[("2030-baseline", "co2"), "difference"] == 0.0
    # more western wind sends more West->East, greener: the runs are different solves, not copies
    green = s.xs("west_east_green", level="key")["value"]
    assert green[RUNS[-1]] > green[RUNS[0]] >= 0
    assert summary_table(comparison, "no-such-run")["baseline"].iloc[0] == RUNS[0]
    c = corridor_table(comparison).set_index(["line", "run"])
    row = c.loc[("Changji-Guquan (Zhundong-Wannan)", "base-2023")]
    assert row["kind"] == "DC" and row["capacity_gw"] == pytest.approx(12.0)
    assert row["utilisation_hours"] == pytest.approx(row["energy_twh"] * 1e3 / 12.0 * 1e3 / 1e3, rel=1e-6)
    assert 0 <= row["green_share_pct"] <= 100 and len(c) == 2 * len(RUNS)


def _drawn(monkeypatch) -> list:
    """Check each figure as `_save` fits it to the page: [(file name, text_problems)]."""
    import network.plots.compare as compare_module
    import network.plots.summary as summary_module
    from network.plots import style
    from network.plots.layout_check import text_problems

    checked = []
    save = style._save

    def checking_save(fig, path, data):
        style.fit_page(fig, style.page_size())
        checked.append((Path(path).name, text_problems(fig, style.page_size())))
        return save(fig, path, data)

    monkeypatch.setattr(summary_module, "_save", checking_save)
    monkeypatch.setattr(compare_module, "_save", checking_save)
    return checked


@pytest.mark.parametrize("size", ["a4", "slide"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_comparison_figures_have_no_overlapping_text(comparison, tmp_path, monkeypatch, size, lang):
    from network.plots.compare import plot_comparison, plot_corridor_comparison
    from network.plots.language import language
    from network.plots.style import page
    from network.plots.summary import plot_corridors_across_runs, plot_summary

    checked = _drawn(monkeypatch)
    runs = RUNS
    table = comparison[["metric", "scope", "carrier", "unit", *runs]]
    with page(size), language(lang):
        plot_comparison(table, tmp_path)
        plot_corridor_comparison(table, tmp_path)
        plot_summary(summary_table(table, "2030-baseline"), tmp_path)
        plot_corridors_across_runs(corridor_table(table), tmp_path)
    names = {name for name, _ in checked}
    assert {"key_metrics.png", "corridor_comparison.png", "summary.png", "corridors_energy.png", "corridors_green_share.png"} <= names
    assert [(name, problems) for name, problems in checked if problems] == []
    data = pd.read_csv(tmp_path / "summary.csv", index_col=0)
    assert list(data.index) == runs and data.notna().any().all()


def test_pages_sort_filter_and_show_percent(comparison, tmp_path):
    from network.plots.pages import comparison_html, summary_fragment, summary_html

    s, c = summary_table(comparison, "2030-baseline"), corridor_table(comparison)
    page = summary_html(s, c, tmp_path / "summary.html").read_text(encoding="utf-8")
    assert "东部自给率" in page and "Self-sufficiency, East (%)" in page and "change vs 2030-baseline (pp)" in page
    assert "function sortBy" in page and "filterRows" in page and "<script src" not in page
    assert page.count("<tr") > 2 * len(RUNS)
    front = summary_fragment(s, tmp_path / "front.html").read_text(encoding="utf-8")
    assert "<script" not in front and front.count("<tr>") + front.count("<tr class=base>") == 2 * (len(RUNS) + 1)
    assert "{align-items:flex-start}" in front  # the report's front page starts at its top (its pane centred a tall page)
    table = comparison_html(comparison, tmp_path / "comparison.html").read_text(encoding="utf-8")
    first = table.index("<tbody>")
    assert table.index("<td>self_sufficiency</td><td>East</td>", first) < table.index("<td>consumption</td>", first)  # key metrics first
    ss = comparison.set_index(["metric", "scope"]).loc[("self_sufficiency", "East"), RUNS[0]]
    assert f">{100 * ss:.4g}</td>" in table and "<td>%</td>" in table
    # the page holds the rows of the country and the regions; the provinces' and lines' rows are in the CSV only (the
    # whole table made a page over 2 MB, which Chromium leaves blank inside the report)
    assert "<td>consumption</td><td>national</td>" in table and "<td>consumption</td><td>East</td>" in table
    assert "<td>Jiangsu</td>" not in table and "<td>Changji-Guquan (Zhundong-Wannan)</td>" not in table
