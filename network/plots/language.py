"""Language of the figures: labels from one table (inputs/plot_text.csv), carriers from the technology
table, provinces from the shipped province shapes, and a CJK font (Noto Sans CJK SC, from the `mplfonts`
wheel, registered with matplotlib at plot time; nothing is downloaded). The tables are read by the data layer
(network/data/vocabulary.py) at the start of a figure step and installed with `use_texts`; this module reads none."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager

LANGUAGES = ("en", "zh")
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"  # shipped in the mplfonts wheel (fonts/)
_STATE = {"language": "en"}
_TABLES: dict[str, dict] = {}


def current() -> str:
    """The language figures are drawn in now ('en' outside a `language` block)."""
    return _STATE["language"]


def use_texts(text: dict[str, dict[str, str]], province_names_zh: dict[str, str]) -> None:
    """Install the figure texts ({English template: {language: template}}, inputs/plot_text.csv) and the provinces'
    short Chinese names (from inputs/province_shapes.geojson); network/data/vocabulary.py reads both."""
    _TABLES["text"], _TABLES["provinces"] = dict(text), dict(province_names_zh)


def use_names(names: dict[str, str]) -> None:
    """Install the Chinese names of named things (UHV lines: name_zh of inputs/uhv_lines.csv; data-centre hubs:
    cluster_zh of inputs/datacentre_hubs.csv); network/data/vocabulary.py reads them."""
    _TABLES["names"] = dict(names)


def names_zh() -> dict[str, str]:
    """Chinese names of UHV lines and hubs ({} where none are installed)."""
    return _TABLES.get("names", {})


def _installed(name: str) -> dict:
    if name not in _TABLES:
        raise RuntimeError("the figure texts are not loaded: call network.plots.language.use_texts(...) (network.cli does)")
    return _TABLES[name]


def text_table() -> dict[str, dict[str, str]]:
    """{English template: {language: template}} of every title, axis label and legend text."""
    return _installed("text")


def _t(text: str, **values) -> str:
    """`text` (an English template of inputs/plot_text.csv) in the current language, formatted with values.

    A template missing from the table raises KeyError in every language but English, so a new label cannot
    silently stay English in a Chinese figure (tests/test_language.py checks every call site too)."""
    lang = current()
    template = text if lang == "en" else text_table()[text][lang]
    return template.format(**values) if values else template


def province_names_zh() -> dict[str, str]:
    """Province -> short Chinese name ('安徽省' -> '安徽', '内蒙古自治区' -> '内蒙古')."""
    return _installed("provinces")


ENGLISH_NAMES = {"InnerMongolia": "Inner Mongolia"}  # the model's bus names that are not the English spelling


def _place(name: str) -> str:
    """A province, region, hub or demand-region name in the current language (unknown names as they are)."""
    if current() == "en":
        return ENGLISH_NAMES.get(name, name)
    return province_names_zh().get(name) or text_table().get(name, {}).get(current()) or names_zh().get(name) or name


@cache
def cjk_font() -> str:
    """Register Noto Sans CJK SC (from the installed mplfonts package) with matplotlib; returns its family name."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Chinese figures need the CJK font of the 'mplfonts' package: pip install -e .")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / CJK_FONT_FILE
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Draw (and save) figures in `lang` inside the block: 'en', or 'zh' with the CJK font first and
    DejaVu Sans as fallback for Latin and symbols."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown plot language {lang!r}; one of {LANGUAGES}")
    rc = {"font.family": "sans-serif", "font.sans-serif": [cjk_font(), "DejaVu Sans"]} if lang == "zh" else {}
    previous, _STATE["language"] = _STATE["language"], lang
    try:
        with plt.rc_context(rc):
            yield
    finally:
        _STATE["language"] = previous


def _link(name: str) -> str:
    """A link or named line label in the current language: 'Guangxi -> Guangdong' -> '广西 → 广东',
    'UHV Ximeng-Taizhou [InnerMongolia -> Jiangsu]' -> '特高压 锡盟-泰州 [内蒙古 → 江苏]' (the line's Chinese name where
    installed with `use_names`, else its two end provinces); in English 'InnerMongolia' -> 'Inner Mongolia'."""
    arrow = " -> " if current() == "en" else " → "
    pair = lambda m: f"{_place(m.group(1))}{arrow}{_place(m.group(2))}"  # noqa: E731
    line = re.match(r"^UHV (.+) \[([A-Za-z]+) -> ([A-Za-z]+)\]$", name)
    if line and current() != "en":
        title = names_zh().get(line.group(1)) or f"{_place(line.group(2))}—{_place(line.group(3))}"
        return f"{_t('UHV')} {title} [{pair(re.match(r'(.+) -> (.+)', f'{line.group(2)} -> {line.group(3)}'))}]"
    return re.sub(r"([A-Za-z]+) -> ([A-Za-z]+)", pair, name)
