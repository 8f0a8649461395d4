"""The tables that name things: the technology table (inputs/technologies.csv), the expansion options
(inputs/planning_options.csv), the figure texts (inputs/plot_text.csv) and the provinces' Chinese names
(inputs/province_shapes.geojson). Read here, at the start of a step, from the step's inputs folder (so
`--inputs` redirects them and the package reads no file of its own); the technology table is then installed
for the carrier sets of network/config/technologies.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from network.config.base import ConfigError
from network.config.technologies import Technology, parse_technologies, use_technologies
from network.data import files
from network.data.tables import InputError, read_text

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def _rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a small UTF-8 CSV as dicts of text; InputError naming the file for a missing column."""
    reader = csv.DictReader(io.StringIO(read_text(path)))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path}: line 1: missing column(s) {missing}; found {reader.fieldnames}")
    return list(reader)


def read_technologies(path: Path) -> dict[str, Technology]:
    """The technology table as {carrier: Technology}, in file order; InputError naming file, line and field."""
    try:
        return parse_technologies(_rows(path, ("carrier",)), str(path))
    except ConfigError as err:
        raise InputError(str(err)) from err


def load_technologies(inputs: Path) -> dict[str, Technology]:
    """Read <inputs>/technologies.csv and install it as the table of this process; returns it."""
    table = read_technologies(Path(inputs) / files.TECHNOLOGIES)
    use_technologies(table)
    return table


def read_plot_text(path: Path) -> dict[str, dict[str, str]]:
    """{English template: {language: template}} of every title, axis label and legend text; one row per template."""
    table: dict[str, dict[str, str]] = {}
    for line, row in enumerate(_rows(path, ("en", "zh")), start=2):
        if row["en"] in table:
            raise InputError(f"{path}: line {line}: field 'en': duplicate row for {row['en']!r}")
        table[row["en"]] = row
    return table


def read_names_zh(inputs: Path) -> dict[str, str]:
    """Chinese names of named things, for the figures: UHV lines (name_zh of uhv_lines.csv) and data-centre hubs
    (cluster_zh of datacentre_hubs.csv); empty names are left out."""
    lines = _rows(Path(inputs) / files.UHV_LINES, ("name", "name_zh"))
    hubs = _rows(Path(inputs) / files.DATACENTRE_HUBS, ("hub", "cluster_zh"))
    return {r["name"]: r["name_zh"] for r in lines if r["name_zh"]} | {r["hub"]: r["cluster_zh"] for r in hubs if r["cluster_zh"]}


def read_province_names_zh(path: Path) -> dict[str, str]:
    """Province -> short Chinese name ('安徽省' -> '安徽', '内蒙古自治区' -> '内蒙古'), from the province shapes."""
    try:
        features = json.loads(read_text(path))["features"]
        full_names = {f["properties"]["province"]: f["properties"]["name_zh"] for f in features}
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(f"{path}: not GeoJSON features with fields 'province' and 'name_zh' ({err})") from err
    return {
        province: next((full[: -len(s)] for s in _SUFFIXES if full.endswith(s) and len(full) > len(s) + 1), full)
        for province, full in full_names.items()
    }
