"""Bad input never gives a silent wrong answer: each case below exits non-zero through the command line
with one line on the console naming the file, the row and the field, and leaves no output of its step."""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pypsa
import pytest
import xarray as xr
import yaml

from network.cli import main
from tests.conftest import REPO

INPUTS = REPO / "inputs"


@dataclass
class Case:
    step: str  # build-inputs, build-network, solve or validate
    mutate: Callable[[Path], None]  # edits the copied work folder (inputs/, config.yaml, runs/)
    expected: tuple[str, ...]  # fragments of the one-line message, in order (file, row, field, problem)


def edit_csv(name: str, edit: Callable[[pd.DataFrame], pd.DataFrame], header: bool = True, **write) -> Callable[[Path], None]:
    def mutate(work: Path) -> None:
        path = work / "inputs" / name
        path.unlink()  # a copy, not the shipped file
        df = pd.read_csv(INPUTS / name, header=0 if header else None, dtype=str, keep_default_na=False)
        edit(df).to_csv(path, index=False, header=header, **write)

    return mutate


def edit_run(update: dict | str) -> Callable[[Path], None]:
    def mutate(work: Path) -> None:
        path = work / "runs" / "base-2023.yaml"
        text = path.read_text()
        path.write_text(text + update if isinstance(update, str) else yaml.safe_dump({**yaml.safe_load(text), **update}))

    return mutate


def edit_profile(edit: Callable[[xr.Dataset], xr.Dataset]) -> Callable[[Path], None]:
    def mutate(work: Path) -> None:
        path = work / "inputs" / "profile_solar_2020.nc"
        path.unlink()
        edit(xr.open_dataset(INPUTS / "profile_solar_2020.nc").load()).to_netcdf(path)

    return mutate


def set_cell(row_match: dict, column: str, value: str):
    def edit(df: pd.DataFrame) -> pd.DataFrame:
        mask = np.logical_and.reduce([df[k] == v for k, v in row_match.items()])
        assert mask.sum() == 1, row_match
        df.loc[mask, column] = value
        return df

    return edit


def drop_rows(row_match: dict):
    return lambda df: df[~np.logical_and.reduce([df[k] == v for k, v in row_match.items()])]


def duplicate_row(index: int):
    return lambda df: pd.concat([df, df.iloc[[index]]], ignore_index=True)


def drop_day_keep_leap_day(ds: xr.Dataset) -> xr.Dataset:
    """8,760 h with 29 February present and 5 March missing: the right length, the wrong hours."""
    time = pd.DatetimeIndex(ds.time.values)
    return ds.isel(time=~((time.month == 3) & (time.day == 5)))


def utf16(name: str) -> Callable[[Path], None]:
    def mutate(work: Path) -> None:
        path = work / "inputs" / name
        path.unlink()
        path.write_bytes((INPUTS / name).read_text(encoding="utf-8-sig").encode("utf-16"))

    return mutate


def hard_water_caps(work: Path) -> None:
    """A network whose water cap cannot be met and has no overdraft: must be infeasible, and say why."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2023-01-01", periods=2, freq="h"))
    n.add("Carrier", ["AC", "water", "fresh water", "coal"])
    n.add("Bus", "A", carrier="AC")
    n.add("Bus", "A water", carrier="water")
    n.add("Load", "A load", bus="A", p_set=100.0)
    n.add("Load", "A water other uses", bus="A water", p_set=10.0)
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=200.0, marginal_cost=300.0)
    n.add("Generator", "A fresh water", bus="A water", carrier="fresh water", p_nom=100.0, e_sum_max=5.0)
    n.export_to_netcdf(work / "network.nc")


CASES = {
    # issue #9: silently wrong answers before
    "duplicated exchange row": Case("build-network", edit_csv("exchange_capacity_current.csv", duplicate_row(0), header=False),
                                    ("exchange_capacity_current.csv", "line 1 and line 57", "duplicate row", "bus0")),
    "missing capacity row": Case("build-network", edit_csv("capacity_by_province.csv", drop_rows({"province": "Jiangsu", "technology": "solar", "year": "2023"})),
                                 ("capacity_by_province.csv", "field 'province'", "missing row", "Jiangsu", "solar", "2023")),
    "missing hydro capacity row": Case("build-network", edit_csv("capacity_by_province.csv", drop_rows({"province": "Sichuan", "technology": "hydro", "year": "2023"})),
                                       ("capacity_by_province.csv", "field 'province'", "missing row", "Sichuan", "hydro", "2023")),
    "missing coal price": Case("build-network", edit_csv("coal_price_by_province.csv", drop_rows({"province": "Jiangsu"})),
                               ("coal_price_by_province.csv", "field 'province'", "missing row", "Jiangsu")),
    "day-month heating season": Case("build-network", edit_run({"operation": {"heating_season": ["15-11", "15-03"]}}),
                                     ("base-2023.yaml", "operation.heating_season", "'15-11' is not a month-day date")),
    "duplicate YAML key": Case("build-network", edit_run("transmission:\n  p_max_pu: 0.5\ntransmission:\n  p_max_pu: 0.6\n"),
                               ("base-2023.yaml", "key 'transmission' appears twice", "lines")),
    "resolution 5 h": Case("build-network", edit_run({"time": {"resolution_hours": 5}}),
                           ("base-2023.yaml", "time.resolution_hours", "does not divide 24")),
    "resolution 7 h": Case("build-network", edit_run({"time": {"resolution_hours": 7}}), ("base-2023.yaml", "time.resolution_hours", "7 h")),
    "unknown solver option": Case("build-network", edit_run({"solver": {"options": {"time_limt": 60}}}),
                                  ("base-2023.yaml", "solver", "unknown HiGHS option 'time_limt'", "time_limit")),
    "mistyped solver option": Case("build-network", edit_run({"solver": {"options": {"threads": "two"}}}),
                                   ("base-2023.yaml", "solver", "'threads' takes a value of type int, got 'two'")),
    # issue #9: tracebacks before
    "duplicated consumption row": Case("build-network", edit_csv("consumption_by_province.csv", duplicate_row(5)),
                                       ("consumption_by_province.csv", "line 7 and line 188", "duplicate row", "Anhui", "province")),
    "text in consumption": Case("build-network", edit_csv("consumption_by_province.csv", set_cell({"province": "Guangdong", "year": "2023"}, "consumption_twh", "787.14 TWh")),
                                ("consumption_by_province.csv", "line", "(Guangdong, 2023)", "field 'consumption_twh'", "'787.14 TWh' is not a number")),
    "thousands separator in capacity": Case("build-network", edit_csv("capacity_by_province.csv", set_cell({"province": "Jiangsu", "technology": "solar", "year": "2023"}, "capacity_mw", "32,230"), quoting=1),
                                            ("capacity_by_province.csv", "(Jiangsu, solar, 2023)", "field 'capacity_mw'", "'32,230' is not a number")),
    "profile with a day missing": Case("build-inputs", edit_profile(drop_day_keep_leap_day),
                                       ("profile_solar_2020.nc", "field 'time'", "24 hour(s) missing, first 2020-03-05 00:00")),
    "UTF-16 CSV": Case("build-network", utf16("consumption_by_province.csv"), ("consumption_by_province.csv", "UTF-16", "UTF-8")),
    "hard water caps infeasible": Case("solve", hard_water_caps, ("infeasible", "hard fresh-water caps", "water.overdraft_penalty_cny_per_m3")),
    # already clear before issue #9: kept
    "unknown province": Case("build-network", edit_csv("capacity_by_province.csv", set_cell({"province": "Jiangsu", "technology": "solar", "year": "2023"}, "province", "Jiangsuu")),
                             ("capacity_by_province.csv", "(Jiangsuu, solar, 2023)", "field 'province'", "unknown province")),
    "negative capacity": Case("build-network", edit_csv("exchange_capacity_current.csv", set_cell({0: "Anhui", 1: "Jiangsu"}, 2, "-500"), header=False),
                              ("exchange_capacity_current.csv", "line 1 (Anhui, Jiangsu)", "field 'p_nom'", "negative value -500")),
    "empty capacity cell": Case("build-network", edit_csv("capacity_by_province.csv", set_cell({"province": "Jiangsu", "technology": "solar", "year": "2023"}, "capacity_mw", "")),
                                ("capacity_by_province.csv", "(Jiangsu, solar, 2023)", "field 'capacity_mw'", "missing value")),
    "NaN in profile": Case("build-inputs", edit_profile(lambda ds: ds.assign(profile=ds.profile.where(ds.time != ds.time[100]))),
                           ("profile_solar_2020.nc", "field 'profile'", "missing value (NaN)")),
    "missing demand hours": Case("build-inputs", edit_csv("hourly_demand_shape_2018.csv", lambda df: df.iloc[:-5]),
                                 ("hourly_demand_shape_2018.csv", "field 'Time Series'", "found 8755")),
    "unknown config key": Case("build-network", edit_run({"scenario": {"yaer": 2030}}), ("base-2023.yaml", "unknown key 'scenario.yaer'")),
    "mistyped config value": Case("build-network", edit_run({"transmission": {"p_max_pu": "high"}}), ("base-2023.yaml", "transmission.p_max_pu")),
    "unknown UHV line": Case("build-network", edit_run({"transmission": {"remove_lines": ["Qishao"]}}), ("transmission.remove_lines", "unknown UHV line", "'Qishao'")),
    "unknown parent run": Case("build-network", edit_run({"extends": "2030-baselin"}), ("base-2023.yaml", "extends unknown run '2030-baselin'", "2030-baseline")),
    "malformed YAML": Case("build-network", edit_run("scenario: [year: 2030\n"), ("base-2023.yaml", "not valid YAML")),
    # issue #20: references between files, checked when the build's inputs are loaded (network/data/inputs.py)
    "base of an unknown line": Case("build-network", edit_csv("uhv_bases.csv", set_cell({"name": "Jinping-Sunan"}, "name", "Jinping-Sunann")),
                                    ("uhv_bases.csv", "line 4 (Jinping-Sunann)", "field 'name'", "is not a line of uhv_lines.csv", "Jinping-Sunan")),
    "tariff of an unknown line": Case("build-network", edit_csv("uhv_tariffs.csv", set_cell({"name": "Jinping-Sunan"}, "name", "Jinping-Sunann")),
                                      ("uhv_tariffs.csv", "line 3 (Jinping-Sunann)", "field 'name'", "is not a line of uhv_lines.csv")),
    "candidate named as a line": Case("build-network", edit_csv("uhv_candidates.csv", set_cell({"name": "Shaanbei-Anhui"}, "name", "Jinping-Sunan")),
                                      ("uhv_candidates.csv", "line 2 (Jinping-Sunan)", "field 'name'", "already a line of uhv_lines.csv")),
    "candidate in an unknown province": Case("build-network", edit_csv("uhv_candidates.csv", set_cell({"name": "Shaanbei-Anhui"}, "to_province", "Anhuii")),
                                             ("uhv_candidates.csv", "field 'to_province'", "unknown province", "Anhuii")),
    "potential of an unknown option": Case("build-network", edit_csv("planning_potentials.csv", set_cell({"province": "Fujian", "option": "offwind"}, "option", "offwnd")),
                                           ("planning_potentials.csv", "line 2 (offwnd, Fujian)", "field 'option'", "is not an option of planning_options.csv", "offwind")),
    "duplicated published figure": Case("validate", edit_csv("published_statistics.csv", duplicate_row(3)),
                                        ("published_statistics.csv", "line 5 and line 57", "duplicate row", "quantity")),
    "published figure twice": Case("validate", edit_csv("published_statistics.csv", lambda df: pd.concat([df, df.iloc[[3]].assign(quantity="again")])),
                                   ("published_statistics.csv", "line 5 and line 57", "duplicate row", "metric=generation_share", "year=2023")),
    "unknown technology target": Case("build-network", edit_run({"scenario": {"capacity": {"national_targets_gw": {"soalr": 1000}}}}),
                                      ("scenario.capacity.national_targets_gw", "unknown technology 'soalr'", "solar")),
    "unknown planning option": Case("build-network", edit_run({"planning": {"options": ["offwnd"]}}),
                                    ("planning.options", "unknown planning option 'offwnd'", "offwind")),
    "bad technology row": Case("build-network", edit_csv("technologies.csv", set_cell({"carrier": "coal"}, "kind", "generatr")),
                               ("technologies.csv", "(coal)", "field 'kind'")),
}  # fmt: skip


@pytest.fixture(scope="module")
def resources(tmp_path_factory) -> Path:
    """resources/ built once from the shipped inputs (the steps after build-inputs read it)."""
    res = tmp_path_factory.mktemp("resources")
    assert main(["build-inputs", "--inputs", str(INPUTS), "--profiles", str(res / "profiles.nc"), "--provinces", str(res / "provinces.csv")]) == 0
    return res


def work_copy(tmp_path: Path) -> Path:
    """A work folder: inputs/ as links to the shipped files (a mutation replaces its file), config.yaml at daily resolution, runs/."""
    work = tmp_path / "work"
    (work / "inputs").mkdir(parents=True)
    for path in INPUTS.iterdir():
        (work / "inputs" / path.name).symlink_to(path)
    shutil.copytree(REPO / "runs", work / "runs", ignore=shutil.ignore_patterns("*/"))
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config.setdefault("time", {})["resolution_hours"] = 24
    (work / "config.yaml").write_text(yaml.safe_dump(config))
    return work


def run_step(case: Case, work: Path, resources: Path) -> tuple[int, list[Path]]:
    """Run the case's step through the command line; returns the exit code and the step's outputs."""
    inputs, config, run = str(work / "inputs"), str(work / "config.yaml"), str(work / "runs" / "base-2023.yaml")
    out = work / "out"
    if case.step == "build-inputs":
        outputs = [out / "profiles.nc", out / "provinces.csv"]
        argv = ["build-inputs", "--inputs", inputs, "--profiles", str(outputs[0]), "--provinces", str(outputs[1])]
    elif case.step == "build-network":
        outputs = [out / "network.nc"]
        argv = ["build-network", "--config", config, "--run", run, "--inputs", inputs, "--profiles", str(resources / "profiles.nc"),
                "--provinces", str(resources / "provinces.csv"), "--out", str(outputs[0])]  # fmt: skip
    elif case.step == "validate":
        outputs = [out / "validation.csv"]
        argv = ["validate", "--config", config, "--run", run, "--inputs", inputs, "--metrics", str(work / "metrics.csv"),
                "--published", str(work / "inputs" / "published_statistics.csv"), "--out", str(outputs[0])]  # fmt: skip
    else:
        outputs = [out / "solved.nc"]
        argv = ["solve", "--config", config, "--run", run, "--network", str(work / "network.nc"), "--out", str(outputs[0])]
    return main(argv), outputs


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_one_clear_line(name, tmp_path, resources, capsys):
    case = CASES[name]
    work = work_copy(tmp_path)
    case.mutate(work)
    rc, outputs = run_step(case, work, resources)
    err = capsys.readouterr().err.strip()
    assert rc != 0
    assert len(err.splitlines()) == 1 and err.startswith("error: "), err
    position = 0
    for fragment in case.expected:
        found = err.find(fragment, position)
        assert found >= 0, f"{fragment!r} not in (after position {position}): {err}"
        position = found
    assert not any(p.exists() for p in outputs)
    assert not (work / "out").exists() or not any((work / "out").iterdir())


def test_good_inputs_pass_the_same_checks(tmp_path, resources, capsys):
    """The harness itself: the unmodified copy builds (so every case above fails for its own reason)."""
    work = work_copy(tmp_path)
    rc, outputs = run_step(Case("build-network", lambda w: None, ()), work, resources)
    assert rc == 0, capsys.readouterr().err
    assert outputs[0].exists()
