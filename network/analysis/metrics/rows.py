"""Building tidy metric rows (metric, scope, carrier, value, unit) and rolling provinces up to regions and the nation."""

from __future__ import annotations

import pandas as pd


def _rows(metric: str, values: pd.Series | dict, unit: str, carrier: str = "") -> list[dict]:
    items = values.items() if isinstance(values, (pd.Series, dict)) else []
    return [{"metric": metric, "scope": str(scope), "carrier": carrier, "value": float(v), "unit": unit} for scope, v in items]



def _rows2(metric: str, values: pd.Series, unit: str) -> list[dict]:
    """Rows from a (scope, carrier)-indexed series."""
    return [{"metric": metric, "scope": str(s), "carrier": str(c), "value": float(v), "unit": unit} for (s, c), v in values.items()]



def _row(metric: str, scope: str, carrier: str, value: float, unit: str) -> dict:
    return {"metric": metric, "scope": str(scope), "carrier": str(carrier), "value": float(value), "unit": unit}



def _rollup(metric: str, by: pd.Series, regions: pd.Series, unit: str) -> list[dict]:
    """Rows of a (province, sector) series: per province and sector, totals, regions, national."""
    rows = [_row(metric, p, c, v, unit) for (p, c), v in by.items()]
    prov = by.groupby(level=0).sum()
    rows += [_row(metric, p, "", v, unit) for p, v in prov.items()]
    for keys, values in ((by.index.get_level_values(0).map(regions), by), (["national"] * len(by), by)):
        grouped = values.groupby([pd.Index(keys), by.index.get_level_values(1)]).sum()
        rows += [_row(metric, s, c, v, unit) for (s, c), v in grouped.items()]
    rows += [_row(metric, r, "", v, unit) for r, v in prov.groupby(regions).sum().items()]
    rows.append(_row(metric, "national", "", prov.sum(), unit))
    return rows
