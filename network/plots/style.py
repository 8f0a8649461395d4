"""Figure style: sizes, colours and names of carriers, and saving figures."""

from __future__ import annotations

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

DPI = 150


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
    return nice_names().get(c, c)


def _fmt(v: float) -> str:
    if pd.isna(v):
        return "n/a"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}" if abs(v) >= 1 else f"{v:.2g}"


def _save(fig: plt.Figure, path: Path, data: pd.DataFrame | pd.Series) -> Path:
    """Write the figure as PNG (path) and SVG beside it, and the data drawn in it as CSV beside it
    (report authors redraw figures in their own style); returns the PNG path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    fig.savefig(path.with_suffix(".svg"), bbox_inches="tight")
    plt.close(fig)
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    keep_index = not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None
    frame.to_csv(path.with_suffix(".csv"), index=keep_index)
    return path
