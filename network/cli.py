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
from network.data.files import PUBLISHED_STATISTICS
from network.data.prepare import build_inputs
from network.data.tables import InputError
from network.model.build import build_network
from network.model.sizing import plan
from network.model.solve import SolveError, scenario_constraints, solve, write_network
from network.model.windows import solve_windows


def _run_config(a: argparse.Namespace, step: str):
    """The sections `step` reads (network.config.steps) of --config: runs/<run>/config/<step>.yaml, a run's full resolved
    runs/<run>/config.yaml, or config.yaml with --run runs/<run>.yaml."""
    return step_config(load_run_config(Path(a.config), Path(a.run) if a.run else None), step)


def _run_name(config: Path) -> str:
    """The run a resolved configuration belongs to: runs/<run>/config.yaml or runs/<run>/config/<step>.yaml."""
    return config.parent.parent.name if config.parent.name == "config" else config.parent.name


def _cmd_build_inputs(a: argparse.Namespace) -> None:
    build_inputs(Path(a.inputs), Path(a.profiles), Path(a.provinces))


def _cmd_build_network(a: argparse.Namespace) -> None:
    cfg = _run_config(a, "build")
    n = build_network(cfg, Path(a.inputs), Path(a.profiles), Path(a.provinces))
    write_network(n, Path(a.out))


def _cmd_solve(a: argparse.Namespace) -> None:
    cfg = _run_config(a, "solve")
    n = pypsa.Network(a.network)
    log = Path(a.solver_log) if a.solver_log else None
    if cfg.planning.enabled:
        plan(n, cfg, log)
    elif cfg.solver.windows is not None:
        solve_windows(n, cfg, log)
    else:
        solve(n, cfg.solver, log, scenario_constraints(cfg))
    write_network(n, Path(a.out))


def _cmd_summarize(a: argparse.Namespace) -> None:
    cfg = _run_config(a, "summarize")
    n = pypsa.Network(a.network)
    result = trace(n)
    metrics, origin = summarize(n, cfg.regions.focus, trace_result=result), origin_matrix(n, result)
    write_csv(metrics, Path(a.out))
    if a.origin_out:
        write_csv(origin, Path(a.origin_out))


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


def _cmd_compare(a: argparse.Namespace) -> None:
    from network.plots.compare import comparison_html, plot_comparison, plot_corridor_comparison
    from network.plots.language import language
    from network.plots.style import page

    if len(a.names) != len(a.metrics):
        raise SystemExit("compare: --names and --metrics must have the same length")
    table = compare({name: read_metrics(Path(p)) for name, p in zip(a.names, a.metrics)})
    if a.out:
        write_csv(table, Path(a.out))
    if a.html:
        configs = [step_config(load_run_config(Path(c)), "build") for c in a.configs or []]  # description, time
        runs = pd.DataFrame({"run": a.names[: len(configs)], "description": [c.description for c in configs],
                             "resolution (h)": [c.time.resolution_hours for c in configs]})  # fmt: skip
        comparison_html(table, Path(a.html), runs)
    with language(a.language), page(a.size):
        plot_comparison(table, Path(a.plots))
        plot_corridor_comparison(table, Path(a.plots))


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


CALIBRATION_COPY = Path("docs") / "validation_base-2023.csv"  # the validation table the README reports


def _cmd_docs(a: argparse.Namespace) -> None:
    from network.analysis.metrics.catalogue import write_docs
    from network.config.reference import configuration_doc

    root = Path(a.root)
    (root / "docs" / "configuration.md").write_text(configuration_doc(), encoding="utf-8")
    written = [root / "docs" / "configuration.md", *write_docs(root)]
    copy = root / CALIBRATION_COPY
    if a.validation:  # a run's validation.csv becomes the committed copy the README is generated from
        write_csv(read_validation(Path(a.validation)), copy)
        written.append(copy)
    if copy.exists():
        readme = root / "README.md"
        readme.write_text(readme_with_calibration(readme.read_text(encoding="utf-8"), read_validation(copy)), encoding="utf-8")
    for path in written:
        logging.getLogger("network").info("wrote %s", path)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m network.cli", description=__doc__)
    p.add_argument("--log", help="write the step's log (and the solver's output) to this file; the console gets only errors")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("build-inputs", help="align and validate shipped inputs")
    s.add_argument("--inputs", default="inputs")
    s.add_argument("--profiles", required=True)
    s.add_argument("--provinces", required=True)
    s.set_defaults(func=_cmd_build_inputs)

    def run_args(s, network: bool = False):
        s.add_argument("--config", default="config.yaml", help="config.yaml, or runs/<run>/config/<step>.yaml or runs/<run>/config.yaml")
        s.add_argument("--run", help="runs/<run>.yaml, merged over --config (omit when --config is resolved)")
        if network:
            s.add_argument("--network", required=True)

    s = sub.add_parser("build-network", help="build one scenario's network")
    run_args(s)
    s.add_argument("--inputs", default="inputs")
    s.add_argument("--profiles", required=True)
    s.add_argument("--provinces", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(func=_cmd_build_network)

    s = sub.add_parser("solve", help="optimise dispatch")
    run_args(s, network=True)
    s.add_argument("--out", required=True)
    s.add_argument("--solver-log")
    s.set_defaults(func=_cmd_solve)

    s = sub.add_parser("summarize", help="metrics of a solved network")
    run_args(s, network=True)
    s.add_argument("--out", required=True)
    s.add_argument("--origin-out", help="runs/<run>/origin_matrix.csv (TWh by origin, destination, carrier, use)")
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

    s = sub.add_parser("compare", help="all runs side by side")
    s.add_argument("--names", nargs="+", required=True)
    s.add_argument("--metrics", nargs="+", required=True)
    s.add_argument("--out", help="runs/comparison.csv")
    s.add_argument("--html", help="the comparison as an HTML table (a report entry)")
    s.add_argument("--configs", nargs="*", help="the runs' runs/<run>/config/build.yaml (descriptions and resolution in the HTML table)")
    s.add_argument("--plots", required=True)
    s.add_argument("--language", choices=["en", "zh"], default="en", help="language of the figures")
    s.add_argument("--size", choices=get_args(Size), default="a4", help="page size of the figures")
    s.set_defaults(func=_cmd_compare)

    s = sub.add_parser("frontier", help="planning runs over the self-sufficiency floor: table and figure")
    s.add_argument("--names", nargs="+", required=True)
    s.add_argument("--metrics", nargs="+", required=True)
    s.add_argument("--configs", nargs="+", required=True, help="the runs' runs/<run>/config/solve.yaml (their floors)")
    s.add_argument("--focus", default="East")
    s.add_argument("--out", required=True, help="runs/frontier.csv")
    s.add_argument("--plot", required=True, help="plots/compare/frontier.png (+ .svg, .csv)")
    s.add_argument("--language", choices=["en", "zh"], default="en")
    s.add_argument("--size", choices=get_args(Size), default="a4")
    s.set_defaults(func=_cmd_frontier)

    s = sub.add_parser("validate", help="compare a run's metrics with published statistics")
    run_args(s)
    s.add_argument("--metrics", required=True)
    s.add_argument("--published", default=f"inputs/{PUBLISHED_STATISTICS}")
    s.add_argument("--out", required=True, help="runs/<run>/validation.csv")
    s.add_argument("--plot", help="figure (PNG, with SVG and CSV beside it)")
    s.set_defaults(func=_cmd_validate)

    s = sub.add_parser("docs", help="regenerate docs/metrics.md, docs/configuration.md and the README's metrics and calibration tables")
    s.add_argument("--root", default=".", help="repository root")
    s.add_argument(
        "--validation", help=f"a run's validation.csv: copied to {CALIBRATION_COPY}, from which the README's calibration table is generated"
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


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.log:
        _log_to_file(Path(args.log))
    else:
        logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    try:
        args.func(args)
    except (ConfigError, InputError, SolveError, TracingError, ValidationError) as err:
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
