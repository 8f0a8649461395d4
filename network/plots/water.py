"""Water figures."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pypsa
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D

from network.config.technologies import colors
from network.model.water import TRANSFER
from network.plots.geo import add_labels, bus_xy, china_map, province_buses, read_outline, read_shapes, scales
from network.plots.language import _place, _t
from network.plots.maps import legend_below, round_nice
from network.plots.style import _nice, _save, two_columns
from network.units import THOUSAND_M3_PER_MILLION

TRANSFER_COLOR = "#1f78b4"


def _values(metrics: pd.DataFrame, metric: str, carrier: str = "") -> pd.Series:
    m = metrics[(metrics["metric"] == metric) & (metrics["carrier"].fillna("") == carrier)]
    return m.set_index("scope")["value"].astype(float)


def plot_water_map(n: pypsa.Network, metrics: pd.DataFrame, shapes_path: Path, out_path: Path) -> Path:
    """Provinces coloured by cap utilisation (fresh supply / allowance; fixed scale, config plots.maps), circles ~
    fresh withdrawal (million m3), shadow prices where the cap binds (CNY/m3), transfer routes ~ delivered volume."""
    shapes, outline = read_shapes(shapes_path), read_outline(shapes_path)
    util = _values(metrics, "water_cap_utilisation")
    shapes["util"] = shapes["province"].map(util)
    norm, cmap = Normalize(0.0, scales().water_cap_utilisation), plt.get_cmap("YlOrRd")
    fig, ax, inset = china_map(shapes, outline, column="util", cmap=cmap, norm=norm, missing_kwds={"color": "lightgrey"})
    xy = bus_xy(n, shapes)
    points = province_buses(n, shapes)
    use = _values(metrics, "water_withdrawal").reindex(util.index).fillna(0.0)
    use = use[use.index.isin(points.index)]
    wmax = use.max() if len(use) and use.max() > 0 else 1.0
    ax.scatter(points.loc[use.index, "x"], points.loc[use.index, "y"], s=300 * use / wmax, facecolor="none", edgecolor="#08306b", lw=1.0, zorder=5)
    handles = [Line2D([], [], marker="o", ls="", mfc="none", mec="#08306b", ms=np.sqrt(300 * v / wmax), label=_t("{volume:,.0f} million m³", volume=v))
               for v in sorted({round_nice(wmax), round_nice(wmax / 4)} - {0.0}, reverse=True)]  # fmt: skip
    price = _values(metrics, "water_shadow_price")
    binding = price[(price > 1e-3) & price.index.isin(points.index)]
    texts = {p: _place(p) for p in points.index} | {p: _t("{province}\n{price:.2g} CNY/m³", province=_place(p), price=v) for p, v in binding.items()}
    add_labels(ax, points, texts, avoid=[inset] if inset else [])
    links = n.links[n.links.carrier == TRANSFER] if "carrier" in n.links else n.links.iloc[:0]
    if not links.empty:
        w = n.snapshot_weightings.generators
        volume = -n.links_t.p1.reindex(columns=links.index, fill_value=0.0).mul(w, axis=0).sum() / THOUSAND_M3_PER_MILLION  # million m3
        vmax_t = volume.max() if volume.max() > 0 else 1.0
        for name, link in links.iterrows():
            up = link.bus2 if isinstance(link.get("bus2"), str) and link.bus2 in xy.index else link.bus0
            if up not in xy.index or link.bus1 not in xy.index:
                continue
            start, end = xy.loc[up, ["x", "y"]].to_numpy(float), xy.loc[link.bus1, ["x", "y"]].to_numpy(float)
            if np.allclose(start, end):
                continue
            ax.annotate("", xy=end, xytext=start, zorder=4, arrowprops=dict(
                arrowstyle="-|>", color=TRANSFER_COLOR, lw=1 + 4 * volume[name] / vmax_t, alpha=0.8))  # fmt: skip
        handles.append(Line2D([], [], color=TRANSFER_COLOR, lw=5, label=_t("South-to-North transfer ({volume:,.0f} million m³)", volume=vmax_t)))
    fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, pad=0.01, extend="max",
                 label=_t("Fresh-water cap utilisation (power + compute withdrawal / allowance)"))  # fmt: skip
    legend_below(ax, handles, _t("Fresh-water withdrawal (annual)"))
    ax.set_title(_t("Fresh-water use of power and compute against provincial caps (annual)"))
    data = pd.DataFrame({"cap_utilisation": util, "withdrawal_million_m3": use, "shadow_price_cny_per_m3": price.reindex(util.index)})
    return _save(fig, out_path, data.rename_axis("province"))


def plot_withdrawal_bars(metrics: pd.DataFrame, provinces: list[str], out_path: Path) -> Path:
    """Stacked bars: fresh-water withdrawal by sector per province as a fraction of its allowance
    (1 = cap; above 1 where South-to-North water or an overdraft supplies the rest)."""
    rows = metrics[(metrics["metric"] == "water_withdrawal") & metrics["scope"].isin(provinces) & (metrics["carrier"].fillna("") != "")]
    table = rows.pivot_table(index="scope", columns="carrier", values="value", aggfunc="sum").reindex(provinces).fillna(0.0)
    allowance = _values(metrics, "water_allowance").reindex(provinces)
    share = table.div(allowance.where(allowance > 0), axis=0).fillna(0.0)
    order = share.sum(axis=1).sort_values(ascending=False).index  # top to bottom; on a slide the larger half at left
    parts = two_columns(len(order))
    fig, axes = plt.subplots(1, len(parts), figsize=(9 * len(parts) / (1 + 0.3 * (len(parts) - 1)), 9), sharex=True, squeeze=False)
    for ax, part in zip(axes[0], parts, strict=True):
        rows = list(order[part])
        y = np.arange(len(rows))[::-1] + (len(order[parts[0]]) - len(rows))  # the same row height in both columns
        left = np.zeros(len(rows))
        for sector in share.columns:
            values = share.loc[rows, sector].to_numpy()
            ax.barh(y, values, left=left, color=colors().get(sector), label=_nice(sector))
            left += values
        for yi, x, p in zip(y, left, rows, strict=True):
            ax.annotate(f"{table.loc[p].sum():,.0f} / {allowance[p]:,.0f}", (x, yi), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=6.5)  # fmt: skip
        ax.set_yticks(y, [_place(p) for p in rows])
        ax.set_ylim(-0.6, len(order[parts[0]]) - 0.4)
        ax.axvline(1.0, color="#d62728", lw=1.2, label=_t("allowance (cap)"))
        ax.set_xlabel(_t("Fresh-water withdrawal / allowance (labels: withdrawal / allowance, million m³ per year)"))
    title = _t("Fresh-water withdrawal of power and compute by sector against the provincial allowance")
    (axes[0, 0].set_title if len(parts) == 1 else fig.suptitle)(title)
    axes[0, -1].legend(loc="lower right", fontsize=8)
    axes[0, 0].set_xlim(0, max(float(share.sum(axis=1).max()), 1.0) * 1.5)  # room for the labels right of the longest bar
    data = table.loc[order].add_suffix(" million m3").assign(**{"allowance million m3": allowance[order]}).rename_axis("province")
    return _save(fig, out_path, data)


def plot_water(n: pypsa.Network, metrics: pd.DataFrame, shapes_path: Path, out_dir: Path) -> list[Path]:
    """All water figures of a solved run (PNG paths); [] when the run has no water buses."""
    if not (metrics["metric"] == "water_allowance").any():
        return []
    provinces = [s for s in _values(metrics, "water_allowance").index if s != "national"]
    out_dir = Path(out_dir)
    return [
        plot_water_map(n, metrics, Path(shapes_path), out_dir / "water_map.png"),
        plot_withdrawal_bars(metrics, provinces, out_dir / "water_withdrawal.png"),
    ]
