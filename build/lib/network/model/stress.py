"""The dry-year stress test: a run's solved system, capacities fixed, dispatched again under another hydrology.

The hydro generators' availability (p_max_pu, p.u.) is the monthly provincial capacity factor of the run's hydrology
(`hydro.inflow_years`, network/model/hydro.py), and the monthly hydro budget (constraints/hydro_budget.py) is built from
it. The stress test computes the same capacity factors with the same code for `stress.hydro_years` (e.g. 2022, the
Sichuan drought), after checking that the run's own years reproduce the network's hydro availability, puts them in
place of the run's in every hydro generator (energy bases included: a base's hydro takes its province's factor), and
solves the dispatch again with the run's solver and scenario constraints. As in the dispatch step of a planning run
(network/model/sizing.py `plan`), `policy.curtailment_max` is left out: it is a sizing criterion, and a dry year would
only make it easier to meet. What the stressed system cannot serve shows as unserved energy (the value-of-lost-load
slack); capacities never change (any component still extendable is fixed at its p_nom_opt first).
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pypsa

from network.config.run import RunConfig
from network.config.technologies import ELECTRICITY
from network.data.inputs import BuildInputs
from network.model.build import FleetStatistics, hydro_capacity_factor
from network.model.hydro import hourly_availability
from network.model.sizing import fix_capacities
from network.model.solve import scenario_constraints, solve
from network.model.windows import solve_windows

logger = logging.getLogger(__name__)
HYDRO = "hydro"
TOLERANCE_PU = 1e-6  # largest difference between the network's hydro availability and the recomputed run hydrology


class StressError(RuntimeError):
    """The stress test cannot replace the hydrology of this network."""


def hydro_generators(n: pypsa.Network) -> pd.Index:
    """Hydro generators at electricity buses (provincial fleets and energy bases)."""
    g = n.generators
    return g.index[(g.carrier == HYDRO) & (g.bus.map(n.buses.carrier) == ELECTRICITY)]


def generator_province(n: pypsa.Network, names: pd.Index) -> pd.Series:
    """Province of each generator: its bus's `province` column (an energy base's sending province), else the bus name."""
    bus = n.generators.loc[names, "bus"]
    return bus.map(n.buses["province"]) if "province" in n.buses else bus


def hydrology_capacity_factors(cfg: RunConfig, data: BuildInputs, years: list[int], fleets: FleetStatistics | None = None) -> pd.DataFrame:
    """Monthly provincial hydro capacity factors (p.u., index month 1..12, columns provinces) of the hydrology `years`,
    computed as build_network computes the run's (network/model/build.py `hydro_capacity_factor`)."""
    hydro = cfg.hydro.model_copy(update={"inflow": "provincial_monthly", "inflow_years": list(years)})
    return hydro_capacity_factor(hydro, data.hydro_monthly, fleets or FleetStatistics(data))


def hydro_availability(n: pypsa.Network, cf: pd.DataFrame) -> pd.DataFrame:
    """Availability (p.u., snapshots x hydro generators) under the monthly capacity factors cf: each snapshot takes its
    calendar month's factor of the generator's province (snapshots do not cross midnight: time.resolution_hours divides
    24, so a snapshot's month is that of all its hours)."""
    names = hydro_generators(n)
    province = generator_province(n, names)
    missing = sorted(set(province) - set(cf.columns))
    if missing:
        raise StressError(f"hydro capacity factors have no column for province(s) {missing}")
    frame = hourly_availability(cf, n.snapshots)[province.to_numpy()]
    return frame.set_axis(names, axis=1)


def check_run_hydrology(n: pypsa.Network, cf_run: pd.DataFrame) -> float:
    """Largest difference (p.u.) between the network's hydro availability and that of the run's hydrology recomputed;
    StressError above TOLERANCE_PU (the network was built from other inputs or another hydrology)."""
    names = hydro_generators(n)
    if names.empty:
        return 0.0
    have = n.get_switchable_as_dense("Generator", "p_max_pu")[names]
    diff = float(np.nanmax(np.abs(have.to_numpy() - hydro_availability(n, cf_run).to_numpy())))
    if diff > TOLERANCE_PU:
        worst = (have - hydro_availability(n, cf_run)).abs().max().idxmax()
        raise StressError(f"the network's hydro availability differs from the run's hydrology (hydro.inflow_years) by up to "
                          f"{diff:.3g} p.u. ({worst}): was it built from other inputs? rebuild the run")  # fmt: skip
    return diff


def set_hydrology(n: pypsa.Network, cf: pd.DataFrame) -> None:
    """Put the availability of the monthly capacity factors cf in place of every hydro generator's p_max_pu."""
    frame = hydro_availability(n, cf)
    if frame.empty:
        return
    n.generators.loc[frame.columns, "p_max_pu"] = 1.0  # the static value is unused once a series is set
    n.generators_t.p_max_pu = n.generators_t.p_max_pu.drop(columns=frame.columns, errors="ignore").join(frame)


def dispatch_cfg(cfg: RunConfig) -> RunConfig:
    """The run's configuration less the sizing-only `policy.curtailment_max` (as the dispatch step of `plan`)."""
    return cfg.model_copy(update={"policy": cfg.policy.model_copy(update={"curtailment_max": {}})})


def stress_dispatch(
    n: pypsa.Network, cfg: RunConfig, cf_stress: pd.DataFrame, cf_run: pd.DataFrame | None = None, log_path: Path | None = None
) -> pypsa.Network:
    """Dispatch the solved network n (changed in place, returned) under the capacity factors cf_stress: capacities
    fixed, hydro availability replaced, solved with the run's solver (month windows if the run has them) and constraints.
    cf_run: the run's own capacity factors, checked against the network first (None: no check, e.g. a run whose hydro is
    the national profile)."""
    if cf_run is not None:
        logger.info("run hydrology reproduced: largest difference %.2g p.u.", check_run_hydrology(n, cf_run))
    fix_capacities(n, n)
    before = _hydro_energy_mwh(n)
    set_hydrology(n, cf_stress)
    logger.info("hydro energy available: %.1f TWh in the run, %.1f TWh under the stress hydrology", before / 1e6, _hydro_energy_mwh(n) / 1e6)
    dispatch = dispatch_cfg(cfg)
    if cfg.solver.windows is not None and not cfg.planning.enabled:
        solve_windows(n, dispatch, log_path)
    else:
        solve(n, cfg.solver, log_path, scenario_constraints(dispatch))
    return n


def _hydro_energy_mwh(n: pypsa.Network) -> float:
    names = hydro_generators(n)
    avail = n.get_switchable_as_dense("Generator", "p_max_pu")[names] * n.generators.loc[names, "p_nom"]
    return float(avail.mul(n.snapshot_weightings.generators, axis=0).sum().sum())
