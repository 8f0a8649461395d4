"""Maps: net imports with inter-provincial flows."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pypsa
from matplotlib.colors import TwoSlopeNorm
from matplotlib.lines import Line2D

from network.config.technologies import ELECTRICITY
from network.plots.geo import add_labels, bus_xy, china_map, clip, province_buses, read_outline, read_shapes, scales
from network.plots.language import _place, _t
from network.plots.style import _save
from network.units import TWH

FLOW_COLOR = "#222222"

MIN_WIDTH = 0.4  # line width (pt) of the smallest exchange drawn


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


def flow_width(twh: float) -> float:
    """Line width (pt) of an exchange of `twh` on the fixed scale of `plots.maps` (exchange_twh at max_width_pt)."""
    top = scales().exchange_twh
    return MIN_WIDTH + (scales().max_width_pt - MIN_WIDTH) * clip(twh, top) / top


def _draw_flows(ax: plt.Axes, xy: pd.DataFrame, flows: pd.DataFrame) -> list[Line2D]:
    """Lines between the buses' map positions (`xy`, geo.bus_xy), width ~ gross TWh on the fixed scale, arrow at
    the midpoint for the net direction; pairs inside one province (a base and its province) are not drawn."""
    small = 1e-3 * scales().exchange_twh
    for row in flows.sort_values("gross").itertuples():
        if row.bus0 not in xy.index or row.bus1 not in xy.index:
            continue
        p0, p1 = xy.loc[row.bus0, ["x", "y"]].to_numpy(float), xy.loc[row.bus1, ["x", "y"]].to_numpy(float)
        if np.allclose(p0, p1):
            continue
        if row.gross <= small:
            ax.plot(*zip(p0, p1), color="grey", lw=0.5, ls=":", zorder=3)
            continue
        lw = flow_width(row.gross)
        ax.plot(*zip(p0, p1), color=FLOW_COLOR, lw=lw, alpha=0.75, solid_capstyle="round", zorder=3)
        if abs(row.net) > small:
            start, end = (p0, p1) if row.net > 0 else (p1, p0)
            mid, step = (start + end) / 2, (end - start) / max(np.linalg.norm(end - start), 1e-9)
            ax.annotate("", xy=mid + 40 * step, xytext=mid - 40 * step, zorder=4,
                        arrowprops=dict(arrowstyle="-|>", color="black", lw=0, mutation_scale=7 + lw))  # fmt: skip
    top = scales().exchange_twh
    refs = sorted({round_nice(top * f) for f in (1.0, 0.5, 0.1)} - {0.0}, reverse=True)
    handles = [Line2D([], [], color=FLOW_COLOR, alpha=0.75, lw=flow_width(v), label=f"{v:g} TWh") for v in refs]
    handles.append(Line2D([], [], color="grey", lw=0.5, ls=":", label=_t("line, no flow")))
    return handles


def legend_below(ax: plt.Axes, handles: list, title: str, ncol: int = 3) -> None:
    """The legend of a map, centred below it (it covers no province)."""
    ax.legend(handles=handles, title=title, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=ncol, fontsize=8,
              title_fontsize=8, frameon=False)  # fmt: skip


def plot_net_imports_map(n: pypsa.Network, metrics: pd.DataFrame, shapes_path: Path, out_path: Path) -> Path:
    """Provinces coloured by annual net import (TWh, + = imports), with annual exchanges per pair (TWh); fixed
    scales (config plots.maps: net_import_twh, exchange_twh)."""
    shapes, outline = read_shapes(shapes_path), read_outline(shapes_path)
    rows = metrics[(metrics["metric"] == "net_import") & metrics["scope"].isin(n.buses.index)]
    net = rows.set_index("scope")["value"].astype(float)
    shapes["net_import"] = shapes["province"].map(net)
    top = scales().net_import_twh
    norm, cmap = TwoSlopeNorm(vcenter=0.0, vmin=-top, vmax=top), plt.get_cmap("RdBu_r")
    fig, ax, inset = china_map(shapes, outline, column="net_import", cmap=cmap, norm=norm, missing_kwds={"color": "lightgrey"})
    xy = bus_xy(n, shapes)
    flows = pair_flows(n, metrics)
    handles = _draw_flows(ax, xy, flows)
    points = province_buses(n, shapes)
    ax.scatter(points.x, points.y, s=6, color="black", zorder=5)
    add_labels(ax, points, {p: _place(p) for p in points.index}, avoid=[inset] if inset else [])
    fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, pad=0.01, extend="both",
                 label=_t("Annual net import (TWh; + imports, − exports)"))  # fmt: skip
    legend_below(ax, handles, _t("Annual exchange per pair\n(both directions; arrow = net)"), ncol=4)
    ax.set_title(_t("Provincial net imports and inter-provincial exchanges (annual, TWh)"))
    data = pd.concat([
        pd.DataFrame({"item": "net_import", "scope": net.index, "value": net.to_numpy(), "unit": "TWh"}),
        pd.DataFrame({"item": "pair_gross_exchange", "scope": flows.bus0 + " - " + flows.bus1, "value": flows.gross.to_numpy(), "unit": "TWh"}),
        pd.DataFrame({"item": "pair_net_flow (bus0 -> bus1)", "scope": flows.bus0 + " -> " + flows.bus1, "value": flows.net.to_numpy(), "unit": "TWh"}),
    ], ignore_index=True)  # fmt: skip
    return _save(fig, out_path, data)
