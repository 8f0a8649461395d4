"""Run a benchmark script once per variant, each in its own process (so its peak memory is its own), one after the other."""

from __future__ import annotations

import json
import subprocess
import sys


def run_each(script: str, args: list[str], variants: list[str]) -> list[dict]:
    """`python script *args --one <variant>` per variant; each prints its measures as JSON on its last line.
    A failed variant is reported on stderr and left out."""
    results = []
    for variant in variants:
        proc = subprocess.run([sys.executable, script, *args, "--one", variant], capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{variant}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    return results
