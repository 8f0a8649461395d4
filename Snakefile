# China energy-water-compute model: rules only; all logic lives in the `network` package.
# `snakemake -c all` builds inputs, builds and solves every run in config.yaml, summarises,
# plots and compares them, offline, on the data shipped in inputs/.

import sys
from pathlib import Path

from network.config import ConfigError, config_source, merge_files, resolve_run_config, workflow_config, write_run_config
from network.data.files import BUILD_INPUTS_FILES, BUILD_NETWORK_FILES

configfile: "config.yaml"

# Snakemake's config is honoured: config.yaml, then any --configfile, then runs/<run>.yaml, then --config.
COMMAND_LINE = dict(workflow.config_settings.config)
CONFIG_FILES = [Path("config.yaml"), *map(Path, workflow.overwrite_configfiles)]
SOURCE = config_source(CONFIG_FILES, COMMAND_LINE)


def run_config(run):
    return resolve_run_config(DEFAULTS, Path(f"runs/{run}.yaml"), SOURCE, COMMAND_LINE)


try:  # fail fast, with one line, on config.yaml and on every listed run
    TOP = workflow_config(config, CONFIG_FILES, COMMAND_LINE)
    DEFAULTS = merge_files(CONFIG_FILES)  # Snakemake's `config` less --config, but a change of solver replaces its options
    RUN_CONFIGS = {run: run_config(run) for run in TOP.runs}
except ConfigError as err:
    sys.exit(f"error: {err}")
RUNS = TOP.runs
PY = "python -m network.cli"

wildcard_constraints:
    run="[A-Za-z0-9_.-]+",


rule all:
    input:
        expand("runs/{run}/metrics.csv", run=RUNS),
        expand("plots/{run}", run=RUNS),
        "runs/comparison.csv",
        "plots/compare/key_metrics.png",


rule build_inputs:
    input: [f"inputs/{name}" for name in BUILD_INPUTS_FILES]
    output:
        profiles="resources/profiles.nc",
        provinces="resources/provinces.csv",
    log: "logs/build_inputs.log"
    benchmark: "benchmarks/results/build_inputs.tsv"
    shell: "{PY} --log {log} build-inputs --inputs inputs --profiles {output.profiles} --provinces {output.provinces}"


rule resolve_config:
    input: "config.yaml", "runs/{run}.yaml"
    output: "runs/{run}/config.yaml"
    params: resolved=lambda w: run_config(w.run).model_dump_json()
    log: "logs/resolve_config/{run}.log"
    run: write_run_config(run_config(wildcards.run), Path(output[0]))


rule build_network:
    input:
        config="runs/{run}/config.yaml",
        profiles="resources/profiles.nc",
        provinces="resources/provinces.csv",
        data=[f"inputs/{name}" for name in BUILD_NETWORK_FILES],
    output: "runs/{run}/network.nc"
    log: "logs/build_network/{run}.log"
    benchmark: "benchmarks/results/build_network/{run}.tsv"
    shell:
        "{PY} --log {log} build-network --config {input.config} --profiles {input.profiles}"
        " --provinces {input.provinces} --out {output}"


rule solve_network:
    input:
        config="runs/{run}/config.yaml",
        network="runs/{run}/network.nc",
    output:
        network="runs/{run}/solved.nc",
        solver_log="runs/{run}/solver.log",
    log: "logs/solve_network/{run}.log"
    benchmark: "benchmarks/results/solve_network/{run}.tsv"
    threads: 2
    shell:
        "{PY} --log {log} solve --config {input.config} --network {input.network} --out {output.network}"
        " --solver-log {output.solver_log}"


rule summarize:
    input:
        config="runs/{run}/config.yaml",
        network="runs/{run}/solved.nc",
    output:
        metrics="runs/{run}/metrics.csv",
        origin="runs/{run}/origin_matrix.csv",
    log: "logs/summarize/{run}.log"
    benchmark: "benchmarks/results/summarize/{run}.tsv"
    shell:
        "{PY} --log {log} summarize --config {input.config} --network {input.network}"
        " --out {output.metrics} --origin-out {output.origin}"


rule plot_run:
    input:
        config="runs/{run}/config.yaml",
        network="runs/{run}/solved.nc",
        metrics="runs/{run}/metrics.csv",
        origin="runs/{run}/origin_matrix.csv",
        shapes="inputs/province_shapes.geojson",
    output: report(directory("plots/{run}"), patterns=["{name}.png"], category="{run}")
    log: "logs/plot_run/{run}.log"
    benchmark: "benchmarks/results/plot_run/{run}.tsv"
    shell:
        "{PY} --log {log} plot-run --config {input.config} --network {input.network}"
        " --metrics {input.metrics} --origin {input.origin} --shapes {input.shapes} --out-dir {output}"


rule compare_runs:
    input: expand("runs/{run}/metrics.csv", run=RUNS)
    output:
        table="runs/comparison.csv",
        plot=report("plots/compare/key_metrics.png", category="comparison"),
        corridors=report("plots/compare/corridor_comparison.png", category="comparison"),
    params: names=" ".join(RUNS)
    log: "logs/compare_runs.log"
    benchmark: "benchmarks/results/compare_runs.tsv"
    shell: "{PY} --log {log} compare --names {params.names} --metrics {input} --out {output.table} --plots plots/compare"
