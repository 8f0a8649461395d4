"""HTML pages of the comparison: the planner's summary (runs/summary.html), the fragment of it the report's front page
includes, and the key metrics of every run (runs/comparison.html; every metric: runs/comparison.csv). Self-contained: tables sort on a click on a heading and
filter as one types (a few lines of plain JavaScript in the page; nothing is fetched); English and Chinese side by
side, switched by a button."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from network.analysis.compare import KEYS
from network.analysis.planner import answers
from network.config.provinces import PROVINCES
from network.plots.language import _place, _t, language

STYLE = (
    "body{font-family:sans-serif;font-size:13px;margin:12px} table{border-collapse:collapse;margin:6px 0 18px}"
    " th,td{border:1px solid #ccc;padding:3px 7px} th{background:#eee;position:sticky;top:0;cursor:pointer}"
    " td.n{text-align:right;font-variant-numeric:tabular-nums} td.d{color:#555} tr.base td{font-weight:bold}"
    " .zh{display:none} body.zh .zh{display:block} body.zh .en{display:none} input{margin:4px 0;padding:3px;width:24em}"
)
SCRIPT = """
function sortBy(th){const t=th.closest('table'),b=t.tBodies[0],i=[...th.parentNode.children].indexOf(th);
const asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
const key=r=>{const s=r.children[i].dataset.v??r.children[i].textContent;const x=parseFloat(s);return isNaN(x)?s:x};
[...b.rows].sort((a,c)=>{const x=key(a),y=key(c);if(typeof x===typeof y)return (x<y?-1:x>y?1:0)*(asc?1:-1);
return typeof x==='number'?-1:1}).forEach(r=>b.appendChild(r))}
function filterRows(input){const q=input.value.toLowerCase(),t=document.getElementById(input.dataset.table);
[...t.tBodies[0].rows].forEach(r=>{r.style.display=r.textContent.toLowerCase().includes(q)?'':'none'})}
function lang(l){document.body.className=l}
document.addEventListener('click',e=>{if(e.target.tagName==='TH')sortBy(e.target)});
"""


def _number(v: float, digits: int = 1, signed: bool = False) -> str:
    if pd.isna(v):
        return "<td class='n' data-v=''>n/a</td>"
    text = f"{v:+,.{digits}f}" if signed else f"{v:,.{digits}f}"
    return f"<td class='n' data-v='{v:.6g}'>{text}</td>"


def _digits(unit: str) -> int:
    return 1 if unit in ("%", "TWh") else 0


def _table(table_id: str, head: list[str], rows: list[str]) -> str:
    heads = "".join(f"<th>{html.escape(h.replace('$_2$', '₂'))}</th>" for h in head)  # CO$_2$ (matplotlib) as CO₂
    return f"<table id='{table_id}'><thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def summary_rows(table: pd.DataFrame, focus: str = "East", changes: bool = True) -> tuple[list[str], list[str]]:
    """Heading and <tr> rows of the summary (analysis/planner.py summary_table) in the current language: per run, each
    answer's value in its unit and, with `changes`, its difference to the baseline run (pp for %)."""
    runs = list(dict.fromkeys(table["run"]))
    keys = list(dict.fromkeys(table["key"]))
    labels = {a.key: a.label for a in answers(focus)}
    baseline = str(table["baseline"].iloc[0])
    t = table.set_index(["run", "key"])
    units = table.groupby("key")["unit"].first()
    head = [_t("Run")]
    for k in keys:
        label = labels[k]
        label = _t(label.replace("{focus}", "{place}"), place=_place(focus)) if "{focus}" in label else _t(label)
        unit = _t(units[k])
        head.append(f"{label} ({unit})")
        if changes:
            head.append(f"{_t('change vs {baseline}', baseline=baseline)} ({_t('pp') if units[k] == '%' else unit})")
    rows = []
    for run in runs:
        cells = [f"<td>{html.escape(run)}</td>"]
        for k in keys:
            v, d = t.loc[(run, k), ["value", "difference"]] if (run, k) in t.index else (float("nan"), float("nan"))
            cells.append(_number(v, _digits(units[k])))
            if changes:
                cells.append(_number(d, _digits(units[k]), signed=True).replace("class='n'", "class='n d'"))
        rows.append(f"<tr{' class=base' if run == baseline else ''}>{''.join(cells)}</tr>")
    return head, rows


def corridor_rows(corridors: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Heading and rows of the corridors across runs (analysis/planner.py corridor_table) in the current language."""
    head = [_t("Line"), _t("Type"), _t("Run"), _t("Capacity (GW)"), _t("Energy (TWh)"), _t("Utilisation (h)"), _t("Traced green share (%)")]
    rows = []
    for r in corridors.itertuples(index=False):
        rows.append(f"<tr><td>{html.escape(_place(r.line))}</td><td>{r.kind}</td><td>{html.escape(r.run)}</td>"
                    + _number(r.capacity_gw) + _number(r.energy_twh) + _number(r.utilisation_hours, 0) + _number(r.green_share_pct) + "</tr>")  # fmt: skip
    return head, rows


def _page(title: str, body: str) -> str:
    buttons = "<p><button onclick=\"lang('en')\">English</button> <button onclick=\"lang('zh')\">中文</button></p>"
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title><style>{STYLE}</style></head>"
            f"<body class='en'>{buttons}{body}<script>{SCRIPT}</script></body></html>")  # fmt: skip


def _filter(table_id: str) -> str:
    return f"<input placeholder='{html.escape(_t('Filter'))}' data-table='{table_id}' oninput='filterRows(this)'>"


def summary_html(table: pd.DataFrame, corridors: pd.DataFrame, path: Path, focus: str = "East") -> Path:
    """runs/summary.html: the planner's summary and the corridors across runs, in English and Chinese, sortable."""
    baseline = str(table["baseline"].iloc[0])
    body = ""
    for lang in ("en", "zh"):
        with language(lang):
            head, rows = summary_rows(table, focus)
            c_head, c_rows = corridor_rows(corridors)
            body += (f"<div class='{lang}'><h2>{html.escape(_t('Planner' + chr(39) + 's summary'))}</h2>"
                     f"<p>{html.escape(_t('Baseline run: {baseline} (config.yaml: baseline). Percentages are shares of energy; changes of percentages are in percentage points (pp).', baseline=baseline))}"
                     f" {html.escape(_t('Click a column heading to sort; type to filter the rows.'))}</p>"
                     f"{_filter(f'summary-{lang}')}{_table(f'summary-{lang}', head, rows)}"
                     f"<h2>{html.escape(_t('Named UHV lines across runs'))}</h2>{_filter(f'corridors-{lang}')}"
                     f"{_table(f'corridors-{lang}', c_head, c_rows)}</div>")  # fmt: skip
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(_page(_t("Planner's summary"), body), encoding="utf-8")
    return Path(path)


# The Snakemake report's front page (9.x) centres its content vertically in a scrolling pane: a page taller than the
# window loses its top (title, the summary's headings) above the scroll origin; its text column is 32 rem, narrower
# than the English summary table, which then runs under the rule graph beside it (whose labels reach left of it).
# While the front page is shown (this style is part of it) the pane starts at the top, the column is as wide as the
# table, and the rule graph is below the text.
FRONT_LAYOUT = (
    " .grow.h-screen.overflow-auto.items-center{align-items:flex-start} .prose.max-w-lg{max-width:56rem}"
    " .grow.flex.gap-3.p-3.items-start{flex-direction:column} #rulegraph{padding-left:10rem}"
)


def summary_fragment(table: pd.DataFrame, path: Path, focus: str = "East") -> Path:
    """The summary as plain HTML tables (English, then Chinese; values only), for the report's front page
    (report/front.rst includes it: the report shows it as it is, without the page's scripts)."""
    parts = []
    for lang in ("en", "zh"):
        with language(lang):
            head, rows = summary_rows(table, focus, changes=False)
            parts.append(_table(f"front-{lang}", head, rows))
    style = (
        "<style>#front-en td,#front-zh td{padding:2px 6px} #front-en td:not(:first-child),#front-zh td:not(:first-child){text-align:right}"
        f"{FRONT_LAYOUT}</style>"
    )
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(style + "\n".join(parts), encoding="utf-8")
    return Path(path)


def aggregate_rows(comparison: pd.DataFrame) -> pd.Series:
    """True for the rows of the whole country and of regions (scope 'national', or a scope with a consumption row that
    is not a province); False for provinces, lines, province pairs and hubs."""
    regions = set(comparison.loc[comparison["metric"] == "consumption", "scope"]) - set(PROVINCES)
    return comparison["scope"].isin(regions | {"national"})


def comparison_html(comparison: pd.DataFrame, path: Path, runs_table: pd.DataFrame | None = None, focus: str = "East") -> Path:
    """The key rows of runs/comparison.csv as one self-contained HTML table (a report entry): the summary's metrics
    first, then every row of the country and of the regions by metric (per province, line and hub: the CSV, also a
    report entry; the whole table made a 2.3 MB page, which Chromium does not show inside the report); fractions shown
    in % (the CSV keeps fractions and full precision), other values rounded to 4 significant digits; sortable and
    filterable. runs_table (run, description, resolution) is above it, folded: the page leads with the numbers."""
    c = comparison.copy()
    for col in ("metric", "scope", "carrier"):
        c[col] = c[col].fillna("").astype(str)
    runs = [col for col in c.columns if col not in KEYS]
    first = pd.Series(len(answers(focus)), index=c.index)
    for i, a in enumerate(answers(focus)):
        first[(c.metric == a.metric) & (c.scope == a.scope)] = i
    c = c[(first < len(answers(focus))) | aggregate_rows(c)]
    c = c.assign(_first=first).sort_values(["_first", *KEYS], kind="stable").drop(columns="_first")
    fraction = c["unit"] == "fraction"
    values = c[runs].apply(pd.to_numeric, errors="coerce")
    values[fraction] = values[fraction] * 100
    c.loc[fraction, "unit"] = "%"
    rows = []
    for (_, r), (_, v) in zip(c.iterrows(), values.iterrows(), strict=True):
        cells = "".join(f"<td>{html.escape(str(r[k]))}</td>" for k in KEYS)
        cells += "".join("<td class='n' data-v=''></td>" if pd.isna(x) else f"<td class='n' data-v='{x:.6g}'>{x:.4g}</td>" for x in v)
        rows.append(f"<tr>{cells}</tr>")
    body = ""
    if runs_table is not None and len(runs_table):
        body += (f"<details><summary><b>Runs</b> ({len(runs_table)}: description and resolution of each; click to open)</summary>"
                 f"{runs_table.to_html(index=False, border=0, escape=True)}</details>")  # fmt: skip
    body += (f"<h2>Key metrics of every run: the country and its regions ({len(c):,} of {len(comparison):,} rows of"
             " runs/comparison.csv)</h2><p>The summary's metrics come first, fractions are shown in %. The rows per province,"
             " line, province pair and data-centre hub are in <b>runs/comparison.csv</b> (zipped: the entry <i>comparison.zip</i> of"
             " this report: one row per metric, scope and carrier, one column per run, full precision). Click a column"
             " heading to sort; type to filter (e.g. <i>self_sufficiency</i> or <i>East</i>). Definitions and units:"
             f" docs/metrics.md.</p>{_filter('comparison')}{_table('comparison', [*KEYS, *runs], rows)}")  # fmt: skip
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(_page("Runs compared", body).replace("<p><button", "<p hidden><button", 1), encoding="utf-8")
    return Path(path)
