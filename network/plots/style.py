"""Figure style: sizes, colours and names of carriers, and saving figures."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from network.config.technologies import (
    ELECTRICITY,
    GENERATOR_CARRIERS,
    SHEDDING_CARRIER,
    colors,
    nice_names,
)
from network.plots.language import current

DPI = 150


# Publication sizes (inches): the text width of an A4 page with 25 mm margins (one column), a
# two-column journal column, and a 16:9 slide. Figures are drawn at about the A4 width or at the
# width their labels need; `_save` wraps every title to the width of its axes (suptitles: figure).
A4_COLUMN = (6.3, 4.5)
HALF_COLUMN = (3.35, 2.6)
SLIDE = (13.33, 7.5)


REGION_ORDER = ("East", "Central", "West", "Northeast")


FOCUS_COLOR, OTHER_COLOR = "#2f6eba", "#b5b5b5"


IMPORT_COLOR = colors()[ELECTRICITY]


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


def _save(fig: plt.Figure, path: Path, data: pd.DataFrame | pd.Series) -> Path:
    """Write the figure as PNG (path) and SVG beside it, and the data drawn in it as CSV beside it
    (report authors redraw figures in their own style); returns the PNG path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _fit_titles(fig)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    fig.savefig(path.with_suffix(".svg"), bbox_inches="tight")
    plt.close(fig)
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    keep_index = not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None
    frame.to_csv(path.with_suffix(".csv"), index=keep_index)
    return path


def _fit_titles(fig: plt.Figure) -> None:
    """Wrap each axes title wider than its axes (and a suptitle wider than the figure) onto more lines,
    so no title runs past the figure's edge."""
    renderer = fig.canvas.get_renderer()
    titles = [(t, ax.get_window_extent(renderer).width) for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title)]
    if fig._suptitle is not None:
        titles.append((fig._suptitle, fig.bbox.width))
    for title, room in titles:
        text = title.get_text()
        width = title.get_window_extent(renderer).width
        if not text or "\n" in text or width <= room or room <= 0:
            continue
        chars = max(10, int(len(text) * room / width * 0.95))
        wrapped = textwrap.fill(text, chars) if " " in text else "\n".join(textwrap.wrap(text, chars, break_long_words=True))
        title.set_text(wrapped)
