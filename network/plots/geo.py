"""The base of every map: China in an Albers equal-area projection (the conic of China's national maps:
standard parallels 25 °N and 47 °N, central meridian 105 °E), provinces from inputs/province_shapes.geojson, the
parts of the national territory those shapes lack (Taiwan, Hong Kong, Macao, the South China Sea islands and the
maritime boundary, inputs/china_outline.geojson beside them) with the South China Sea as an inset, no
latitude/longitude ticks; every bus drawn at its province (`bus.province`), never at its own x/y; the fixed
colour and width scales of the `plots.maps` config section; and labels placed without collision once the figure
has its page size (style._save calls the placement after fit_page).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pypsa
from matplotlib.text import Annotation
from pyproj import Transformer

from network.analysis.metrics.power import region_map
from network.config.plots import MapScales

ALBERS = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +ellps=WGS84 +units=km +no_defs"
OUTLINE_FILE = "china_outline.geojson"  # beside the province shapes (inputs/SOURCES.md)
SEA_BOX_DEG = (105.5, 2.5, 123.5, 24.0)  # lon/lat box of the South China Sea inset
MAIN_MIN_LAT = 17.5  # the main map stops south of Hainan; the islands below are in the inset
LAND, EDGE, OUTLINE = "#efefef", "white", "#7a7a7a"
_SCALES = {"scales": MapScales()}


def scales() -> MapScales:
    """The colour and width scales maps are drawn with now (config `plots.maps`; its defaults outside a block)."""
    return _SCALES["scales"]


@contextmanager
def map_scales(value: MapScales) -> Iterator[None]:
    """Draw maps with the scales `value` inside the block."""
    previous, _SCALES["scales"] = _SCALES["scales"], value
    try:
        yield
    finally:
        _SCALES["scales"] = previous


def project(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude (degrees) -> Albers x/y (km)."""
    return Transformer.from_crs("EPSG:4326", ALBERS, always_xy=True).transform(np.asarray(lon, float), np.asarray(lat, float))


def read_shapes(shapes_path: Path) -> gpd.GeoDataFrame:
    """The province shapes in the map projection."""
    shapes = gpd.read_file(shapes_path)
    return (shapes.set_crs(4326) if shapes.crs is None else shapes).to_crs(ALBERS)


def read_outline(shapes_path: Path) -> gpd.GeoDataFrame | None:
    """inputs/china_outline.geojson (beside the province shapes) in the map projection; None where there is none."""
    path = Path(shapes_path).with_name(OUTLINE_FILE)
    return gpd.read_file(path).to_crs(ALBERS) if path.exists() else None


def bus_xy(n: pypsa.Network, shapes: gpd.GeoDataFrame) -> pd.DataFrame:
    """Map position (x, y km) of every bus that belongs to a province: the province's electricity bus (its x/y
    projected; a province without one: a point inside its shape); a bus with no province but a province as its
    `location` (a transfer route's water node) at that province. Buses with neither (demand-region buses) are left out: nothing is drawn at (0, 0)."""
    buses, names = n.buses, set(shapes["province"])
    province = pd.Series("", index=buses.index)
    for column in ("location", "province"):  # a transfer route's water node: its location
        if column in buses:
            value = buses[column].fillna("").astype(str)
            province = value.where(value.isin(names), province)
    province = province.where(province != "", pd.Series(buses.index, index=buses.index).where(buses.index.isin(names), ""))
    known = province[province != ""]
    ac = buses.loc[buses.index.isin(set(known))]
    ax, ay = project(ac.x.to_numpy(float), ac.y.to_numpy(float))
    points = pd.DataFrame({"x": ax, "y": ay}, index=ac.index)
    inside = shapes.set_index("province").geometry.representative_point()
    points = pd.concat([points, pd.DataFrame({"x": inside.x, "y": inside.y})[~inside.index.isin(points.index)]])
    xy = points.reindex(known.to_numpy())
    xy.index = known.index
    return xy.dropna()


def province_buses(n: pypsa.Network, shapes: gpd.GeoDataFrame) -> pd.DataFrame:
    """Map position of the provinces' own (electricity) buses only: the points to label."""
    xy = bus_xy(n, shapes)
    return xy.loc[xy.index.isin(shapes["province"])]


def province_regions(n: pypsa.Network) -> pd.Series:
    """Region of each province's electricity bus (bases, hubs and water buses left out: figures per province)."""
    regions = region_map(n)
    if "role" in n.buses and (n.buses["role"] == "electricity").any():
        regions = regions[regions.index.isin(n.buses.index[n.buses["role"] == "electricity"])]
    return regions


def china_map(shapes: gpd.GeoDataFrame, outline: gpd.GeoDataFrame | None, figsize=(11, 9.5), **plot_kw):
    """Figure with the main map (provinces drawn with `plot_kw`, e.g. column/cmap/norm) and, where the outline
    is shipped, the South China Sea inset in its lower right corner. Returns (fig, ax, inset or None)."""
    fig, ax = plt.subplots(figsize=figsize)
    kw = dict(edgecolor=EDGE, linewidth=0.5) | ({} if "column" in plot_kw else dict(color=LAND)) | plot_kw
    parts = [ax]
    inset = None
    if outline is not None:
        inset = ax.inset_axes([0.84, 0.0, 0.16, 0.27])
        parts.append(inset)
    for part in parts:
        shapes.plot(ax=part, **kw)
        if outline is not None:
            land = outline[outline["kind"] == "land"]
            land.plot(ax=part, color=LAND, edgecolor=OUTLINE, linewidth=0.3)
            outline[outline["kind"] == "maritime"].plot(ax=part, color=OUTLINE, linewidth=0.6)
        part.set_axis_off()
        part.set_xticks([])  # no ticks at all (an axis turned off still lays out its tick labels)
        part.set_yticks([])
        part.set_xlabel("")  # geopandas names the projected axes (Easting, Northing): no axis is shown
        part.set_ylabel("")
    x0, y0, x1, y1 = shapes.total_bounds
    _, south = project(110.0, MAIN_MIN_LAT)
    ax.set_xlim(x0 - 50, x1 + 80 + (300 if outline is not None else 0))  # room for the inset east of Taiwan
    ax.set_ylim(min(float(south), y0), y1 + 50)
    ax.set_aspect("equal")
    if inset is not None:
        lon0, lat0, lon1, lat1 = SEA_BOX_DEG
        bx, by = project([lon0, lon1, lon0, lon1], [lat0, lat0, lat1, lat1])
        inset.set_xlim(min(bx), max(bx))
        inset.set_ylim(min(by), max(by))
        inset.set_aspect("equal")
        inset.set_axis_on()
        inset.set_xticks([])
        inset.set_yticks([])
        inset.set_xlabel("")
        inset.set_ylabel("")
        for spine in inset.spines.values():
            spine.set_linewidth(0.6)
            spine.set_color(OUTLINE)
        inset.set_facecolor("white")
    return fig, ax, inset


def clip(value: float, top: float) -> float:
    """A value on a fixed scale: at most `top` (larger values are drawn at the end of the scale)."""
    return float(min(max(value, 0.0), top))


# --- labels without collision ------------------------------------------------------------------------------

RADII_PT = (2.0, 6.0, 10.0, 14.0, 19.0, 24.0, 30.0, 37.0, 45.0, 54.0, 64.0, 75.0)
DIRECTIONS = [(np.cos(a), np.sin(a)) for a in np.deg2rad([0, 180, 45, 135, 315, 225, 90, 270, *range(15, 360, 15)])]


def add_labels(ax: plt.Axes, xy: pd.DataFrame, texts: dict[str, str], fontsize: float = 6.5, avoid: list[plt.Axes] = ()) -> None:
    """Label the points `xy` (x, y in data coordinates) with `texts`; the labels are placed when the figure has
    its final size (style._save), each at the first position around its point that overlaps no label, point,
    the axes' edge or an axes in `avoid` (an inset), with a leader line (a line, not part of the label's box) when it sits away from its point."""
    labels = []
    for name, text in texts.items():
        if name not in xy.index:
            continue
        x, y = xy.loc[name, ["x", "y"]]
        ann = ax.annotate(text, (x, y), xytext=(0, 0), textcoords="offset points", fontsize=fontsize, ha="left", va="bottom",
                          zorder=7, color="#111111", bbox=dict(boxstyle="square,pad=0.05", fc="white", ec="none", alpha=0.7))  # fmt: skip
        labels.append(ann)
    ax.figure._map_labels = [*getattr(ax.figure, "_map_labels", []), (ax, labels, list(avoid))]


def _candidates(width: float, height: float, scale: float) -> list[tuple[float, float, str, str, np.ndarray]]:
    """(dx, dy in pt, ha, va, box offset [x0, y0, x1, y1] in px from the anchor) of every position tried, nearest first."""
    out = []
    for radius in RADII_PT:
        for dx, dy in DIRECTIONS:
            ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
            va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
            x0 = radius * dx * scale - {"left": 0.0, "right": width, "center": width / 2}[ha]
            y0 = radius * dy * scale - {"bottom": 0.0, "top": height, "center": height / 2}[va]
            out.append((radius * dx, radius * dy, ha, va, np.array([x0 - 1, y0 - 1, x0 + width + 1, y0 + height + 1])))
    return out


def place_labels(fig: plt.Figure) -> None:
    """Place the labels added with `add_labels` at the figure's current size and fonts (called by style._save)."""
    for ax, labels, avoid in getattr(fig, "_map_labels", []):
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        frame = ax.get_window_extent(renderer)
        blocked = [a.get_window_extent(renderer) for a in avoid]
        points = np.array([ax.transData.transform(a.xy) for a in labels]) if labels else np.zeros((0, 2))
        placed: list[np.ndarray] = []
        scale = fig.dpi / 72
        for i, ann in enumerate(labels):
            ann.xyann = (0, 0)
            extent = ann.get_window_extent(renderer)
            best, best_cost = None, np.inf
            for dx, dy, ha, va, offset in _candidates(extent.width, extent.height, scale):
                box = offset + np.tile(points[i], 2)
                cost = _cost(box, frame, blocked, placed, np.delete(points, i, axis=0), 2.0 * scale)
                if cost < best_cost:
                    best, best_cost = (dx, dy, ha, va, box), cost
                if cost == 0:
                    break
            dx, dy, ha, va, box = best
            ann.xyann = (dx, dy)
            ann.set_ha(ha)
            ann.set_va(va)
            placed.append(box)
            if np.hypot(dx, dy) > RADII_PT[1] + 0.1:  # a leader line from the point to the nearest point of the label
                end = np.clip(points[i], box[:2] + 1, box[2:] - 1)
                line = ax.transData.inverted().transform([points[i], end])
                ax.plot(line[:, 0], line[:, 1], color="#444444", lw=0.4, zorder=6)


def _box(ann: Annotation, renderer) -> np.ndarray:
    e = ann.get_window_extent(renderer)
    return np.array([e.x0 - 1, e.y0 - 1, e.x1 + 1, e.y1 + 1])


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _cost(box, frame, blocked, placed, points, point_px) -> float:
    """Overlap (px²) of a label box with placed labels, other points, blocked axes and the outside of the frame."""
    inside = _overlap(box, np.array([frame.x0, frame.y0, frame.x1, frame.y1]))
    cost = 10 * ((box[2] - box[0]) * (box[3] - box[1]) - inside)
    cost += sum(10 * _overlap(box, np.array([b.x0, b.y0, b.x1, b.y1])) for b in blocked)
    cost += sum(10 * _overlap(box, other) for other in placed)
    for px, py in points:
        cost += _overlap(box, np.array([px - point_px, py - point_px, px + point_px, py + point_px]))
    return cost
