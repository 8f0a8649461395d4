"""Every series on one clock (Beijing time), 8,760 h."""

import numpy as np
import pandas as pd
import pytest

from network.data.clock import infer_utc_offset, solar_peak_hour, to_beijing_clock
from network.data.prepare import build_profiles, province_table
from network.model.operation import scale_to_full_load_hours
from tests.conftest import REPO


@pytest.fixture(scope="module")
def profiles():
    provinces = province_table(REPO / "inputs" / "province_shapes.geojson")
    ds, offset = build_profiles(REPO / "inputs", provinces)
    return ds, offset, provinces


def test_solar_peaks_near_local_solar_noon_in_every_province(profiles):
    ds, _, provinces = profiles
    solar = ds["solar"].to_pandas()
    for province in solar.columns:
        noon_beijing = 12 + (120 - provinces.at[province, "x"]) / 15
        assert abs(solar_peak_hour(solar[province]) - noon_beijing) < 1.5, province


def test_all_series_have_8760_hours_without_leap_day(profiles):
    ds, _, _ = profiles
    snapshots = pd.DatetimeIndex(ds["snapshot"].values)
    assert len(snapshots) == 8760
    assert not ((snapshots.month == 2) & (snapshots.day == 29)).any()
    for var in ("demand_shape_mw", "onwind", "solar", "offwind", "hydro"):
        assert not np.isnan(ds[var].values).any(), var


def test_demand_is_lowest_before_dawn_beijing_time(profiles):
    ds, _, _ = profiles
    demand = ds["demand_shape_mw"].to_pandas()
    lowest = demand.groupby(demand.index.hour).mean().idxmin()
    # flat industrial loads (e.g. Ningxia) may bottom out later; nearly all must be pre-dawn
    assert lowest.between(1, 7).mean() > 0.9, lowest[~lowest.between(1, 7)]
    assert lowest.median() in (4, 5)


def test_utc_profiles_are_detected_and_shifted():
    hours = pd.date_range("2020-01-01", periods=24 * 30, freq="h")
    lon = pd.Series({"East": 120.0, "West": 90.0})
    # synthetic solar written on UTC: peak at 12 - lon/15 UTC
    utc = pd.DataFrame({p: np.clip(np.cos((hours.hour - (12 - x / 15)) / 24 * 2 * np.pi), 0, None) for p, x in lon.items()}, index=hours)
    assert infer_utc_offset(utc, lon) == 0
    shifted = to_beijing_clock(utc, 0)
    assert infer_utc_offset(shifted, lon) == 8
    assert solar_peak_hour(shifted["East"]) == pytest.approx(12, abs=0.1)


def test_scaling_to_full_load_hours_hits_target():
    cf = pd.DataFrame({"A": np.full(8760, 0.2), "B": np.r_[np.full(4380, 0.9), np.zeros(4380)]})
    scaled = scale_to_full_load_hours(cf, pd.Series({"A": 100.0, "B": 100.0}), target_hours=3000)
    assert scaled.max().max() <= 1.0
    assert (scaled.sum() * 100).sum() / 200 == pytest.approx(3000, abs=1)
