"""Figures in English and Chinese: the language switch, the CJK font (no missing glyph), every label translated,
and titles that fit their figure."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from network.config import ConfigError, load_run_config
from network.data.compute import ROLE_LABEL
from network.plots.compare import CORRIDOR_METRICS, KEY_METRICS
from network.plots.language import _link, _place, _t, current, language, text_table
from network.plots.style import REGION_ORDER, _fit_titles, _nice
from tests.conftest import REPO
from tests.test_plot import solved  # noqa: F401  (the solved 3-bus network fixture)

PLOTS = REPO / "network" / "plots"


def _glyph_warnings(draw) -> list[str]:
    """Render what draw() makes to PNG; return matplotlib's 'Glyph ... missing from font' warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = draw()
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def _chinese_figure():
    fig, ax = plt.subplots()
    ax.set_title(_t("Annual generation by carrier and consumption per province"))
    ax.bar([_place("Anhui"), _place("InnerMongolia")], [1, 2], label=_nice("solar"))
    ax.set_xlabel(_t("Annual energy (TWh)"))
    ax.legend()
    return fig


def test_chinese_labels_render_with_the_shipped_cjk_font():
    with language("zh"):
        assert current() == "zh"
        assert _glyph_warnings(_chinese_figure) == []
    assert current() == "en"


def test_missing_glyph_check_detects_a_font_without_chinese():
    """The check above can fail: the same Chinese figure in DejaVu Sans alone warns of missing glyphs."""
    with language("zh"), plt.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        missing = _glyph_warnings(_chinese_figure)
    assert missing and "Glyph" in missing[0]


def test_language_switch_names_and_labels():
    assert (_place("Anhui"), _nice("solar"), _t("Load")) == ("Anhui", "Solar PV", "Load")
    assert (_place("InnerMongolia"), _link("UHV Ximeng-Taizhou [InnerMongolia -> Jiangsu]")) == (
        "Inner Mongolia",
        "UHV Ximeng-Taizhou [Inner Mongolia -> Jiangsu]",
    )
    with language("zh"):
        assert (_place("Anhui"), _place("InnerMongolia"), _place("Xinjiang"), _place("Beijing")) == ("安徽", "内蒙古", "新疆", "北京")
        assert (_place("East"), _nice("solar"), _nice("onwind"), _t("Load")) == ("东部", "光伏", "陆上风电", "负荷")
        assert _t("{region}: {value:.0f} %", region=_place("East"), value=61.4) == "东部：61 %"
        assert (
            _link("UHV Ximeng-Taizhou [InnerMongolia -> Jiangsu]") == "特高压 锡盟-泰州 ±800kV (锡泰直流) [内蒙古 → 江苏]"
        )  # name_zh of uhv_lines.csv
        assert _link("UHV Kubuqi-Shanghai [InnerMongolia -> Shanghai]") == "特高压 内蒙古—上海 [内蒙古 → 上海]"  # a line of add_lines: no name_zh
        assert _link("Guangxi -> Guangdong") == "广西 → 广东"
        with pytest.raises(KeyError):
            _t("a label nobody translated")
    with pytest.raises(ValueError, match="unknown plot language"), language("fr"):
        pass


def test_every_label_of_the_figures_has_a_chinese_text():
    """Every literal passed to _t in network/plots/ and every label chosen at run time is in inputs/plot_text.csv."""
    table = text_table()
    literals = set()
    for path in PLOTS.glob("*.py"):
        for m in re.finditer(r'_t\(\s*"((?:[^"\\]|\\.)*)"', path.read_text(encoding="utf-8")):
            literals.add(m.group(1).replace("\\n", "\n"))
    assert len(literals) > 50
    dynamic = {title for title, *_ in KEY_METRICS + CORRIDOR_METRICS} | {unit for *_, unit in KEY_METRICS + CORRIDOR_METRICS}
    dynamic |= set(REGION_ORDER) | set(ROLE_LABEL.values()) | {"summer", "winter"}
    missing = sorted(k for k in literals | dynamic if not table.get(k, {}).get("zh"))
    assert missing == []


def test_plots_config_section(tmp_path):
    cfg = load_run_config(REPO / "config.yaml")
    assert (cfg.plots.language, cfg.plots.also) == ("en", ["zh"])
    bad = tmp_path / "config.yaml"
    bad.write_text("plots:\n  language: fr\n")
    with pytest.raises(ConfigError, match="plots"):
        load_run_config(bad)
    bad.write_text("plots:\n  language: zh\n  also: [zh]\n")
    with pytest.raises(ConfigError, match="repeats"):
        load_run_config(bad)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_long_titles_are_wrapped_to_their_axes(lang):
    with language(lang):
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.set_title(_t("Traced green share of inter-provincial flows: the {count} largest links and all flow into {region}", count=20,
                        region=_place("East")))  # fmt: skip
        fig.suptitle(_t("Runs compared: corridors and West->East exchange (national unless stated)"))
        _fit_titles(fig)
        renderer = fig.canvas.get_renderer()
        assert "\n" in ax.get_title()
        assert ax.title.get_window_extent(renderer).width <= ax.get_window_extent(renderer).width
        assert fig._suptitle.get_window_extent(renderer).width <= fig.bbox.width
        plt.close(fig)


def test_chinese_figures_of_a_run(solved, tmp_path):  # noqa: F811  (the fixture imported above)
    """All run figures drawn in Chinese on the 3-bus network: written, and no glyph missing."""
    from network.analysis.metrics.summary import summarize
    from network.plots.run import plot_run
    from tests.test_plot import _is_png, _shapes

    metrics = summarize(solved, focus="East")
    with warnings.catch_warnings(record=True) as caught, language("zh"):
        warnings.simplefilter("always")
        written = plot_run(solved, metrics, _shapes(tmp_path), tmp_path / "zh", focus_region="East")
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []
    assert len(written) >= 8 and all(_is_png(Path(p)) for p in written)


def test_a_repeated_figure_text_is_one_line(tmp_path):
    from network.data.tables import InputError
    from network.data.vocabulary import read_plot_text

    path = tmp_path / "plot_text.csv"
    text = (REPO / "inputs" / "plot_text.csv").read_text(encoding="utf-8")
    path.write_text(text + text.splitlines()[1] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"plot_text.csv: line \d+: field 'en': duplicate row"):
        read_plot_text(path)
