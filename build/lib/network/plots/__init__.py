"""Plots layer: figures of runs and comparisons (written as PNG and SVG with their data as CSV)."""

import matplotlib

matplotlib.use("Agg")  # files only, no screen: set once, before any pyplot import
