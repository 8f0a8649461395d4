"""Corridor figures: the named UHV lines on a map."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pypsa
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D

from network.analysis.metrics.corridors import capacity_mw, corridor_rows, uhv_links
from network.analysis.metrics.power import region_map
from network.config.technologies import ELECTRICITY
from network.plots.language import _place, _t
from network.plots.maps import MAX_WIDTH, MIN_WIDTH, round_nice
from network.plots.style import _save
from network.units import MW_PER_GW

CMAP = "viridis"


RESIDUAL_COLOR = "#9a9a9a"


def _line_values(n: pypsa.Network, metrics: pd.DataFrame) -> pd.DataFrame:
    """Per named line: corridor_capacity (GW) and corridor_utilisation_hours (h), from the metrics or from n."""
    rows = metrics[metrics["metric"].isin(["corridor_capacity", "corridor_utilisation_hours"])]
    if rows.empty:
        rows = pd.DataFrame(corridor_rows(n, region_map(n)))
        rows = rows[rows["metric"].isin(["corridor_capacity", "corridor_utilisation_hours"])]
    return rows.pivot_table(index="scope", columns="metric", values="value", aggfunc="first")


def _arc(p0: np.ndarray, p1: np.ndarray, bend: float, steps: int = 30) -> np.ndarray:
    """Quadratic curve from p0 to p1 whose midpoint is shifted sideways by bend x distance."""
    d = p1 - p0
    control = (p0 + p1) / 2 + bend * np.array([-d[1], d[0]])
    t = np.linspace(0, 1, steps)[:, None]
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * control + t**2 * p1


def plot_corridors(n: pypsa.Network, metrics: pd.DataFrame, shapes_path: Path, out_dir: Path) -> list[Path]:
    """corridor_map.png: named UHV lines (width = capacity, colour = utilisation hours; AC dashed) and the
    residual aggregated exchange (grey, width = capacity)."""
    shapes = gpd.read_file(shapes_path)
    if shapes.crs is not None and shapes.crs.to_epsg() != 4326:
        shapes = shapes.to_crs(4326)
    xy = n.buses[["x", "y"]].astype(float)
    values = _line_values(n, metrics)
    uhv = uhv_links(n)
    uhv = uhv[uhv["uhv_reverse"].astype(float) == 0]
    ac = n.links[n.links.carrier == ELECTRICITY]
    residual = ac[~ac.index.isin(uhv_links(n).index) & (ac.bus0 < ac.bus1)]
    gw = pd.concat([capacity_mw(n, uhv), capacity_mw(n, residual)]) / MW_PER_GW
    gmax = max(float(gw.max()) if len(gw) else 1.0, 1e-9)

    def width(v: float) -> float:
        return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * v / gmax

    hours = values.get("corridor_utilisation_hours", pd.Series(dtype=float))
    norm = Normalize(vmin=0.0, vmax=max(float(np.nanmax(hours)) if hours.notna().any() else 1.0, 1.0))
    cmap = plt.get_cmap(CMAP)
    fig, ax = plt.subplots(figsize=(11, 8.5))
    shapes.plot(color="#f0f0f0", edgecolor="white", linewidth=0.6, ax=ax)
    for name, link in residual.iterrows():
        p0, p1 = xy.loc[link.bus0].to_numpy(), xy.loc[link.bus1].to_numpy()
        ax.plot(*zip(p0, p1), color=RESIDUAL_COLOR, lw=width(gw[name]), alpha=0.5, zorder=2, solid_capstyle="round")
    pair = uhv.apply(lambda r: tuple(sorted([r.bus0, r.bus1])), axis=1)
    for _, group in uhv.groupby(pair):
        for i, (name, link) in enumerate(group.sort_values("uhv_line").iterrows()):
            bend = 0.12 * (i - (len(group) - 1) / 2) + (0.06 if len(group) == 1 else 0.0)
            path = _arc(xy.loc[link.bus0].to_numpy(), xy.loc[link.bus1].to_numpy(), bend)
            color = cmap(norm(hours.get(link.uhv_line, np.nan))) if pd.notna(hours.get(link.uhv_line, np.nan)) else "black"
            ax.plot(path[:, 0], path[:, 1], color=color, lw=width(gw[name]), ls="--" if link.uhv_type == "AC" else "-",
                    alpha=0.9, zorder=3, solid_capstyle="round")  # fmt: skip
    ax.scatter(xy.x, xy.y, s=8, color="black", zorder=5)
    for name, bus in xy.iterrows():
        ax.annotate(_place(name), (bus.x, bus.y), xytext=(3, 3), textcoords="offset points", fontsize=6.5, zorder=6)
    refs = sorted({round_nice(gmax * f) for f in (1.0, 0.5, 0.2)} - {0.0}, reverse=True)
    handles = [Line2D([], [], color="black", lw=width(v), label=f"{v:g} GW") for v in refs]
    handles += [Line2D([], [], color="black", lw=1.5, label=_t("UHV DC")), Line2D([], [], color="black", lw=1.5, ls="--", label=_t("UHV AC (1000 kV)")),
                Line2D([], [], color=RESIDUAL_COLOR, lw=2, alpha=0.5, label=_t("other exchange (residual)"))]  # fmt: skip
    ax.legend(handles=handles, title=_t("Capacity (one direction)"), loc="lower left", fontsize=8, title_fontsize=8, framealpha=0.9)
    fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, pad=0.01,
                 label=_t("Utilisation hours of the named line (h = annual energy / capacity)"))  # fmt: skip
    ax.set_aspect(1 / np.cos(np.deg2rad(float(np.nanmean(xy.y)) if len(xy) else 30.0)))
    ax.set_xlabel(_t("Longitude (°E)"))
    ax.set_ylabel(_t("Latitude (°N)"))
    ax.set_title(_t("Named UHV lines and residual inter-provincial exchange"))
    shown = pd.concat([uhv, residual])
    data = pd.DataFrame({"bus0": shown.bus0, "bus1": shown.bus1, "named_line": shown.get("uhv_line"), "type": shown.get("uhv_type"),
                         "capacity_gw": gw[shown.index], "utilisation_hours": shown.get("uhv_line").map(hours)}).rename_axis("link")  # fmt: skip
    return [_save(fig, Path(out_dir) / "corridor_map.png", data)]
