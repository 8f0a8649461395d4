"""The interactive map of one run (one self-contained HTML file for planners).

Provinces coloured by annual self-sufficiency (local generation / consumption); the named UHV lines
drawn between their provinces with width ~ capacity (GW, one direction) and colour = traced green share
of the energy they carry; hovering a province or a line's midpoint shows its numbers (TWh, h, %).
Drawn with plotly on plain longitude/latitude axes (no map tiles, no geo base layer) and written with
plotly.js embedded in the file, so it opens offline and fetches nothing at view time.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pypsa
from matplotlib import colormaps
from matplotlib.colors import Normalize, to_hex

from network.analysis.metrics.corridors import uhv_links
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


def interactive_map(n: pypsa.Network, metrics: pd.DataFrame, shapes_path: Path, out_path: Path, title: str = "") -> Path:
    """Write the run's interactive map (one HTML file, plotly.js embedded); returns its path."""
    shapes = gpd.read_file(shapes_path)
    if shapes.crs is not None and shapes.crs.to_epsg() != 4326:
        shapes = shapes.to_crs(4326)
    provinces, lines = province_table(n, metrics), line_table(n, metrics)
    ss_cmap, ss_norm = colormaps[SS_SCALE], Normalize(*SS_RANGE)
    fig = go.Figure()
    for _, shape in shapes.iterrows():
        name = shape["province"]
        row = provinces.loc[name] if name in provinces.index else pd.Series(dtype=float)
        ss = row.get("self_sufficiency", np.nan)
        color = "#dddddd" if pd.isna(ss) else to_hex(ss_cmap(ss_norm(ss)))
        hover = (f"<b>{name}</b> {shape.get('name_zh', '')}<br>self-sufficiency {_pct(ss)}<br>consumption {row.get('consumption_twh', np.nan):,.1f} TWh"
                 f"<br>generation {row.get('generation_twh', np.nan):,.1f} TWh<br>net import {row.get('net_import_twh', np.nan):+,.1f} TWh"
                 f"<br>green share of consumption (traced) {_pct(row.get('green_share', np.nan))}")  # fmt: skip
        for ring in _rings(shape.geometry):
            fig.add_trace(go.Scatter(x=ring[:, 0], y=ring[:, 1], fill="toself", fillcolor=color, mode="lines", line=dict(color="white", width=0.8),
                                     hoveron="fills", text=hover, hoverinfo="text", showlegend=False, name=name))  # fmt: skip
    # colour bar of the provinces (an invisible marker carries it)
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                             marker=dict(colorscale=[[t, to_hex(ss_cmap(t))] for t in np.linspace(0, 1, 11)], cmin=100 * SS_RANGE[0],
                                         cmax=100 * SS_RANGE[1], color=[100], showscale=True,
                                         colorbar=dict(title="self-sufficiency (%)", x=1.0, len=0.45, y=0.75))))  # fmt: skip
    xy = n.buses[["x", "y"]].astype(float)
    g_cmap, g_norm = colormaps[GREEN_SCALE], Normalize(0.0, 1.0)
    cap_max = float(lines.capacity_gw.max()) if len(lines) and lines.capacity_gw.notna().any() else 1.0
    mids = []
    for row in lines.sort_values("capacity_gw").itertuples():
        if row.bus0 not in xy.index or row.bus1 not in xy.index:
            continue
        (x0, y0), (x1, y1) = xy.loc[row.bus0].to_numpy(), xy.loc[row.bus1].to_numpy()
        width = MIN_WIDTH_PX + (MAX_WIDTH_PX - MIN_WIDTH_PX) * (0.0 if pd.isna(row.capacity_gw) else row.capacity_gw / cap_max)
        color = "#555555" if pd.isna(row.green_share) else to_hex(g_cmap(g_norm(0.15 + 0.85 * row.green_share)))
        fig.add_trace(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", line=dict(color=color, width=width), opacity=0.85,
                                 hoverinfo="skip", showlegend=False))  # fmt: skip
        mids.append(((x0 + x1) / 2, (y0 + y1) / 2, row))
    if mids:
        fig.add_trace(go.Scatter(
            x=[m[0] for m in mids], y=[m[1] for m in mids], mode="markers", name="named UHV lines",
            marker=dict(size=9, color=[100 * (m[2].green_share if pd.notna(m[2].green_share) else 0) for m in mids],
                        colorscale=[[t, to_hex(g_cmap(0.15 + 0.85 * t))] for t in np.linspace(0, 1, 11)], cmin=0, cmax=100,
                        line=dict(color="black", width=0.6), showscale=True, colorbar=dict(title="line green share (%)", x=1.0, len=0.45, y=0.25)),
            text=[f"<b>{r.line}</b> ({r.bus0} – {r.bus1})<br>capacity {r.capacity_gw:,.1f} GW<br>energy {r.energy_twh:,.1f} TWh"
                  f"<br>hours at limit {r.hours_at_limit:,.0f} h<br>green share (traced) {_pct(r.green_share)}" for _, _, r in mids],
            hoverinfo="text"))  # fmt: skip
    names = xy.loc[xy.index.intersection(provinces.index)]
    fig.add_trace(go.Scatter(x=names.x, y=names.y, mode="text", text=list(names.index), textfont=dict(size=9), hoverinfo="skip", showlegend=False))
    lat = float(np.nanmean(names.y)) if len(names) else 30.0
    fig.update_layout(
        title=dict(text="".join(line + "<br>" for line in textwrap.wrap(title, 110)) + "<sup>provinces: annual self-sufficiency (local generation / consumption); "
                   "named UHV lines: width = capacity, colour = traced green share; hover for numbers</sup>"),
        plot_bgcolor="white", height=820, width=1100, margin=dict(l=40, r=40, t=100, b=40), hovermode="closest",
        xaxis=dict(title="longitude (°E)", showgrid=False, zeroline=False),
        yaxis=dict(title="latitude (°N)", showgrid=False, zeroline=False, scaleanchor="x", scaleratio=1 / np.cos(np.deg2rad(lat))),
    )  # fmt: skip
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fig.write_html(out_path, include_plotlyjs=True, full_html=True, include_mathjax=False, config={"displaylogo": False})
    pd.concat([provinces.reset_index().assign(item="province"), lines.assign(item="named UHV line")], ignore_index=True).to_csv(
        out_path.with_suffix(".csv"), index=False
    )
    return out_path
