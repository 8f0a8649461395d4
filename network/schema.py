"""Base class of every configuration section, and the shared province-name check."""

import difflib
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from network.regions import PROVINCES


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def known_provinces(names: Iterable[str]) -> None:
    """Raise ValueError naming the first unknown province and its close matches (for validators)."""
    for name in names:
        if name not in PROVINCES:
            raise ValueError(f"unknown province {name!r}; close: {difflib.get_close_matches(name, PROVINCES)}")
