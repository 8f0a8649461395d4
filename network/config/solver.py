"""`solver:` section: solver, interface and options (checked before any solve).

Options belong to their solver: a layer of the configuration (config.yaml, --configfile, a run file,
--config) that names another solver replaces the options instead of merging into them (see
network.config.load), and a solver named without options gets its own defaults (DEFAULT_OPTIONS).
"""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import Field, model_validator

from network.config.base import Strict

DEFAULT_OPTIONS: dict[str, dict[str, str | int | float | bool]] = {"highs": {"threads": 2, "random_seed": 0}}


class WindowsConfig(Strict):
    """Time decomposition of a dispatch run into calendar-month windows (network/model/windows.py)."""

    by: Literal["month"] = Field("month", description="window length: calendar months of the snapshots")
    processes: int = Field(2, ge=1, le=64, description="windows solved at once, one process each (memory: one month's LP per process)")
    coarse_resolution_hours: int = Field(
        24,
        ge=1,
        le=24,
        description="resolution of the whole-year coarse solve that sets storage levels at window boundaries and splits "
        "annual budgets, h (a multiple of the run's resolution; equal to it: the windows reproduce the monolithic optimum)",
    )
    storage: Literal["coarse", "cyclic"] = Field(
        "coarse",
        description="storage level at window boundaries: `coarse` = the coarse solve's level at each month's start and end; "
        "`cyclic` = each month cyclic on its own (comparison)",
    )


class SolverConfig(Strict):
    name: str = Field(
        "highs", description="a solver linopy knows (HiGHS is installed; `cuopt` with the optional `gpu` extra); another name replaces `options`"
    )
    io_api: Literal["lp", "mps", "direct"] = Field("direct", description="how linopy hands the LP to the solver (direct: in memory)")
    options: dict[str, str | int | float | bool] = Field(
        default_factory=lambda: dict(DEFAULT_OPTIONS["highs"]),
        description="solver options (HiGHS: checked by name and type); `{solver: pdlp, kkt_tolerance: 1e-4}` is HiGHS's fast approximate "
        "first-order method (docs/speed.md)",
    )
    residual_tolerance: float | None = Field(
        1e-5,
        gt=0,
        description="largest relative KKT residual (primal, dual, duality gap) a solution may have; checked on the solution "
        "written back after every solve (network/model/residuals.py), a larger one is an error; null = no check. HiGHS's "
        "simplex reaches about 1e-9, HiPO without crossover about 1e-8 (measured on the 2030 sizing LP); PDLP at kkt_tolerance 1e-4 "
        "left a primal residual of 22 there (approximate: it needs null)",
    )
    retry_options: dict[str, str | int | float | bool] | None = Field(
        None,
        description="options laid over `options` for one more solve when a solution's residuals exceed residual_tolerance "
        "(e.g. `{run_crossover: on}`: HiPO's interior-point solution cleaned up to a vertex by crossover); null: such a "
        "solution is an error at once. Both attempts are logged; the second must pass the check",
    )
    bounds_as_variables: bool = Field(
        True, description="turn PyPSA's single-variable limit rows (`*-fix-*-lower/upper`) into variable bounds: same optimum, smaller LP"
    )

    windows: WindowsConfig | None = Field(
        None,
        description="null: one LP for all snapshots; `{by: month}`: month windows after a coarse whole-year solve (docs/speed.md); "
        "dispatch runs only. Keys: `by` (month), `processes` (2: windows solved at once), `coarse_resolution_hours` (24: the "
        "whole-year solve that sets storage levels at month boundaries and splits annual rows), `storage` (coarse | cyclic: "
        "each month cyclic on its own)",
    )

    @model_validator(mode="before")
    @classmethod
    def _options_of_the_solver(cls, data):
        if isinstance(data, dict) and "options" not in data and data.get("name", "highs") != "highs":
            data = {**data, "options": dict(DEFAULT_OPTIONS.get(data["name"], {}))}
        return data

    @model_validator(mode="after")
    def _known_options(self) -> SolverConfig:
        if self.name == "highs":
            check_highs_options(self.options)
            check_highs_options({**self.options, **(self.retry_options or {})})
        return self


def check_highs_options(options: dict) -> None:
    """ValueError naming an option HiGHS does not know, or a value of the wrong type (before any solve). Names are looked up
    in HiGHS itself (the Python HighsOptions object lacks some, e.g. HiPO's `hipo_system`)."""
    import highspy

    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    for name, value in options.items():
        if name == "solver" and value == "ipm":
            raise ValueError("HiGHS option solver: 'ipm' means HiPO where highspy-extras is installed and IPX elsewhere: name 'hipo' or 'ipx'")
        status, default = highs.getOptionValue(name)
        if status != highspy.HighsStatus.kOk:
            known = [a for a in dir(highspy.HighsOptions()) if not a.startswith("_")]
            raise ValueError(f"unknown HiGHS option {name!r}; close: {difflib.get_close_matches(name, known)}")
        kind = type(default)
        ok = isinstance(value, bool) if kind is bool else (
            isinstance(value, (int, float)) and not isinstance(value, bool) if kind is float else isinstance(value, kind) and not isinstance(value, bool)
        )  # fmt: skip
        if not ok:
            raise ValueError(f"HiGHS option {name!r} takes a value of type {kind.__name__}, got {value!r}")
