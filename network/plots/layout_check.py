"""Whether a drawn figure can be pasted into a page: no two pieces of text overlap, no text sits on another
legend, and nothing drawn is wider or higher than the page it was fitted to (network/plots/style.py fit_page).

Text boxes are the rotated rectangles matplotlib draws (tick labels at 45 degrees do not overlap just because
their axis-aligned boxes do). Used by the figure tests on a solved network, for both languages and page sizes.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.text import Text
from shapely.geometry import Polygon, box

from network.plots.style import PAD_IN, PageSize

MIN_OVERLAP_PX2 = 4.0  # overlaps smaller than this (anti-aliased edges of neighbouring glyph boxes) are not counted


def _tick_labels(fig: plt.Figure) -> tuple[list[Text], set[int]]:
    """Tick labels drawn (in the view interval and switched on), and the ids of every tick label object."""
    drawn, every = [], set()
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            for tick in (*axis.majorTicks, *axis.minorTicks):
                every.update({id(tick.label1), id(tick.label2)})
            for tick in axis._update_ticks():
                drawn += [label for label in (tick.label1, tick.label2) if label.get_visible()]
    return drawn, every


def _texts(fig: plt.Figure) -> list[Text]:
    """Every visible, non-empty text of the figure: tick labels drawn, titles, labels, annotations, legends."""
    drawn, tick_ids = _tick_labels(fig)
    others = [t for t in fig.findobj(Text) if id(t) not in tick_ids]
    return [t for t in (*drawn, *others) if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0]


def _outline(text: Text, renderer) -> Polygon:
    """The rotated rectangle of a text in display pixels: its unrotated size turned about the centre of its
    (axis-aligned) extent, which is the rectangle's centre."""
    extent = text.get_window_extent(renderer)
    angle = text.get_rotation()
    if angle % 180 == 0:
        return box(extent.x0, extent.y0, extent.x1, extent.y1)
    text.set_rotation(0)
    flat = text.get_window_extent(renderer)
    text.set_rotation(angle)
    cx, cy, w, h = (extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2, flat.width / 2, flat.height / 2
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return Polygon([(cx + dx * c - dy * s, cy + dx * s + dy * c) for dx, dy in ((-w, -h), (w, -h), (w, h), (-w, h))])


def text_problems(fig: plt.Figure, size: PageSize | None = None) -> list[str]:
    """What keeps a drawn figure from being pasted as is: each pair of overlapping texts, each text on a
    legend it is not part of, and (with `size`) a drawn area larger than the page. [] when it is fine."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    texts = _texts(fig)
    outlines = [_outline(t, renderer) for t in texts]
    problems = []
    for i, (a, pa) in enumerate(zip(texts, outlines, strict=True)):
        for b, pb in zip(texts[i + 1 :], outlines[i + 1 :], strict=True):
            if pa.intersection(pb).area > MIN_OVERLAP_PX2:
                problems.append(f"text {a.get_text()!r} overlaps {b.get_text()!r}")
    legends = [leg for ax in fig.axes if (leg := ax.get_legend()) is not None] + list(fig.legends)
    for legend in legends:
        frame = legend.get_window_extent(renderer)
        own = {id(t) for t in legend.findobj(Text)}
        area = box(frame.x0, frame.y0, frame.x1, frame.y1)
        for t, outline in zip(texts, outlines, strict=True):
            if id(t) not in own and outline.intersection(area).area > MIN_OVERLAP_PX2:
                problems.append(f"text {t.get_text()!r} lies under a legend")
    if size is not None:
        drawn = fig.get_tightbbox(renderer)
        if drawn.width > size.width_in - 2 * PAD_IN + 0.01 or drawn.height > size.max_height_in - 2 * PAD_IN + 0.01:
            problems.append(f"drawn area {drawn.width:.2f} x {drawn.height:.2f} in is larger than the page {size.width_in} x {size.max_height_in} in")
    return problems
