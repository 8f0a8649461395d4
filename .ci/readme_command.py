"""Print one command of the README's quick start, exactly as written: `main` (snakemake) or `test` (pytest)."""

import re
import sys
from pathlib import Path

WORD = {"main": "snakemake", "test": "pytest"}


def quick_start_commands(readme: str) -> list[str]:
    """The commands of the first ```bash block under '## Quick start', without trailing comments."""
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]


if __name__ == "__main__":
    commands = quick_start_commands(Path(__file__).resolve().parents[1].joinpath("README.md").read_text())
    print(next(c for c in commands if WORD[sys.argv[1]] in c.split()))
