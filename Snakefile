# China energy-water-compute model: rules only; all logic lives in the `network` package.
# `snakemake -c all` builds inputs, builds and solves every run in config.yaml, summarises,
# plots and compares them, offline, on the data shipped in inputs/.

from network.config import load_run_config, load_top_config

configfile: "config.yaml"

TOP = load_top_config("config.yaml")
RUNS = TOP.runs
RUN_CONFIGS = {run: load_run_config("config.yaml", f"runs/{run}.yaml") for run in RUNS}  # fail fast
PY = "python -m network.cli"

wildcard_constraints:
    run="[A-Za-z0-9_.-]+",
BUILD_NETWORK_DATA = [
    "capacity_by_province", "consumption_by_province", "national_capacity", "national_capacity_supplement",
    "offshore_wind_share", "pumped_hydro_2021", "chp_coal_capacity_by_vintage", "coal_capacity_by_vintage",
    "chp_gas_capacity_by_vintage", "ocgt_capacity_by_vintage", "coal_price_by_province",
    "technology_parameters", "exchange_capacity_current",
    "datacentre_hubs", "compute_demand_regions", "datacentre_electricity", "uhv_lines",
    "water_factors", "water_cooling_mix", "province_water_use", "national_water_use", "water_transfers",
]


rule all:
    input:
        expand("runs/{run}/metrics.csv", run=RUNS),
        expand("plots/{run}", run=RUNS),
        "runs/comparison.csv",
        "plots/compare/key_metrics.png",


rule build_inputs:
    input:
        "inputs/hourly_demand_shape_2018.csv",
        "inputs/hydro_availability_national.csv",
        "inputs/profile_onwind_2020.nc",
        "inputs/profile_offwind_2020.nc",
        "inputs/profile_solar_2020.nc",
        "inputs/province_shapes.geojson",
    output:
        profiles="resources/profiles.nc",
        provinces="resources/provinces.csv",
    log: "logs/build_inputs.log"
    benchmark: "benchmarks/results/build_inputs.tsv"
    shell: "{PY} build-inputs --inputs inputs --profiles {output.profiles} --provinces {output.provinces} > {log} 2>&1"


rule build_network:
    input:
        config="config.yaml",
        run="runs/{run}.yaml",
        profiles="resources/profiles.nc",
        provinces="resources/provinces.csv",
        data=[f"inputs/{name}.csv" for name in BUILD_NETWORK_DATA],
    output: "runs/{run}/network.nc"
    log: "logs/build_network/{run}.log"
    benchmark: "benchmarks/results/build_network/{run}.tsv"
    shell:
        "{PY} build-network --config {input.config} --run {input.run} --profiles {input.profiles}"
        " --provinces {input.provinces} --out {output} > {log} 2>&1"


rule solve_network:
    input:
        config="config.yaml",
        run="runs/{run}.yaml",
        network="runs/{run}/network.nc",
    output:
        network="runs/{run}/solved.nc",
        solver_log="runs/{run}/solver.log",
    log: "logs/solve_network/{run}.log"
    benchmark: "benchmarks/results/solve_network/{run}.tsv"
    threads: 2
    shell:
        "{PY} solve --config {input.config} --run {input.run} --network {input.network} --out {output.network}"
        " --solver-log {output.solver_log} > {log} 2>&1"


rule summarize:
    input:
        config="config.yaml",
        run="runs/{run}.yaml",
        network="runs/{run}/solved.nc",
    output:
        metrics="runs/{run}/metrics.csv",
        origin="runs/{run}/origin_matrix.csv",
    log: "logs/summarize/{run}.log"
    benchmark: "benchmarks/results/summarize/{run}.tsv"
    shell:
        "{PY} summarize --config {input.config} --run {input.run} --network {input.network}"
        " --out {output.metrics} --origin-out {output.origin} > {log} 2>&1"


rule plot_run:
    input:
        config="config.yaml",
        run="runs/{run}.yaml",
        network="runs/{run}/solved.nc",
        metrics="runs/{run}/metrics.csv",
        origin="runs/{run}/origin_matrix.csv",
        shapes="inputs/province_shapes.geojson",
    output: report(directory("plots/{run}"), patterns=["{name}.png"], category="{run}")
    log: "logs/plot_run/{run}.log"
    benchmark: "benchmarks/results/plot_run/{run}.tsv"
    shell:
        "{PY} plot-run --config {input.config} --run {input.run} --network {input.network}"
        " --metrics {input.metrics} --origin {input.origin} --shapes {input.shapes} --out-dir {output} > {log} 2>&1"


rule compare_runs:
    input: expand("runs/{run}/metrics.csv", run=RUNS)
    output:
        table="runs/comparison.csv",
        plot=report("plots/compare/key_metrics.png", category="comparison"),
        corridors=report("plots/compare/corridor_comparison.png", category="comparison"),
    params: names=" ".join(RUNS)
    log: "logs/compare_runs.log"
    benchmark: "benchmarks/results/compare_runs.tsv"
    shell: "{PY} compare --names {params.names} --metrics {input} --out {output.table} --plots plots/compare > {log} 2>&1"
