"""The interactive map of one run (one self-contained HTML file for planners).

Provinces coloured by annual self-sufficiency (local generation / consumption); the named UHV lines
drawn between their provinces with width ~ capacity (GW, one direction) and colour = traced green share
of the energy they carry; hovering a province or a line's midpoint shows its numbers (TWh, h, %).
Drawn as inline SVG (equirectangular at the mean latitude; no map tiles, no plotting library) with a few lines
of JavaScript for the tooltips, so the file is small (about 0.2 MB), opens offline, fetches nothing at view time
and renders inside the Snakemake report (which shows an HTML entry in an iframe loaded from a data URL).
The rest of the national territory (inputs/china_outline.geojson beside the shapes: Taiwan, Hong Kong, Macao, the
South China Sea Islands and the maritime boundary) is drawn as on the static maps (network/plots/geo.py): the main map
north of MAIN_MIN_LAT, the South China Sea in an inset in the lower right corner. Province labels are the English
display names (ENGLISH_NAMES), each beside a dot at its bus, placed where it overlaps no other label (label_boxes).
"""

from __future__ import annotations

import html
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pypsa
from matplotlib import colormaps
from matplotlib.colors import Normalize, to_hex
from shapely import clip_by_rect

from network.analysis.metrics.corridors import uhv_links
from network.plots.geo import MAIN_MIN_LAT, OUTLINE_FILE, SEA_BOX_DEG
from network.plots.language import ENGLISH_NAMES
from network.plots.style import _series, _tidy

SS_SCALE, GREEN_SCALE = "RdYlBu", "YlGn"  # self-sufficiency of provinces; green share of the lines
SS_RANGE = (0.0, 2.0)  # fraction: 0 .. 200 %, centred on 100 %
MAX_WIDTH_PX, MIN_WIDTH_PX = 14.0, 1.5


def _rings(geometry) -> list[np.ndarray]:
    """Exterior rings (lon, lat) of a polygon or multipolygon."""
    polygons = getattr(geometry, "geoms", [geometry])
    return [np.asarray(p.exterior.coords) for p in polygons if not p.is_empty]


def _pct(v: float) -> str:
    return "n/a" if pd.isna(v) else f"{100 * v:.0f} %"


def line_table(n: pypsa.Network, metrics: pd.DataFrame) -> pd.DataFrame:
    """One row per drawn segment of a named UHV line: line, bus0, bus1 (forward direction) with the line's
    capacity (GW), energy (TWh, both directions), hours at limit (h) and traced green share (fraction)."""
    m = _tidy(metrics)
    links = uhv_links(n)
    if links.empty:
        return pd.DataFrame(columns=["line", "bus0", "bus1", "capacity_gw", "energy_twh", "hours_at_limit", "green_share"])
    if "uhv_reverse" in links:
        links = links[links["uhv_reverse"].astype(float) == 0]
    rows = m[m.metric.isin(["corridor_capacity", "corridor_energy", "corridor_hours_at_limit"])]
    values = rows.pivot_table(index="scope", columns="metric", values="value", aggfunc="first")
    green = _series(m, "traced_green_share_of_flow")
    table = pd.DataFrame({"line": links["uhv_line"], "bus0": links.bus0, "bus1": links.bus1})
    for column, metric in [("capacity_gw", "corridor_capacity"), ("energy_twh", "corridor_energy"), ("hours_at_limit", "corridor_hours_at_limit")]:
        table[column] = table.line.map(values[metric]) if metric in values else np.nan
    table["green_share"] = table.line.map(green)
    return table.reset_index(drop=True)


def province_table(n: pypsa.Network, metrics: pd.DataFrame) -> pd.DataFrame:
    """Per province: self-sufficiency (fraction), consumption, generation and net import (TWh), traced green
    share of consumption (fraction)."""
    m = _tidy(metrics)
    provinces = [b for b in n.buses.index if n.buses.at[b, "carrier"] == "AC"] if "carrier" in n.buses else list(n.buses.index)
    frame = pd.DataFrame(index=pd.Index(provinces, name="province"))
    for column, metric in [("self_sufficiency", "self_sufficiency"), ("consumption_twh", "consumption"), ("net_import_twh", "net_import"),
                           ("green_share", "traced_green_share_of_consumption")]:  # fmt: skip
        frame[column] = _series(m, metric).reindex(frame.index)
    gen = m[(m.metric == "generation") & (m.carrier != "")]
    frame["generation_twh"] = gen.groupby("scope")["value"].sum().reindex(frame.index)  # sum over carriers
    return frame


def _d(geometry, px, closed: bool = True) -> str:
    """SVG path data of a (multi)polygon's exterior rings (closed) or a (multi)line's parts, through px(lon, lat) (arrays),
    in whole pixels."""
    if closed:
        parts = _rings(geometry)
    else:
        parts = [np.asarray(g.coords) for g in getattr(geometry, "geoms", [geometry]) if not g.is_empty]
    end = "Z" if closed else ""
    out = ""
    for part in parts:
        x, y = px(part[:, 0], part[:, 1])
        points = np.column_stack([np.round(x), np.round(y)]).astype(int)  # whole pixels: neighbours share their borders exactly
        points = points[np.r_[True, (np.diff(points, axis=0) != 0).any(axis=1)]]  # no repeated point
        out += "M" + "L".join(f"{a},{b}" for a, b in points) + end
    return out


LABEL_PX = 10.0  # font size of the province labels
CHAR_PX = 6.0  # width of a character at that size (sans-serif, generous: boxes that do not touch on screen)
# where a label goes relative to its dot (dx, dy of the text anchor, text-anchor), tried in this order
LABEL_SPOTS = ((4, 3.5, "start"), (-4, 3.5, "end"), (0, -5, "middle"), (0, 12, "middle"), (4, -4, "start"), (4, 11, "start"),
               (-4, -4, "end"), (-4, 11, "end"), (8, 3.5, "start"), (-8, 3.5, "end"), (0, -15, "middle"), (0, 22, "middle"))  # fmt: skip


def _box(x: float, y: float, text: str, anchor: str) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a label whose baseline starts, ends or centres (anchor) at x, y (px)."""
    width = CHAR_PX * len(text)
    left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return left, y - 0.8 * LABEL_PX, left + width, y + 0.25 * LABEL_PX


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def label_boxes(points: dict[str, tuple[float, float]], avoid: list[tuple[float, float, float, float]] = ()) -> dict[str, tuple]:
    """{label: (x, y, text-anchor, box)} beside each point {label: (x, y) px}: the first of LABEL_SPOTS whose box overlaps
    no placed label, no dot and nothing in `avoid` (else the one that overlaps least). Crowded points are placed first."""
    dots = [(x - 2.5, y - 2.5, x + 2.5, y + 2.5) for x, y in points.values()]

    def crowding(item) -> int:
        (x, y) = item[1]
        return -sum(abs(x - u) < 60 and abs(y - v) < 25 for u, v in points.values())

    placed: dict[str, tuple] = {}
    for text, (x, y) in sorted(points.items(), key=crowding):
        best = None
        for dx, dy, anchor in LABEL_SPOTS:
            box = _box(x + dx, y + dy, text, anchor)
            cost = sum(_overlap(box, other[3]) for other in placed.values()) + sum(_overlap(box, o) for o in [*dots, *avoid])
            if best is None or cost < best[0]:
                best = (cost, (x + dx, y + dy, anchor, box))
            if cost == 0:
                break
        placed[text] = best[1]
    return placed


TOOLTIP_JS = """
const tip=document.getElementById('tip');
document.querySelectorAll('[data-tip]').forEach(el=>{
  el.addEventListener('mousemove',e=>{tip.textContent=el.dataset.tip;tip.style.display='block';
    tip.style.left=(e.pageX+14)+'px';tip.style.top=(e.pageY+14)+'px'});
  el.addEventListener('mouseleave',()=>{tip.style.display='none'})});
"""
STYLE = (
    "body{font-family:sans-serif;margin:10px} #tip{position:absolute;display:none;background:#fff;border:1px solid #888;"
    "padding:4px 7px;font-size:12px;white-space:pre-line;pointer-events:none;box-shadow:1px 1px 4px #aaa}"
    " svg{max-width:100%;height:auto} path.p:hover{stroke:#000;stroke-width:1.5} circle:hover{stroke-width:2.5}"
)
WIDTH_PX = 1000.0


def _gradient(name: str, cmap, stops) -> str:
    return (
        f"<linearGradient id='{name}'>"
        + "".join(f"<stop offset='{100 * t:.0f}%' stop-color='{to_hex(cmap(v))}'/>" for t, v in stops)
        + "</linearGradient>"
    )


def _legend_bar(x: float, y: float, gradient: str, title: str, ticks: list[tuple[float, str]]) -> str:
    out = f"<text x='{x:.0f}' y='{y - 6:.0f}' font-size='13'>{html.escape(title)}</text>"
    out += f"<rect x='{x:.0f}' y='{y:.0f}' width='200' height='12' fill='url(#{gradient})' stroke='#888'/>"
    for t, label in ticks:
        out += f"<text x='{x + 200 * t:.0f}' y='{y + 26:.0f}' font-size='11' text-anchor='middle'>{label}</text>"
    return out


def interactive_map(n: pypsa.Network, metrics: pd.DataFrame, shapes_path: Path, out_path: Path, title: str = "") -> Path:
    """Write the run's interactive map: one small HTML file with the map as inline SVG (no library: it opens offline
    and inside the Snakemake report, whose iframes cannot load a multi-megabyte page), a tooltip with the numbers on
    each province and on each line's midpoint, and the data as CSV beside it; returns its path."""
    shapes = gpd.read_file(shapes_path)
    if shapes.crs is not None and shapes.crs.to_epsg() != 4326:
        shapes = shapes.to_crs(4326)
    outline_path = Path(shapes_path).with_name(OUTLINE_FILE)
    outline = gpd.read_file(outline_path).to_crs(4326) if outline_path.exists() else None
    provinces, lines = province_table(n, metrics), line_table(n, metrics)
    ss_cmap, ss_norm = colormaps[SS_SCALE], Normalize(*SS_RANGE)
    g_cmap, g_norm = colormaps[GREEN_SCALE], Normalize(0.0, 1.0)
    x0, y0, x1, y1 = shapes.total_bounds
    y0 = max(y0, MAIN_MIN_LAT) if outline is not None else y0
    kx = np.cos(np.deg2rad((y0 + y1) / 2))  # equirectangular at the mean latitude
    scale = WIDTH_PX / ((x1 - x0) * kx)
    top = 90.0  # room for the legends above the map (px)

    def px(lon: float, lat: float) -> tuple[float, float]:
        return (lon - x0) * kx * scale, top + (y1 - lat) * scale

    height = top + (y1 - y0) * scale + 10
    parts = [f"<clipPath id='main'><rect x='0' y='{top:.0f}' width='{WIDTH_PX:.0f}' height='{height - top:.0f}'/></clipPath>"]
    for _, shape in shapes.iterrows():
        name = shape["province"]
        row = provinces.loc[name] if name in provinces.index else pd.Series(dtype=float)
        ss = row.get("self_sufficiency", np.nan)
        color = "#dddddd" if pd.isna(ss) else to_hex(ss_cmap(ss_norm(ss)))
        tip = (f"{ENGLISH_NAMES.get(name, name)} {shape.get('name_zh', '')}\nself-sufficiency {_pct(ss)}"
               f"\nconsumption {row.get('consumption_twh', np.nan):,.1f} TWh"
               f"\ngeneration {row.get('generation_twh', np.nan):,.1f} TWh\nnet import {row.get('net_import_twh', np.nan):+,.1f} TWh"
               f"\ngreen share of consumption (traced) {_pct(row.get('green_share', np.nan))}")  # fmt: skip
        d = _d(shape.geometry.simplify(0.02), px)
        parts.append(
            f"<path class='p' d='{d}' fill='{color}' stroke='white' stroke-width='0.8' data-tip='{html.escape(tip)}'><title>{html.escape(tip)}</title></path>"
        )
    avoid = []
    if outline is not None:
        parts.append(f"<g clip-path='url(#main)'>{_territory(outline, px, (x0, y0 - 1, x1, y1), 0.02)}</g>")
        inset, box = _sea_inset(shapes, outline, WIDTH_PX - 4, height - 4)
        parts.append(inset)
        avoid.append(box)
    xy = n.buses[["x", "y"]].astype(float)
    cap_max = float(lines.capacity_gw.max()) if len(lines) and lines.capacity_gw.notna().any() else 1.0
    mids = []
    for row in lines.sort_values("capacity_gw").itertuples():
        if row.bus0 not in xy.index or row.bus1 not in xy.index:
            continue
        (ax, ay), (bx, by) = px(*xy.loc[row.bus0]), px(*xy.loc[row.bus1])
        width = MIN_WIDTH_PX + (MAX_WIDTH_PX - MIN_WIDTH_PX) * (0.0 if pd.isna(row.capacity_gw) else row.capacity_gw / cap_max)
        color = "#555555" if pd.isna(row.green_share) else to_hex(g_cmap(g_norm(0.15 + 0.85 * row.green_share)))
        parts.append(
            f"<line x1='{ax:.1f}' y1='{ay:.1f}' x2='{bx:.1f}' y2='{by:.1f}' stroke='{color}' stroke-width='{width:.1f}' stroke-opacity='0.85'/>"
        )
        ends = f"{ENGLISH_NAMES.get(row.bus0, row.bus0)} – {ENGLISH_NAMES.get(row.bus1, row.bus1)}"
        tip = (f"{row.line} ({ends})\ncapacity {row.capacity_gw:,.1f} GW\nenergy {row.energy_twh:,.1f} TWh"
               f"\nhours at limit {row.hours_at_limit:,.0f} h\ngreen share (traced) {_pct(row.green_share)}")  # fmt: skip
        mids.append(f"<circle cx='{(ax + bx) / 2:.1f}' cy='{(ay + by) / 2:.1f}' r='5' fill='{color}' stroke='black' stroke-width='0.8' "
                    f"data-tip='{html.escape(tip)}'><title>{html.escape(tip)}</title></circle>")  # fmt: skip
    points = {ENGLISH_NAMES.get(p, p): px(x, y) for p, (x, y) in xy.loc[xy.index.intersection(provinces.index)].iterrows()}
    labels = [f"<circle cx='{x:.1f}' cy='{y:.1f}' r='2' fill='#222' pointer-events='none'/>" for x, y in points.values()]
    for text, (x, y, anchor, _) in label_boxes(points, avoid).items():
        labels.append(f"<text x='{x:.1f}' y='{y:.1f}' font-size='{LABEL_PX:.0f}' text-anchor='{anchor}' pointer-events='none' "
                      f"paint-order='stroke' stroke='white' stroke-width='2.5' stroke-opacity='0.8'>{html.escape(text)}</text>")  # fmt: skip
    legend = _legend_bar(10, 40, "ss", "province: self-sufficiency (%)", [(0, "0"), (0.5, "100"), (1, "200")])
    legend += _legend_bar(260, 40, "green", "named UHV line: traced green share (%), width = capacity", [(0, "0"), (0.5, "50"), (1, "100")])
    defs = (
        "<defs>"
        + _gradient("ss", ss_cmap, [(t, t) for t in np.linspace(0, 1, 11)])
        + _gradient("green", g_cmap, [(t, 0.15 + 0.85 * t) for t in np.linspace(0, 1, 11)])
        + "</defs>"
    )
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH_PX:.0f} {height:.0f}' width='{WIDTH_PX:.0f}' height='{height:.0f}'>"
           f"{defs}{legend}{''.join(parts)}{''.join(mids)}{''.join(labels)}</svg>")  # fmt: skip
    heading = html.escape(title)  # the browser wraps it to the frame (the report's iframe is narrower than a window)
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title or 'map')}</title><style>{STYLE}</style></head><body>"
            f"<h3 style='margin:4px 0'>{heading}</h3><p style='margin:2px 0;font-size:13px'>Provinces: annual self-sufficiency (local generation /"
            " consumption); named UHV lines: width = capacity, colour = traced green share; hover a province or a line's dot for"
            f" numbers.</p>{svg}<div id='tip'></div><script>{TOOLTIP_JS}</script></body></html>")  # fmt: skip
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(page, encoding="utf-8")
    pd.concat([provinces.reset_index().assign(item="province"), lines.assign(item="named UHV line")], ignore_index=True).to_csv(
        out_path.with_suffix(".csv"), index=False
    )
    return out_path


TERRITORY_FILL, TERRITORY_LINE = "#dddddd", "#7a7a7a"  # as the static maps' outline: land not modelled, maritime boundary


def _territory(outline: gpd.GeoDataFrame, px, bounds: tuple[float, float, float, float], tolerance: float) -> str:
    """The outline's land (Taiwan, Hong Kong, Macao, the islands; grey, named on hover) and maritime boundary within
    bounds (lon/lat), simplified to tolerance (degrees), as SVG."""
    out = ""
    for _, part in outline.iterrows():
        geometry = clip_by_rect(part.geometry, *bounds).simplify(tolerance)
        if geometry.is_empty:
            continue
        if part["kind"] == "land":
            name = html.escape(f"{part['part']} {part.get('name_zh', '')} (not modelled)")
            out += f"<path d='{_d(geometry, px)}' fill='{TERRITORY_FILL}' stroke='{TERRITORY_LINE}' stroke-width='0.4'><title>{name}</title></path>"
        else:
            out += f"<path d='{_d(geometry, px, closed=False)}' fill='none' stroke='{TERRITORY_LINE}' stroke-width='0.8'/>"
    return out


INSET_WIDTH_PX = 130.0


def _sea_inset(shapes: gpd.GeoDataFrame, outline: gpd.GeoDataFrame, right: float, bottom: float) -> tuple[str, tuple]:
    """The South China Sea (SEA_BOX_DEG) as an inset whose lower right corner is (right, bottom) px: the provinces around
    it and the outline, grey, clipped to a framed box. Returns the SVG and the box (left, top, right, bottom)."""
    bx0, by0, bx1, by1 = SEA_BOX_DEG
    k = np.cos(np.deg2rad((by0 + by1) / 2))
    s = INSET_WIDTH_PX / ((bx1 - bx0) * k)
    h = (by1 - by0) * s
    left, top = right - INSET_WIDTH_PX, bottom - h

    def px(lon: float, lat: float) -> tuple[float, float]:
        return left + (lon - bx0) * k * s, top + (by1 - lat) * s

    clipped = [clip_by_rect(g, *SEA_BOX_DEG).simplify(0.05) for g in shapes.geometry]  # 0.05 degrees: under 1 px here
    land = "".join(f"<path d='{_d(g, px)}' fill='#eeeeee' stroke='white' stroke-width='0.4'/>" for g in clipped if not g.is_empty)
    frame = f"<rect x='{left:.1f}' y='{top:.1f}' width='{INSET_WIDTH_PX:.0f}' height='{h:.1f}'"
    svg = (f"<clipPath id='sea'>{frame}/></clipPath>{frame} fill='white' stroke='#888'/>"
           f"<g clip-path='url(#sea)'>{land}{_territory(outline, px, SEA_BOX_DEG, 0.02)}</g>")  # fmt: skip
    return svg, (left, top, right, bottom)
