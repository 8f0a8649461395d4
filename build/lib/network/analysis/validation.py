"""Validation of a run against published statistics (inputs/published_statistics.csv).

Each published figure names the model metric it is compared with (`metric, scope, carrier` as in
runs/<run>/metrics.csv; units as in the metric catalogue). `carrier` may join carriers with '+'
(e.g. 'onwind+offwind' for the statistics' wind): energies and capacities are summed, and the
ratios are formed from the sums (full-load hours = sum generation / sum capacity, curtailment rate =
sum curtailment / (sum curtailment + sum generation)). One metric exists only here:
`generation_share` (fraction) = generation of the carriers / total generation of the scope.

A figure is within tolerance when |model - published| <= tolerance (absolute) or
<= tolerance x |published| (relative). Structural checks that are not one number (the curtailment
rate of the West above the East's, the sign of net imports) are rows of family `structure`. A
published figure whose metric the run does not have raises ValidationError: nothing is skipped.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from network.analysis.metrics.catalogue import CATALOGUE
from network.config.technologies import VRE_CARRIERS
from network.data.tables import InputError, check_unique, read_table, read_text
from network.units import MW_PER_GW, MWH_PER_TWH

COLUMNS = ["quantity", "family", "metric", "scope", "carrier", "year", "value", "unit", "tolerance", "tolerance_kind", "status", "source"]
RESULT_COLUMNS = [
    "quantity",
    "family",
    "scope",
    "carrier",
    "model",
    "published",
    "unit",
    "tolerance",
    "tolerance_kind",
    "within",
    "status",
    "source",
    "note",
]
DERIVED = {"generation_share": "fraction"}  # metrics formed here from catalogue metrics
ADDITIVE_UNITS = {"TWh", "GW"}  # a '+'-joined carrier list is summed
RATIOS = {"full_load_hours": ("generation", "capacity"), "curtailment_rate": ("curtailment", "generation")}
STATUSES, KINDS = {"sourced", "derived", "unverified"}, {"relative", "absolute"}
WEST, EAST = "West", "East"  # region classes of the curtailment ranking (regions.classes)
STRUCTURE = "structure"
H_PER_TWH_PER_GW = MWH_PER_TWH / MW_PER_GW  # TWh / GW = 1,000 h
CURTAILMENT_SOURCE = "http://eastwp.net/news/show.php?itemid=76953"  # NEA 2023 monitoring report (docs/published_statistics_2023.md §7)


class ValidationError(ValueError):
    """A published figure the run cannot be compared with (its metric, scope or carrier is missing)."""


def published_years(path: Path) -> set[int]:
    """Years with published figures (light: for the Snakefile, which lists validate only for these runs);
    InputError naming file, line and field for a missing file or a year that is not a whole number."""
    years = set()
    for line, row in enumerate(csv.DictReader(io.StringIO(read_text(path))), start=2):
        try:
            years.add(int((row.get("year") or "").strip()))
        except ValueError as err:
            raise InputError(f"{path}: line {line}: field 'year': {row.get('year')!r} is not a year") from err
    return years


def read_published(path: Path) -> pd.DataFrame:
    """The published table, checked; InputError naming file, line and field for a bad row."""
    df = read_table(path, COLUMNS, province_column=None, numeric=["year", "value", "tolerance"], keys=["quantity"], allow_negative=True)
    text = [c for c in df.columns if c not in ("year", "value", "tolerance", "figure_year")]
    df[text] = df[text].astype(object).where(df[text].notna(), "").astype(str).apply(lambda s: s.str.strip())
    check_unique(df, path, ["metric", "scope", "carrier", "year"])  # one published figure per value of metrics.csv and year
    for line, row in df.iterrows():
        where = f"{path}: line {line} ({row.quantity})"
        unit = DERIVED.get(row.metric) or (CATALOGUE[row.metric].unit if row.metric in CATALOGUE else None)
        if unit is None:
            raise InputError(
                f"{where}: field 'metric': {row.metric!r} is not a metric of the catalogue (network/analysis/metrics/catalogue.py) nor one of {sorted(DERIVED)}"
            )
        if row.unit != unit:
            raise InputError(f"{where}: field 'unit': {row.unit!r}; metric {row.metric!r} is in {unit!r}")
        if "+" in row.carrier and not (unit in ADDITIVE_UNITS or row.metric in RATIOS or row.metric in DERIVED):
            raise InputError(
                f"{where}: field 'carrier': {row.carrier!r}: carriers can be joined with '+' only for energies, capacities and {sorted([*RATIOS, *DERIVED])}"
            )
        if row.tolerance_kind not in KINDS:
            raise InputError(f"{where}: field 'tolerance_kind': {row.tolerance_kind!r} is not one of {sorted(KINDS)}")
        if row.status not in STATUSES:
            raise InputError(f"{where}: field 'status': {row.status!r} is not one of {sorted(STATUSES)}")
        if row.tolerance < 0:
            raise InputError(f"{where}: field 'tolerance': negative value {row.tolerance}")
    df["year"] = df["year"].astype(int)
    return df


def _lookup(metrics: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    return {(m, s, c): float(v) for m, s, c, v in metrics[["metric", "scope", "carrier", "value"]].itertuples(index=False)}


def _sum(values: dict, metric: str, scope: str, carriers: list[str]) -> float | None:
    """Sum over the carriers; None if any one is missing (never a partial sum)."""
    parts = [values.get((metric, scope, c)) for c in carriers]
    return None if any(p is None for p in parts) else float(sum(parts))


def model_value(values: dict, metric: str, scope: str, carrier: str) -> float | None:
    """The model's value of a published row's (metric, scope, carrier), None if the run lacks it."""
    carriers = carrier.split("+")
    if metric == "generation_share":
        part, total = _sum(values, "generation", scope, carriers), values.get(("generation", scope, ""))
        return None if part is None or total is None else part / total
    if len(carriers) == 1:
        return values.get((metric, scope, carrier))
    if metric in RATIOS:
        top, other = (_sum(values, name, scope, carriers) for name in RATIOS[metric])
        if top is None or other is None:
            return None
        return top / other * H_PER_TWH_PER_GW if metric == "full_load_hours" else top / (top + other)
    return _sum(values, metric, scope, carriers)


def within(model: float, published: float, tolerance: float, kind: str) -> bool:
    """|model - published| <= tolerance (absolute) or tolerance x |published| (relative)."""
    bound = tolerance if kind == "absolute" else tolerance * abs(published)
    return bool(abs(model - published) <= bound + 1e-12)


def compare_published(published: pd.DataFrame, metrics: pd.DataFrame, year: int) -> pd.DataFrame:
    """One result row per published figure of the year; ValidationError listing every figure the run lacks."""
    rows = published[published.year == year]
    if rows.empty:
        raise ValidationError(f"no published statistics for year {year} (years: {sorted(published.year.unique())})")
    values, out, missing = _lookup(metrics), [], []
    for row in rows.itertuples():
        model = model_value(values, row.metric, row.scope, row.carrier)
        if model is None:
            missing.append(f"{row.quantity} ({row.metric} / {row.scope} / {row.carrier or '-'})")
            continue
        out.append({"quantity": row.quantity, "family": row.family, "scope": row.scope, "carrier": row.carrier, "model": model,
                    "published": row.value, "unit": row.unit, "tolerance": row.tolerance, "tolerance_kind": row.tolerance_kind,
                    "within": within(model, row.value, row.tolerance, row.tolerance_kind), "status": row.status,
                    "source": row.source, "note": ""})  # fmt: skip
    if missing:
        raise ValidationError(f"the run has no metric for {len(missing)} published figure(s): {'; '.join(missing)}")
    return pd.DataFrame(out, columns=RESULT_COLUMNS)


def curtailment_rates(metrics: pd.DataFrame, provinces: list[str]) -> pd.Series:
    """Curtailment rate of wind and solar together per province: curtailment / (curtailment + generation).

    Provinces without wind or solar energy are left out (NaN)."""
    m = metrics[metrics.carrier.isin(VRE_CARRIERS) & metrics.scope.isin(provinces)]
    energy = m.pivot_table("value", "scope", "metric", aggfunc="sum").reindex(provinces)
    curtailed = energy.get("curtailment", pd.Series(0.0, index=energy.index)).fillna(0.0)
    available = curtailed + energy.get("generation", pd.Series(0.0, index=energy.index)).fillna(0.0)
    return (curtailed / available.where(available > 0)).rename("curtailment_rate")


def _pairs_above(west: pd.Series, east: pd.Series) -> float:
    """Share of (western, eastern) province pairs in which the western rate is higher (ties count half)."""
    w, e = west.dropna().to_numpy()[:, None], east.dropna().to_numpy()[None, :]
    return float(((w > e) + 0.5 * (w == e)).mean()) if w.size and e.size else float("nan")


def structural_checks(published: pd.DataFrame, metrics: pd.DataFrame, regions: dict[str, list[str]], year: int) -> pd.DataFrame:
    """Checks that are not one number, as rows of family 'structure' (published = the threshold).

    - curtailment_rate_West_minus_East: aggregate wind+solar curtailment rate of the West minus the
      East's (fraction); within if > 0.
    - curtailment_rank_West_above_East: share of (western, eastern) province pairs in which the western
      province curtails a larger share (ties half); within if > 0.5.
    - net_import_sign: provinces of the published net imports whose model net import has the same sign;
      within if all do (the note names those that do not)."""
    if WEST not in regions or EAST not in regions:
        raise ValidationError(f"the curtailment ranking needs region classes {WEST!r} and {EAST!r}; regions.classes has {sorted(regions)}")
    west, east = curtailment_rates(metrics, list(regions[WEST])), curtailment_rates(metrics, list(regions[EAST]))
    agg = {}
    for name, members in ((WEST, regions[WEST]), (EAST, regions[EAST])):
        m = metrics[metrics.carrier.isin(VRE_CARRIERS) & metrics.scope.isin(members)]
        curtailed, generated = m[m.metric == "curtailment"].value.sum(), m[m.metric == "generation"].value.sum()
        agg[name] = curtailed / (curtailed + generated) if curtailed + generated > 0 else 0.0
    pairs = _pairs_above(west, east)
    base = {
        "family": STRUCTURE,
        "carrier": "+".join(VRE_CARRIERS),
        "tolerance": np.nan,
        "tolerance_kind": "",
        "status": "derived",
        "source": CURTAILMENT_SOURCE,
    }
    rows = [
        {**base, "quantity": "curtailment_rate_West_minus_East", "scope": f"{WEST} - {EAST}", "model": agg[WEST] - agg[EAST],
         "published": 0.0, "unit": "fraction", "within": bool(agg[WEST] - agg[EAST] > 0),
         "note": f"{WEST} {agg[WEST]:.4f}, {EAST} {agg[EAST]:.4f}; published: curtailment is a western problem (NEA)"},
        {**base, "quantity": "curtailment_rank_West_above_East", "scope": f"{WEST} vs {EAST} provinces", "model": pairs,
         "published": 0.5, "unit": "fraction", "within": bool(pairs > 0.5),
         "note": "share of (western, eastern) province pairs with the higher rate in the West (ties half); must exceed 0.5"},
    ]  # fmt: skip
    net = published[(published.year == year) & (published.metric == "net_import") & published.scope.isin([p for ps in regions.values() for p in ps])]
    if not net.empty:
        values = _lookup(metrics)
        model = {p: values.get(("net_import", p, "")) for p in net.scope}
        absent = sorted(p for p, v in model.items() if v is None)
        if absent:
            raise ValidationError(f"the run has no net_import for province(s) {absent}")
        wrong = [p for p, v in zip(net.scope, net.value) if np.sign(model[p]) != np.sign(v)]
        rows.append({**base, "quantity": "net_import_sign", "carrier": "", "scope": "provinces with published net imports",
                     "model": float(len(net) - len(wrong)), "published": float(len(net)), "unit": "provinces",
                     "within": not wrong, "source": net.source.iloc[0],
                     "note": "provinces with the published sign" + (f"; wrong sign: {', '.join(wrong)}" if wrong else "")})  # fmt: skip
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def validate(published: pd.DataFrame, metrics: pd.DataFrame, regions: dict[str, list[str]], year: int) -> pd.DataFrame:
    """The validation table of a run: every published figure of the year, then the structural checks."""
    return pd.concat([compare_published(published, metrics, year), structural_checks(published, metrics, regions, year)], ignore_index=True)


def read_validation(path: Path) -> pd.DataFrame:
    """A validation.csv as written by `validate` (empty text cells kept as '')."""
    numeric = ["model", "published", "tolerance"]
    df = pd.read_csv(path, keep_default_na=False, na_values={c: ["", "nan", "NaN"] for c in numeric})
    missing = [c for c in RESULT_COLUMNS if c not in df.columns]
    if missing:
        raise ValidationError(f"{path}: not a validation table: missing column(s) {missing}")
    return df.assign(within=df.within.astype(str).str.lower().eq("true"))


README_START = "<!-- calibration table: generated from docs/validation_base-2023.csv -->"
README_END = "<!-- end of calibration table -->"


def _fmt(v: float, unit: str) -> str:
    if pd.isna(v):
        return ""
    if unit in ("fraction",):
        return f"{v:.3f}"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}" if abs(v) >= 1 else f"{v:.3f}"


def calibration_table(validation: pd.DataFrame) -> str:
    """The validation table as Markdown: quantity, scope, model, published, tolerance, within, status."""
    lines = ["| quantity | scope | carrier | model | published | unit | tolerance | within | status |", "|---|---|---|---|---|---|---|---|---|"]
    for r in validation.itertuples():
        tol = "" if pd.isna(r.tolerance) else (f"±{r.tolerance:.0%}" if r.tolerance_kind == "relative" else f"±{_fmt(r.tolerance, r.unit)}")
        ok = "yes" if str(r.within).lower() == "true" else "**no**"
        lines.append(
            f"| {r.quantity} | {r.scope} | {r.carrier} | {_fmt(r.model, r.unit)} | {_fmt(r.published, r.unit)} | {r.unit} | {tol} | {ok} | {r.status} |"
        )
    return "\n".join(lines) + "\n"


def readme_with_calibration(readme: str, validation: pd.DataFrame) -> str:
    """The document (docs/calibration.md) with the text between the calibration-table markers replaced by the generated table."""
    pattern = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.S)
    if not pattern.search(readme):
        raise ValidationError("the document has no calibration-table markers (docs/calibration.md has them)")
    passed = int(validation.within.astype(str).str.lower().eq("true").sum())
    summary = f"{passed} of {len(validation)} checks within tolerance.\n\n"
    return pattern.sub(lambda _: f"{README_START}\n{summary}{calibration_table(validation)}{README_END}", readme)
