"""Reading YAML (duplicate keys refused) and the layers of a run's configuration: config.yaml, --configfile, runs/<run>.yaml, --config."""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml
from pydantic import ValidationError

from network.config.base import ConfigError, deep_merge
from network.config.run import RunConfig, TopConfig
from network.config.solver import SolverConfig


class _DuplicateKey(Exception):
    def __init__(self, key, first_line: int, second_line: int):
        super().__init__(f"key {key!r} appears twice (lines {first_line} and {second_line}); keep one")


class _UniqueKeyLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses a mapping with the same key twice (PyYAML keeps the last silently)."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise _DuplicateKey(key, seen[key], line)
        seen[key] = line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def read_yaml(path: Path) -> dict:
    """A YAML mapping; ConfigError naming the file for a missing file, bad YAML or a duplicated key."""
    try:
        with open(path, encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=_UniqueKeyLoader) or {}
    except FileNotFoundError as err:
        raise ConfigError(f"{path}: file not found") from err
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from err
    except _DuplicateKey as err:
        raise ConfigError(f"{path}: {err}") from err
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {' '.join(str(err).split())}") from err
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at top level, got {type(data).__name__}")
    return data


def merge_layer(base: dict, layer: dict, base_solver: str | None = None) -> dict:
    """base updated with a higher-precedence layer (deep_merge), except that a layer naming another solver
    than base replaces `solver.options` instead of merging into them (HiGHS's `threads` mean nothing to
    cuOpt); without options of its own, that solver gets its defaults (network.config.solver.DEFAULT_OPTIONS).

    base_solver: the solver base's options are for where base names none (None: unknown, merge)."""
    solver, below = layer.get("solver"), base.get("solver")
    below_name = below.get("name", base_solver) if isinstance(below, dict) else None
    if isinstance(solver, dict) and "name" in solver and below_name is not None and solver["name"] != below_name:
        base = {**base, "solver": {k: v for k, v in below.items() if k != "options"}}
    return deep_merge(base, layer)


def merge_files(paths: list[Path]) -> dict:
    """The YAML files' mappings merged in order, later files first (as Snakemake merges --configfile),
    with the solver rule of merge_layer (options given without a solver name are the schema's solver's)."""
    merged: dict = {}
    for path in paths:
        merged = merge_layer(merged, read_yaml(path), SolverConfig.model_fields["name"].default)
    return merged


def _explain(err: ValidationError, source: Path | str) -> ConfigError:
    lines = []
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"])
        if e["type"] == "extra_forbidden":
            lines.append(f"unknown key {key!r}")
        else:
            lines.append(f"{key}: {e['msg'].removeprefix('Value error, ')}")
    return ConfigError(f"{source}: " + "; ".join(lines))


def _validate(model: type[RunConfig], data: dict, source: Path | str) -> RunConfig:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise _explain(err, source) from err


def load_top_config(config_path: Path) -> TopConfig:
    """Validate config.yaml (defaults and the list of runs)."""
    return _validate(TopConfig, read_yaml(config_path), config_path)


def read_run_overrides(run_path: Path, seen: tuple[Path, ...] = ()) -> dict:
    """A run file's overrides; `extends: <run>` first applies runs/<run>.yaml from the same folder."""
    run_path = Path(run_path)
    if run_path in seen:
        raise ConfigError(f"{run_path}: 'extends' forms a cycle: {[str(p) for p in seen]}")
    override = read_yaml(run_path)
    parent = override.pop("extends", None)
    if parent is None:
        return override
    parent_path = run_path.parent / f"{parent}.yaml"
    if not parent_path.exists():
        runs = sorted(p.stem for p in run_path.parent.glob("*.yaml"))
        raise ConfigError(f"{run_path}: extends unknown run {parent!r}; close: {difflib.get_close_matches(str(parent), runs)}")
    base = read_run_overrides(parent_path, seen + (run_path,))
    base.pop("description", None)
    return merge_layer(base, override)


def resolve_run_config(defaults: dict, run_path: Path | None, source: str, command_line: dict | None = None) -> RunConfig:
    """One run's configuration. Precedence, lowest first: the schema's defaults, `defaults` (config.yaml
    and any --configfile), runs/<run>.yaml (and what it extends), `command_line` (Snakemake --config).

    source names where `defaults` and `command_line` come from, for error messages."""
    workflow_keys = set(TopConfig.model_fields) - set(RunConfig.model_fields)  # runs, frontier, planning_runs: not a run's
    defaults = {k: v for k, v in defaults.items() if k not in workflow_keys}
    command_line = {k: v for k, v in (command_line or {}).items() if k not in workflow_keys}
    override = read_run_overrides(run_path) if run_path is not None else {}
    if override:
        _validate(RunConfig, merge_layer(RunConfig().model_dump(), override), run_path)  # blame the run file first
    schema = RunConfig().model_dump()  # dict-valued keys merge key by key with the schema's defaults
    return _validate(RunConfig, merge_layer(merge_layer(merge_layer(schema, defaults), override), command_line), source)


def load_run_config(config_path: Path, run_path: Path | None = None) -> RunConfig:
    """Merge runs/<run>.yaml (and the runs it extends) over config.yaml defaults and validate.

    Without run_path, config_path is one run's resolved configuration (runs/<run>/config.yaml)."""
    return resolve_run_config(read_yaml(config_path), run_path, str(config_path))


def config_source(files: list[Path], command_line: dict) -> str:
    """Where Snakemake's config comes from, for error messages: 'config.yaml + other.yaml + --config'."""
    return " + ".join([str(p) for p in files] + (["--config"] if command_line else []))


def workflow_config(config: dict, files: list[Path], command_line: dict) -> TopConfig:
    """Snakemake's merged `config` validated, after checking each of its YAML files for duplicate keys."""
    for path in files:
        read_yaml(path)
    return _validate(TopConfig, config, config_source(files, command_line))


def write_run_config(cfg: RunConfig, path: Path) -> None:
    """Write a run's resolved configuration (every key) as YAML, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("# resolved configuration of this run (written by the pipeline; edit config.yaml or runs/<run>.yaml)\n"
                   + yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False, allow_unicode=True), encoding="utf-8")  # fmt: skip
    tmp.replace(path)


def sizing_days_source(run: str, config_of) -> str | None:
    """The planning run whose adequacy days `run`'s sizing starts from (planning.sizing_days_from), or None.

    `config_of(name)` resolves a run's RunConfig. ConfigError naming runs/<run>.yaml where the source is the run itself,
    is not a planning run, or leads back to `run` through its own sizing_days_from (Snakemake would report a cycle)."""
    source = config_of(run).planning.sizing_days_from
    chain, name = [run], source
    where = f"runs/{run}.yaml: planning.sizing_days_from: {source!r}"
    while name is not None:
        if name in chain:
            raise ConfigError(f"{where} leads back to {name!r} ({' -> '.join([*chain, name])}); a plan cannot start from its own days")
        try:
            cfg = config_of(name)
        except ConfigError as err:
            raise ConfigError(f"{where}: {err}") from None
        if not cfg.planning.enabled:
            raise ConfigError(f"{where}: {name!r} is not a planning run (planning.enabled: false), so it adds no days")
        chain.append(name)
        name = cfg.planning.sizing_days_from
    return source
