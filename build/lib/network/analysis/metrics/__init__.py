"""Metrics of a solved network as one tidy table (metric, scope, carrier, value, unit)."""

from network.analysis.metrics.summary import COLUMNS, summarize, value

__all__ = ["COLUMNS", "summarize", "value"]
