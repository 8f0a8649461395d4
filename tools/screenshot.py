"""Open an HTML file in headless Chromium (Debian's `chromium` package) and save a PNG screenshot.

    python tools/screenshot.py report.html report.png [--size 1400,1000] [--wait-ms 8000]
    python tools/screenshot.py report.html map.png --entry plots/maps/2030-corridors.html

--entry opens one entry of a Snakemake report as a reader's click would (its category in the menu, the entry in the
content pane: an HTML entry in an iframe from its data: URL, an image as an image), in a copy of the report.

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


OPEN_ENTRY = """<script>setTimeout(() => {{ const path = {path!r}, entry = results[path];
const [category, subcategory] = Object.entries(categories).flatMap(([c, subs]) => Object.entries(subs)
  .filter(([, paths]) => paths.includes(path)).map(([s]) => [c, s]))[0];
app.setView({{navbarMode: "subcategory", category, subcategory, content: entry.mime_type.startsWith("image/") ? "img" : "html",
  contentPath: entry.data_uri, resultPath: path}});
}}, 500);</script>"""


def open_entry(report: Path, entry: str, out: Path) -> Path:
    """A copy of a Snakemake report (out) that shows `entry` (its path, e.g. plots/maps/<run>.html) once loaded."""
    text = Path(report).read_text(encoding="utf-8")
    if f'"{entry}":' not in text:
        raise SystemExit(f"{report}: no report entry {entry!r}")
    cut = text.rindex("</body>")
    Path(out).write_text(text[:cut] + OPEN_ENTRY.format(path=entry) + text[cut:], encoding="utf-8")
    return Path(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("html")
    p.add_argument("png")
    p.add_argument("--size", default="1400,1000", help="window width,height in pixels")
    p.add_argument("--wait-ms", type=int, default=8000, help="virtual time the page gets to render")
    p.add_argument("--entry", help="a Snakemake report's entry to open first (its path: plots/maps/<run>.html, runs/comparison.html)")
    a = p.parse_args(argv)
    width, height = (int(v) for v in a.size.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        html = open_entry(Path(a.html), a.entry, Path(tmp) / "report.html") if a.entry else Path(a.html)
        print(screenshot(html, Path(a.png), (width, height), a.wait_ms))
    return 0


if __name__ == "__main__":
    sys.exit(main())
