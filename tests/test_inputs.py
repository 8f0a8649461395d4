"""Bad input files raise InputError naming the file and the field."""

import shutil

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from network.data.grid import read_exchange_capacity
from network.data.series import read_hourly_demand_shape, read_profile
from network.data.statistics import read_capacity_statistics, read_consumption
from network.data.tables import InputError
from tests.conftest import REPO

INPUTS = REPO / "inputs"


def test_shipped_inputs_read_cleanly():
    assert read_consumption(INPUTS / "consumption_by_province.csv", 2023).sum() == pytest.approx(9225.25, abs=0.1)
    assert len(read_hourly_demand_shape(INPUTS / "hourly_demand_shape_2018.csv", INPUTS / "province_codes.csv")) == 8760
    assert len(read_exchange_capacity(INPUTS / "exchange_capacity_current.csv")) == 56


def test_unknown_province(tmp_path):
    df = pd.read_csv(INPUTS / "capacity_by_province.csv")
    df.loc[0, "province"] = "Atlantis"
    path = tmp_path / "capacity_by_province.csv"
    df.to_csv(path, index=False)
    with pytest.raises(
        InputError, match=r"capacity_by_province\.csv: line 2 \(Atlantis, hydro, 2019\): field 'province': unknown province\(s\) \['Atlantis'\]"
    ):
        read_capacity_statistics(path)


def test_negative_capacity(tmp_path):
    df = pd.read_csv(INPUTS / "capacity_by_province.csv")
    df.loc[3, "capacity_mw"] = -10.0
    path = tmp_path / "capacity_by_province.csv"
    df.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"capacity_by_province\.csv: line 5 \(Anhui, hydro, 2022\): field 'capacity_mw': negative value -10\.0"):
        read_capacity_statistics(path)


def test_missing_hours_in_demand(tmp_path):
    path = tmp_path / "demand.csv"
    pd.read_csv(INPUTS / "hourly_demand_shape_2018.csv", encoding="utf-8-sig").iloc[:-5].to_csv(path, index=False)
    with pytest.raises(InputError, match=r"demand\.csv: field 'Time Series': expected 8760 hours, found 8755"):
        read_hourly_demand_shape(path, INPUTS / "province_codes.csv")


def test_nan_in_profile(tmp_path):
    ds = xr.open_dataset(INPUTS / "profile_solar_2020.nc").load()
    ds["profile"][100, 2] = np.nan
    path = tmp_path / "profile_solar_2020.nc"
    ds.to_netcdf(path)
    with pytest.raises(InputError, match=r"profile_solar_2020\.nc: field 'profile': missing value \(NaN\)"):
        read_profile(path)


def test_consumption_missing_province(tmp_path):
    df = pd.read_csv(INPUTS / "consumption_by_province.csv")
    df = df[~((df.province == "Tibet") & (df.year == 2023))]
    path = tmp_path / "consumption_by_province.csv"
    df.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"field 'province': missing province\(s\) \['Tibet'\]"):
        read_consumption(path, 2023)


def test_bad_input_leaves_no_network(tmp_path):
    """build-network on a broken inputs/ fails with a clear message and writes no file."""
    from network.cli import main

    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    df = pd.read_csv(inputs / "exchange_capacity_current.csv", header=None)
    df.iloc[0, 2] = -500
    df.to_csv(inputs / "exchange_capacity_current.csv", header=False, index=False)
    res = tmp_path / "res"
    assert main(["build-inputs", "--inputs", str(inputs), "--profiles", str(res / "p.nc"), "--provinces", str(res / "prov.csv")]) == 0
    out = tmp_path / "network.nc"
    rc = main(
        [
            "build-network",
            "--config",
            str(REPO / "config.yaml"),
            "--run",
            str(REPO / "runs/base-2023.yaml"),
            "--inputs",
            str(inputs),
            "--profiles",
            str(res / "p.nc"),
            "--provinces",
            str(res / "prov.csv"),
            "--out",
            str(out),
        ]
    )
    assert rc == 1
    assert not out.exists()
