"""Config layer: the pydantic schema of config.yaml and runs/<run>.yaml (one module per section), and
how their layers merge. Imports nothing of the model; defaults live here and only here."""

from network.config.base import ConfigError, Strict, deep_merge, known_provinces
from network.config.load import (
    config_source,
    load_run_config,
    load_top_config,
    merge_files,
    merge_layer,
    read_run_overrides,
    read_yaml,
    resolve_run_config,
    sizing_days_source,
    workflow_config,
    write_run_config,
)
from network.config.run import RunConfig, TopConfig
from network.config.solver import SolverConfig

__all__ = [
    "ConfigError", "RunConfig", "config_source", "SolverConfig", "Strict", "TopConfig", "deep_merge", "known_provinces", "load_run_config",
    "load_top_config", "merge_files", "merge_layer", "read_run_overrides", "read_yaml", "resolve_run_config", "sizing_days_source", "workflow_config", "write_run_config",
]  # fmt: skip
