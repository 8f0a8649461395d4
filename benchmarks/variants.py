"""Run a benchmark script once per variant, each in its own process (so its peak memory is its own), one after the other."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator


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
