# China energy-water-compute model: rules only; all logic lives in the `network` package.
# `snakemake -c all` builds inputs, builds and solves every run in config.yaml, summarises,
# plots and compares them, offline, on the data shipped in inputs/.

import json
import shlex
import sys
from functools import cache
from pathlib import Path

from network.analysis.validation import published_years
from network.config import (ConfigError, config_source, merge_files, resolve_run_config, sizing_days_source, workflow_config,
                            write_run_config)
from network.config.steps import STEPS, step_config, write_step_config
from network.config.horizon import horizon_config, previous_horizon
from network.data.files import BUILD_INPUTS_FILES, BUILD_NETWORK_FILES, PUBLISHED_STATISTICS
from network.data.inputs import pathway_files
from network.data.tables import InputError
from network.plots.captions import figure_captions

configfile: "config.yaml"
report: "report/front.rst"

# Snakemake's config is honoured: config.yaml, then any --configfile, then runs/<run>.yaml, then --config.
COMMAND_LINE = dict(workflow.config_settings.config)
CONFIG_FILES = [Path("config.yaml"), *map(Path, workflow.overwrite_configfiles)]
SOURCE = config_source(CONFIG_FILES, COMMAND_LINE)


@cache
def run_config(run):
    """One run's configuration. A config error is one line and a non-zero exit, for a listed run (at start) and for
    a run that config.yaml does not list alike (Snakemake asks for it in params, while it builds the DAG)."""
    try:
        return resolve_run_config(DEFAULTS, Path(f"runs/{run}.yaml"), SOURCE, COMMAND_LINE)
    except ConfigError as err:
        sys.exit(f"error: {err}")


try:  # fail fast, with one line, on config.yaml and on every listed run
    TOP = workflow_config(config, CONFIG_FILES, COMMAND_LINE)
    DEFAULTS = merge_files(CONFIG_FILES)  # Snakemake's `config` less --config, but a change of solver replaces its options
except ConfigError as err:
    sys.exit(f"error: {err}")
RUN_CONFIGS = {run: run_config(run) for run in TOP.runs}  # the frontier and planning_runs: resolved when a target needs them
RUNS = TOP.runs
FRONTIER = TOP.frontier  # planning runs over the eastern self-sufficiency floor: `snakemake -c all frontier`
PLANNING = TOP.planning_runs  # further planning runs: `snakemake -c all planning` (with the frontier)
PLANNED = [run for run in RUNS if RUN_CONFIGS[run].planning.enabled]  # planning runs of the default target
LANGUAGES = TOP.plots.also  # figures in plots/<run>/ are in plots.language; each of plots.also in plots/<lang>/<run>/
PY = "python -m network.cli"
PUBLISHED = f"inputs/{PUBLISHED_STATISTICS}"
# the validation report is part of the default target for base-year runs: those whose year has published figures
try:
    VALIDATED = [run for run in RUNS if RUN_CONFIGS[run].scenario.year in published_years(Path(PUBLISHED))]
except InputError as err:
    sys.exit(f"error: {err}")

wildcard_constraints:
    run="[A-Za-z0-9_.-]+",
    horizon="[0-9]{4}",
    lang="en|zh",
    step="|".join(STEPS),


rule all:
    input:
        expand("runs/{run}/metrics.csv", run=RUNS),
        expand("plots/{run}", run=RUNS),
        "runs/comparison.csv",
        "plots/compare/key_metrics.png",
        "runs/summary.html",
        expand("runs/{run}/validation.csv", run=VALIDATED),
        expand("plots/{lang}/{run}", lang=LANGUAGES, run=RUNS),
        expand("plots/{lang}/compare/key_metrics.png", lang=LANGUAGES),
        expand("plots/maps/{run}.html", run=RUNS),
        expand("plots/data/{run}.zip", run=RUNS),
        "runs/comparison.html",
        expand("runs/{run}/stress_dry_year.csv", run=PLANNED),  # the dry-year stress test of the default planning runs
        expand("runs/{run}/config.yaml", run=RUNS),


RUN_FIGURE_INPUTS = dict(  # what the figures of one run are drawn from (plot_run, plot_run_language, plot_run_slide)
    config="runs/{run}/config/plots.yaml",
    network="runs/{run}/solved.nc",
    metrics="runs/{run}/metrics.csv",
    origin="runs/{run}/origin_matrix.csv",
    shapes="inputs/province_shapes.geojson",
    text="inputs/plot_text.csv",
    outline="inputs/china_outline.geojson",  # the rest of the national territory, beside the shapes (network/plots/geo.py)
    names=["inputs/uhv_lines.csv", "inputs/datacentre_hubs.csv"],  # Chinese names of lines and hubs (read_names_zh)
)


def run_captions(language):
    """Captions of a run's figures (report/captions.yaml), for the report's caption template report/figure.rst."""
    return lambda w: figure_captions(w.run, run_config(w.run).time.resolution_hours, run_config(w.run).regions.focus,
                                     language or run_config(w.run).plots.language)


rule build_inputs:
    input: [f"inputs/{name}" for name in BUILD_INPUTS_FILES]
    output:
        profiles="resources/profiles.nc",
        provinces="resources/provinces.csv",
    log: "logs/build_inputs.log"
    benchmark: "benchmarks/results/build_inputs.tsv"
    shell: "{PY} --log {log} build-inputs --inputs inputs --profiles {output.profiles} --provinces {output.provinces}"


# Configuration per step: runs/<run>/config/<step>.yaml holds the sections that step reads (network/config/steps.py).
# Neither rule has config.yaml or the run file as input (their mtime would re-run every step after any edit): their
# params are the configuration itself, so Snakemake's params trigger re-runs the step files whose sections changed,
# and with them exactly the steps that read them. runs/<run>/config.yaml is the record of every key; no step reads it.
rule resolve_config:
    output: "runs/{run}/config.yaml"
    params: resolved=lambda w: run_config(w.run).model_dump_json()
    localrule: True
    run: write_run_config(run_config(wildcards.run), Path(output[0]))


rule resolve_step_config:
    output: "runs/{run}/config/{step}.yaml"
    params: sections=lambda w: step_config(run_config(w.run), w.step).model_dump_json()
    localrule: True
    run: write_step_config(run_config(wildcards.run), wildcards.step, Path(output[0]))


rule build_network:
    input:
        config="runs/{run}/config/build.yaml",
        profiles="resources/profiles.nc",
        provinces="resources/provinces.csv",
        data=[f"inputs/{name}" for name in BUILD_NETWORK_FILES],
        technologies="inputs/technologies.csv",
    output: "runs/{run}/network.nc"
    log: "logs/build_network/{run}.log"
    benchmark: "benchmarks/results/build_network/{run}.tsv"
    shell:
        "{PY} --log {log} build-network --config {input.config} --profiles {input.profiles}"
        " --provinces {input.provinces} --out {output}"


def sizing_days_input(wildcards):
    """The solved network of the run whose adequacy days this run's sizing starts from (planning.sizing_days_from)."""
    try:
        source = sizing_days_source(wildcards.run, lambda name: resolve_run_config(DEFAULTS, Path(f"runs/{name}.yaml"), SOURCE, COMMAND_LINE))
    except ConfigError as err:
        sys.exit(f"error: {err}")
    return {"days_from": f"runs/{source}/solved.nc"} if source else {}


rule solve_network:
    input:
        unpack(sizing_days_input),
        config="runs/{run}/config/solve.yaml",
        network="runs/{run}/network.nc",
    output:
        network="runs/{run}/solved.nc",
        solver_log="runs/{run}/solver.log",
    params: days_from=lambda wildcards, input: f"--sizing-days-from {input.days_from}" if "days_from" in input.keys() else ""
    log: "logs/solve_network/{run}.log"
    benchmark: "benchmarks/results/solve_network/{run}.tsv"
    threads: 2
    shell:
        "{PY} --log {log} solve --config {input.config} --network {input.network} --out {output.network}"
        " --solver-log {output.solver_log} {params.days_from}"


rule summarize:
    input:
        config="runs/{run}/config/summarize.yaml",
        network="runs/{run}/solved.nc",
    output:
        metrics="runs/{run}/metrics.csv",
        origin="runs/{run}/origin_matrix.csv",
        provenance="runs/{run}/provenance.json",
    log: "logs/summarize/{run}.log"
    benchmark: "benchmarks/results/summarize/{run}.tsv"
    shell:
        "{PY} --log {log} summarize --config {input.config} --network {input.network}"
        " --out {output.metrics} --origin-out {output.origin} --provenance-out {output.provenance}"


rule plot_run:
    input: **RUN_FIGURE_INPUTS
    output: report(directory("plots/{run}"), patterns=["{name}.png"], category="{run}", subcategory="figures", caption="report/figure.rst")
    params: captions=run_captions(None)
    log: "logs/plot_run/{run}.log"
    benchmark: "benchmarks/results/plot_run/{run}.tsv"
    shell:
        "{PY} --log {log} plot-run --config {input.config} --network {input.network}"
        " --metrics {input.metrics} --origin {input.origin} --shapes {input.shapes} --out-dir {output}"


rule plot_run_language:
    input: **RUN_FIGURE_INPUTS
    output:
        report(directory("plots/{lang}/{run}"), patterns=["{name}.png"], category="{run}", subcategory="figures ({lang})", caption="report/figure.rst")
    params: captions=lambda w: run_captions(w.lang)(w)
    log: "logs/plot_run_language/{lang}/{run}.log"
    benchmark: "benchmarks/results/plot_run_language/{lang}/{run}.tsv"
    shell:
        "{PY} --log {log} plot-run --config {input.config} --network {input.network} --language {wildcards.lang}"
        " --metrics {input.metrics} --origin {input.origin} --shapes {input.shapes} --out-dir {output}"


# The report shows each figure's PNG; its data (CSV) and SVG stay beside it on disk, and the CSVs of all of a run's
# figures, in every language, are one report entry: plots/data/<run>.zip (one entry per CSV made the report 34 MB).
rule figure_data:
    input:
        figures="plots/{run}",
        also=expand("plots/{lang}/{{run}}", lang=LANGUAGES),
    output: report("plots/data/{run}.zip", category="{run}", subcategory="figure data", caption="report/figure_data_zip.rst")
    params: folders=lambda w: " ".join([f"{run_config(w.run).plots.language}=plots/{w.run}", *(f"{lang}=plots/{lang}/{w.run}" for lang in LANGUAGES)])
    log: "logs/figure_data/{run}.log"
    benchmark: "benchmarks/results/figure_data/{run}.tsv"
    shell: "{PY} --log {log} figure-data --folder {params.folders} --out {output}"


rule plot_run_slide:
    input: **RUN_FIGURE_INPUTS
    output: directory("plots/slide/{run}")
    log: "logs/plot_run_slide/{run}.log"
    benchmark: "benchmarks/results/plot_run_slide/{run}.tsv"
    shell:
        "{PY} --log {log} plot-run --config {input.config} --network {input.network} --size slide"
        " --metrics {input.metrics} --origin {input.origin} --shapes {input.shapes} --out-dir {output}"


rule slides:
    """Every run's figures and the comparison sized for a 16:9 slide (plots/slide/); plots/<run>/ are sized for A4."""
    input:
        expand("plots/slide/{run}", run=RUNS),
        "plots/slide/compare/key_metrics.png",


rule compare_runs_slide:
    input: metrics=expand("runs/{run}/metrics.csv", run=RUNS)
    output: plot="plots/slide/compare/key_metrics.png", corridors="plots/slide/compare/corridor_comparison.png"
    params: names=" ".join(RUNS), language=TOP.plots.language
    log: "logs/compare_runs_slide.log"
    benchmark: "benchmarks/results/compare_runs_slide.tsv"
    shell: "{PY} --log {log} compare --names {params.names} --metrics {input.metrics} --plots plots/slide/compare --language {params.language} --size slide"


rule interactive_map:
    input:
        config="runs/{run}/config/build.yaml",  # the description
        network="runs/{run}/solved.nc",
        metrics="runs/{run}/metrics.csv",
        shapes="inputs/province_shapes.geojson",
        outline="inputs/china_outline.geojson",  # beside the shapes: Taiwan, the South China Sea Islands (inset)
    output: report("plots/maps/{run}.html", category="{run}", subcategory="interactive map", caption="report/map.rst")
    log: "logs/interactive_map/{run}.log"
    benchmark: "benchmarks/results/interactive_map/{run}.tsv"
    shell: "{PY} --log {log} map --config {input.config} --network {input.network} --metrics {input.metrics} --shapes {input.shapes} --out {output}"


COMPARE_FIGURES = ("key_metrics", "corridor_comparison", "summary", "corridors_energy", "corridors_utilisation", "corridors_green_share")


def compare_figures(folder, subcategory=None):
    """The comparison figures of <folder>/ as report entries, each with its caption, and the data each draws (the CSV
    beside it) as an entry of the subcategory 'figure data'."""
    extra = {} if subcategory is None else {"subcategory": subcategory}
    data = f"figure data ({subcategory})" if subcategory else "figure data"
    figures = {name: report(f"{folder}/{name}.png", category="comparison", caption=f"report/{name}.rst", **extra) for name in COMPARE_FIGURES}
    return figures | {f"{name}_csv": report(f"{folder}/{name}.csv", category="comparison", subcategory=data, caption="report/figure_data.rst")
                      for name in COMPARE_FIGURES}


rule compare_runs:
    input:
        metrics=expand("runs/{run}/metrics.csv", run=RUNS),
        configs=expand("runs/{run}/config/build.yaml", run=RUNS),  # descriptions and resolutions
    output:
        table="runs/comparison.csv",
        table_zip=report("runs/comparison.zip", category="comparison", caption="report/comparison_table.rst"),
        html=report("runs/comparison.html", category="comparison", caption="report/comparison.rst"),
        summary_table=report("runs/summary.csv", category="comparison", caption="report/summary_table.rst"),
        corridors_table=report("runs/corridors.csv", category="comparison", caption="report/corridors_table.rst"),
        summary_html=report("runs/summary.html", category="comparison", caption="report/summary_page.rst"),
        front="runs/summary_front.html",  # the front page's table (report/front.rst)
        **compare_figures("plots/compare"),
    params:
        names=" ".join(RUNS),
        captions=figure_captions(None, language=TOP.plots.language),
        language=TOP.plots.language,
        size=TOP.plots.size,
        baseline=TOP.baseline,
        focus=TOP.regions.focus,
    log: "logs/compare_runs.log"
    benchmark: "benchmarks/results/compare_runs.tsv"
    shell:
        "{PY} --log {log} compare --names {params.names} --metrics {input.metrics} --configs {input.configs} --out {output.table}"
        " --out-zip {output.table_zip}"
        " --html {output.html} --plots plots/compare --language {params.language} --size {params.size}"
        " --baseline {params.baseline} --focus {params.focus} --summary-out {output.summary_table} --corridors-out {output.corridors_table}"
        " --summary-html {output.summary_html} --front {output.front}"


rule compare_runs_language:
    input:
        metrics=expand("runs/{run}/metrics.csv", run=RUNS),
        text="inputs/plot_text.csv",
    output: **compare_figures("plots/{lang}/compare", "{lang}")
    params:
        names=" ".join(RUNS),
        captions=lambda w: figure_captions(None, language=w.lang),
        baseline=TOP.baseline,
        focus=TOP.regions.focus,
    log: "logs/compare_runs_language/{lang}.log"
    benchmark: "benchmarks/results/compare_runs_language/{lang}.tsv"
    shell:
        "{PY} --log {log} compare --names {params.names} --metrics {input.metrics} --plots plots/{wildcards.lang}/compare"
        " --language {wildcards.lang} --baseline {params.baseline} --focus {params.focus}"


rule validate:
    input:
        config="runs/{run}/config/validate.yaml",
        metrics="runs/{run}/metrics.csv",
        published=PUBLISHED,
    output:
        table=report("runs/{run}/validation.csv", category="validation", caption="report/validation.rst"),
        plot=report("plots/validation/{run}.png", category="validation", caption="report/validation_figure.rst"),
    log: "logs/validate/{run}.log"
    benchmark: "benchmarks/results/validate/{run}.tsv"
    shell:
        "{PY} --log {log} validate --config {input.config} --metrics {input.metrics} --published {input.published}"
        " --out {output.table} --plot {output.plot}"


rule frontier:
    input:
        metrics=expand("runs/{run}/metrics.csv", run=FRONTIER),
        configs=expand("runs/{run}/config/solve.yaml", run=FRONTIER),  # their floors
        text="inputs/plot_text.csv",
    output:
        table="runs/frontier.csv",
        plot=report("plots/compare/frontier.png", category="planning", caption="report/frontier.rst"),
    params: names=" ".join(FRONTIER), focus=TOP.regions.focus, language=TOP.plots.language, size=TOP.plots.size
    log: "logs/frontier.log"
    benchmark: "benchmarks/results/frontier.tsv"
    shell:
        "{PY} --log {log} frontier --names {params.names} --metrics {input.metrics} --configs {input.configs}"
        " --focus {params.focus} --out {output.table} --plot {output.plot} --language {params.language} --size {params.size}"


rule planning:
    """The planning runs beyond the default target: the frontier and `planning_runs`, with their figures."""
    input:
        "runs/frontier.csv",
        expand("runs/{run}/metrics.csv", run=PLANNING),
        expand("plots/{run}", run=[*FRONTIER, *PLANNING]),
        expand("runs/{run}/stress_dry_year.csv", run=[*FRONTIER, *PLANNING]),
        "runs/appraisal/corridors.csv",


rule stress_test:
    """Dry-year stress test: the run's solved system, capacities fixed, dispatched under `stress.hydro_years` (2022)."""
    input:
        config="runs/{run}/config/stress.yaml",
        network="runs/{run}/solved.nc",
        hydro="inputs/hydro_generation_monthly_by_province.csv",
        text="inputs/plot_text.csv",
    output:
        table=report("runs/{run}/stress_dry_year.csv", category="{run}", subcategory="dry-year stress", caption="report/stress.rst"),
        plots=report(directory("plots/stress/{run}"), patterns=["{lang}/{name}.png"], category="{run}", subcategory="dry-year stress",
                     caption="report/figure.rst"),
        solver_log="runs/{run}/stress_solver.log",
    params:  # any run, listed or not (the frontier's are not in RUNS)
        captions=lambda w: figure_captions(w.run, run_config(w.run).time.resolution_hours, run_config(w.run).regions.focus),
    log: "logs/stress_test/{run}.log"
    benchmark: "benchmarks/results/stress_test/{run}.tsv"
    threads: 2
    shell:
        "{PY} --log {log} stress-test --config {input.config} --network {input.network} --name {wildcards.run}"
        " --out {output.table} --plots {output.plots} --solver-log {output.solver_log}"


rule stress:
    """The dry-year stress test of the planning runs (runs/<run>/stress_dry_year.csv, plots/stress/<run>/)."""
    input:
        expand("runs/{run}/stress_dry_year.csv", run=[*FRONTIER, *PLANNING]),
        expand("plots/stress/{run}", run=[*FRONTIER, *PLANNING]),


APPRAISAL = TOP.appraisal  # the corridor question: `snakemake -c all appraise` (docs/planning.md)
APPRAISAL_RUNS = [APPRAISAL.plan, APPRAISAL.alternative]


def appraisal_captions_of(language):
    from network.plots.captions import appraisal_captions

    return appraisal_captions(APPRAISAL.plan, APPRAISAL.alternative, TOP.regions.focus, language)


rule appraise:
    """The plan with candidate corridors against the plan without them, and each candidate UHV line's built capacity,
    cost, energy, traced green share, congestion rent and value (the dual of its rating in the sizing step)."""
    input:
        metrics=expand("runs/{run}/metrics.csv", run=APPRAISAL_RUNS),
        configs=expand("runs/{run}/config/summarize.yaml", run=APPRAISAL_RUNS),
        text="inputs/plot_text.csv",
        lines="inputs/uhv_lines.csv",
    output:
        corridors="runs/appraisal/corridors.csv",
        comparison="runs/appraisal/plan_comparison.csv",
        appraisal=report("plots/compare/corridor_appraisal.png", category="planning", caption="report/corridor_appraisal.rst"),
        plan=report("plots/compare/plan_comparison.png", category="planning", caption="report/plan_comparison.rst"),
        appraisal_also=[report(f"plots/{lang}/compare/corridor_appraisal.png", category="planning", subcategory=lang,
                               caption="report/corridor_appraisal.rst") for lang in LANGUAGES],
        plan_also=[report(f"plots/{lang}/compare/plan_comparison.png", category="planning", subcategory=lang,
                          caption="report/plan_comparison.rst") for lang in LANGUAGES],
    params:
        names=" ".join(APPRAISAL_RUNS),
        captions=appraisal_captions_of(TOP.plots.language),
        dirs=" ".join(["plots/compare", *(f"plots/{lang}/compare" for lang in LANGUAGES)]),
        languages=" ".join([TOP.plots.language, *LANGUAGES]),
        size=TOP.plots.size,
    log: "logs/appraise.log"
    benchmark: "benchmarks/results/appraise.tsv"
    shell:
        "{PY} --log {log} appraise --names {params.names} --metrics {input.metrics} --configs {input.configs}"
        " --corridors-out {output.corridors} --comparison-out {output.comparison} --plot-dirs {params.dirs}"
        " --languages {params.languages} --size {params.size}"


# Pathways (docs/pathways.md): each horizon of a pathway run is a planning run of its own, its own jobs, in
# runs/<pathway>/horizons/<year>/; a horizon's build reads what the previous horizon built (brownfield.csv, from its
# solved.nc), so a horizon reruns when its own configuration sections or inputs change, or when the previous one does.
PATHWAYS = TOP.pathways
STEP_CONFIG = f"{shlex.quote(sys.executable)} -m network.config.steps"  # the Python running Snakemake: it has the package


@cache
def horizon_run(run, horizon):
    """The planning run of one horizon of a pathway (network/config/horizon.py); a config error is one line."""
    try:
        return horizon_config(run_config(run), int(horizon))
    except ValueError as err:
        sys.exit(f"error: runs/{run}.yaml: {' '.join(str(err).split())}")


def horizons_of(run):
    return run_config(run).pathway.horizons


def brownfield_of(w):
    """The previous horizon's brownfield.csv ([] for the first horizon: it starts from the statistics fleet)."""
    before = previous_horizon(run_config(w.run), int(w.horizon))
    return [] if before is None else [f"runs/{w.run}/horizons/{w.horizon}/brownfield.csv"]


# shell jobs (not `run:` ones, which parse the Snakefile again per job: 24 configuration files per pathway)
rule resolve_horizon_config:
    output: "runs/{run}/horizons/{horizon}/config/{step}.yaml"
    params: sections=lambda w: shlex.quote(step_config(horizon_run(w.run, w.horizon), w.step).model_dump_json())
    localrule: True
    shell: "{STEP_CONFIG} {wildcards.step} {params.sections} {output}"


rule resolve_lifetimes:
    """The lifetimes of pathway.lifetime_years, as JSON (which YAML reads)."""
    output: "runs/{run}/config/lifetimes.yaml"
    params: lifetimes=lambda w: shlex.quote(json.dumps({"lifetime_years": run_config(w.run).pathway.lifetime_years}))
    localrule: True
    shell: "echo {params.lifetimes} > {output}"


rule carry_forward:
    """What the previous horizon built, still in service at this one (model/brownfield.py carry_forward)."""
    input:
        network=lambda w: f"runs/{w.run}/horizons/{previous_horizon(run_config(w.run), int(w.horizon))}/solved.nc",
        lifetimes="runs/{run}/config/lifetimes.yaml",
    output: "runs/{run}/horizons/{horizon}/brownfield.csv"
    log: "logs/carry_forward/{run}/{horizon}.log"
    shell: "{PY} --log {log} carry --network {input.network} --lifetimes {input.lifetimes} --horizon {wildcards.horizon} --out {output}"


rule build_horizon:
    input:
        config="runs/{run}/horizons/{horizon}/config/build.yaml",
        profiles="resources/profiles.nc",
        provinces="resources/provinces.csv",
        data=[f"inputs/{name}" for name in BUILD_NETWORK_FILES],
        pathway=lambda w: [f"inputs/{name}" for name in pathway_files(horizon_run(w.run, w.horizon))],
        technologies="inputs/technologies.csv",
        brownfield=brownfield_of,
    output: "runs/{run}/horizons/{horizon}/network.nc"
    params: brownfield=lambda w, input: f"--brownfield {input.brownfield}" if input.brownfield else ""
    log: "logs/build_horizon/{run}/{horizon}.log"
    benchmark: "benchmarks/results/build_horizon/{run}/{horizon}.tsv"
    shell:
        "{PY} --log {log} build-network --config {input.config} --profiles {input.profiles}"
        " --provinces {input.provinces} --out {output} {params.brownfield}"


rule solve_horizon:
    input:
        config="runs/{run}/horizons/{horizon}/config/solve.yaml",
        network="runs/{run}/horizons/{horizon}/network.nc",
    output:
        network="runs/{run}/horizons/{horizon}/solved.nc",
        solver_log="runs/{run}/horizons/{horizon}/solver.log",
    log: "logs/solve_horizon/{run}/{horizon}.log"
    benchmark: "benchmarks/results/solve_horizon/{run}/{horizon}.tsv"
    threads: 2
    shell:
        "{PY} --log {log} solve --config {input.config} --network {input.network} --out {output.network}"
        " --solver-log {output.solver_log} --name 'pathway {wildcards.run} horizon {wildcards.horizon}'"


rule summarize_horizon:
    input:
        config="runs/{run}/horizons/{horizon}/config/summarize.yaml",
        network="runs/{run}/horizons/{horizon}/solved.nc",
    output:
        metrics="runs/{run}/horizons/{horizon}/metrics.csv",
        origin="runs/{run}/horizons/{horizon}/origin_matrix.csv",
        provenance="runs/{run}/horizons/{horizon}/provenance.json",
        horizon="runs/{run}/horizons/{horizon}/horizon.csv",
    log: "logs/summarize_horizon/{run}/{horizon}.log"
    benchmark: "benchmarks/results/summarize_horizon/{run}/{horizon}.tsv"
    shell:
        "{PY} --log {log} summarize --config {input.config} --network {input.network}"
        " --out {output.metrics} --origin-out {output.origin} --provenance-out {output.provenance}"
        " && {PY} --log {log}.rows pathway-horizon --config {input.config} --network {input.network} --metrics {output.metrics}"
        " --horizon {wildcards.horizon} --out {output.horizon}"


rule pathway:
    """runs/<pathway>/pathway.csv (horizon, metric, scope, carrier, value, unit) and its figures in every language."""
    input:
        tables=lambda w: [f"runs/{w.run}/horizons/{h}/horizon.csv" for h in horizons_of(w.run)],
        lifetimes="runs/{run}/config/lifetimes.yaml",
        text="inputs/plot_text.csv",
    output:
        table=report("runs/{run}/pathway.csv", category="pathways", subcategory="{run}", caption="report/pathway_table.rst"),
        summary=report("runs/{run}/pathway_summary.csv", category="pathways", subcategory="{run}", caption="report/pathway_summary.rst"),
        plots=report(directory("plots/pathway/{run}"), patterns=["{lang}/{name}.png"], category="pathways", subcategory="{run}",
                     caption="report/figure.rst"),
    params:
        captions=lambda w: figure_captions(w.run, run_config(w.run).time.resolution_hours, run_config(w.run).regions.focus),
        focus=lambda w: run_config(w.run).regions.focus,
        languages=" ".join(dict.fromkeys([TOP.plots.language, *LANGUAGES])),
        dirs=lambda w: " ".join(f"plots/pathway/{w.run}/{lang}" for lang in dict.fromkeys([TOP.plots.language, *LANGUAGES])),
    log: "logs/pathway/{run}.log"
    shell:
        "{PY} --log {log} pathway --names {wildcards.run} --tables {input.tables} --lifetimes {input.lifetimes}"
        " --focus {params.focus} --out {output.table} --summary {output.summary} --plot-dirs {params.dirs} --languages {params.languages}"


rule compare_pathways:
    input:
        tables=expand("runs/{run}/pathway.csv", run=PATHWAYS),
        text="inputs/plot_text.csv",
    output:
        table=report("runs/pathways.csv", category="pathways", caption="report/pathway_comparison_table.rst"),
        plots=report(directory("plots/compare/pathways"), patterns=["{lang}/{name}.png"], category="pathways",
                     caption="report/pathway_comparison.rst"),
    params:
        names=" ".join(PATHWAYS),
        focus=TOP.regions.focus,
        languages=" ".join(dict.fromkeys([TOP.plots.language, *LANGUAGES])),
        dirs=" ".join(f"plots/compare/pathways/{lang}" for lang in dict.fromkeys([TOP.plots.language, *LANGUAGES])),
    log: "logs/compare_pathways.log"
    shell:
        "{PY} --log {log} pathway --compare --names {params.names} --tables {input.tables} --focus {params.focus}"
        " --out {output.table} --plot-dirs {params.dirs} --languages {params.languages}"


rule pathways:
    """Every pathway of config.yaml's `pathways`, horizon by horizon, and their comparison (`snakemake -c all pathways`)."""
    input:
        expand("runs/{run}/pathway.csv", run=PATHWAYS),
        "runs/pathways.csv",
# The 2024 hindcast (issue 22 item 6; network/analysis/hindcast.py, docs/pathways.md): runs/hindcast-2024.yaml planned
# from the end-2023 fleet, its additions against the 2024 statistics. A separate target (one planning solve, about
# 8-15 min on 2 cores): `snakemake -c all hindcast`.
rule hindcast:
    input:
        config="runs/hindcast-2024/config/validate.yaml",
        network="runs/hindcast-2024/solved.nc",
        data=[f"inputs/{name}" for name in ("capacity_by_province.csv", "national_capacity.csv", "national_capacity_supplement.csv",
                                             "plot_text.csv", "province_shapes.geojson", "technologies.csv")],
    output:
        table=report("runs/hindcast-2024/hindcast.csv", category="hindcast", caption="report/hindcast.rst"),
        en=report("plots/hindcast/hindcast-2024/en/hindcast.png", category="hindcast", caption="report/hindcast_figure.rst"),
        zh="plots/hindcast/hindcast-2024/zh/hindcast.png",  # SVG and CSV beside each
    params: plot_dir="plots/hindcast/hindcast-2024"
    log: "logs/hindcast/hindcast-2024.log"
    benchmark: "benchmarks/results/hindcast/hindcast-2024.tsv"
    shell:
        "{PY} --log {log} hindcast --config {input.config} --network {input.network} --out {output.table}"
        " --plot-dir {params.plot_dir}"
