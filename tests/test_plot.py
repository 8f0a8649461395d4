"""Smoke test of the report figures on a hand-built, solved 3-bus network."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pypsa
import pytest
from shapely.geometry import box

import network  # noqa: F401  (pypsa options)
from network.analysis.metrics.summary import summarize
from network.model.carriers import add_carriers
from network.plots.compare import plot_comparison
from network.plots.run import plot_run

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def solved(_shipped_vocabulary) -> pypsa.Network:
    from network.config.technologies import use_technologies

    use_technologies(_shipped_vocabulary[0])  # a module fixture is made before the autouse (function) fixture installs it
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-13", periods=48, freq="h"))
    add_carriers(n, {"coal": 0.34})
    for name, x, y, region in [("A", 120.0, 31.0, "East"), ("B", 118.0, 36.0, "East"), ("C", 105.0, 36.0, "West")]:
        n.add("Bus", name, carrier="AC", x=x, y=y, region=region)
    hours = np.arange(48) % 24
    solar = np.clip(np.sin((hours - 6) / 12 * np.pi), 0, None)
    n.add("Generator", "C coal", bus="C", carrier="coal", p_nom=300, marginal_cost=200, efficiency=0.4)
    n.add("Generator", "B coal", bus="B", carrier="coal", p_nom=60, marginal_cost=350, efficiency=0.4)
    n.add("Generator", "A solar", bus="A", carrier="solar", p_nom=150, p_max_pu=solar, marginal_cost=0)
    for bus in "ABC":
        n.add("Generator", f"{bus} load shedding", bus=bus, carrier="load shedding", p_nom=1e3, marginal_cost=1e4)
    n.add("Load", ["A load", "B load"], bus=["A", "B"], carrier="AC", p_set=[120.0, 60.0])
    n.add("StorageUnit", "A battery", bus="A", carrier="battery", p_nom=20, max_hours=4, efficiency_store=0.95,
          efficiency_dispatch=0.95, marginal_cost=1)  # fmt: skip
    for a, b in [("C", "A"), ("A", "C"), ("C", "B"), ("B", "C")]:
        n.add("Link", f"{a} -> {b}", bus0=a, bus1=b, carrier="AC", p_nom=100, length=1500, efficiency=0.95)
    n.optimize(solver_name="highs", include_objective_constant=False)
    return n


def _is_png(path) -> bool:
    return path.exists() and path.stat().st_size > 1000 and path.read_bytes()[:8] == PNG_MAGIC


def _shapes(tmp_path):
    """Rectangles for the buses A, B, C as a GeoJSON file; returns its path."""
    shapes = gpd.GeoDataFrame(
        {"province": ["A", "B", "C"]},
        geometry=[box(118, 29, 122, 33), box(116, 34, 120, 38), box(100, 32, 110, 40)],
        crs="EPSG:4326",
    )
    shapes_path = tmp_path / "shapes.geojson"
    shapes.to_file(shapes_path, driver="GeoJSON")
    return shapes_path


def test_plot_run_and_comparison(solved, tmp_path):
    metrics = summarize(solved, focus="East")
    shapes_path = _shapes(tmp_path)

    written = plot_run(solved, metrics, shapes_path, tmp_path / "run", focus_region="East")
    names = {p.name for p in written}
    assert {"generation_mix.png", "self_sufficiency.png", "dispatch_East_summer.png",
            "dispatch_East_winter.png", "net_imports_map.png"} <= names  # fmt: skip
    assert all(_is_png(p) for p in written)
    for p in written:  # each figure as SVG too, with the data it draws as CSV
        assert p.with_suffix(".svg").read_text().lstrip().startswith("<?xml")
        assert len(pd.read_csv(p.with_suffix(".csv"))) > 0, p
    ss = pd.read_csv(tmp_path / "run" / "self_sufficiency.csv").set_index("province")["self_sufficiency_pct"]
    assert ss["A"] == pytest.approx(100 * metrics.set_index(["metric", "scope"]).value["self_sufficiency", "A"])

    wide = metrics.drop(columns="value").assign(base=metrics["value"], alt=metrics["value"] * 1.2)
    wide = wide[wide.metric != "unserved_energy"]  # a missing metric is skipped
    written = plot_comparison(wide, tmp_path / "compare")
    assert {p.name for p in written} == {"key_metrics.png", "generation_mix.png"}
    assert all(_is_png(p) for p in written)


@pytest.mark.parametrize("size, lang", [("a4", "en"), ("slide", "en"), ("a4", "zh")])
def test_every_run_figure_fits_its_page(solved, tmp_path, size, lang):
    """Saved for an A4 page (6.3 in wide) or a slide (12 x 6.2 in): no run figure is larger, whatever size
    and fonts its plotting code set, and no font is smaller than the page's smallest."""
    from PIL import Image

    from network.plots.language import language
    from network.plots.style import DPI, PAGE_SIZES, page

    metrics, target = summarize(solved, focus="East"), PAGE_SIZES[size]
    with page(size), language(lang):
        written = plot_run(solved, metrics, _shapes(tmp_path), tmp_path / size, focus_region="East")
    assert len(written) >= 8
    for png in written:
        width_px, height_px = Image.open(png).size
        assert width_px <= target.width_in * DPI + 1 and height_px <= target.max_height_in * DPI + 1, (png.name, width_px, height_px)
    assert max(Image.open(p).size[0] for p in written) > 0.8 * target.width_in * DPI  # drawn at the page width, not shrunk to a stamp


def test_fit_page_shrinks_a_wide_figure_and_its_fonts():
    """An 11 in figure with long labels and an outside legend is saved 11+ in wide as drawn; fitted to A4
    it is at most 6.3 in wide, its title wrapped, fonts at least 6 pt."""
    import matplotlib.pyplot as plt

    from network.plots.style import PAD_IN, PAGE_SIZES, fit_page

    def drawn_width_in(fig) -> float:
        return fig.get_tightbbox(fig.canvas.get_renderer()).width + 2 * PAD_IN

    def figure():
        fig, ax = plt.subplots(figsize=(11, 5))
        ax.barh(range(12), range(12), label="energy")
        ax.set_yticks(range(12), [f"UHV line number {i} with a long name [Province{i} -> Province{i + 1}]" for i in range(12)], fontsize=9)
        ax.set_title("A long title that runs over the whole width of the figure and past the edge of an A4 column " * 2)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
        return fig

    fig = figure()
    assert drawn_width_in(fig) > 11
    plt.close(fig)
    fig, a4 = figure(), PAGE_SIZES["a4"]
    fit_page(fig, a4)
    assert drawn_width_in(fig) <= a4.width_in
    assert "\n" in fig.axes[0].get_title()
    assert min(t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize")) if t.get_text()) >= a4.min_font_pt
    plt.close(fig)


def test_unknown_page_size_is_an_error():
    from network.plots.style import page

    with pytest.raises(ValueError, match="unknown figure size 'a3'"), page("a3"):
        pass
