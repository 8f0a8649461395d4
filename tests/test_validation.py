"""Validation report: published figures against a run's metrics, with hand-checked answers."""

from pathlib import Path

import pandas as pd
import pytest

from network.analysis.validation import (
    COLUMNS,
    RESULT_COLUMNS,
    InputError,
    ValidationError,
    curtailment_rates,
    published_years,
    read_published,
    read_validation,
    readme_with_calibration,
    structural_checks,
    validate,
)
from network.cli import main
from tests.conftest import REPO

REGIONS = {"West": ["Gansu", "Qinghai"], "East": ["Jiangsu", "Beijing"]}


def metrics(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["metric", "scope", "carrier", "value", "unit"])


# national: 100 TWh of which coal 60, onshore 20 and offshore 5 TWh on 10 + 2 GW, 1 + 0.25 TWh curtailed;
# provinces: Gansu curtails 1 of 10 TWh available (0.1), Qinghai 0.6 of 10 (0.06), Jiangsu 0.5 of 10 (0.05),
# Beijing has no wind or solar.
M = metrics(
    ("generation", "national", "", 100.0, "TWh"),
    ("generation", "national", "coal", 60.0, "TWh"),
    ("generation", "national", "onwind", 20.0, "TWh"),
    ("generation", "national", "offwind", 5.0, "TWh"),
    ("capacity", "national", "onwind", 10.0, "GW"),
    ("capacity", "national", "offwind", 2.0, "GW"),
    ("curtailment", "national", "onwind", 1.0, "TWh"),
    ("curtailment", "national", "offwind", 0.25, "TWh"),
    ("net_import", "Gansu", "", -40.0, "TWh"),
    ("net_import", "Jiangsu", "", 120.0, "TWh"),
    ("generation", "Gansu", "onwind", 9.0, "TWh"),
    ("curtailment", "Gansu", "onwind", 1.0, "TWh"),
    ("generation", "Qinghai", "solar", 9.4, "TWh"),
    ("curtailment", "Qinghai", "solar", 0.6, "TWh"),
    ("generation", "Jiangsu", "offwind", 9.5, "TWh"),
    ("curtailment", "Jiangsu", "offwind", 0.5, "TWh"),
    ("generation", "Beijing", "coal", 40.0, "TWh"),
)


def row(quantity, metric, scope, carrier, value, unit, tolerance=0.1, kind="relative", **extra) -> dict:
    return {"quantity": quantity, "family": extra.pop("family", "test"), "metric": metric, "scope": scope, "carrier": carrier,
            "year": 2023, "value": value, "unit": unit, "tolerance": tolerance, "tolerance_kind": kind, "status": "sourced",
            "source": "https://example.org", "note": "", **extra}  # fmt: skip


def write(tmp_path: Path, rows: list[dict], name: str = "published.csv") -> Path:
    path = tmp_path / name
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def published(tmp_path: Path, rows: list[dict]) -> pd.DataFrame:
    return read_published(write(tmp_path, rows))


def result(table: pd.DataFrame, quantity: str) -> pd.Series:
    return table.set_index("quantity").loc[quantity]


def test_validate_passes_a_right_value_and_flags_a_wrong_one(tmp_path):
    pub = published(tmp_path, [
        row("share_coal", "generation_share", "national", "coal", 0.60, "fraction", 0.02, "absolute"),
        row("flh_wind", "full_load_hours", "national", "onwind+offwind", 2000.0, "h", 0.05),
        row("curtailment_wind", "curtailment_rate", "national", "onwind+offwind", 0.05, "fraction", 0.001, "absolute"),
        row("net_import_Jiangsu", "net_import", "Jiangsu", "", 100.0, "TWh", 0.25),
        row("net_import_Gansu", "net_import", "Gansu", "", -20.0, "TWh", 0.25),
    ])  # fmt: skip
    table = validate(pub, M, REGIONS, 2023)
    assert result(table, "share_coal").model == pytest.approx(0.60) and result(table, "share_coal").within
    (tmp_path / "wrong").mkdir()  # one published figure per metric, scope, carrier and year: the wrong one in its own table
    wrong = published(tmp_path / "wrong", [row("share_coal_wrong", "generation_share", "national", "coal", 0.40, "fraction", 0.02, "absolute")])
    assert not result(validate(wrong, M, REGIONS, 2023), "share_coal_wrong").within
    assert result(table, "flh_wind").model == pytest.approx(25 / 12 * 1000)  # 25 TWh on 12 GW = 2,083 h
    assert result(table, "flh_wind").within  # within 5 % of 2,000 h
    assert result(table, "curtailment_wind").model == pytest.approx(1.25 / 26.25)  # 0.0476, off by more than 0.001
    assert not result(table, "curtailment_wind").within
    assert result(table, "net_import_Jiangsu").within  # 120 vs 100 +- 25 %
    assert not result(table, "net_import_Gansu").within  # -40 vs -20 +- 25 %
    assert list(table.columns) == RESULT_COLUMNS and RESULT_COLUMNS[:5] == ["quantity", "family", "scope", "carrier", "model"]


def test_figures_of_other_years_are_left_to_their_runs(tmp_path):
    pub = published(
        tmp_path,
        [row("share_coal", "generation_share", "national", "coal", 0.6, "fraction"), row("old", "generation", "national", "", 1.0, "TWh", year=2019)],
    )
    assert set(validate(pub, M, REGIONS, 2023).quantity) >= {"share_coal"} and "old" not in set(validate(pub, M, REGIONS, 2023).quantity)
    with pytest.raises(ValidationError, match="no published statistics for year 2030"):
        validate(pub, M, REGIONS, 2030)


def test_a_figure_the_model_lacks_is_an_error_not_skipped(tmp_path):
    pub = published(tmp_path, [
        row("qishao", "corridor_energy", "Jiuquan-Hunan (Qishao)", "DC", 23.0, "TWh"),
        row("solar_flh", "full_load_hours", "national", "solar+onwind", 1300.0, "h"),  # solar absent: no partial sum
    ])  # fmt: skip
    with pytest.raises(ValidationError, match=r"2 published figure\(s\): qishao \(corridor_energy / Jiuquan-Hunan \(Qishao\) / DC\); solar_flh"):
        validate(pub, M, REGIONS, 2023)


def test_curtailment_ranking_and_net_import_sign_hand_checked(tmp_path):
    rates = curtailment_rates(M, ["Gansu", "Qinghai", "Jiangsu", "Beijing"])
    assert rates.dropna().to_dict() == pytest.approx({"Gansu": 0.1, "Qinghai": 0.06, "Jiangsu": 0.05}) and pd.isna(rates["Beijing"])
    pub = published(
        tmp_path,
        [row("net_import_Gansu", "net_import", "Gansu", "", 30.0, "TWh"), row("net_import_Jiangsu", "net_import", "Jiangsu", "", 90.0, "TWh")],
    )
    checks = structural_checks(pub, M, REGIONS, 2023).set_index("quantity")
    # West: 1.6 of 20 TWh = 0.08; East: 0.5 of 10 = 0.05
    assert checks.loc["curtailment_rate_West_minus_East"].model == pytest.approx(0.03) and checks.loc["curtailment_rate_West_minus_East"].within
    # both western provinces (0.1, 0.06) above Jiangsu (0.05); Beijing has no wind or solar and is left out
    assert checks.loc["curtailment_rank_West_above_East"].model == pytest.approx(1.0) and checks.loc["curtailment_rank_West_above_East"].within
    sign = checks.loc["net_import_sign"]  # Gansu published as importer, exports in the model
    assert (sign.model, sign.published, bool(sign.within)) == (1.0, 2.0, False) and "wrong sign: Gansu" in sign.note
    # the East curtailing more fails both ranking checks: Jiangsu now curtails 5 of 10 TWh
    east_heavy = M.copy()
    east_heavy.loc[(east_heavy.scope == "Jiangsu") & (east_heavy.metric == "curtailment"), "value"] = 5.0
    east_heavy.loc[(east_heavy.scope == "Jiangsu") & (east_heavy.metric == "generation"), "value"] = 5.0
    checks = structural_checks(pub, east_heavy, REGIONS, 2023).set_index("quantity")
    assert not checks.loc["curtailment_rate_West_minus_East"].within and checks.loc["curtailment_rank_West_above_East"].model == 0.0


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda rows: rows + [dict(rows[0])], r"published.csv: line 2 and line 3: duplicate row for quantity=share_coal"),
        (lambda rows: [{**rows[0], "value": "0.6 %"}], r"published.csv: line 2 \(share_coal\): field 'value': '0.6 %' is not a number"),
        (lambda rows: [{**rows[0], "tolerance": ""}], r"published.csv: line 2 \(share_coal\): field 'tolerance': missing value"),
        (lambda rows: [{**rows[0], "metric": "coal_share"}], r"published.csv: line 2 \(share_coal\): field 'metric': 'coal_share' is not a metric"),
        (lambda rows: [{**rows[0], "metric": "generation", "unit": "GWh"}], r"line 2 \(share_coal\): field 'unit': 'GWh'; metric 'generation' is in 'TWh'"),
        (lambda rows: [{**rows[0], "tolerance_kind": "percent"}], r"line 2 \(share_coal\): field 'tolerance_kind': 'percent'"),
        (lambda rows: [{**rows[0], "status": "guess"}], r"line 2 \(share_coal\): field 'status': 'guess'"),
        (lambda rows: [{**rows[0], "metric": "self_sufficiency", "carrier": "coal+gas"}], r"line 2 \(share_coal\): field 'carrier': 'coal\+gas'"),
        (lambda rows: [{k: v for k, v in rows[0].items() if k != "tolerance"}], r"published.csv: line 1: missing column\(s\) \['tolerance'\]"),
    ],
)  # fmt: skip
def test_bad_published_table_names_file_line_and_field(tmp_path, edit, expected):
    path = write(tmp_path, edit([row("share_coal", "generation_share", "national", "coal", 0.6, "fraction")]))
    with pytest.raises(InputError, match=expected):
        read_published(path)


def test_published_years_names_a_bad_year(tmp_path):
    path = write(tmp_path, [row("a", "generation", "national", "", 1.0, "TWh"), row("b", "generation", "national", "", 1.0, "TWh", year="2023b")])
    with pytest.raises(InputError, match=r"published.csv: line 3: field 'year': '2023b' is not a year"):
        published_years(path)
    with pytest.raises(InputError, match="file not found"):
        published_years(tmp_path / "absent.csv")


def test_shipped_table_reads_and_covers_the_issue(tmp_path):
    path = REPO / "inputs" / "published_statistics.csv"
    pub = read_published(path)
    assert list(pub.columns[: len(COLUMNS)]) == COLUMNS or set(COLUMNS) <= set(pub.columns)
    assert published_years(path) == {2023}
    families = {"generation_share", "full_load_hours", "curtailment", "net_import", "self_sufficiency", "line_energy", "uhv_renewable_share"}
    assert families | {"unserved", "totals"} <= set(pub.family)
    assert {"Guangdong", "InnerMongolia", "Shanghai"} <= set(pub[pub.metric == "net_import"].scope)
    assert pub.source.str.startswith("http").all()


def test_cli_validate_writes_the_table_and_reports_a_missing_metric(tmp_path, capsys):
    metrics_path = tmp_path / "metrics.csv"
    M.to_csv(metrics_path, index=False)
    good = write(tmp_path, [row("share_coal", "generation_share", "national", "coal", 0.6, "fraction")], "good.csv")
    out = tmp_path / "validation.csv"
    args = ["validate", "--config", str(REPO / "config.yaml"), "--run", str(REPO / "runs" / "base-2023.yaml"), "--metrics", str(metrics_path)]
    assert main([*args, "--published", str(good), "--out", str(out), "--plot", str(tmp_path / "v.png")]) == 0
    table = read_validation(out)
    assert bool(result(table, "share_coal").within) and (tmp_path / "v.svg").exists() and (tmp_path / "v.csv").exists()
    bad = write(tmp_path, [row("qishao", "corridor_energy", "Jiuquan-Hunan (Qishao)", "DC", 23.0, "TWh")], "bad.csv")
    assert main([*args, "--published", str(bad), "--out", str(tmp_path / "bad_out.csv")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "qishao (corridor_energy / Jiuquan-Hunan (Qishao) / DC)" in err[0]
    assert not (tmp_path / "bad_out.csv").exists()


def test_readme_calibration_block_is_replaced_between_its_markers(tmp_path):
    table = validate(published(tmp_path, [row("share_coal", "generation_share", "national", "coal", 0.6, "fraction")]), M, REGIONS, 2023)
    readme = "# x\n<!-- calibration table: generated from docs/validation_base-2023.csv -->\nold\n<!-- end of calibration table -->\ntail\n"
    new = readme_with_calibration(readme, table)
    assert "old" not in new and "| share_coal | national | coal | 0.600 | 0.600 | fraction | ±10% | yes | sourced |" in new and new.endswith("tail\n")
    assert readme_with_calibration(new, table) == new
    with pytest.raises(ValidationError, match="no calibration-table markers"):
        readme_with_calibration("# no markers\n", table)
