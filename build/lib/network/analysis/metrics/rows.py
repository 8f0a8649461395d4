"""Tidy metric rows (metric, scope, carrier, value, unit), the roll-up province -> region -> national,
and annual energy (MWh) from per-snapshot power (MW x snapshot weighting in h)."""

from __future__ import annotations

import pandas as pd
import pypsa


def row(metric: str, scope: str, carrier: str, value: float, unit: str) -> dict:
    return {"metric": metric, "scope": str(scope), "carrier": str(carrier), "value": float(value), "unit": unit}


def rows(metric: str, values: pd.Series | dict, unit: str, carrier: str = "") -> list[dict]:
    """One row per scope of a scope-indexed series or dict (anything else: no rows)."""
    items = values.items() if isinstance(values, (pd.Series, dict)) else []
    return [row(metric, scope, carrier, v, unit) for scope, v in items]


def rows_by_carrier(metric: str, values: pd.Series, unit: str) -> list[dict]:
    """One row per (scope, carrier) of a two-level series."""
    return [row(metric, s, c, v, unit) for (s, c), v in values.items()]


def rollup(metric: str, by: pd.Series, regions: pd.Series, unit: str) -> list[dict]:
    """Rows of a (province, carrier) series: per province and carrier, province totals, region and national
    by carrier and in total (regions: province -> region class)."""
    out = rows_by_carrier(metric, by, unit)
    prov = by.groupby(level=0).sum()
    out += rows(metric, prov, unit)
    for keys in (by.index.get_level_values(0).map(regions), ["national"] * len(by)):
        out += rows_by_carrier(metric, by.groupby([pd.Index(keys), by.index.get_level_values(1)]).sum(), unit)
    out += rows(metric, prov.groupby(regions).sum(), unit)
    out.append(row(metric, "national", "", prov.sum(), unit))
    return out


def energy(n: pypsa.Network, frame: pd.DataFrame, columns: pd.Index | None = None) -> pd.Series:
    """Annual energy (MWh) per column of a per-snapshot power frame (MW); columns absent from it count 0."""
    if columns is not None:
        frame = frame.reindex(columns=columns, fill_value=0.0)
    return frame.mul(n.snapshot_weightings.generators, axis=0).sum()
