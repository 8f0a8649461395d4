"""Flow-tracing figures."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pypsa
from matplotlib.colors import LogNorm, Normalize
from matplotlib.patches import Patch

from network.plots.geo import add_labels, bus_xy, china_map, province_buses, province_regions, read_outline, read_shapes, scales
from network.plots.language import _link, _place, _t
from network.plots.maps import _draw_flows, legend_below, pair_flows
from network.plots.style import REGION_ORDER, _save, _series, _tidy, wide_page
from network.units import TWH

GREEN, NON_FOSSIL, AGGREGATE = "#2ca25f", "#c7e9c0", "#2f6eba"


N_CORRIDORS = 20


def plot_green_share_map(n: pypsa.Network, m: pd.DataFrame, shapes_path: Path, path: Path) -> Path:
    """Provinces coloured by traced green share of consumption (%), with annual exchanges per pair (TWh); fixed
    scales (config plots.maps: green_share_pct, exchange_twh)."""
    shapes, outline = read_shapes(shapes_path), read_outline(shapes_path)
    share = _series(m, "traced_green_share_of_consumption") * 100
    shapes["share"] = shapes["province"].map(share)
    norm, cmap = Normalize(0, scales().green_share_pct), plt.get_cmap("YlGn")
    fig, ax, inset = china_map(shapes, outline, column="share", cmap=cmap, norm=norm, missing_kwds={"color": "lightgrey"})
    handles = _draw_flows(ax, bus_xy(n, shapes), pair_flows(n, m))
    points = province_buses(n, shapes)
    points = points.loc[points.index.isin(share.index)]
    ax.scatter(points.x, points.y, s=6, color="black", zorder=5)
    add_labels(ax, points, {p: f"{_place(p)} {share[p]:.0f}%" for p in points.index}, avoid=[inset] if inset else [])
    fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, pad=0.01,
                 label=_t("Green share of consumption, traced (%; wind, solar, hydro, biomass)"))  # fmt: skip
    legend_below(ax, handles, _t("Annual exchange per pair\n(both directions; arrow = net)"), ncol=4)
    national = _series(m, "traced_green_share_of_consumption").get("national", np.nan) * 100
    ax.set_title(_t("Green share of each province's consumption by flow tracing (annual; national {national:.0f} %)", national=national))
    return _save(fig, path, share.rename("traced_green_share_of_consumption_pct").rename_axis("scope"))


def plot_corridor_shares(n: pypsa.Network, m: pd.DataFrame, path: Path, focus: str = "East") -> Path:
    """Bars: traced green and non-fossil share (%) of the flow of the largest links by energy and of
    all flow into the focus region; energy (TWh/a) written at each bar."""
    green, non_fossil = _series(m, "traced_green_share_of_flow"), _series(m, "traced_non_fossil_share_of_flow")
    energy = _series(m, "link_energy")
    if energy.empty:
        w = n.snapshot_weightings.generators
        energy = n.links_t.p0.mul(w, axis=0).sum() / TWH
    aggregate = f"into {focus}"
    top = energy.reindex(green.index.drop(aggregate, errors="ignore")).dropna().nlargest(N_CORRIDORS)
    names = ([aggregate] if aggregate in green.index else []) + list(top.index)
    twh = pd.concat([_series(m, "traced_flow_energy").reindex([aggregate]).dropna(), top])
    y = np.arange(len(names))[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(names) + 1.6))
    ax.barh(y, non_fossil.reindex(names) * 100, color=NON_FOSSIL, label=_t("non-fossil (adds nuclear)"))
    colors = [AGGREGATE if name == aggregate else GREEN for name in names]
    ax.barh(y, green.reindex(names) * 100, color=colors, height=0.55, label=_t("green (wind, solar, hydro, biomass)"))
    for yi, name in zip(y, names):
        ax.text(101, yi, f"{twh.get(name, np.nan):,.1f} TWh", va="center", fontsize=7)
    wrap = "\n[" if not wide_page() else " ["  # A4: a named line's provinces on a second line; a slide is wide, its rows few
    labels = [_t("all flow into {region} (delivered)", region=_place(focus)) if nm == aggregate else _link(nm).replace(" [", wrap) for nm in names]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 115)
    ax.set_xlabel(_t("Share of the flow (%), traced; annual energy sent at right"))
    ax.set_title(
        _t("Traced green share of inter-provincial flows: the {count} largest links and all flow into {region}", count=len(top), region=_place(focus))
    )
    handles = [Patch(color=GREEN, label=_t("green share")), Patch(color=AGGREGATE, label=_t("green share, all flow into {region}", region=_place(focus))),
               Patch(color=NON_FOSSIL, label=_t("non-fossil share (adds nuclear)"))]  # fmt: skip
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.07 - 0.5 / len(names)), ncol=2, fontsize=8, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    data = pd.DataFrame({"green_share_pct": green.reindex(names) * 100, "non_fossil_share_pct": non_fossil.reindex(names) * 100,
                         "energy_twh": twh.reindex(names)}).rename_axis("flow")  # fmt: skip
    return _save(fig, path, data)


def plot_origin_destination(n: pypsa.Network, origin: pd.DataFrame, path: Path, focus: str = "East") -> Path:
    """Heatmap (log colour): TWh/a generated in each origin province (rows) and consumed in each destination (columns),
    grouped by region, the focus region first. On a slide (a wide page) the regions themselves: 31 rows of names at a
    slide's smallest font do not fit its height."""
    regions = province_regions(n)
    cons = origin[origin["use"] == "consumption"].pivot_table(index="origin", columns="destination", values="value", aggfunc="sum")
    size = cons.sum(axis=0)
    order = [focus] + [r for r in REGION_ORDER if r != focus] + sorted(set(regions) - set(REGION_ORDER) - {focus})
    order = [r for r in order if (regions == r).any()]
    by_region = wide_page()
    if by_region:
        cons = cons.T.groupby(regions).sum(min_count=1).T.groupby(regions).sum(min_count=1).reindex(index=order, columns=order)
        names = order
    else:
        names = [p for r in order for p in sorted(regions.index[regions == r], key=lambda p: -size.get(p, 0.0))]
        cons = cons.reindex(index=names, columns=names)
    vmax = float(np.nanmax(cons.to_numpy())) if cons.notna().any().any() else 1.0
    vmin = max(vmax * 1e-4, 1e-9)  # 0.1 TWh when the largest cell is 1,000 TWh
    values = cons.where(cons >= vmin)
    fig, ax = plt.subplots(figsize=(11, 9.5))
    image = ax.imshow(values.to_numpy(), cmap="viridis", norm=LogNorm(vmin=vmin, vmax=vmax), aspect="equal")
    ax.set_xticks(range(len(names)), [_place(p) for p in names], rotation=90, fontsize=7)
    ax.set_yticks(range(len(names)), [_place(p) for p in names], fontsize=7)
    if by_region:
        ax.set_xlabel(_t("Destination: region where it is consumed (focus first)"))
        ax.set_ylabel(_t("Origin: region where it is generated"))
    else:
        for e in np.cumsum([int((regions == r).sum()) for r in order])[:-1] - 0.5:
            ax.axhline(e, color="white", lw=1.2)
            ax.axvline(e, color="white", lw=1.2)
        ax.set_xlabel(_t("Destination: province where it is consumed (grouped by region, focus first)"))
        ax.set_ylabel(_t("Origin: province where it is generated"))
    ax.set_title(_t("Where consumed electricity comes from, by flow tracing (TWh/a; diagonal = local)"))
    fig.colorbar(image, ax=ax, shrink=0.7, pad=0.01, label=_t("Electricity consumed (TWh/a, log scale; blank: below {vmin:.2g})", vmin=vmin))
    return _save(fig, path, cons.rename_axis(index="origin (TWh)", columns=None))


def plot_tracing(n: pypsa.Network, metrics: pd.DataFrame, origin: pd.DataFrame, shapes_path: Path, out_dir: Path,
                 focus: str = "East") -> list[Path]:  # fmt: skip
    """The three tracing figures of one solved run, written into out_dir; returns their paths."""
    out_dir, m = Path(out_dir), _tidy(metrics)
    return [
        plot_green_share_map(n, m, Path(shapes_path), out_dir / "traced_green_share_map.png"),
        plot_corridor_shares(n, m, out_dir / "corridor_green_share.png", focus),
        plot_origin_destination(n, origin, out_dir / "origin_destination.png", focus),
    ]
