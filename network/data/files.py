"""The files of inputs/ each pipeline step reads: the Snakefile's rule inputs and the readers use these names."""

from __future__ import annotations

# The files of inputs/ each pipeline step reads (the Snakefile's rule inputs come from these lists).
BUILD_INPUTS_FILES = (
    "hourly_demand_shape_2018.csv", "province_codes.csv", "hydro_availability_national.csv",
    "profile_onwind_2020.nc", "profile_offwind_2020.nc", "profile_solar_2020.nc", "province_shapes.geojson",
)  # fmt: skip



BUILD_NETWORK_FILES = tuple(f"{name}.csv" for name in (
    "capacity_by_province", "consumption_by_province", "national_capacity", "national_capacity_supplement",
    "offshore_wind_share", "pumped_hydro_2021", "chp_coal_capacity_by_vintage", "coal_capacity_by_vintage",
    "chp_gas_capacity_by_vintage", "ocgt_capacity_by_vintage", "coal_price_by_province",
    "technology_parameters", "exchange_capacity_current",
    "datacentre_hubs", "compute_demand_regions", "datacentre_electricity", "uhv_lines",
    "water_factors", "water_cooling_mix", "province_water_use", "national_water_use", "water_transfers",
))  # fmt: skip
