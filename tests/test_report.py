"""The report's parts: a caption for every figure, the interactive map (offline, its tooltips), and a look in a real
browser (headless Chromium; skipped where it is not installed, .ci/run installs it)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pypsa
import pytest
import yaml

from network.plots.captions import CAPTIONS_ZH, caption_table, figure_captions
from network.plots.interactive import interactive_map, line_table
from tests.conftest import REPO
from tools.screenshot import chromium, screenshot


def _figure_names() -> set[str]:
    """Every PNG name the plot modules write ('dispatch_{slug}_...' with the focus region East)."""
    names = set()
    for path in (REPO / "network" / "plots").glob("*.py"):
        for m in re.finditer(r'"([A-Za-z_{}]+)\.png"', path.read_text(encoding="utf-8")):
            names.add(m.group(1).replace("{slug}", "East"))
    return names


def test_every_figure_has_a_caption():
    names = _figure_names()
    assert {"generation_mix", "dispatch_East_summer", "corridor_green_share", "water_map", "key_metrics", "corridor_comparison"} <= names
    captions = figure_captions("base-2023", 3, focus="East") | figure_captions(None)
    assert sorted(names - set(captions)) == []
    text = figure_captions("base-2023", 3, focus="North China", language="en")["dispatch_North_China_summer"]
    assert "North China region" in text and "``base-2023``, 3-hourly" in text and "English" in text
    zh = figure_captions("base-2023", 3, focus="East", language="zh")  # the run figures' captions in Chinese (report/captions_zh.yaml)
    assert "东部区域夏季一周" in zh["dispatch_East_summer"] and "``base-2023``，3 小时分辨率，中文标注" in zh["dispatch_East_summer"]
    assert set(caption_table(CAPTIONS_ZH)) <= set(caption_table()) and "Annual" not in zh["generation_mix"]
    assert "runs/comparison.csv" in figure_captions(None)["key_metrics"]


def test_caption_table_rejects_a_bad_entry(tmp_path):
    bad = tmp_path / "captions.yaml"
    bad.write_text("generation_mix: [not, text]\n")
    with pytest.raises(ValueError, match="figure: caption text"):
        caption_table(bad)


@pytest.fixture(scope="module")
def corridor_run():
    """Two provinces and one named line A -> B (10 GW), with the metric rows the map reads (hand-set values)."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-01", periods=2, freq="h"))
    n.add("Bus", ["A", "B"], carrier="AC", x=[100.0, 115.0], y=[35.0, 32.0])
    n.add("Link", "A -> B line", bus0="A", bus1="B", carrier="AC", p_nom=10e3, uhv_line="Test UHV", uhv_reverse=0.0)
    n.add("Link", "B -> A line", bus0="B", bus1="A", carrier="AC", p_nom=10e3, uhv_line="Test UHV", uhv_reverse=1.0)
    rows = [("corridor_capacity", "Test UHV", "DC", 10.0, "GW"), ("corridor_energy", "Test UHV", "", 55.5, "TWh"),
            ("corridor_hours_at_limit", "Test UHV", "", 1234.0, "h"), ("traced_green_share_of_flow", "Test UHV", "", 0.42, "fraction"),
            ("self_sufficiency", "A", "", 1.8, "fraction"), ("self_sufficiency", "B", "", 0.6, "fraction"),
            ("consumption", "A", "", 100.0, "TWh"), ("consumption", "B", "", 150.0, "TWh"),
            ("generation", "A", "coal", 150.0, "TWh"), ("generation", "A", "solar", 30.0, "TWh"),
            ("net_import", "B", "", 60.0, "TWh")]  # fmt: skip
    return n, pd.DataFrame(rows, columns=["metric", "scope", "carrier", "value", "unit"])


def test_interactive_map_is_offline_and_has_the_numbers(corridor_run, tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    n, metrics = corridor_run
    lines = line_table(n, metrics)
    assert lines[["line", "bus0", "bus1", "capacity_gw", "energy_twh", "hours_at_limit", "green_share"]].values.tolist() == [
        ["Test UHV", "A", "B", 10.0, 55.5, 1234.0, 0.42]
    ]  # the reverse direction is not drawn twice
    shapes = tmp_path / "shapes.geojson"
    gpd.GeoDataFrame({"province": ["A", "B"]}, geometry=[box(95, 30, 105, 40), box(110, 28, 120, 36)], crs="EPSG:4326").to_file(shapes)
    html = interactive_map(n, metrics, shapes, tmp_path / "map.html", title="test run").read_text(encoding="utf-8")
    assert "hours at limit 1,234 h" in html and "green share (traced) 42 %" in html and "energy 55.5 TWh" in html
    assert "self-sufficiency 180 %" in html and "generation 180.0 TWh" in html
    assert not re.search(r"<script[^>]+src=|https?://(?!www.w3.org/2000/svg)", html), "the map fetches nothing"
    assert len(html) < 500_000  # no plotting library in it: the report shows it in an iframe loaded from a data URL (< 2 MB)
    data = pd.read_csv(tmp_path / "map.csv")
    assert set(data["item"]) == {"province", "named UHV line"}


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install -y chromium; .ci/run installs it)")
def test_interactive_map_renders_offline_in_chromium(corridor_run, tmp_path):
    """Chromium, with every host unresolvable, draws the map: the screenshot holds the provinces' colours."""
    import geopandas as gpd
    from PIL import Image
    from shapely.geometry import box

    n, metrics = corridor_run
    shapes = tmp_path / "shapes.geojson"
    gpd.GeoDataFrame({"province": ["A", "B"]}, geometry=[box(95, 30, 105, 40), box(110, 28, 120, 36)], crs="EPSG:4326").to_file(shapes)
    html = interactive_map(n, metrics, shapes, tmp_path / "map.html")
    png = screenshot(html, tmp_path / "map.png", size=(1100, 800), wait_ms=5000)
    pixels = np.asarray(Image.open(png).convert("RGB")).reshape(-1, 3)
    colours = {tuple(p) for p in pixels[::7]}
    assert len(colours) > 50  # a blank or error page has a handful
    blue = ((pixels[:, 2] > 150) & (pixels[:, 0] < 120)).mean()  # province A (180 % self-sufficient) is blue on the RdYlBu scale
    assert blue > 0.02


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install -y chromium; .ci/run installs it)")
def test_interactive_map_renders_inside_a_data_url_iframe(corridor_run, tmp_path):
    """The Snakemake report shows an HTML entry in an iframe whose src is a data: URL of the file (Chromium refuses
    URLs over 2 MB, which left the plotly maps blank): the map drawn that way holds the provinces' colours."""
    import base64

    import geopandas as gpd
    from PIL import Image
    from shapely.geometry import box

    n, metrics = corridor_run
    shapes = tmp_path / "shapes.geojson"
    gpd.GeoDataFrame({"province": ["A", "B"]}, geometry=[box(95, 30, 105, 40), box(110, 28, 120, 36)], crs="EPSG:4326").to_file(shapes)
    html = interactive_map(n, metrics, shapes, tmp_path / "map.html")
    uri = "data:text/html;base64," + base64.b64encode(html.read_bytes()).decode()
    assert len(uri) < 2 * 1024 * 1024
    host = tmp_path / "report.html"
    host.write_text(
        f"<!DOCTYPE html><html><body style='margin:0'><iframe src='{uri}' style='width:1080px;height:780px;border:0'></iframe></body></html>"
    )
    png = screenshot(host, tmp_path / "report.png", size=(1100, 800), wait_ms=3000)
    pixels = np.asarray(Image.open(png).convert("RGB")).reshape(-1, 3)
    blue = ((pixels[:, 2] > 150) & (pixels[:, 0] < 120)).mean()  # province A (180 % self-sufficient) on the RdYlBu scale
    assert blue > 0.02


def test_interactive_map_labels_are_display_names_that_do_not_overlap(tmp_path):
    """The dense North China Plain (Beijing, Tianjin, Hebei 100-200 km apart) gets labels whose boxes do not overlap,
    Inner Mongolia is spelt with its space, and with inputs/china_outline.geojson beside the shapes the rest of the
    territory is drawn: Taiwan on the map, the South China Sea Islands in the inset."""
    import shutil

    import geopandas as gpd
    from shapely.geometry import box

    from network.plots.interactive import _box, _overlap, label_boxes

    buses = {"InnerMongolia": (111.7, 40.8), "Beijing": (116.4, 39.9), "Tianjin": (117.2, 39.1), "Hebei": (114.5, 38.0)}
    n = pypsa.Network()
    n.add("Bus", list(buses), carrier="AC", x=[x for x, _ in buses.values()], y=[y for _, y in buses.values()])
    metrics = pd.DataFrame([("self_sufficiency", b, "", 1.0, "fraction") for b in buses], columns=["metric", "scope", "carrier", "value", "unit"])
    shapes = tmp_path / "shapes.geojson"
    squares = [box(x - 0.4, y - 0.4, x + 0.4, y + 0.4) for x, y in buses.values()]
    gpd.GeoDataFrame(
        {"province": list(buses)}, geometry=[*squares[:-1], box(73, 18, 135, 53.5).difference(box(110, 37, 119, 42))], crs="EPSG:4326"
    ).to_file(shapes)
    shutil.copy(REPO / "inputs" / "china_outline.geojson", tmp_path / "china_outline.geojson")
    page = interactive_map(n, metrics, shapes, tmp_path / "map.html").read_text(encoding="utf-8")
    labels = re.findall(r"<text x='([\d.]+)' y='([\d.]+)' font-size='10' text-anchor='(\w+)'[^>]*>([^<]+)</text>", page)
    assert sorted(t for *_, t in labels) == ["Beijing", "Hebei", "Inner Mongolia", "Tianjin"]
    boxes = [_box(float(x), float(y), t, a) for x, y, a, t in labels]
    assert all(_overlap(a, b) == 0 for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert "Taiwan 台湾 (not modelled)" in page and "South China Sea Islands" in page and "clip-path='url(#sea)'" in page
    crowded = label_boxes({"Beijing": (100.0, 100.0), "Tianjin": (106.0, 104.0), "Hebei": (96.0, 107.0)})
    assert all(_overlap(a[3], b[3]) == 0 for i, a in enumerate(crowded.values()) for b in list(crowded.values())[i + 1 :])


def test_report_holds_pngs_and_one_zip_of_figure_data_per_run():
    """What the Snakefile puts in the report (snakemake --report embeds every entry in one HTML file, which must stay
    under 20 MB): figures as PNG only (the SVGs stay on disk beside them), the figures' CSVs of a run as one zip
    (one entry per CSV was 240 entries), the full comparison table zipped."""
    snakefile = (REPO / "Snakefile").read_text(encoding="utf-8")
    entries = re.findall(r"report\((.*?)caption=", snakefile, re.S)
    assert len(entries) > 20
    assert not [e for e in entries if ".svg" in e]
    patterns = [p for e in entries for p in re.findall(r"patterns=\[([^\]]*)\]", e)]
    assert patterns and all(re.fullmatch(r'"(\{lang\}/)?\{name\}\.png"', p.strip()) for pattern in patterns for p in pattern.split(","))
    assert any('"plots/data/{run}.zip"' in e for e in entries) and any('"runs/comparison.zip"' in e for e in entries)
    # the workflow profile adds the report's stylesheet: figures and pages taller than the window keep their top
    stylesheet = yaml.safe_load((REPO / "profiles" / "default" / "config.yaml").read_text())["report-stylesheet"]
    assert "align-items: flex-start" in (REPO / stylesheet).read_text()


def test_figure_data_zip(tmp_path):
    """The zip holds every CSV of each folder under the folder's name, the same bytes for the same CSVs, and a folder
    without any CSV is an error naming it."""
    import zipfile

    from network.plots.figure_data import figure_data_zip

    for lang, value in (("en", "1.5"), ("zh", "2.5")):
        folder = tmp_path / lang
        folder.mkdir()
        (folder / "generation_mix.csv").write_text(f"province,coal\nAnhui,{value}\n")
        (folder / "generation_mix.png").write_bytes(b"not data")
    first = figure_data_zip({"en": tmp_path / "en", "zh": tmp_path / "zh"}, tmp_path / "out" / "a.zip")
    second = figure_data_zip({"en": tmp_path / "en", "zh": tmp_path / "zh"}, tmp_path / "out" / "b.zip")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == ["en/generation_mix.csv", "zh/generation_mix.csv"]
        assert archive.read("zh/generation_mix.csv").decode() == "province,coal\nAnhui,2.5\n"
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="empty: no figure data"):
        figure_data_zip({"en": tmp_path / "empty"}, tmp_path / "c.zip")


def test_comparison_page_of_a_full_size_table_fits_a_data_url(tmp_path):
    """A table the size of the shipped runs' (11 runs; the country, 4 regions, 31 provinces and 100 lines: ~3,500 rows)
    gives a page the report's iframe shows (its data: URL under Chromium's 2 MB): the country's and the regions' rows."""
    import base64

    from network.config.provinces import NBS_REGIONS, PROVINCES
    from network.plots.pages import comparison_html

    runs = [f"2030-run-{i}" for i in range(11)]
    scopes = ["national", *NBS_REGIONS, *PROVINCES]
    rows = [("consumption", s, "", "TWh") for s in scopes] + [(f"metric_{k}", s, "", "GW") for k in range(40) for s in scopes]
    rows += [(f"line_metric_{k}", f"Line {j}", "", "TWh") for k in range(20) for j in range(100)]
    table = pd.DataFrame(rows, columns=["metric", "scope", "carrier", "unit"])
    values = np.random.default_rng(0).uniform(0, 1000, (len(table), len(runs)))
    table = pd.concat([table, pd.DataFrame(values, columns=runs)], axis=1)
    page = comparison_html(table, tmp_path / "comparison.html").read_bytes()
    assert len(base64.b64encode(page)) < 1024 * 1024
    text = page.decode()
    assert "<td>metric_3</td><td>East</td>" in text and "<td>metric_3</td><td>national</td>" in text
    assert "<td>Anhui</td>" not in text and "<td>Line 7</td>" not in text and f"(205 of {len(table):,} rows" in text
