"""compare_runs: all runs' metrics side by side (one column per run)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

KEYS = ["metric", "scope", "carrier", "unit"]


def read_metrics(path: Path) -> pd.DataFrame:
    """A metrics.csv with empty carrier cells kept as ''."""
    return pd.read_csv(path, keep_default_na=False, na_values={"value": ["", "nan", "NaN"]})


def compare(metrics: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Wide table: metric, scope, carrier, unit, then one value column per run (in the given order)."""
    frames = [m.set_index(KEYS)["value"].rename(run) for run, m in metrics.items()]
    wide = pd.concat(frames, axis=1).reset_index()
    return wide.sort_values(KEYS, kind="stable").reset_index(drop=True)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write a CSV atomically (no half-written file on failure)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    df.to_csv(tmp, index=False)
    tmp.replace(path)
