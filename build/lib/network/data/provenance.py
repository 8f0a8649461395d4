"""What made a result: the versions of the software and a SHA-256 of every file a step read.

Each step of a run adds one record (`step_record`): build_network and solve_network to the network's
n.meta["provenance"] (a list, oldest first; solved.nc carries both), summarize writes the solved network's
records plus its own to runs/<run>/provenance.json beside metrics.csv (`write_provenance`). A record is

    {"step": "solve_network", "written_utc": "2026-...Z", "versions": {"python": "3.11.7", "pypsa": ...},
     "inputs": {"runs/base-2023/network.nc": "<sha256 hex>", ...}}

For identical numbers, install the versions of requirements-lock.txt (README, quick start).
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

DISTRIBUTIONS = ("pypsa", "linopy", "highspy", "snakemake", "numpy", "pandas", "xarray", "scipy", "netCDF4", "china-energy-network")
CHUNK_BYTES = 1 << 20


def sha256(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _highs() -> str | None:
    """The HiGHS library's own version (highspy's may differ by its packaging)."""
    try:
        import highspy

        return str(highspy.Highs().version())
    except Exception:  # noqa: BLE001  (no HiGHS: the record says so)
        return None


def _model_commit() -> str | None:
    """`git describe --always --dirty` of the checkout the step runs in (the working directory; None outside a git checkout)."""
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stdout.strip() or None) if out.returncode == 0 else None


def versions() -> dict[str, str | None]:
    """Python, the solver stack (PyPSA, linopy, highspy and HiGHS), Snakemake, the numerical libraries and this
    package (version and git commit); None for one that is not installed."""
    found = {"python": platform.python_version(), **{d: _version(d) for d in DISTRIBUTIONS}, "highs": _highs()}
    found["model_commit"] = _model_commit()
    return found


def _name(path: Path) -> str:
    """The path relative to the working directory (the repository root in a pipeline run) where it lies below it,
    so that a record of runs/<run>/... reads the same on any machine; else absolute."""
    absolute, cwd = path.absolute(), Path.cwd()
    return str(absolute.relative_to(cwd)) if absolute.is_relative_to(cwd) else str(absolute)


def step_record(step: str, inputs: list[Path]) -> dict:
    """The record of one step: its name, the time (UTC), versions() and the SHA-256 of each input file that exists."""
    files = sorted({_name(p): p for p in map(Path, inputs) if p.is_file()}.items())
    return {
        "step": step,
        "written_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "versions": versions(),
        "inputs": {name: sha256(path) for name, path in files},
    }


def with_record(meta: dict | None, record: dict) -> dict:
    """A network's meta with the record appended to its "provenance" list (meta itself is not changed)."""
    meta = dict(meta or {})
    meta["provenance"] = [*meta.get("provenance", []), record]
    return meta


def write_provenance(records: list[dict], path: Path) -> None:
    """runs/<run>/provenance.json: {"steps": [records, oldest first]}."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"steps": records}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
