"""Time decomposition of a dispatch run into calendar-month windows (`solver.windows`).

1. Coarse solve: the whole year resampled to `coarse_resolution_hours` (PyPSA's temporal resample,
   as build_network does), solved with the scenario's constraints.
2. From it: each storage unit's / store's level at every month boundary (MWh), and a monthly share of
   every annual row. An annual row is any linopy constraint without a snapshot dimension whose terms
   reach more than one month: fresh-water caps (`Generator-e_sum_max`), base renewable shares, policy
   rows (CO2 cap, shares, floor, curtailment). Its month-m right-hand side is the coarse solution's
   month-m part of its left-hand side plus the row's unused slack split by hours, so the monthly
   right-hand sides add up to the annual one (primal split). This keeps the stitched year feasible
   for every annual row by construction, whatever the months do; pricing the rows at their coarse
   duals instead would need no split but could break a cap by any amount. A binding ratio row (a base's
   renewable share) thereby holds per month with the coarse solve's monthly mix, not only over the
   year: stricter where the coarse months differ from the hourly ones. Monthly hydro budgets and daily
   compute deferral lie inside one month and are built by each window itself.
3. Month windows: the hourly network on the month's snapshots, storage not cyclic, starting at the
   coarse level of the month start and ending at the coarse level of the month end (`storage: cyclic`:
   each month cyclic on its own), annual rows with their monthly right-hand side; solved with the same
   solve(), `processes` at a time in a process pool (each worker gets its month's network pickled).
4. Stitching: every output time series of the windows into n, n.objective = sum of the windows'
   objectives, global-constraint duals from the coarse solve (the annual rows' prices; the windows'
   own are monthly).

With coarse resolution = the run's, the coarse solve is the monolithic LP and the windows reproduce
its objective (tests/test_windows.py); at 24 h, storage levels and monthly splits are approximate.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pypsa
import xarray as xr

from network.config.run import RunConfig
from network.model.solve import SolveError, scenario_constraints, solve

logger = logging.getLogger(__name__)

LABEL_FORMAT = {"month": "%Y-%m"}
LEVELS = {"StorageUnit": ("storage_units", "state_of_charge", "cyclic_state_of_charge", "state_of_charge_initial"),
          "Store": ("stores", "e", "e_cyclic", "e_initial")}  # fmt: skip


@dataclass
class Window:
    """One window: its label, its snapshots and what it takes from the coarse solve."""

    label: str
    snapshots: pd.Index
    initial: dict[str, pd.Series] = field(default_factory=dict)  # component -> level at the start (MWh)
    end: dict[str, pd.Series] = field(default_factory=dict)  # component -> level at the end (MWh)
    rhs: dict[str, pd.Series] = field(default_factory=dict)  # annual row name -> its monthly rhs by row coordinates


def window_labels(snapshots: pd.Index, by: str) -> pd.Series:
    """Window label of each snapshot (calendar month 'YYYY-MM')."""
    return pd.Series(pd.DatetimeIndex(snapshots).strftime(LABEL_FORMAT[by]), index=snapshots)


def coarse_network(n: pypsa.Network, hours: int) -> pypsa.Network:
    """n resampled to `hours` per snapshot (a copy; n itself when already that coarse is copied as is)."""
    step = (n.snapshots[1] - n.snapshots[0]) / pd.Timedelta("1h") if len(n.snapshots) > 1 else hours
    if hours % step:
        raise ValueError(f"solver.windows.coarse_resolution_hours: {hours} h is not a multiple of the run's {step:g} h")
    return n.copy() if hours == step else n.cluster.temporal.resample(f"{hours}h")


def _variable_windows(m, window_of: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per linopy variable label: its window index (-2: no snapshot dimension) and its solution value."""
    size = 1 + max(int(m.variables[v].labels.max()) for v in m.variables)
    win, sol = np.full(size, -1, dtype=int), np.zeros(size)
    for name in m.variables:
        var = m.variables[name]
        labels = var.labels.values
        if "snapshot" in var.labels.dims:
            index = window_of.loc[var.labels.indexes["snapshot"]].to_numpy()
            shape = [1] * labels.ndim
            shape[var.labels.dims.index("snapshot")] = -1
            w = np.broadcast_to(index.reshape(shape), labels.shape)
        else:
            w = np.full(labels.shape, -2)
        ok = labels != -1
        win[labels[ok]] = w[ok]
        sol[labels[ok]] = np.nan_to_num(var.solution.values[ok])
    return win, sol


def split_annual_rows(m, window_of: pd.Series, shares: np.ndarray) -> dict[str, pd.DataFrame]:
    """Monthly rhs of every annual row of the solved coarse model m: {name: rows x windows} (primal split, module doc).

    window_of: coarse snapshot -> window index; shares: each window's share of the hours (sum 1)."""
    win, sol = _variable_windows(m, window_of)
    out = {}
    for name in m.constraints:
        con = m.constraints[name]
        dims = con.labels.dims
        if "snapshot" in dims:
            continue
        labels = con.labels.values.ravel()
        vars_ = con.vars.transpose(*dims, "_term").values.reshape(labels.size, -1)
        coeffs = con.coeffs.transpose(*dims, "_term").values.reshape(labels.size, -1)
        terms = np.where(vars_ >= 0, win[np.maximum(vars_, 0)], -1)
        reach = np.array([len(set(row[row >= 0])) for row in terms]) + (terms == -2).any(axis=1)
        rows = np.flatnonzero((labels != -1) & (reach > 1))
        if rows.size == 0:
            continue
        if (terms[rows] == -2).any():
            raise ValueError(f"{name}: an annual row with capacity variables cannot be split into windows (dispatch runs only)")
        value = np.where(vars_[rows] >= 0, coeffs[rows] * sol[np.maximum(vars_[rows], 0)], 0.0)
        part = np.stack([(value * (terms[rows] == w)).sum(axis=1) for w in range(len(shares))], axis=1)
        rhs = con.rhs.broadcast_like(con.labels).transpose(*dims).values.ravel()[rows]
        sign = con.sign.broadcast_like(con.labels).transpose(*dims).values.ravel()[rows]
        total = part.sum(axis=1)
        slack = np.where(sign == "<=", rhs - total, np.where(sign == ">=", total - rhs, 0.0)).clip(min=0)
        direction = np.where(sign == "<=", 1.0, np.where(sign == ">=", -1.0, 0.0))
        monthly = part + (direction * slack)[:, None] * shares[None, :]
        index = con.labels.to_series().index[rows] if dims else pd.Index([0])
        out[name] = pd.DataFrame(monthly, index=index)
    return out


def plan_windows(n: pypsa.Network, coarse: pypsa.Network, by: str, storage: str) -> list[Window]:
    """The windows of n with storage levels (MWh) and the monthly rhs of annual rows from the solved coarse network."""
    labels = window_labels(n.snapshots, by)
    names = list(dict.fromkeys(labels))
    coarse_labels = window_labels(coarse.snapshots, by)
    window_of = coarse_labels.map({label: i for i, label in enumerate(names)})
    hours = n.snapshot_weightings.generators.groupby(labels.to_numpy()).sum().reindex(names).to_numpy()
    split = split_annual_rows(coarse.model, window_of, hours / hours.sum())
    windows = [Window(label, n.snapshots[(labels == label).to_numpy()]) for label in names]
    for i, w in enumerate(windows):
        w.rhs = {name: table[i] for name, table in split.items()}
        if storage == "cyclic":
            continue
        for component, (list_name, level, cyclic, initial) in LEVELS.items():
            static = getattr(n, list_name)
            if static.empty:
                continue
            levels = getattr(coarse, f"{list_name}_t")[level]
            last = levels[(coarse_labels == w.label).to_numpy()].iloc[-1]
            before = levels[(coarse_labels == names[i - 1]).to_numpy()].iloc[-1] if i else levels.iloc[-1]
            is_cyclic = static[cyclic].astype(bool)
            w.initial[component] = before.where(is_cyclic | (i > 0), static[initial]).clip(lower=0)
            w.end[component] = last[is_cyclic | (i < len(names) - 1)].clip(lower=0)
    return windows


def _window_constraints(w: Window):
    """Linopy additions of a window: end levels of storage (MWh) and the monthly rhs of annual rows."""

    def add(n: pypsa.Network, snapshots: pd.Index) -> None:
        for component, levels in w.end.items():
            if levels.empty:
                continue
            var = n.model[f"{component}-{LEVELS[component][1]}"].sel(snapshot=snapshots[-1], name=list(levels.index))
            target = xr.DataArray(levels.to_numpy(), coords={"name": list(levels.index)}, dims="name")
            n.model.add_constraints(var == target, name=f"{component}-window-end-level")
        for name, values in w.rhs.items():
            if name not in n.model.constraints:
                raise SolveError(f"window {w.label}: the annual row {name!r} of the coarse solve is missing")
            con = n.model.constraints[name]
            rhs = con.rhs.broadcast_like(con.labels).transpose(*con.labels.dims).astype(float)
            if rhs.ndim == 0:
                con.update(rhs=rhs.copy(data=np.array(values.iloc[0])))
                continue
            flat = rhs.to_series()
            flat.loc[values.index] = values.to_numpy()
            con.update(rhs=rhs.copy(data=flat.to_numpy().reshape(rhs.shape)))

    return add


def _output_attrs(n: pypsa.Network) -> dict[str, list[str]]:
    """Output attributes of each component type (PyPSA's attribute tables)."""
    return {c.name: list(c.defaults.index[c.defaults.status.astype(str).str.startswith("Output")]) for c in n.components}


def window_network(n: pypsa.Network, w: Window) -> pypsa.Network:
    """n on the window's snapshots, storage starting at the window's initial levels (not cyclic) unless `storage: cyclic`."""
    part = n.copy(snapshots=w.snapshots)
    for component, levels in w.initial.items():
        list_name, _, cyclic, initial = LEVELS[component]
        getattr(part, list_name)[cyclic] = False
        getattr(part, list_name).loc[levels.index, initial] = levels
    return part


def solve_window(n: pypsa.Network, w: Window, cfg: RunConfig, log_path: str | None) -> dict:
    """Solve one window network in place; return its output series, static outputs, objective and wall time (s)."""
    t0 = time.perf_counter()
    try:
        solve(n, cfg.solver, Path(log_path) if log_path else None, [*scenario_constraints(cfg), _window_constraints(w)])
    except SolveError as err:
        raise SolveError(f"window {w.label}: {err}") from err
    series, static, output_attrs = {}, {}, _output_attrs(n)
    for c in n.components:
        if c.static.empty:
            continue
        outputs = output_attrs[c.name]
        series.update({(c.name, a): df for a, df in c.dynamic.items() if a in outputs and not df.empty})
        static.update({(c.name, a): c.static[a] for a in outputs if a.endswith("_opt") and a in c.static})
    return {"label": w.label, "objective": float(n.objective), "series": series, "static": static, "wall_s": time.perf_counter() - t0}


def solve_windows(n: pypsa.Network, cfg: RunConfig, log_path: Path | None = None) -> pypsa.Network:
    """Solve n by month windows (module doc) and fill it as a monolithic solve would; SolveError names a failing window."""
    opts = cfg.solver.windows
    t0 = time.perf_counter()
    coarse = coarse_network(n, opts.coarse_resolution_hours)
    coarse_log = log_path.with_name(log_path.stem + "_coarse" + log_path.suffix) if log_path else None
    try:
        solve(coarse, cfg.solver, coarse_log, scenario_constraints(cfg))
    except SolveError as err:
        raise SolveError(f"coarse whole-year solve ({opts.coarse_resolution_hours} h): {err}") from err
    windows = plan_windows(n, coarse, opts.by, opts.storage)
    logger.info("coarse solve (%d snapshots): %.1f s, objective %.6e", len(coarse.snapshots), time.perf_counter() - t0, coarse.objective)
    logs = [str(log_path.with_name(f"{log_path.stem}_{w.label}{log_path.suffix}")) if log_path else None for w in windows]
    if opts.processes == 1:  # one after the other in this process, each window's network and LP dropped after its solve
        results = []
        for w, log in zip(windows, logs):
            results.append(solve_window(window_network(n, w), w, cfg, log))
            gc.collect()  # the window's network and LP form reference cycles
    else:  # spawn, not fork: a forked child would inherit the parent's HiGHS threads half-initialised
        parts = [window_network(n, w) for w in windows]  # together the size of n's time series; pickled to the workers
        with ProcessPoolExecutor(max_workers=min(opts.processes, len(windows)), mp_context=multiprocessing.get_context("spawn")) as pool:
            results = list(pool.map(solve_window, parts, windows, [cfg] * len(windows), logs))
        del parts
    for r in results:
        logger.info("window %s: %.1f s, objective %.6e", r["label"], r["wall_s"], r["objective"])
    stitch(n, results, coarse)
    logger.info("windows: %d, total %.1f s, objective %.6e CNY", len(windows), time.perf_counter() - t0, n.objective)
    return n


def stitch(n: pypsa.Network, results: list[dict], coarse: pypsa.Network) -> None:
    """Write the windows' output series into n (all snapshots), their static outputs, the summed objective, coarse duals."""
    keys = dict.fromkeys(k for r in results for k in r["series"])
    for component, attr in keys:
        frames = [r["series"][(component, attr)] for r in results if (component, attr) in r["series"]]
        n.components[component].dynamic[attr] = pd.concat(frames).reindex(n.snapshots)
    for (component, attr), values in results[0]["static"].items():
        n.components[component].static.loc[values.index, attr] = values
    annual = coarse.global_constraints  # the annual rows' prices are the coarse solve's
    for name in annual.index.difference(n.global_constraints.index):
        n.add("GlobalConstraint", name, **{a: annual.at[name, a] for a in ("type", "sense", "constant", "carrier_attribute")})
    n.global_constraints.loc[annual.index, "mu"] = annual["mu"]
    n._objective = float(sum(r["objective"] for r in results))
    n._objective_constant = 0.0
    n.meta = {**n.meta, "windows": {r["label"]: {"objective_cny": r["objective"], "wall_s": round(r["wall_s"], 1)} for r in results},
              "windows_coarse_objective_cny": float(coarse.objective)}  # fmt: skip
