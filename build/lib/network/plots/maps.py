"""Maps: net imports with inter-provincial flows."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pypsa
from matplotlib.colors import TwoSlopeNorm
from matplotlib.lines import Line2D

from network.config.technologies import ELECTRICITY
from network.plots.language import _place, _t
from network.plots.style import _save
from network.units import TWH

FLOW_COLOR = "#222222"


MAX_WIDTH = 7.0  # line width (pt) of the largest exchange


MIN_WIDTH = 0.4


def pair_flows(n: pypsa.Network, metrics: pd.DataFrame) -> pd.DataFrame:
    """Annual exchange per province pair (TWh): columns bus0, bus1, gross (both directions), net (bus0 -> bus1).

    Uses the 'link_energy' rows ('A -> B', TWh) of the metrics table, else the links' p0 of `n`.
    """
    links = n.links[n.links.carrier == ELECTRICITY] if "carrier" in n.links else n.links
    rows = metrics[metrics["metric"] == "link_energy"]
    if not rows.empty:
        energy = rows.set_index("scope")["value"].astype(float)
    else:
        w = n.snapshot_weightings.generators
        energy = n.links_t.p0.reindex(columns=links.index, fill_value=0.0).mul(w, axis=0).sum() / TWH
    energy = energy.reindex(links.index).fillna(0.0)
    first = links.bus0.where(links.bus0 <= links.bus1, links.bus1)
    second = links.bus1.where(links.bus0 <= links.bus1, links.bus0)
    sign = np.where(links.bus0 == first, 1.0, -1.0)
    frame = pd.DataFrame({"bus0": first, "bus1": second, "gross": energy, "net": energy * sign})
    return frame.groupby(["bus0", "bus1"], as_index=False)[["gross", "net"]].sum()


def round_nice(value: float) -> float:
    """Round to one significant digit (for legend reference widths)."""
    if value <= 0:
        return 0.0
    exponent = np.floor(np.log10(value))
    return float(np.round(value / 10**exponent) * 10**exponent)


def _draw_flows(ax: plt.Axes, n: pypsa.Network, flows: pd.DataFrame) -> list[Line2D]:
    """Lines between bus x/y, width ~ gross TWh, arrow at the midpoint for the net direction."""
    gmax = flows["gross"].max() if len(flows) else 0.0
    gmax = gmax if gmax > 0 else 1.0

    def width(twh: float) -> float:
        return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * twh / gmax

    xy = n.buses[["x", "y"]]
    for row in flows.sort_values("gross").itertuples():
        if row.bus0 not in xy.index or row.bus1 not in xy.index:
            continue
        p0, p1 = xy.loc[row.bus0].to_numpy(float), xy.loc[row.bus1].to_numpy(float)
        if row.gross <= 1e-3 * gmax:
            ax.plot(*zip(p0, p1), color="grey", lw=0.5, ls=":", zorder=3)
            continue
        lw = width(row.gross)
        ax.plot(*zip(p0, p1), color=FLOW_COLOR, lw=lw, alpha=0.75, solid_capstyle="round", zorder=3)
        if abs(row.net) > 1e-3 * gmax:
            start, end = (p0, p1) if row.net > 0 else (p1, p0)
            mid, step = (start + end) / 2, (end - start) / max(np.linalg.norm(end - start), 1e-9)
            ax.annotate("", xy=mid + 0.4 * step, xytext=mid - 0.4 * step, zorder=4,
                        arrowprops=dict(arrowstyle="-|>", color="black", lw=0, mutation_scale=9 + 1.5 * lw))  # fmt: skip
    refs = sorted({round_nice(gmax * f) for f in (1.0, 0.5, 0.1)} - {0.0}, reverse=True)
    handles = [Line2D([], [], color=FLOW_COLOR, alpha=0.75, lw=width(v), label=f"{v:g} TWh") for v in refs]
    handles.append(Line2D([], [], color="grey", lw=0.5, ls=":", label=_t("line, no flow")))
    return handles


def plot_net_imports_map(n: pypsa.Network, metrics: pd.DataFrame, shapes_path: Path, out_path: Path) -> Path:
    """Provinces coloured by annual net import (TWh, + = imports), with annual exchanges per pair (TWh)."""
    shapes = gpd.read_file(shapes_path)
    if shapes.crs is not None and shapes.crs.to_epsg() != 4326:
        shapes = shapes.to_crs(4326)
    rows = metrics[(metrics["metric"] == "net_import") & metrics["scope"].isin(n.buses.index)]
    net = rows.set_index("scope")["value"].astype(float)
    shapes["net_import"] = shapes["province"].map(net)
    vmax = float(np.nanmax(np.abs(shapes["net_import"]))) if shapes["net_import"].notna().any() else 0.0
    vmax = vmax if vmax > 0 else 1.0
    norm, cmap = TwoSlopeNorm(vcenter=0.0, vmin=-vmax, vmax=vmax), plt.get_cmap("RdBu_r")

    fig, ax = plt.subplots(figsize=(11, 8.5))
    shapes.plot(column="net_import", cmap=cmap, norm=norm, edgecolor="white", linewidth=0.6, ax=ax,
                missing_kwds={"color": "lightgrey"})  # fmt: skip
    flows = pair_flows(n, metrics)
    handles = _draw_flows(ax, n, flows)
    buses = n.buses.loc[n.buses.index.isin(shapes["province"]) | n.buses.index.isin(net.index)]
    ax.scatter(buses.x, buses.y, s=8, color="black", zorder=5)
    for name, bus in buses.iterrows():
        # label to the left where another bus sits close on the right
        crowded = ((buses.x - bus.x).between(0.01, 2.5) & ((buses.y - bus.y).abs() < 0.8)).any()
        ax.annotate(_place(name), (bus.x, bus.y), xytext=(-3 if crowded else 3, 3), textcoords="offset points", fontsize=6.5,
                    ha="right" if crowded else "left", zorder=6,
                    color="#111111", bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.6))  # fmt: skip
    fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, pad=0.01,
                 label=_t("Annual net import (TWh; + imports, − exports)"))  # fmt: skip
    ax.legend(handles=handles, title=_t("Annual exchange per pair\n(both directions; arrow = net)"), loc="lower left",
              fontsize=8, title_fontsize=8, framealpha=0.9)  # fmt: skip
    mean_lat = float(np.nanmean(n.buses.y)) if len(n.buses) else 30.0
    ax.set_aspect(1 / np.cos(np.deg2rad(mean_lat)))
    ax.set_xlabel(_t("Longitude (°E)"))
    ax.set_ylabel(_t("Latitude (°N)"))
    ax.set_title(_t("Provincial net imports and inter-provincial exchanges (annual, TWh)"))
    data = pd.concat([
        pd.DataFrame({"item": "net_import", "scope": net.index, "value": net.to_numpy(), "unit": "TWh"}),
        pd.DataFrame({"item": "pair_gross_exchange", "scope": flows.bus0 + " - " + flows.bus1, "value": flows.gross.to_numpy(), "unit": "TWh"}),
        pd.DataFrame({"item": "pair_net_flow (bus0 -> bus1)", "scope": flows.bus0 + " -> " + flows.bus1, "value": flows.net.to_numpy(), "unit": "TWh"}),
    ], ignore_index=True)  # fmt: skip
    return _save(fig, out_path, data)
