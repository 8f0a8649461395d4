"""The data drawn in a run's figures as one zip (plots/data/<run>.zip, a report entry): every <name>.csv that the figure
step wrote beside its PNG, one folder per language. The report shows the PNGs; the CSVs (and the SVGs) stay beside
them on disk, and this one download holds the CSVs of all of them. Also the comparison table as a zip (runs/comparison.zip:
0.26 MB in the report instead of 0.78 MB)."""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries' date: the same CSVs give the same bytes


def zip_files(files: dict[str, Path], out: Path) -> Path:
    """Zip {name in the zip: file} into `out` (deflated; fixed dates: the same files give the same bytes)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")  # written whole, then renamed: a failure leaves no half-written zip
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, path in files.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, Path(path).read_bytes(), compresslevel=9)
    tmp.replace(out)
    return out


def figure_data_zip(folders: dict[str, Path], out: Path) -> Path:
    """Zip the CSVs of each {folder name in the zip: figure folder} (e.g. {'en': plots/base-2023, 'zh': plots/zh/base-2023})
    into `out`, as <folder name>/<figure>.csv. A folder without a CSV is an error (its figure step wrote no data)."""
    files = {}
    for name, folder in folders.items():
        csvs = sorted(Path(folder).glob("*.csv"))
        if not csvs:
            raise ValueError(f"{folder}: no figure data (*.csv) to zip")
        files |= {f"{name}/{csv.name}": csv for csv in csvs}
    return zip_files(files, out)
