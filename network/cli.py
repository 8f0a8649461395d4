"""Command line entry points used by the Snakefile rules: `python -m network.cli <step> ...`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import get_args

import pandas as pd
import pypsa

from network.analysis.compare import compare, read_metrics, write_csv
from network.analysis.metrics.summary import summarize
from network.analysis.province_view import province_view
from network.analysis.tracing import TracingError, origin_matrix, trace
from network.analysis.validation import ValidationError, read_published, read_validation, readme_with_calibration, validate
from network.config import ConfigError, load_run_config
from network.config.plots import Size
from network.config.steps import step_config
from network.data import files
from network.data.files import PUBLISHED_STATISTICS
from network.data.inputs import load_build_inputs, pathway_files
from network.data.prepare import build_inputs
from network.data.provenance import step_record, with_record, write_provenance
from network.data.tables import InputError
from network.data.vocabulary import load_technologies, read_names_zh, read_plot_text, read_province_names_zh
from network.model.build import build_network
from network.model.sizing import plan, sizing_days_of
from network.model.solve import SolveError, scenario_constraints, solve, write_network
from network.model.stress import StressError
from network.model.windows import solve_windows


def _run_config(a: argparse.Namespace, step: str):
    """The sections `step` reads (network.config.steps) of --config: runs/<run>/config/<step>.yaml, a run's full resolved
    runs/<run>/config.yaml, or config.yaml with --run runs/<run>.yaml."""
    return step_config(load_run_config(Path(a.config), Path(a.run) if a.run else None), step)


def _run_name(config: Path) -> str:
    """The run a resolved configuration belongs to: runs/<run>/config.yaml or runs/<run>/config/<step>.yaml."""
    return config.parent.parent.name if config.parent.name == "config" else config.parent.name


def _record(step: str, a: argparse.Namespace, *paths: Path) -> dict:
    """The step's provenance record (network/data/provenance.py): its config files, the tables the config layer reads
    (technologies, planning options) and the given files."""
    tables = [Path(a.inputs) / files.TECHNOLOGIES, Path(a.inputs) / files.PLANNING_OPTIONS]
    return step_record(step, [Path(a.config), *([Path(a.run)] if a.run else []), *tables, *paths])


def _cmd_build_inputs(a: argparse.Namespace) -> None:
    build_inputs(Path(a.inputs), Path(a.profiles), Path(a.provinces))


def _cmd_build_network(a: argparse.Namespace) -> None:
    cfg = _run_config(a, "build")
    n = build_network(cfg, load_build_inputs(Path(a.inputs), Path(a.profiles), Path(a.provinces), cfg))
    data = [Path(a.inputs) / name for name in (*files.BUILD_NETWORK_FILES, *pathway_files(cfg))]
    if a.brownfield:  # a pathway horizon after the first: what the earlier horizons built, fixed and paid for
        from network.data.pathway import read_carried
        from network.model.brownfield import add_brownfield

        add_brownfield(n, read_carried(Path(a.brownfield)), merge_vintages=True)
        data.append(Path(a.brownfield))
    n.meta = with_record(n.meta, _record("build_network", a, Path(a.profiles), Path(a.provinces), *data))
    write_network(n, Path(a.out))


def _cmd_solve(a: argparse.Namespace) -> None:
    cfg = _run_config(a, "solve")
    n = pypsa.Network(a.network)
    log = Path(a.solver_log) if a.solver_log else None
    try:
        if cfg.planning.enabled:
            n = plan(n, cfg, log, _start_days(cfg, a.sizing_days_from))
        elif cfg.solver.windows is not None:
            solve_windows(n, cfg, log)
        else:
            solve(n, cfg.solver, log, scenario_constraints(cfg))
    except SolveError as err:
        if not a.name:
            raise
        raise SolveError(f"{a.name}: {err}") from err
    n.meta = with_record(n.meta, _record("solve_network", a, Path(a.network)))
    write_network(n, Path(a.out))


def _start_days(cfg, solved: str | None) -> pd.DatetimeIndex | None:
    """The sizing sample's first added days: those of the run `planning.sizing_days_from` names, from its solved network."""
    if cfg.planning.sizing_days_from is None:
        return None
    if not solved:
        raise SolveError(f"planning.sizing_days_from is {cfg.planning.sizing_days_from!r}: give its solved network (--sizing-days-from)")
    return sizing_days_of(Path(solved))


def _cmd_summarize(a: argparse.Namespace) -> None:
    cfg = _run_config(a, "summarize")
    n = pypsa.Network(a.network)
    result = trace(n)
    metrics, origin = summarize(n, cfg.regions.focus, trace_result=result), origin_matrix(n, result)
    write_csv(metrics, Path(a.out))
    if a.origin_out:
        write_csv(origin, Path(a.origin_out))
    records = [*(n.meta or {}).get("provenance", []), _record("summarize", a, Path(a.network))]
    write_provenance(records, Path(a.provenance_out) if a.provenance_out else Path(a.out).with_name("provenance.json"))


def _cmd_carry(a: argparse.Namespace) -> None:
    """A pathway horizon's brownfield.csv: what the previous horizon's solved network hands on (model/brownfield.py)."""
    import yaml

    from network.model.brownfield import BrownfieldError, carry_forward

    lifetimes = yaml.safe_load(Path(a.lifetimes).read_text(encoding="utf-8"))["lifetime_years"]
    try:
        carried = carry_forward(pypsa.Network(a.network), a.horizon, lifetimes)
    except BrownfieldError as err:
        raise ConfigError(f"{a.network} -> horizon {a.horizon}: {err}") from err
    write_csv(carried, Path(a.out))
    logging.getLogger("network").info("carried into %d: %d rows, %.1f GW", a.horizon, len(carried), carried.p_nom_mw.sum() / 1e3)


def _cmd_pathway_horizon(a: argparse.Namespace) -> None:
    from network.analysis.pathway import horizon_rows

    cfg = _run_config(a, "summarize")
    write_csv(horizon_rows(pypsa.Network(a.network), read_metrics(Path(a.metrics)), cfg.regions.focus, a.horizon), Path(a.out))


def _cmd_pathway(a: argparse.Namespace) -> None:
    """runs/<pathway>/pathway.csv from its horizons' tables, and its figures; with several --names, their comparison."""
    import yaml

    from network.analysis.pathway import compare_pathways, pathway_summary, pathway_table
    from network.plots.language import language
    from network.plots.pathway import plot_pathway, plot_pathway_comparison
    from network.plots.style import page

    if a.compare:
        tables = {name: pd.read_csv(p, keep_default_na=False, na_values={"value": ["", "nan"]}) for name, p in zip(a.names, a.tables)}
        table = compare_pathways(tables)
    else:
        lifetimes = yaml.safe_load(Path(a.lifetimes).read_text(encoding="utf-8"))["lifetime_years"]
        horizons = {int(Path(p).parent.name): pd.read_csv(p, keep_default_na=False, na_values={"value": ["", "nan"]}) for p in a.tables}
        table = pathway_table(horizons, lifetimes)
        if a.summary:
            write_csv(pathway_summary(table, a.focus), Path(a.summary))
    write_csv(table, Path(a.out))
    for folder, lang in zip(a.plot_dirs, a.languages):
        with language(lang), page(a.size):
            if a.compare:
                plot_pathway_comparison(table, list(a.names), a.focus, Path(folder))
            else:
                plot_pathway(table, a.names[0], a.focus, Path(folder))


def _cmd_plot_run(a: argparse.Namespace) -> None:
    from network.plots.compute import plot_compute
    from network.plots.corridors import plot_corridors
    from network.plots.language import language
    from network.plots.run import plot_run
    from network.plots.style import page
    from network.plots.water import plot_water

    cfg = _run_config(a, "plots")
    n, metrics, out_dir = province_view(pypsa.Network(a.network)), read_metrics(Path(a.metrics)), Path(a.out_dir)
    origin = pd.read_csv(a.origin) if a.origin else None
    with language(a.language or cfg.plots.language), page(a.size or cfg.plots.size):
        plot_run(n, metrics, Path(a.shapes), out_dir, cfg.regions.focus, origin)
        plot_compute(n, metrics, out_dir)
        plot_corridors(n, metrics, Path(a.shapes), out_dir)
        plot_water(n, metrics, Path(a.shapes), out_dir)


def _cmd_map(a: argparse.Namespace) -> None:
    from network.plots.interactive import interactive_map

    cfg = _run_config(a, "build")  # the description
    n, metrics = province_view(pypsa.Network(a.network)), read_metrics(Path(a.metrics))
    interactive_map(n, metrics, Path(a.shapes), Path(a.out), title=f"{_run_name(Path(a.config))}: {cfg.description}")


def _cmd_figure_data(a: argparse.Namespace) -> None:
    from network.plots.figure_data import figure_data_zip

    try:
        folders = dict(item.split("=", 1) for item in a.folder)
    except ValueError:
        raise SystemExit(f"figure-data: --folder takes NAME=FOLDER, got {a.folder}") from None
    figure_data_zip({name: Path(folder) for name, folder in folders.items()}, Path(a.out))


def _cmd_compare(a: argparse.Namespace) -> None:
    from network.analysis.planner import corridor_table, summary_table
    from network.plots.compare import plot_comparison, plot_corridor_comparison
    from network.plots.language import language
    from network.plots.pages import comparison_html, summary_fragment, summary_html
    from network.plots.style import page
    from network.plots.summary import plot_corridors_across_runs, plot_summary

    if len(a.names) != len(a.metrics):
        raise SystemExit("compare: --names and --metrics must have the same length")
    table = compare({name: read_metrics(Path(p)) for name, p in zip(a.names, a.metrics)})
    summary, corridors = summary_table(table, a.baseline, a.focus), corridor_table(table)
    if a.out:
        write_csv(table, Path(a.out))
        if a.out_zip:
            from network.plots.figure_data import zip_files

            zip_files({Path(a.out).name: Path(a.out)}, Path(a.out_zip))
    for path, frame in ((a.summary_out, summary), (a.corridors_out, corridors)):
        if path:
            write_csv(frame, Path(path))
    if a.html:
        configs = [step_config(load_run_config(Path(c)), "build") for c in a.configs or []]  # description, time
        runs = pd.DataFrame({"run": a.names[: len(configs)], "description": [c.description for c in configs],
                             "resolution (h)": [c.time.resolution_hours for c in configs]})  # fmt: skip
        comparison_html(table, Path(a.html), runs, a.focus)
    if a.summary_html:
        summary_html(summary, corridors, Path(a.summary_html), a.focus)
    if a.front:
        summary_fragment(summary, Path(a.front), a.focus)
    with language(a.language), page(a.size):
        plot_comparison(table, Path(a.plots))
        plot_corridor_comparison(table, Path(a.plots))
        plot_summary(summary, Path(a.plots), a.focus)
        plot_corridors_across_runs(corridors, Path(a.plots))


def _cmd_frontier(a: argparse.Namespace) -> None:
    from network.analysis.frontier import frontier_table
    from network.config.provinces import region_of
    from network.plots.frontier import plot_frontier
    from network.plots.language import language
    from network.plots.style import page

    configs = {name: step_config(load_run_config(Path(c)), "solve") for name, c in zip(a.names, a.configs)}  # policy, regions
    table = frontier_table({name: read_metrics(Path(p)) for name, p in zip(a.names, a.metrics)},
                           {name: c.policy.self_sufficiency_floor for name, c in configs.items()}, a.focus)  # fmt: skip
    write_csv(table, Path(a.out))
    cfg = next(iter(configs.values()))
    with language(a.language), page(a.size):
        plot_frontier(table, a.focus, pd.Series(region_of(cfg.regions.classes)), Path(a.plot))


def _cmd_appraise(a: argparse.Namespace) -> None:
    from network.analysis.appraisal import corridor_table, plan_table
    from network.config.provinces import region_of
    from network.data.grid import read_line_names_zh
    from network.plots.appraisal import plot_corridor_appraisal, plot_plan_comparison
    from network.plots.language import language
    from network.plots.style import page

    if not (len(a.names) == len(a.metrics) == len(a.configs) == 2) or len(a.plot_dirs) != len(a.languages):
        raise SystemExit("appraise: two --names, --metrics and --configs (plan, alternative); one --languages per --plot-dirs")
    metrics = {name: read_metrics(Path(p)) for name, p in zip(a.names, a.metrics)}
    cfg = load_run_config(Path(a.configs[0]))
    corridors = corridor_table(metrics)
    comparison = plan_table(*metrics.values(), names=tuple(a.names), focus=cfg.regions.focus, regions=pd.Series(region_of(cfg.regions.classes)))
    write_csv(corridors, Path(a.corridors_out))
    write_csv(comparison, Path(a.comparison_out))
    names_zh = {k: v for k, v in read_line_names_zh(Path(a.inputs) / files.UHV_LINES).items() if v}
    for folder, lang in zip(a.plot_dirs, a.languages):
        with language(lang), page(a.size):
            plot_corridor_appraisal(corridors, Path(folder) / "corridor_appraisal.png", run=a.names[0], line_names_zh=names_zh)
            plot_plan_comparison(comparison, tuple(a.names), cfg.regions.focus, Path(folder) / "plan_comparison.png")


def _cmd_validate(a: argparse.Namespace) -> None:
    from network.plots.style import page
    from network.plots.validation import plot_validation

    cfg = _run_config(a, "validate")
    table = validate(read_published(Path(a.published)), read_metrics(Path(a.metrics)), cfg.regions.classes, cfg.scenario.year)
    write_csv(table, Path(a.out))
    if a.plot:
        with page(cfg.plots.size):
            plot_validation(table, Path(a.plot))
    logging.getLogger("network").info("%d of %d checks within tolerance", table.within.sum(), len(table))


def _cmd_hindcast(a: argparse.Namespace) -> None:
    """The 2024 hindcast (network/analysis/hindcast.py): the solved run's additions next to the statistics' -> CSV and
    the figure in English and Chinese (<plot-dir>/<lang>/hindcast.png, .svg, .csv)."""
    from network.analysis.hindcast import actual_additions, hindcast_table, model_additions, national_additions
    from network.data import statistics as stats
    from network.plots.hindcast import plot_hindcast
    from network.plots.language import LANGUAGES, language, use_texts
    from network.plots.style import page

    cfg, inputs = _run_config(a, "validate"), Path(a.inputs)
    national = national_additions(stats.read_national_capacity(inputs / files.NATIONAL_CAPACITY),
                                  stats.read_supplement(inputs / files.NATIONAL_CAPACITY_SUPPLEMENT))  # fmt: skip
    actual = actual_additions(stats.read_capacity_statistics(inputs / files.CAPACITY_BY_PROVINCE))
    table = hindcast_table(model_additions(pypsa.Network(a.network)), actual, national, cfg.regions.classes[cfg.regions.focus])
    write_csv(table, Path(a.out))
    use_texts(read_plot_text(inputs / files.PLOT_TEXT), read_province_names_zh(inputs / files.PROVINCE_SHAPES))
    for lang in LANGUAGES:
        with language(lang), page(cfg.plots.size):
            plot_hindcast(table, Path(a.plot_dir) / lang / "hindcast.png")


def _cmd_stress(a: argparse.Namespace) -> None:
    """Dry-year stress test: the solved system, capacities fixed, dispatched under `stress.hydro_years` (or --hydro-years)."""
    from network.analysis.stress import stress_table
    from network.config.hydro import STATISTICS_YEARS
    from network.config.stress import StressConfig
    from network.data.inputs import BuildInputs, read_tables
    from network.model.build import FleetStatistics
    from network.model.stress import hydrology_capacity_factors, stress_dispatch
    from network.plots.stress import plot_stress_languages
    from network.plots.style import page

    cfg = _run_config(a, "stress")
    try:
        years = StressConfig(hydro_years=a.hydro_years).hydro_years if a.hydro_years else cfg.stress.hydro_years
    except ValueError as err:
        raise ConfigError(f"--hydro-years {a.hydro_years}: need one or more of {list(STATISTICS_YEARS)}") from err
    data = BuildInputs(**read_tables(Path(a.inputs)), profiles=None, provinces=None)  # the tables only: no profile is needed
    fleets = FleetStatistics(data)
    cf_stress = hydrology_capacity_factors(cfg, data, years, fleets)
    monthly = cfg.hydro.inflow == "provincial_monthly"
    cf_run = hydrology_capacity_factors(cfg, data, cfg.hydro.inflow_years, fleets) if monthly else None
    if not monthly:
        logging.getLogger("network").warning("hydro.inflow is %s: the stress hydrology replaces the national profile", cfg.hydro.inflow)
    stressed = stress_dispatch(pypsa.Network(a.network), cfg, cf_stress, cf_run, Path(a.solver_log) if a.solver_log else None)
    table = stress_table(pypsa.Network(a.network), stressed)
    write_csv(table, Path(a.out))
    name = a.name or Path(a.network).parent.name
    with page(a.size or cfg.plots.size):
        plot_stress_languages(table, Path(a.plots), name, years)
    national = table[(table.scope == "national") & (table.carrier == "")].set_index("metric").value
    logging.getLogger("network").info("stress %s under hydrology %s: unserved %.4f TWh (%.5f of demand), cost %+.2f bn CNY, CO2 %+.1f Mt", name,
                                      years, national["stress_unserved_energy"], national["stress_unserved_share"],
                                      national["stress_system_cost_change"], national["stress_co2_change"])  # fmt: skip


CALIBRATION_COPY = Path("docs") / "validation_base-2023.csv"  # the validation table docs/calibration.md reports
CALIBRATION_DOC = Path("docs") / "calibration.md"  # its generated table sits between markers


def _cmd_docs(a: argparse.Namespace) -> None:
    from network.analysis.metrics.catalogue import write_docs
    from network.config.reference import configuration_doc

    root = Path(a.root)
    from network.model.attributes import attributes_doc

    (root / "docs" / "configuration.md").write_text(configuration_doc(), encoding="utf-8")
    (root / "docs" / "attributes.md").write_text(attributes_doc(), encoding="utf-8")
    written = [root / "docs" / "configuration.md", root / "docs" / "attributes.md", *write_docs(root)]
    copy = root / CALIBRATION_COPY
    if a.validation:  # a run's validation.csv becomes the committed copy the README is generated from
        write_csv(read_validation(Path(a.validation)), copy)
        written.append(copy)
    if copy.exists():
        doc = root / CALIBRATION_DOC
        doc.write_text(readme_with_calibration(doc.read_text(encoding="utf-8"), read_validation(copy)), encoding="utf-8")
        written.append(doc)
    for path in written:
        logging.getLogger("network").info("wrote %s", path)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m network.cli", description=__doc__)
    p.add_argument("--log", help="write the step's log (and the solver's output) to this file; the console gets only errors")
    sub = p.add_subparsers(dest="command", required=True)

    def inputs_arg(s):
        s.add_argument("--inputs", default="inputs", help="the inputs folder (technologies.csv, plot_text.csv, ... are read from it)")

    s = sub.add_parser("build-inputs", help="align and validate shipped inputs")
    inputs_arg(s)
    s.add_argument("--profiles", required=True)
    s.add_argument("--provinces", required=True)
    s.set_defaults(func=_cmd_build_inputs)

    def run_args(s, network: bool = False):
        inputs_arg(s)
        s.add_argument("--config", default="config.yaml", help="config.yaml, or runs/<run>/config/<step>.yaml or runs/<run>/config.yaml")
        s.add_argument("--run", help="runs/<run>.yaml, merged over --config (omit when --config is resolved)")
        if network:
            s.add_argument("--network", required=True)

    s = sub.add_parser("build-network", help="build one scenario's network")
    run_args(s)
    s.add_argument("--profiles", required=True)
    s.add_argument("--provinces", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--brownfield", help="a pathway horizon's brownfield.csv (carry): added as fixed, paid-for components")
    s.set_defaults(func=_cmd_build_network)

    s = sub.add_parser("carry", help="pathway: what a solved horizon hands to the next (brownfield.csv)")
    inputs_arg(s)
    s.add_argument("--network", required=True, help="the previous horizon's solved.nc")
    s.add_argument("--lifetimes", required=True, help="runs/<pathway>/config/lifetimes.yaml (lifetime_years)")
    s.add_argument("--horizon", type=int, required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(func=_cmd_carry)

    s = sub.add_parser("pathway-horizon", help="pathway: one solved horizon's rows of pathway.csv")
    run_args(s, network=True)
    s.add_argument("--metrics", required=True)
    s.add_argument("--horizon", type=int, required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(func=_cmd_pathway_horizon)

    s = sub.add_parser("pathway", help="pathway.csv and figures of a pathway, or (--compare) the comparison of pathways")
    inputs_arg(s)
    s.add_argument("--names", nargs="+", required=True, help="the pathway (or, with --compare, the pathways)")
    s.add_argument("--tables", nargs="+", required=True, help="its horizons' horizon.csv (with --compare: the pathways' pathway.csv)")
    s.add_argument("--lifetimes", help="runs/<pathway>/config/lifetimes.yaml (without --compare)")
    s.add_argument("--compare", action="store_true")
    s.add_argument("--focus", default="East")
    s.add_argument("--out", required=True)
    s.add_argument("--summary", help="runs/<pathway>/pathway_summary.csv: one row per horizon (without --compare)")
    s.add_argument("--plot-dirs", nargs="*", default=[], help="folders of the figures (PNG, SVG, CSV), one per --languages")
    s.add_argument("--languages", nargs="*", choices=["en", "zh"], default=[])
    s.add_argument("--size", choices=get_args(Size), default="a4")
    s.set_defaults(func=_cmd_pathway)

    s = sub.add_parser("solve", help="optimise dispatch")
    run_args(s, network=True)
    s.add_argument("--out", required=True)
    s.add_argument("--solver-log")
    s.add_argument("--name", help="what the error line names if the solve fails (e.g. 'pathway pathway-x horizon 2035')")
    s.add_argument("--sizing-days-from", help="solved.nc of the planning run named by planning.sizing_days_from: its added days start this sample")
    s.set_defaults(func=_cmd_solve)

    s = sub.add_parser("summarize", help="metrics of a solved network")
    run_args(s, network=True)
    s.add_argument("--out", required=True)
    s.add_argument("--origin-out", help="runs/<run>/origin_matrix.csv (TWh by origin, destination, carrier, use)")
    s.add_argument("--provenance-out", help="runs/<run>/provenance.json: versions and input hashes of every step (default: beside --out)")
    s.set_defaults(func=_cmd_summarize)

    s = sub.add_parser("plot-run", help="figures of one run")
    run_args(s, network=True)
    s.add_argument("--metrics", required=True)
    s.add_argument("--origin", help="origin matrix CSV from summarize; traced again if absent")
    s.add_argument("--shapes", default="inputs/province_shapes.geojson")
    s.add_argument("--out-dir", required=True)
    s.add_argument("--language", choices=["en", "zh"], help="language of the figures (default: the config's plots.language)")
    s.add_argument("--size", choices=get_args(Size), help="page size of the figures (default: the config's plots.size)")
    s.set_defaults(func=_cmd_plot_run)

    s = sub.add_parser("map", help="interactive HTML map of one run (offline: the plotting library is embedded)")
    run_args(s, network=True)
    s.add_argument("--metrics", required=True)
    s.add_argument("--shapes", default="inputs/province_shapes.geojson")
    s.add_argument("--out", required=True)
    s.set_defaults(func=_cmd_map)

    s = sub.add_parser("figure-data", help="the CSVs beside a run's figures as one zip (a report entry)")
    inputs_arg(s)
    s.add_argument("--folder", nargs="+", required=True, help="NAME=FOLDER: the CSVs of FOLDER go to NAME/ in the zip (e.g. en=plots/base-2023)")
    s.add_argument("--out", required=True)
    s.set_defaults(func=_cmd_figure_data)

    s = sub.add_parser("compare", help="all runs side by side")
    inputs_arg(s)
    s.add_argument("--names", nargs="+", required=True)
    s.add_argument("--metrics", nargs="+", required=True)
    s.add_argument("--out", help="runs/comparison.csv")
    s.add_argument("--out-zip", help="runs/comparison.zip: the same table zipped (the report's download of it)")
    s.add_argument("--html", help="the comparison as an HTML table (a report entry)")
    s.add_argument("--configs", nargs="*", help="the runs' runs/<run>/config/build.yaml (descriptions and resolution in the HTML table)")
    s.add_argument("--plots", required=True)
    s.add_argument("--language", choices=["en", "zh"], default="en", help="language of the figures")
    s.add_argument("--size", choices=get_args(Size), default="a4", help="page size of the figures")
    s.add_argument(
        "--baseline", default="2030-baseline", help="run the summary's differences are to (config.yaml: baseline; the first run if not listed)"
    )
    s.add_argument("--focus", default="East", help="region class of the summary (regions.focus)")
    s.add_argument("--summary-out", help="runs/summary.csv: the planner's summary, tidy")
    s.add_argument("--corridors-out", help="runs/corridors.csv: every named UHV line in every run, tidy")
    s.add_argument("--summary-html", help="runs/summary.html: the summary and the corridors, sortable, English and Chinese")
    s.add_argument("--front", help="runs/summary_front.html: the summary as plain tables for the report's front page")
    s.set_defaults(func=_cmd_compare)

    s = sub.add_parser("frontier", help="planning runs over the self-sufficiency floor: table and figure")
    inputs_arg(s)
    s.add_argument("--names", nargs="+", required=True)
    s.add_argument("--metrics", nargs="+", required=True)
    s.add_argument("--configs", nargs="+", required=True, help="the runs' runs/<run>/config/solve.yaml (their floors)")
    s.add_argument("--focus", default="East")
    s.add_argument("--out", required=True, help="runs/frontier.csv")
    s.add_argument("--plot", required=True, help="plots/compare/frontier.png (+ .svg, .csv)")
    s.add_argument("--language", choices=["en", "zh"], default="en")
    s.add_argument("--size", choices=get_args(Size), default="a4")
    s.set_defaults(func=_cmd_frontier)

    s = sub.add_parser("appraise", help="the corridor question: a plan against its alternative, and its candidate UHV lines")
    inputs_arg(s)
    s.add_argument("--names", nargs=2, required=True, help="the plan (with candidate corridors) and the alternative")
    s.add_argument("--metrics", nargs=2, required=True, help="their runs/<run>/metrics.csv")
    s.add_argument("--configs", nargs=2, required=True, help="their resolved runs/<run>/config.yaml (focus region, region classes)")
    s.add_argument("--corridors-out", required=True, help="runs/appraisal/corridors.csv (run, line, metric, value, unit)")
    s.add_argument("--comparison-out", required=True, help="runs/appraisal/plan_comparison.csv")
    s.add_argument("--plot-dirs", nargs="+", required=True, help="folders of corridor_appraisal.png and plan_comparison.png (+ .svg, .csv)")
    s.add_argument("--languages", nargs="+", choices=["en", "zh"], required=True, help="the language of each --plot-dirs folder")
    s.add_argument("--size", choices=get_args(Size), default="a4")
    s.set_defaults(func=_cmd_appraise)

    s = sub.add_parser("validate", help="compare a run's metrics with published statistics")
    run_args(s)
    s.add_argument("--metrics", required=True)
    s.add_argument("--published", default=f"inputs/{PUBLISHED_STATISTICS}")
    s.add_argument("--out", required=True, help="runs/<run>/validation.csv")
    s.add_argument("--plot", help="figure (PNG, with SVG and CSV beside it)")
    s.set_defaults(func=_cmd_validate)

    s = sub.add_parser("hindcast", help="the 2024 hindcast: a solved planning run's additions against the statistics")
    run_args(s, network=True)
    s.add_argument("--out", required=True, help="runs/<run>/hindcast.csv")
    s.add_argument("--plot-dir", required=True, help="plots/hindcast/<run>: <lang>/hindcast.png (SVG and CSV beside it)")
    s.set_defaults(func=_cmd_hindcast)

    s = sub.add_parser("stress-test", help="dry-year stress test: the solved system dispatched under another hydrology")
    run_args(s, network=True)
    s.add_argument("--hydro-years", type=int, nargs="+", help="hydrology years (default: the config's stress.hydro_years)")
    s.add_argument("--name", help="the run's name in the figure (default: the network's folder)")
    s.add_argument("--out", required=True, help="runs/<run>/stress_dry_year.csv")
    s.add_argument("--plots", required=True, help="plots/stress/<run> (en/ and zh/ stress_dry_year.png, .svg, .csv)")
    s.add_argument("--solver-log")
    s.add_argument("--size", choices=get_args(Size), help="page size of the figures (default: the config's plots.size)")
    s.set_defaults(func=_cmd_stress)

    s = sub.add_parser(
        "docs",
        help="regenerate docs/metrics.md, docs/configuration.md and the README's metrics table and the calibration table of docs/calibration.md",
    )
    s.add_argument("--root", default=".", help="repository root")
    s.add_argument(
        "--validation",
        help=f"a run's validation.csv: copied to {CALIBRATION_COPY}, from which the calibration table of {CALIBRATION_DOC} is generated",
    )
    s.set_defaults(func=_cmd_docs)
    return p


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _log_to_file(path: Path) -> None:
    """Send logging, warnings and everything written to stdout (the solver's C-level output too) to path.

    stderr stays on the console, so a failing step shows its one-line reason there (Snakemake prints it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    stream = open(path, "w", buffering=1, encoding="utf-8")  # noqa: SIM115  (lives as long as the process)
    os.dup2(stream.fileno(), 1)
    sys.stdout = stream
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=stream, force=True)
    logging.captureWarnings(True)


FIGURE_STEPS = ("plot-run", "map", "compare", "frontier", "validate", "appraise", "stress-test", "pathway")


def load_vocabulary(a: argparse.Namespace) -> None:
    """The step's naming tables from its inputs folder: the technology table and, for figure steps, the figure texts
    and the provinces' Chinese names (network/data/vocabulary.py)."""
    if a.command == "build-inputs":
        return
    inputs = Path(a.inputs) if hasattr(a, "inputs") else Path(a.root) / "inputs"
    load_technologies(inputs)
    if a.command in FIGURE_STEPS:
        from network.plots.language import use_names, use_texts

        use_texts(read_plot_text(inputs / files.PLOT_TEXT), read_province_names_zh(inputs / files.PROVINCE_SHAPES))
        use_names(read_names_zh(inputs))


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.log:
        _log_to_file(Path(args.log))
    else:
        logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    try:
        load_vocabulary(args)
        args.func(args)
    except (ConfigError, InputError, SolveError, StressError, TracingError, ValidationError) as err:
        message = " ".join(str(err).split())  # one line
        logging.getLogger("network").error("%s", message)
        print(f"error: {message}", file=sys.stderr)
        return 1
    except Exception as err:
        logging.getLogger("network").exception("unexpected error")
        print(f"error: {type(err).__name__}: {' '.join(str(err).split())} (traceback in {args.log or 'the log above'})", file=sys.stderr)
        if not args.log:
            raise
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
