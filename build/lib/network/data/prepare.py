"""build_inputs: turn the shipped inputs/ into clean, aligned model inputs (resources/)."""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import pandas as pd
import xarray as xr

from network.config.provinces import PROVINCES
from network.data import files
from network.data.clock import align_profiles, beijing_snapshots, drop_leap_day
from network.data.series import (
    read_hourly_demand_shape,
    read_hydro_availability,
    read_profile,
)
from network.data.tables import InputError, check_provinces

logger = logging.getLogger(__name__)


def province_table(shapes_path: Path) -> pd.DataFrame:
    """Province bus table: x (lon), y (lat) of a point inside each province, Chinese name."""
    if not Path(shapes_path).exists():
        raise InputError(f"{shapes_path}: file not found")
    shapes = gpd.read_file(shapes_path)
    if "province" not in shapes or "name_zh" not in shapes:
        raise InputError(f"{shapes_path}: missing field(s) 'province'/'name_zh'; found {list(shapes.columns)}")
    check_provinces(shapes["province"], shapes_path, "province", require_all=True)
    if shapes["province"].duplicated().any():
        raise InputError(f"{shapes_path}: field 'province': duplicate feature(s) for {sorted(set(shapes.province[shapes.province.duplicated()]))}")
    points = shapes.to_crs(3857).representative_point().to_crs(4326)
    table = pd.DataFrame(
        {"x": points.x.to_numpy(), "y": points.y.to_numpy(), "name_zh": shapes["name_zh"].to_numpy()},
        index=pd.Index(shapes["province"], name="province"),
    )
    return table.reindex(list(PROVINCES))


def build_profiles(inputs: Path, provinces: pd.DataFrame) -> tuple[xr.Dataset, int]:
    """All hourly series on Beijing time, 8,760 h of weather year 2020 (29 Feb dropped).

    Returns the dataset and the UTC offset (h) the wind/solar files were found to be written on.
    """
    raw = {tech: read_profile(inputs / files.profile_file(tech)) for tech in ("onwind", "offwind", "solar")}
    for tech in ("onwind", "solar"):
        check_provinces(raw[tech].columns, inputs / files.profile_file(tech), "bus", require_all=True)
    aligned, offset = align_profiles(raw, provinces["x"])
    snapshots = beijing_snapshots(2020)

    demand = read_hourly_demand_shape(inputs / files.HOURLY_DEMAND_SHAPE_2018, inputs / files.PROVINCE_CODES)
    demand.index = snapshots  # 2018 shape (Beijing time) laid on the 2020 calendar, same month/day/hour

    hydro = read_hydro_availability(inputs / files.HYDRO_AVAILABILITY_NATIONAL)
    hydro.index = pd.DatetimeIndex(hydro.index).tz_convert("Asia/Shanghai").tz_localize(None)
    hydro = drop_leap_day(hydro)
    if len(hydro) != len(snapshots):
        raise InputError(f"{inputs / files.HYDRO_AVAILABILITY_NATIONAL}: field 'time': expected 8760 hours after dropping 29 Feb, found {len(hydro)}")
    hydro.index = snapshots

    def frame(df: pd.DataFrame, dim: str) -> xr.DataArray:
        da = xr.DataArray(df.to_numpy(dtype="float64"), coords={"snapshot": snapshots, dim: list(df.columns)}, dims=("snapshot", dim))
        return da

    ds = xr.Dataset(
        {
            "demand_shape_mw": frame(demand[list(PROVINCES)], "province"),
            "onwind": frame(aligned["onwind"][list(PROVINCES)], "province"),
            "solar": frame(aligned["solar"][list(PROVINCES)], "province"),
            "offwind": frame(aligned["offwind"], "coastal_province"),
            "hydro": xr.DataArray(hydro.to_numpy(), coords={"snapshot": snapshots}, dims=("snapshot",)),
        }
    )
    ds.attrs["clock"] = "Beijing time (UTC+8), naive timestamps, 29 February dropped"
    ds.attrs["wind_solar_source_utc_offset_h"] = offset
    ds.attrs["demand_shape_year"] = 2018
    return ds, offset


def build_inputs(inputs: Path, profiles_out: Path, provinces_out: Path) -> None:
    """Write resources/profiles.nc and resources/provinces.csv."""
    provinces = province_table(inputs / files.PROVINCE_SHAPES)
    profiles, offset = build_profiles(inputs, provinces)
    logger.info("wind/solar profiles were written on UTC%+d; shifted by %+d h to Beijing time", offset, 8 - offset)
    profiles_out.parent.mkdir(parents=True, exist_ok=True)
    tmp = profiles_out.with_suffix(".tmp.nc")
    profiles.to_netcdf(tmp)
    tmp.replace(profiles_out)
    provinces.to_csv(provinces_out)
