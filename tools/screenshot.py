"""Open an HTML file in headless Chromium (Debian's `chromium` package) and save a PNG screenshot.

    python tools/screenshot.py report.html report.png [--size 1400,1000] [--wait-ms 8000]

Network access is cut off for the page (every host resolves to nothing, no proxy reachable), so a page that
renders here renders offline. Used by tests/test_report.py; run as root with a fresh profile directory.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--proxy-server=127.0.0.1:9")  # fmt: skip


def chromium() -> str | None:
    """Path of the chromium binary, or None where it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(html: Path, png: Path, size: tuple[int, int] = (1400, 1000), wait_ms: int = 8000, timeout_s: int = 180) -> Path:
    """Render html (a local file) and write the screenshot png; raises RuntimeError if Chromium fails or writes nothing."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed (apt-get install -y chromium)")
    png = Path(png).resolve()
    png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        cmd = [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
               f"--virtual-time-budget={wait_ms}", f"--screenshot={png}", Path(html).resolve().as_uri()]  # fmt: skip
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
    if not png.exists() or png.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no screenshot (exit {result.returncode}): {result.stderr[-2000:]}")
    return png


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("html")
    p.add_argument("png")
    p.add_argument("--size", default="1400,1000", help="window width,height in pixels")
    p.add_argument("--wait-ms", type=int, default=8000, help="virtual time the page gets to render")
    a = p.parse_args(argv)
    width, height = (int(v) for v in a.size.split(","))
    print(screenshot(Path(a.html), Path(a.png), (width, height), a.wait_ms))
    return 0


if __name__ == "__main__":
    sys.exit(main())
