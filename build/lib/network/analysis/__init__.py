"""Analysis layer: metrics of solved networks, flow tracing and the comparison of runs."""
