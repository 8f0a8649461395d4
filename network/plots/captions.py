"""Captions of the figures in the Snakemake report, from one table (report/captions.yaml: figure -> text).

The report's caption template (report/figure.rst) shows `figure_captions(...)[name]` under each figure; a new
figure needs one entry in the table (tests/test_report.py checks that every figure written has one)."""

from __future__ import annotations

from pathlib import Path

import yaml

CAPTIONS = Path(__file__).resolve().parents[2] / "report" / "captions.yaml"
CAPTIONS_ZH = CAPTIONS.with_name("captions_zh.yaml")  # the run figures' captions in Chinese (under the zh figures)
SOURCE_ZH = (
    " 情景 ``{run}``，{resolution} 小时分辨率，中文标注。图中数据见图旁的 ``{name}.csv``（另有 SVG）；数值来自"
    " ``runs/{run}/metrics.csv``（求解后的网络 ``runs/{run}/solved.nc``；定义见 docs/metrics.md）。"
)
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}
SOURCE = (
    " Run ``{run}``, {resolution}-hourly resolution, labels in {language_name}. The data drawn is ``{name}.csv`` beside"
    " the figure (also as SVG); the numbers come from ``runs/{run}/metrics.csv`` (the solved network"
    " ``runs/{run}/solved.nc``; definitions in docs/metrics.md)."
)
COMPARE_SOURCE = (
    " All runs of config.yaml, labels in {language_name}. The data drawn is ``{name}.csv`` beside the figure; the numbers"
    " come from ``runs/comparison.csv`` (each run's ``runs/<run>/metrics.csv``; definitions in docs/metrics.md)."
)


class Captions(dict):
    """{figure name: caption}, a rule's Snakemake param (the report's caption template picks one). Shown in short:
    the report copies a job's params under every file the job adds (one run's captions under each of its ~30 figures
    were 8 MB of a 34 MB report); repr stays the full dict, so a changed caption still re-runs the rule."""

    def __str__(self) -> str:
        return f"<{len(self)} captions, report/captions*.yaml>"


def caption_table(path: Path = CAPTIONS) -> dict[str, str]:
    """The table as {figure name template: caption template}."""
    with open(path, encoding="utf-8") as stream:
        table = yaml.safe_load(stream)
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ValueError(f"{path}: expected 'figure: caption text' entries")
    return table


def figure_captions(run: str | None, resolution: int | str = "", focus: str = "East", language: str = "en", path: Path = CAPTIONS) -> dict[str, str]:
    """{figure name: caption} of one run's figures (or of the comparison, run = 'all runs'): what is shown and its
    units from the table, then the run, its resolution (hours per snapshot) and where the numbers come from.
    run None: the comparison figures."""
    values = dict(run=run, resolution=resolution, focus=focus, slug=focus.replace(" ", "_"), language=language)
    values["language_name"] = LANGUAGE_NAMES.get(language, language)
    chinese = caption_table(CAPTIONS_ZH) if language == "zh" and run and path == CAPTIONS else {}
    out = Captions()
    for key, text in caption_table(path).items():
        name = key.format(**values)
        if key in chinese:
            out[name] = chinese[key].format(**(values | {"focus": _place_zh(focus)})) + SOURCE_ZH.format(name=name, **values)
        else:
            out[name] = text.format(**values) + (SOURCE if run else COMPARE_SOURCE).format(name=name, **values)
    return out


def _place_zh(name: str) -> str:
    """A region name in Chinese where inputs/plot_text.csv has it (read here: captions are made outside a figure step)."""
    import csv

    with open(Path(__file__).resolve().parents[2] / "inputs" / "plot_text.csv", encoding="utf-8") as stream:
        return {row["en"]: row["zh"] for row in csv.DictReader(stream)}.get(name, name)


APPRAISAL_SOURCE = (
    " Runs ``{plan}`` and ``{alternative}``, labels in {language_name}. The data drawn is ``{name}.csv`` beside the figure"
    " (also as SVG); the numbers come from ``runs/appraisal/corridors.csv`` and ``runs/appraisal/plan_comparison.csv``"
    " (the two runs' ``runs/<run>/metrics.csv``; definitions in docs/metrics.md)."
)


def appraisal_captions(plan: str, alternative: str, focus: str = "East", language: str = "en") -> dict[str, str]:
    """{figure name: caption} of corridor_appraisal and plan_comparison (report/captions.yaml + where the numbers come from)."""
    values = dict(plan=plan, alternative=alternative, focus=focus, language_name=LANGUAGE_NAMES.get(language, language))
    table = caption_table()
    return Captions(
        {name: table[name].format(**values) + APPRAISAL_SOURCE.format(name=name, **values) for name in ("corridor_appraisal", "plan_comparison")}
    )
