"""Names a run's configuration takes from input tables: technologies (inputs/technologies.csv) and expansion
options (inputs/planning_options.csv). The tables are data, read by network/data/ at the start of a step; this
check takes their names as arguments and raises one ConfigError naming the key."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from network.config.base import ConfigError
from network.config.policy import carriers_of
from network.config.run import RunConfig


def _unknown(key: str, kind: str, names: Iterable[str], known: Iterable[str]) -> None:
    known = list(known)
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known)
            raise ConfigError(f"{key}: unknown {kind} {name!r}; known: {known}; close: {close}")


def check_names(cfg: RunConfig, buildable: Iterable[str], options: Iterable[str]) -> None:
    """ConfigError if a capacity target or addition names no buildable technology (generator or storage carrier
    of the technology table) or policy.capacity_min_gw / build_max_gw (pathway.capacity_min_gw / build_rate_gw_per_year) a carrier that is not one, planning.options names no option of the planning options table, or a lifetime of
    pathway.lifetime_years no option (nor transmission or data centre)."""
    buildable = list(buildable)
    capacity = cfg.scenario.capacity
    _unknown("scenario.capacity.national_targets_gw", "technology", capacity.national_targets_gw, buildable)
    _unknown("scenario.capacity.provincial_additions_gw", "technology", capacity.provincial_additions_gw, buildable)
    _unknown("planning.options", "planning option", cfg.planning.options, options)
    if hasattr(cfg, "policy"):  # a step's config has the sections it uses (network/config/steps.py)
        for key in ("capacity_min_gw", "build_max_gw"):
            _unknown(f"policy.{key}", "technology", [c for k in getattr(cfg.policy, key) for c in carriers_of(k)], buildable)
    if hasattr(cfg, "pathway"):
        from network.config.pathway import DATA_CENTRE, TRANSMISSION

        _unknown("pathway.lifetime_years", "technology", cfg.pathway.lifetime_years, [*options, TRANSMISSION, DATA_CENTRE])
        for key in ("capacity_min_gw", "build_rate_gw_per_year"):
            named = [c for given in getattr(cfg.pathway, key).values() for k in given for c in carriers_of(k)]
            _unknown(f"pathway.{key}", "technology", named, buildable)
