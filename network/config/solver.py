"""`solver:` section: solver, interface and options (checked before any solve)."""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import Field, model_validator

from network.config.base import Strict


class SolverConfig(Strict):
    name: str = Field("highs", description="a solver linopy knows (HiGHS is installed)")
    io_api: Literal["lp", "mps", "direct"] = Field("direct", description="how linopy hands the LP to the solver (direct: in memory)")
    options: dict[str, str | int | float | bool] = Field(
        default_factory=lambda: {"threads": 2, "random_seed": 0}, description="solver options (HiGHS: checked by name and type)"
    )

    @model_validator(mode="after")
    def _known_options(self) -> SolverConfig:
        if self.name == "highs":
            check_highs_options(self.options)
        return self


def check_highs_options(options: dict) -> None:
    """ValueError naming an option HiGHS does not know, or a value of the wrong type (before any solve)."""
    import highspy

    defaults = highspy.HighsOptions()
    for name, value in options.items():
        if not hasattr(defaults, name):
            close = difflib.get_close_matches(name, [a for a in dir(defaults) if not a.startswith("_")])
            raise ValueError(f"unknown HiGHS option {name!r}; close: {close}")
        kind = type(getattr(defaults, name))
        ok = isinstance(value, bool) if kind is bool else (
            isinstance(value, (int, float)) and not isinstance(value, bool) if kind is float else isinstance(value, kind) and not isinstance(value, bool)
        )  # fmt: skip
        if not ok:
            raise ValueError(f"HiGHS option {name!r} takes a value of type {kind.__name__}, got {value!r}")
