"""Figures of one run: generation mix, self-sufficiency, regional dispatch."""

from __future__ import annotations

from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pypsa
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from network.analysis.metrics.power import hourly_by_bus, region_map
from network.analysis.tracing import origin_matrix, trace
from network.config.technologies import ELECTRICITY, SHEDDING_CARRIER, colors
from network.plots.geo import province_regions
from network.plots.language import _place, _t
from network.plots.maps import plot_net_imports_map
from network.plots.style import (
    FOCUS_COLOR,
    OTHER_COLOR,
    REGION_ORDER,
    _carrier_order,
    _color,
    _nice,
    _save,
    _series,
    _tidy,
    import_color,
    two_columns,
)
from network.plots.tracing import plot_tracing
from network.units import MW_PER_GW


def _groups(regions: pd.Series, size: pd.Series, focus: str) -> list[tuple[str, list[str]]]:
    """(region, provinces sorted by `size` descending), focus region first."""
    order = [focus] + [r for r in REGION_ORDER if r != focus] + sorted(set(regions) - set(REGION_ORDER) - {focus})
    out = []
    for r in order:
        members = list(regions.index[regions == r])
        if members:
            out.append((r, sorted(members, key=lambda p: -size.get(p, 0.0))))
    return out


def _positions(groups: list[tuple[str, list[str]]], gap: float = 0.8) -> tuple[list[str], np.ndarray, list]:
    """Bar positions with a gap between region groups; also (region, first, last) spans."""
    names, pos, spans, y = [], [], [], 0.0
    for region, members in groups:
        spans.append((region, y, y + len(members) - 1))
        for p in members:
            names.append(p)
            pos.append(y)
            y += 1
        y += gap
    return names, np.array(pos), spans


def _split_groups(groups: list[tuple[str, list[str]]]) -> list[list[tuple[str, list[str]]]]:
    """The region groups in one column, or on a wide page (a slide) two, split between regions where the rows are
    closest to halves."""
    count = sum(len(members) for _, members in groups)
    if len(two_columns(count)) == 1 or len(groups) < 2:
        return [groups]
    sizes = np.cumsum([len(members) for _, members in groups])[:-1]
    cut = int(np.argmin(np.abs(sizes - count / 2))) + 1
    return [groups[:cut], groups[cut:]]


def plot_generation_mix(m: pd.DataFrame, regions: pd.Series, focus: str, path: Path) -> Path:
    """Horizontal stacked bars: annual generation by carrier per province (TWh), consumption as a marker; on a slide
    the regions in two columns on one scale."""
    gen = m[(m.metric == "generation") & (m.carrier != "") & m.scope.isin(regions.index)]
    gen = gen.pivot_table(index="scope", columns="carrier", values="value", aggfunc="sum").reindex(regions.index).fillna(0.0)
    consumption = _series(m, "consumption").reindex(regions.index)
    columns = _split_groups(_groups(regions, consumption.fillna(gen.sum(axis=1)), focus))
    rows = max(sum(len(members) + 0.8 for _, members in groups) for groups in columns)
    height = 0.3 * (rows if len(columns) > 1 else sum(len(members) for _, members in columns[0])) + 2.5  # A4: as it was
    fig, axes = plt.subplots(1, len(columns), figsize=(10, height), squeeze=False)
    xmax = np.nanmax([gen.sum(axis=1).max(), consumption.max()]) * 1.18
    order = _carrier_order(gen.columns)
    for ax, groups in zip(axes[0], columns, strict=True):
        names, pos, spans = _positions(groups)
        left = np.zeros(len(names))
        for c in order:
            vals = gen.loc[names, c].to_numpy()
            ax.barh(pos, vals, left=left, height=0.8, color=_color(c), label=_nice(c))
            left += vals
        ax.scatter(consumption[names], pos, marker="D", s=22, color="black", zorder=4, label=_t("Consumption"))
        ax.set_xlim(0, xmax if xmax > 0 else 1)
        for region, first, last in spans:
            ax.text(0.99, (first + last) / 2, _t("{region} (focus)", region=_place(region)) if region == focus else _place(region), ha="right",
                    va="center", fontsize=10, fontweight="bold", transform=ax.get_yaxis_transform())  # fmt: skip
            if first > 0:
                ax.axhline(first - 0.9, color="grey", lw=0.6)
        ax.set_yticks(pos, [_place(p) for p in names], fontsize=8)
        ax.set_ylim(max(pos.max() + 0.7, rows - 1.5), -0.7)  # the same row height in both columns
        ax.set_xlabel(_t("Annual energy (TWh)"))
        ax.grid(axis="x", alpha=0.3)
    title = _t("Annual generation by carrier and consumption per province")
    if len(columns) == 1:
        axes[0, 0].set_title(title)
    else:
        fig.suptitle(title)
    first = axes[0, 0]
    centre = 0.5 if len(columns) == 1 else 1.0 + fig.subplotpars.wspace / 2  # under both columns
    first.legend(loc="upper center", bbox_to_anchor=(centre, -0.5 / height), ncol=5, frameon=False, fontsize=9)
    names = [p for groups in columns for _, members in groups for p in members]
    data = gen.loc[names].add_suffix(" generation TWh").assign(**{"consumption TWh": consumption[names]}).rename_axis("province")
    return _save(fig, path, data)


def plot_self_sufficiency(m: pd.DataFrame, regions: pd.Series, focus: str, path: Path) -> Path:
    """Bars of annual self-sufficiency per province (%, local generation / consumption), region values as lines."""
    ss = _series(m, "self_sufficiency") * 100
    names, pos, spans = _positions(_groups(regions, ss, focus), gap=1.0)
    fig, ax = plt.subplots(figsize=(max(8, 0.38 * len(names) + 2), 5.5))
    colors = [FOCUS_COLOR if regions[p] == focus else OTHER_COLOR for p in names]
    ax.bar(pos, ss.reindex(names).fillna(0.0), color=colors, width=0.8)
    ax.axhline(100, color="black", lw=1, ls="--")
    for region, first, last in spans:
        if region in ss.index:
            v = ss[region]
            ax.hlines(v, first - 0.45, last + 0.45, color="#c0392b", lw=2, zorder=3)
            ax.text((first + last) / 2, 0.98, _t("{region}: {value:.0f} %", region=_place(region), value=v).replace(": ", "\n"), ha="center",
                    va="top", fontsize=7, fontweight="bold", color="#c0392b", transform=ax.get_xaxis_transform())  # fmt: skip
    ax.set_xticks(pos, [_place(p) for p in names], rotation=90, fontsize=8)
    ax.set_xlim(pos.min() - 0.8, pos.max() + 0.8)
    ax.set_ylabel(_t("Self-sufficiency (local generation / consumption, %)"))
    ax.set_title(_t("Annual self-sufficiency per province ({focus} region highlighted)", focus=_place(focus)))
    ax.grid(axis="y", alpha=0.3)
    handles = [Patch(color=FOCUS_COLOR, label=_t("{focus} provinces", focus=_place(focus))), Patch(color=OTHER_COLOR, label=_t("Other provinces")),
               Line2D([], [], color="#c0392b", lw=2, label=_t("Region value")), Line2D([], [], color="black", ls="--", label="100 %")]  # fmt: skip
    ax.set_ylim(0, max(150.0, float(np.nanmax(ss.reindex(names)))) * 1.3)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.3), fontsize=8, ncol=4, frameon=False)
    data = pd.DataFrame({"region": regions.reindex(names), "self_sufficiency_pct": ss.reindex(names)}).rename_axis("province")
    return _save(fig, path, data)


def region_dispatch(n: pypsa.Network, region: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Hourly balance of a region (GW): supply (>= 0) by column, sinks (<= 0), and load.

    Supply: generation per carrier, storage discharge, net imports (link injections into the region's
    buses, incl. losses on internal links) and unserved load. Sinks: storage charging, net exports.
    """
    buses = region_map(n).index[region_map(n) == region]
    gens = n.generators[n.generators.bus.isin(buses)]
    gen = n.generators_t.p.reindex(columns=gens.index, fill_value=0.0).T.groupby(gens.carrier).sum().T / MW_PER_GW
    su = n.storage_units[n.storage_units.bus.isin(buses)]
    sto = n.storage_units_t.p.reindex(columns=su.index, fill_value=0.0).T.groupby(su.carrier).sum().T / MW_PER_GW
    sto = sto.reindex(n.snapshots, fill_value=0.0)
    links = n.links[n.links.carrier == ELECTRICITY]  # inter-provincial exchange only (not sector links)
    p0 = n.links_t.p0.reindex(columns=links.index[links.bus0.isin(buses)], fill_value=0.0).sum(axis=1)
    p1 = n.links_t.p1.reindex(columns=links.index[links.bus1.isin(buses)], fill_value=0.0).sum(axis=1)
    imports = (-(p0 + p1) / MW_PER_GW).reindex(n.snapshots, fill_value=0.0)
    supply = pd.DataFrame(index=n.snapshots)
    for c in [c for c in _carrier_order(gen.columns) if c != SHEDDING_CARRIER]:
        supply[_nice(c)] = gen[c].clip(lower=0)
    for c in sto.columns:
        supply[_nice(c)] = sto[c].clip(lower=0)
    supply[_t("Net imports")] = imports.clip(lower=0)
    if SHEDDING_CARRIER in gen:
        supply[_nice(SHEDDING_CARRIER)] = gen[SHEDDING_CARRIER]
    sinks = pd.DataFrame({_nice(c): sto[c].clip(upper=0) for c in sto.columns}, index=n.snapshots)
    sinks[_t("Net imports")] = imports.clip(upper=0)
    load = hourly_by_bus(n)[1][list(buses)].sum(axis=1) / MW_PER_GW
    return supply.loc[:, supply.abs().sum() > 0], sinks.loc[:, sinks.abs().sum() > 0], load


def _week(snapshots: pd.Index, month: int, day: int = 13) -> tuple[np.ndarray, bool]:
    """Mask of the 7 days from the Monday of the week of `day`/`month` (True), else the nearest 7 days (False)."""
    idx = pd.DatetimeIndex(snapshots.get_level_values(-1) if isinstance(snapshots, pd.MultiIndex) else snapshots)
    start = pd.Timestamp(int(pd.Series(idx.year).mode().iloc[0]), month, day)
    start -= pd.Timedelta(days=start.weekday())
    week = pd.Timedelta(days=7)
    mask = (idx >= start) & (idx < start + week)
    if mask.any():
        return np.asarray(mask), True
    start = min(max(idx.min(), start), max(idx.min(), idx.max() - week))
    return np.asarray((idx >= start) & (idx < start + week)), False


def plot_dispatch(n: pypsa.Network, region: str, month: int, season: str, path: Path) -> Path:
    """Stacked area of a region's dispatch (GW) over one week with the region's load as a line."""
    supply, sinks, load = region_dispatch(n, region)
    mask, found = _week(n.snapshots, month)
    season = _t("{season} week", season=_t(season)) if found else _t("nearest week to {season} (not in snapshots)", season=_t(season))
    supply, sinks, load = supply[mask], sinks[mask], load[mask]
    x = pd.DatetimeIndex(supply.index.get_level_values(-1) if isinstance(supply.index, pd.MultiIndex) else supply.index)
    code = {_nice(c): c for c in colors()}
    color = {k: import_color() if k == _t("Net imports") else _color(code.get(k, k)) for k in [*supply, *sinks]}
    fig, ax = plt.subplots(figsize=(11, 5))
    if len(supply.columns):
        ax.stackplot(x, supply.T.to_numpy(), colors=[color[k] for k in supply], labels=list(supply), lw=0)
    if len(sinks.columns):
        ax.stackplot(x, sinks.T.to_numpy(), colors=[color[k] for k in sinks], alpha=0.6, lw=0)
    ax.plot(x, load, color="black", lw=1.8, label=_t("Load"))
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlim(x.min() - pd.Timedelta(hours=10), x.max())  # room for the first date label beside the y tick labels
    ax.xaxis.set_major_locator(mdates.DayLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter(_t("%d %b")))
    ax.set_ylabel(_t("Power (GW)"))
    ax.set_title(_t("{region} region dispatch, {season}, {start} – {end} (below zero: storage charging, net exports)", region=_place(region),
                    season=season, start=x.min().strftime(_t("%d %b")), end=x.max().strftime(_t("%d %b"))))  # fmt: skip
    ax.grid(alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=4, fontsize=9, frameon=False)
    data = pd.concat([supply.add_suffix(" GW"), sinks.add_suffix(" (sink) GW"), load.rename("Load GW")], axis=1).rename_axis("snapshot")
    return _save(fig, path, data)


def plot_run(
    n: pypsa.Network,
    metrics: pd.DataFrame,
    shapes_path: Path,
    out_dir: Path,
    focus_region: str = "East",
    origin: pd.DataFrame | None = None,
) -> list[Path]:
    """All figures of one solved run; returns the PNG paths written into out_dir.

    origin: the flow-tracing origin matrix (network.tracing.origin_matrix); traced here if None.
    """

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    m, regions = _tidy(metrics), province_regions(n)
    slug = focus_region.replace(" ", "_")
    paths = [
        plot_generation_mix(m, regions, focus_region, out_dir / "generation_mix.png"),
        plot_self_sufficiency(m, regions, focus_region, out_dir / "self_sufficiency.png"),
        plot_dispatch(n, focus_region, 7, "summer", out_dir / f"dispatch_{slug}_summer.png"),
        plot_dispatch(n, focus_region, 1, "winter", out_dir / f"dispatch_{slug}_winter.png"),
        plot_net_imports_map(n, m, Path(shapes_path), out_dir / "net_imports_map.png"),
    ]
    origin = origin_matrix(n, trace(n)) if origin is None else origin
    return paths + plot_tracing(n, m, origin, Path(shapes_path), out_dir, focus_region)
