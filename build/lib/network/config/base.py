"""Base of every configuration section, the configuration error and the shared province-name check."""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from network.config.provinces import PROVINCES


class ConfigError(ValueError):
    """A configuration file is invalid; the message names the file and the key."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def known_provinces(names: Iterable[str]) -> None:
    """Raise ValueError naming the first unknown province and its close matches (for validators)."""
    for name in names:
        if name not in PROVINCES:
            raise ValueError(f"unknown province {name!r}; close: {difflib.get_close_matches(name, PROVINCES)}")


def deep_merge(base: dict, override: dict) -> dict:
    """Return base updated recursively with override (override wins; dicts merge)."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged
