"""The 31 mainland provinces, their region classes and geographic groupings (constants, no imports)."""

from __future__ import annotations

PROVINCES: tuple[str, ...] = (
    "Anhui", "Beijing", "Chongqing", "Fujian", "Gansu", "Guangdong", "Guangxi", "Guizhou",
    "Hainan", "Hebei", "Heilongjiang", "Henan", "Hubei", "Hunan", "InnerMongolia", "Jiangsu",
    "Jiangxi", "Jilin", "Liaoning", "Ningxia", "Qinghai", "Shaanxi", "Shandong", "Shanghai",
    "Shanxi", "Sichuan", "Tianjin", "Tibet", "Xinjiang", "Yunnan", "Zhejiang",
)  # fmt: skip


# National Bureau of Statistics convention (East / Central / West / Northeast)
NBS_REGIONS: dict[str, tuple[str, ...]] = {
    "East": ("Beijing", "Tianjin", "Hebei", "Shanghai", "Jiangsu", "Zhejiang", "Fujian",
             "Shandong", "Guangdong", "Hainan"),
    "Central": ("Shanxi", "Anhui", "Jiangxi", "Henan", "Hubei", "Hunan"),
    "West": ("InnerMongolia", "Guangxi", "Chongqing", "Sichuan", "Guizhou", "Yunnan", "Tibet",
             "Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang"),
    "Northeast": ("Liaoning", "Jilin", "Heilongjiang"),
}  # fmt: skip


# Provinces with district heating in winter (north of the Qinling-Huai line), where coal CHP
# must run in the heating season. Tibet heats mostly without CHP and is left out.
NORTHERN_HEATING: tuple[str, ...] = (
    "Beijing", "Tianjin", "Hebei", "Shanxi", "InnerMongolia", "Liaoning", "Jilin",
    "Heilongjiang", "Shandong", "Henan", "Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang",
)  # fmt: skip


def region_of(regions: dict[str, list[str]] | dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map each province to its region class; every province must appear exactly once."""
    mapping: dict[str, str] = {}
    for region, members in regions.items():
        for province in members:
            if province in mapping:
                raise ValueError(f"province {province!r} is in both {mapping[province]!r} and {region!r}")
            mapping[province] = region
    missing = sorted(set(PROVINCES) - set(mapping))
    if missing:
        raise ValueError(f"provinces without a region class: {missing}")
    return mapping
