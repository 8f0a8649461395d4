"""Corridor figures: the named UHV lines on a map."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pypsa
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D

from network.analysis.metrics.corridors import capacity_mw, corridor_rows, uhv_links
from network.analysis.metrics.power import region_map
from network.config.technologies import ELECTRICITY
from network.plots.geo import add_labels, bus_xy, china_map, clip, province_buses, read_outline, read_shapes, scales
from network.plots.language import _place, _t, current, names_zh
from network.plots.maps import MIN_WIDTH, round_nice
from network.plots.style import _save, page_size
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


def line_label(line: str, province0: str, province1: str) -> str:
    """A named UHV line in the current language: its Chinese name (name_zh of inputs/uhv_lines.csv) in Chinese
    figures, else (a line of `transmission.add_lines` has none) its two end provinces."""
    if current() == "en":
        return line
    return names_zh().get(line) or f"{_place(province0)}—{_place(province1)}"


def plot_corridors(n: pypsa.Network, metrics: pd.DataFrame, shapes_path: Path, out_dir: Path) -> list[Path]:
    """corridor_map.png: named UHV lines (width = capacity, colour = utilisation hours; AC dashed; numbered, with
    a key below) and the residual aggregated exchange (grey, width = capacity); fixed scales (config plots.maps:
    corridor_gw, utilisation_hours). Every end is drawn at its province (a base's line starts in its province)."""
    shapes, outline = read_shapes(shapes_path), read_outline(shapes_path)
    xy = bus_xy(n, shapes)
    own = pd.Series(n.buses.index, index=n.buses.index)  # a province's bus is named after it
    named = n.buses.get("province", pd.Series("", index=n.buses.index)).fillna("")
    province = named.where(named != "", own)
    values = _line_values(n, metrics)
    uhv = uhv_links(n)
    uhv = uhv[(uhv["uhv_reverse"].astype(float) == 0) & uhv.bus0.isin(xy.index) & uhv.bus1.isin(xy.index)]
    ac = n.links[n.links.carrier == ELECTRICITY]
    residual = ac[~ac.index.isin(uhv_links(n).index) & (ac.bus0 < ac.bus1) & ac.bus0.isin(xy.index) & ac.bus1.isin(xy.index)]
    gw = pd.concat([capacity_mw(n, uhv), capacity_mw(n, residual)]) / MW_PER_GW
    top, wide = scales().corridor_gw, scales().max_width_pt

    def width(v: float) -> float:
        return MIN_WIDTH + (wide - MIN_WIDTH) * clip(v, top) / top

    hours = values.get("corridor_utilisation_hours", pd.Series(dtype=float))
    norm, cmap = Normalize(vmin=0.0, vmax=scales().utilisation_hours), plt.get_cmap(CMAP)
    fig, ax, inset = china_map(shapes, outline)
    for name, link in residual.iterrows():
        p0, p1 = xy.loc[link.bus0, ["x", "y"]].to_numpy(float), xy.loc[link.bus1, ["x", "y"]].to_numpy(float)
        ax.plot(*zip(p0, p1), color=RESIDUAL_COLOR, lw=width(gw[name]), alpha=0.5, zorder=2, solid_capstyle="round")
    lines = sorted(uhv["uhv_line"].unique())
    number = {line: i + 1 for i, line in enumerate(lines)}
    pair = uhv.apply(lambda r: tuple(sorted([province[r.bus0], province[r.bus1]])), axis=1)
    middles = {}
    for _, group in uhv.groupby(pair):
        group = group.drop_duplicates("uhv_line").sort_values("uhv_line")
        for i, (name, link) in enumerate(group.iterrows()):
            p0, p1 = xy.loc[link.bus0, ["x", "y"]].to_numpy(float), xy.loc[link.bus1, ["x", "y"]].to_numpy(float)
            if np.allclose(p0, p1):
                continue
            path = _arc(p0, p1, 0.12 * (i - (len(group) - 1) / 2) + (0.06 if len(group) == 1 else 0.0))
            h = hours.get(link.uhv_line, np.nan)
            color = cmap(norm(clip(h, norm.vmax))) if pd.notna(h) else "black"
            ax.plot(path[:, 0], path[:, 1], color=color, lw=width(gw[name]), ls="--" if link.uhv_type == "AC" else "-",
                    alpha=0.9, zorder=3, solid_capstyle="round")  # fmt: skip
            middles.setdefault(link.uhv_line, path[len(path) // 2])
    points = province_buses(n, shapes)
    ax.scatter(points.x, points.y, s=5, color="black", zorder=5)
    slide = page_size().width_in > 1.5 * page_size().max_height_in  # no room for the key at a slide's fonts
    middles = {} if slide else middles
    anchors = pd.concat([points, pd.DataFrame(middles, index=["x", "y"]).T.rename(index=lambda line: f"#{line}")])
    texts = {p: _place(p) for p in points.index} | {f"#{line}": str(number[line]) for line in middles}
    add_labels(ax, anchors, texts, fontsize=6, avoid=[inset] if inset else [])
    ends = uhv.drop_duplicates("uhv_line").set_index("uhv_line")
    key = [Line2D([], [], lw=0, label=f"{number[line]} {line_label(line, province[ends.at[line, 'bus0']], province[ends.at[line, 'bus1']])}")
           for line in lines]  # fmt: skip
    refs = sorted({round_nice(top * f) for f in (1.0, 0.5, 0.2)} - {0.0}, reverse=True)
    handles = [Line2D([], [], color="black", lw=width(v), label=f"{v:g} GW") for v in refs]
    handles += [Line2D([], [], color="black", lw=1.5, label=_t("UHV DC")), Line2D([], [], color="black", lw=1.5, ls="--", label=_t("UHV AC (1000 kV)")),
                Line2D([], [], color=RESIDUAL_COLOR, lw=2, alpha=0.5, label=_t("other exchange (residual)"))]  # fmt: skip
    fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, pad=0.01, extend="max",
                 label=_t("Utilisation hours of the named line (h = annual energy / capacity)"))  # fmt: skip
    ax.legend(handles=handles, title=_t("Capacity (one direction)"), loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3,
              fontsize=8, title_fontsize=8, frameon=False)  # fmt: skip
    if key and not slide:  # below the map on a page (on a slide the numbers and key are left out; corridor_map.csv has them)
        fig.legend(handles=key, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=6.5, handlelength=0, handletextpad=0,
                   frameon=False, title=_t("Named UHV lines"), title_fontsize=7)  # fmt: skip
    ax.set_title(_t("Named UHV lines and residual inter-provincial exchange"))
    shown = pd.concat([uhv, residual])
    data = pd.DataFrame({"bus0": shown.bus0, "bus1": shown.bus1, "named_line": shown.get("uhv_line"), "number_on_map": shown.get("uhv_line").map(number),
                         "type": shown.get("uhv_type"), "capacity_gw": gw[shown.index],
                         "utilisation_hours": shown.get("uhv_line").map(hours)}).rename_axis("link")  # fmt: skip
    return [_save(fig, Path(out_dir) / "corridor_map.png", data)]
