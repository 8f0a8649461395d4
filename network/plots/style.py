"""Figure style: page sizes, colours and names of carriers, and saving figures."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.text import Text
from PIL import Image

from network.config.technologies import (
    ELECTRICITY,
    GENERATOR_CARRIERS,
    SHEDDING_CARRIER,
    colors,
    nice_names,
)
from network.plots.geo import place_labels
from network.plots.language import current

DPI = 150


@dataclass(frozen=True)
class PageSize:
    """Where a figure goes: its saved width and largest height (inches), the factor on every font size
    the plotting code sets, and the smallest font (pt) after that factor."""

    width_in: float
    max_height_in: float
    font_scale: float
    min_font_pt: float


# Publication sizes. a4: the text width of an A4 page with 25 mm margins (160 mm), at most 230 mm high
# (room for a caption); fonts 6-11 pt. slide: the content area of a 16:9 slide (13.33 x 7.5 in) below
# its title; fonts 11-18 pt. `_save` fits every figure into its page size (see fit_page).
PAGE_SIZES = {
    "a4": PageSize(width_in=6.3, max_height_in=9.0, font_scale=0.9, min_font_pt=6.0),
    "slide": PageSize(width_in=12.0, max_height_in=6.2, font_scale=1.5, min_font_pt=11.0),
}
A4_COLUMN = (PAGE_SIZES["a4"].width_in, 4.5)  # the shape most figures are designed at (inches)
_PAGE = {"size": "a4"}


def page_size() -> PageSize:
    """The page size figures are saved for now ('a4' outside a `page` block)."""
    return PAGE_SIZES[_PAGE["size"]]


def wide_page() -> bool:
    """Whether figures are saved for a page wider than it is high (a slide): long labels go on one line and tall lists
    of rows in two columns (`two_columns`), as the page has room across and none down."""
    size = page_size()
    return size.width_in > size.max_height_in


def two_columns(count: int) -> list[slice]:
    """The rows of a figure with `count` rows: one slice on a tall page, two halves (the first the longer) on a wide one."""
    if not wide_page() or count < 12:
        return [slice(0, count)]
    half = (count + 1) // 2
    return [slice(0, half), slice(half, count)]


@contextmanager
def page(size: str) -> Iterator[None]:
    """Save figures for `size` ('a4' or 'slide') inside the block."""
    if size not in PAGE_SIZES:
        raise ValueError(f"unknown figure size {size!r}; one of {tuple(PAGE_SIZES)}")
    previous, _PAGE["size"] = _PAGE["size"], size
    try:
        yield
    finally:
        _PAGE["size"] = previous


REGION_ORDER = ("East", "Central", "West", "Northeast")


FOCUS_COLOR, OTHER_COLOR = "#2f6eba", "#b5b5b5"


def import_color() -> str:
    """Colour of net imports: the exchange carrier's of the technology table."""
    return colors()[ELECTRICITY]


ID_COLUMNS = ("metric", "scope", "carrier", "unit", "value")


def _tidy(metrics: pd.DataFrame) -> pd.DataFrame:
    m = metrics.copy()
    for col in ("metric", "scope", "carrier"):
        m[col] = m[col].fillna("").astype(str) if col in m else ""
    return m


def _series(m: pd.DataFrame, metric: str, carrier: str = "") -> pd.Series:
    """Values of one metric (and carrier) indexed by scope."""
    rows = m[(m.metric == metric) & (m.carrier == carrier)]
    return rows.groupby("scope")["value"].sum().astype(float)


def _carrier_order(carriers) -> list[str]:
    known = [c for c in (*GENERATOR_CARRIERS, SHEDDING_CARRIER) if c in set(carriers)]
    return known + sorted(set(carriers) - set(known))


def _color(c: str) -> str:
    return colors().get(c, "#cccccc")


def _nice(c: str) -> str:
    return nice_names(current()).get(c, c)


def _fmt(v: float) -> str:
    if pd.isna(v):
        return "n/a"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}" if abs(v) >= 1 else f"{v:.2g}"


SAVE_HOOKS: list[Callable[[plt.Figure, Path], None]] = []  # called with each figure, fitted, before it is written (tests check its layout)


def _save(fig: plt.Figure, path: Path, data: pd.DataFrame | pd.Series) -> Path:
    """Write the figure as PNG (path) and SVG beside it, and the data drawn in it as CSV beside it
    (report authors redraw figures in their own style); returns the PNG path. Map labels are placed once
    the figure has its page size (geo.place_labels)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fit_page(fig, page_size())
    place_labels(fig)
    for hook in SAVE_HOOKS:
        hook(fig, path)
    fig.savefig(path, dpi=DPI, bbox_inches="tight", pad_inches=PAD_IN)
    with Image.open(path) as png:  # 256 colours (octree: flat colours kept exact), no dithering: half the RGB size
        png.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(path, optimize=True)
    fig.savefig(path.with_suffix(".svg"), bbox_inches="tight", pad_inches=PAD_IN)
    plt.close(fig)
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    keep_index = not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None
    frame.to_csv(path.with_suffix(".csv"), index=keep_index)
    return path


PAD_IN = 0.04  # white border of a saved figure (inches)


def fit_page(fig: plt.Figure, size: PageSize) -> None:
    """Fit a drawn figure to a page size: every font times size.font_scale (at least size.min_font_pt),
    the figure at the page width (height in proportion, at most the page's), titles and axis labels
    wrapped to their axes; then, while what is drawn (labels and outside legends included) is larger than
    the page, smaller fonts down to min_font_pt, and last a smaller figure. The saved figure is at most
    width_in x max_height_in."""
    fonts = {t: max(size.min_font_pt, t.get_fontsize() * size.font_scale) for t in fig.findobj(Text)}
    ticks = {axis: max(size.min_font_pt, (labels[0].get_fontsize() if (labels := axis.get_majorticklabels()) else plt.rcParams["font.size"])
                       * size.font_scale) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)}  # fmt: skip
    width, height = fig.get_size_inches()
    fig.set_dpi(DPI)  # text is measured as it is saved (small fonts are hinted differently at other dpi)
    fig.set_size_inches(size.width_in, min(height * size.width_in / width, size.max_height_in))
    renderer, target = fig.canvas.get_renderer(), np.array([size.width_in, size.max_height_in]) - 2 * PAD_IN - 0.06
    factor = 1.0
    for step in range(30):
        for axis, pt in ticks.items():  # ticks drawn later (a new locator position) take the axis' tick size
            axis.set_tick_params(labelsize=max(size.min_font_pt, pt * factor))
        for text, pt in fonts.items():
            text.set_fontsize(max(size.min_font_pt, pt * factor))
        fig.draw_without_rendering()  # layout engine, aspect of maps, tick positions
        if step == 0:
            _fit_titles(fig)
        _legends_below_labels(fig)
        fig.draw_without_rendering()
        box = fig.get_tightbbox(renderer)
        drawn = np.array([box.width, box.height])
        if (drawn <= target + 1e-3).all():
            return
        if max(fonts.values()) * factor > size.min_font_pt:
            factor /= float(np.clip((drawn / target).max(), 1.04, 1.15))
        else:  # fonts at their smallest: a smaller figure by the excess (axes shrink, labels keep their size)
            fig.set_size_inches(*np.maximum(fig.get_size_inches() - np.maximum(drawn - target, 0) / 0.7, 1.0))


def _legends_below_labels(fig: plt.Figure) -> None:
    """Move each legend anchored below its axes to just below the axes' tick labels and x label (their
    height changes with the fonts and the figure's size, the anchor's axes fraction with the figure's height)."""
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        to_axes = ax.transAxes.inverted()
        anchor = legend.get_bbox_to_anchor().transformed(to_axes)
        if anchor.y1 >= 0:
            continue
        labels = ax.xaxis.get_tightbbox(renderer) if ax.axison else None  # a map has no axis (its tick labels are not drawn)
        below = to_axes.transform((0, labels.y0))[1] if labels is not None else 0.0
        gap = 4 * fig.dpi / 72 / ax.get_window_extent(renderer).height  # 4 pt
        legend.set_bbox_to_anchor((anchor.x0, below - gap), transform=ax.transAxes)


def _fit_titles(fig: plt.Figure) -> None:
    """Wrap each title wider than its axes (a suptitle: the figure) and each axis label longer than its axis
    (colour-bar labels included) onto more lines, so no text runs past the figure's edge; a text wrapped
    before is wrapped again from its one-line form."""
    renderer = fig.canvas.get_renderer()
    texts = []
    for ax in fig.axes:
        box = ax.get_window_extent(renderer)
        texts += [(t, box.width, "width") for t in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label)]
        texts.append((ax.yaxis.label, box.height, "height"))
    if fig._suptitle is not None:
        texts.append((fig._suptitle, fig.bbox.width, "width"))
    for text, room, along in texts:
        one_line = getattr(text, "_one_line", None) or text.get_text()
        if not one_line or room <= 0 or ("\n" in one_line and not hasattr(text, "_one_line")):
            continue
        text.set_text(one_line)
        extent = text.get_window_extent(renderer)
        length = max(extent.width, extent.height) if along == "height" else extent.width
        if length <= room:
            continue
        chars = max(10, int(len(one_line) * room / length * 0.95))
        wrapped = textwrap.fill(one_line, chars) if " " in one_line else "\n".join(textwrap.wrap(one_line, chars, break_long_words=True))
        text.set_text(wrapped)
        text._one_line = one_line
