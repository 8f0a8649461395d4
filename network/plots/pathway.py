"""Pathway figures (data: network/analysis/pathway.py): one pathway over its horizons, and the pathways side by side.
Each figure: PNG + SVG + its data as CSV (`_save`), texts through `_t` (inputs/plot_text.csv), so English and Chinese."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from network.analysis.pathway import REST
from network.plots.language import _place, _t
from network.plots.style import A4_COLUMN, _carrier_order, _color, _nice, _save

# (title, metric, scope or None = focus region, carrier, unit, factor): the panels over the horizons
PANELS = (
    ("West->East transmission capacity", "west_east_capacity", "West->East", "", "GW", 1.0),
    ("West->East transmission energy", "west_east_energy", "West->East", "", "TWh", 1.0),
    ("Self-sufficiency of {place}", "self_sufficiency_focus_region", None, "", "%", 100.0),
    ("Traced green share of consumption, {place}", "traced_green_share_of_consumption", None, "", "%", 100.0),
    ("System cost with carried annuities", "pathway_system_cost", "national", "", "bn CNY/a", 1.0),
    ("CO$_2$ emissions", "co2_emissions", "national", "", "Mt", 1.0),
    ("CO$_2$ price (dual of the cap)", "policy_dual", "co2_cap", "", "CNY/t", 1.0),
    ("Price of self-sufficiency, {place}", "price_of_self_sufficiency", None, "", "CNY/MWh", 1.0),
    ("Curtailment of wind and solar", "curtailment", "national", "wind+solar", "TWh", 1.0),
    ("Fresh water consumed by power", "water_consumption", "national", "", "million m3", 1.0),
    ("Unserved energy", "unserved_energy", "national", "", "TWh", 1.0),
)
WIND_SOLAR = ("onwind", "offwind", "solar")


def _series(t: pd.DataFrame, metric: str, scope: str, carrier: str) -> pd.Series:
    rows = t[(t.metric == metric) & (t.scope == scope)]
    rows = rows[rows.carrier.isin(WIND_SOLAR)] if carrier == "wind+solar" else rows[rows.carrier == carrier]
    return rows.groupby("horizon").value.sum(min_count=1)


def _no_data(ax) -> None:
    """A panel whose metric no horizon has (no floor, water off): says so instead of an empty axis."""
    ax.cla()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, _t("not in this pathway"), ha="center", va="center", fontsize=8, color="#666666", transform=ax.transAxes)


def plot_pathway(table: pd.DataFrame, name: str, focus: str, folder: Path) -> list[Path]:
    """pathway_capacity.png: the fleet by carrier over the horizons, focus region and rest (GW); pathway_indicators.png:
    the PANELS over the horizons."""
    t = table.assign(carrier=table.carrier.fillna(""))
    horizons = sorted(t.horizon.unique())
    cap = t[t.metric == "capacity"].pivot_table(index=["scope", "horizon"], columns="carrier", values="value", aggfunc="sum").fillna(0.0)
    cap = cap[_carrier_order(cap.columns)]
    fig, axes = plt.subplots(1, 2, figsize=(A4_COLUMN[0] * 1.8, A4_COLUMN[1] * 1.2), sharey=True)
    for ax, scope, title in ((axes[0], focus, _place(focus)), (axes[1], REST, _t("rest of China"))):
        frame = cap.loc[scope].reindex(horizons).fillna(0.0) if scope in cap.index.get_level_values(0) else cap.iloc[:0]
        bottom = pd.Series(0.0, index=frame.index)
        for carrier in frame.columns:
            ax.bar([str(h) for h in frame.index], frame[carrier], bottom=bottom, color=_color(carrier), label=_nice(carrier))
            bottom += frame[carrier]
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=7)
    axes[0].set_ylabel(_t("Installed capacity (GW)"))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=7, ncol=5, frameon=False, loc="lower center")
    fig.suptitle(_t("Pathway {name}: capacity by technology", name=name), fontsize=11)
    fig.set_layout_engine("tight", rect=(0, 0.12, 1, 1))
    out = [_save(fig, Path(folder) / "pathway_capacity.png", cap.reset_index())]
    fig, axes = plt.subplots((len(PANELS) + 1) // 2, 2, figsize=(A4_COLUMN[0] * 1.8, A4_COLUMN[1] * 3.8))
    for ax in axes.flat[len(PANELS) :]:
        ax.set_visible(False)
    data = {}
    for ax, (title, metric, scope, carrier, unit, factor) in zip(axes.flat, PANELS):
        y = factor * _series(t, metric, scope or focus, carrier).reindex(horizons)
        y = y.where(y.abs() > 1e-6, y * 0.0)  # a dual of 1e-9 is a 0 of the interior-point solver
        ax.plot([str(h) for h in horizons], y.to_numpy(), marker="o", color="#2f6eba")
        ax.set_ylabel(unit, fontsize=8)
        ax.tick_params(labelsize=7)
        if y.isna().all():
            _no_data(ax)
        ax.set_title(_t(title, place=_place(focus)), fontsize=9)
        data[f"{metric}_{scope or focus}_{carrier}_{unit}"] = y
    fig.suptitle(_t("Pathway {name}: transmission, self-sufficiency, cost, CO$_2$, prices, curtailment, water, adequacy", name=name), fontsize=11)
    fig.set_layout_engine("tight")
    out.append(_save(fig, Path(folder) / "pathway_indicators.png", pd.DataFrame(data).rename_axis("horizon").reset_index()))
    return out


# the panels of the comparison of pathways: a selection of PANELS, in this order
COMPARED = tuple(
    next(p for p in PANELS if p[1] == metric)
    for metric in (
        "self_sufficiency_focus_region",
        "traced_green_share_of_consumption",
        "west_east_capacity",
        "pathway_system_cost",
        "co2_emissions",
        "price_of_self_sufficiency",
        "policy_dual",
        "unserved_energy",
    )
)


def plot_pathway_comparison(table: pd.DataFrame, names: list[str], focus: str, folder: Path) -> Path:
    """pathway_comparison.png: the pathways (columns of compare_pathways' table) side by side over the horizons."""
    t = table.assign(carrier=table.carrier.fillna(""))
    horizons = sorted(t.horizon.unique())
    fig, axes = plt.subplots((len(COMPARED) + 1) // 2, 2, figsize=(A4_COLUMN[0] * 1.8, A4_COLUMN[1] * 2.9))
    data = []
    for ax, (title, metric, scope, carrier, unit, factor) in zip(axes.flat, COMPARED):
        rows = t[(t.metric == metric) & (t.scope == (scope or focus)) & (t.carrier == carrier)].set_index("horizon").reindex(horizons)
        for name in names:
            ax.plot([str(h) for h in horizons], factor * rows[name].to_numpy(dtype=float), marker="o", label=name)
            data.append(pd.DataFrame({"horizon": horizons, "pathway": name, "metric": metric, "unit": unit,
                                      "value": factor * rows[name].to_numpy(dtype=float)}))  # fmt: skip
        ax.set_ylabel(unit, fontsize=8)
        ax.tick_params(labelsize=7)
        if rows.reindex(columns=names).isna().all().all():
            _no_data(ax)
        ax.set_title(_t(title, place=_place(focus)), fontsize=9)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, ncol=len(names), frameon=False, loc="lower center")
    fig.suptitle(_t("Pathways compared, horizon by horizon"), fontsize=11)
    fig.set_layout_engine("tight", rect=(0, 0.05, 1, 1))
    return _save(fig, Path(folder) / "pathway_comparison.png", pd.concat(data, ignore_index=True))
