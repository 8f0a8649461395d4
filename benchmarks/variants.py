"""Run a benchmark script once per variant, each in its own process (so its peak memory is its own), one after the other;
change a run's planning section as a run file would; and build a run's network from the repository's inputs and built
resources, as the pipeline's build step does."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path


def run_each(script: str, args: list[str], variants: list[str]) -> Iterator[dict]:
    """`python script *args --one <variant>` per variant; each prints its measures as JSON on its last line, yielded as
    soon as the variant has finished (so a caller can keep it before the next one starts). A failed variant is reported
    on stderr and left out."""
    for variant in variants:
        proc = subprocess.run([sys.executable, script, *args, "--one", variant], capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{variant}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        print(result, flush=True)
        yield result


def with_planning(cfg, **changes):
    """cfg with `changes` to its planning section, validated as a run file's would be (e.g. a block of days longer than
    the stride is refused here, not in the middle of the solve)."""
    from network.config.planning import PlanningConfig

    return cfg.model_copy(update={"planning": PlanningConfig.model_validate({**cfg.planning.model_dump(), **changes})})


def build_run(cfg, root: Path = Path(".")):
    """The network of run config `cfg`, from root/inputs and the built root/resources (profiles.nc, provinces.csv)."""
    from network.data.inputs import load_build_inputs
    from network.model.build import build_network

    return build_network(cfg, load_build_inputs(root / "inputs", root / "resources/profiles.nc", root / "resources/provinces.csv", cfg))


def write_table(table, name: str, hidden: tuple[str, ...] = ()) -> Path:
    """Write `table` to benchmarks/results/<name>.csv and print it (without the `hidden` columns); return the path."""
    out = Path("benchmarks/results") / f"{name}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    print(table.drop(columns=list(hidden), errors="ignore").to_string(index=False))
    return out
