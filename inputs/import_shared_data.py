"""Copy and trim the shared real data into inputs/ (run once by a developer, not by the pipeline).

Usage: python inputs/import_shared_data.py ../shared/data
Every file written here is listed with its source and licence in inputs/SOURCES.md.
"""

import re
import shutil
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import xarray as xr

NAME_FIXES = {"Inner Mongolia": "InnerMongolia"}


def main(shared: Path, out: Path) -> None:
    copies = {
        "stats/capacity_by_province.csv": "capacity_by_province.csv",
        "stats/consumption_by_province.csv": "consumption_by_province.csv",
        "stats/national_capacity.csv": "national_capacity.csv",
        "pypsa-china-pik/Hourly_demand_of_31_province_China_modified_V2.1.csv": "hourly_demand_shape_2018.csv",
        "pypsa-china-pik/province_codes.csv": "province_codes.csv",
        "pypsa-china-pik/edges_current.csv": "exchange_capacity_current.csv",
        "pypsa-china-pik/PHS_p_nom.csv": "pumped_hydro_2021.csv",
        "pypsa-china-pik/hydro_p_max_pu_national.csv": "hydro_availability_national.csv",
        "pypsa-china-thu/CHP coal capacity.csv": "chp_coal_capacity_by_vintage.csv",
        "pypsa-china-thu/coal capacity.csv": "coal_capacity_by_vintage.csv",
        "pypsa-china-thu/CHP gas capacity.csv": "chp_gas_capacity_by_vintage.csv",
        "pypsa-china-thu/OCGT capacity.csv": "ocgt_capacity_by_vintage.csv",
        "pypsa-china-pik/Provincial_Load_2020_2060_MWh.csv": "demand_trajectory_pik.csv",
        "pypsa-china-thu/Province_Load_2020_2060.csv": "demand_trajectory_thu.csv",
    }
    for src, dst in copies.items():
        shutil.copyfile(shared / src, out / dst)
    fix_exchange_table(out / "exchange_capacity_current.csv")
    # wind and solar profiles: keep the hourly per-province profile, drop the gridded layers
    for tech in ("onwind", "offwind", "solar"):
        ds = xr.open_dataset(shared / f"pypsa-china-thu/profile_{tech}.nc")
        trimmed = ds[["profile"]].astype("float32").load()
        trimmed.to_netcdf(out / f"profile_{tech}_2020.nc", encoding={"profile": {"zlib": True, "complevel": 5}})
    # province shapes: map names to bus names and simplify (about 5 km) for plotting
    shapes = gpd.read_file(shared / "pypsa-china-thu/chn_admbnda_adm1_ocha_2020.shp")
    names = (
        shapes["ADM1_EN"]
        .str.replace(r" (Province|province|Municipality|Autonomous Region|Special Administrative Region)$", "", regex=True)
        .str.replace(r" (Hui|Uygur|Zhuang)$", "", regex=True)
        .replace(NAME_FIXES)
    )
    shapes = shapes.assign(province=names, name_zh=shapes["ADM1_ZH"])[["province", "name_zh", "geometry"]]
    shapes = shapes[~shapes.province.isin(["Hong Kong", "Macao", "Taiwan"])]
    shapes["geometry"] = shapes.geometry.simplify(0.05, preserve_topology=True)
    shapes.sort_values("province").to_file(out / "province_shapes.geojson", driver="GeoJSON", COORDINATE_PRECISION=3)
    water_statistics(shared, out)
    transmission_charges(shared, out)
    energy_bases(shared, out)
    planning_data(shared, out)


# Regional grids whose energy charge a residual inter-provincial link pays (the provinces of each row as in the note of
# facts/uhv_tariffs.csv; Inner Mongolia as a whole assigned to North China, Tibet to Central China: estimates).
REGIONAL_GRID_PROVINCES = {
    "North China": "Beijing;Tianjin;Hebei;Shanxi;Shandong;InnerMongolia",
    "East China": "Shanghai;Jiangsu;Zhejiang;Anhui;Fujian",
    "Central China": "Henan;Hubei;Hunan;Jiangxi;Sichuan;Chongqing;Tibet",
    "Northeast": "Liaoning;Jilin;Heilongjiang",
    "Northwest": "Shaanxi;Gansu;Qinghai;Ningxia;Xinjiang",
}
# The Tianshengqiao stations sit on the Guizhou-Guangxi border and reach Guangdong through Guangxi: their Guangdong item
# stands for Guangxi -> Guangdong (estimate); their Guangxi item is dropped (Guizhou -> Guangxi has its own item).
CSG_PAIRS = {"Yunnan to Guangdong": ("Yunnan", "Guangdong"), "Guizhou to Guangdong": ("Guizhou", "Guangdong"),
             "Yunnan to Guangxi": ("Yunnan", "Guangxi"), "Guizhou to Guangxi": ("Guizhou", "Guangxi"),
             "Tianshengqiao to Guangdong": ("Guangxi", "Guangdong")}  # fmt: skip
LOSS_INCLUSIVE = re.compile(r"〔202[1-9]〕|SGCC|SGCC table")


def transmission_charges(shared: Path, out: Path) -> None:
    """uhv_tariffs.csv: facts/uhv_tariffs.csv with model columns: losses_in_price (1 for prices set under the 2021 rules,
    发改价格〔2021〕1455号, which include the loss cost, and for the SGCC-filed prices of later lines: assumed), provinces
    (regional-grid rows) and from/to_province (CSG West-East items). The Tianshengqiao items (a station, not a province
    pair) reach Guangdong through Guangxi: their Guangdong item is taken for Guangxi -> Guangdong (estimate), their Guangxi
    item is dropped."""
    d = pd.read_csv(shared / "facts/uhv_tariffs.csv")
    d["losses_in_price"] = d["document"].str.contains(LOSS_INCLUSIVE).astype(int).where(d["kind"] == "line", 0)
    d["provinces"] = ""
    d["from_province"] = ""
    d["to_province"] = ""
    for region, provinces in REGIONAL_GRID_PROVINCES.items():
        d.loc[(d["kind"] == "regional_grid") & d["name"].str.startswith(region), "provinces"] = provinces
    for item, (a, b) in CSG_PAIRS.items():
        rows = d["name"].str.contains(item)
        d.loc[rows, ["from_province", "to_province"]] = [a, b]
    d = d[~d["name"].str.contains("Tianshengqiao to Guangxi")]
    cols = ["name", "kind", "tariff_cny_per_kwh", "tax_basis", "loss_rate_pct", "losses_in_price", "provinces", "from_province",
            "to_province", "document", "effective_from", "source"]  # fmt: skip
    d[cols].to_csv(out / "uhv_tariffs.csv", index=False)


BASE_ESTIMATES = {  # line -> (column, value, model_note)
    "Baihetan-Jiangsu": ("hydro_gw", 8.0, "estimate: Baihetan's 16 GW minus the 8 GW right bank of Baihetan-Zhejiang; "
                         "the left bank has no other outlet (not confirmed in the source)"),
}  # fmt: skip


def energy_bases(shared: Path, out: Path) -> None:
    """uhv_bases.csv: facts/uhv_bases.csv without the long text columns kept in the shared file (base, note), with the
    estimates of BASE_ESTIMATES filled in and said in a model_note column."""
    d = pd.read_csv(shared / "facts/uhv_bases.csv")
    d["model_note"] = ""
    for line, (column, value, note) in BASE_ESTIMATES.items():
        d.loc[d["name"] == line, [column, "model_note"]] = [value, note]
    cols = ["name", "delivery", "coal_gw", "wind_gw", "solar_gw", "hydro_gw", "storage_gw", "status", "renewable_share_target",
            "design_annual_twh", "model_note", "source"]  # fmt: skip
    d[cols].to_csv(out / "uhv_bases.csv", index=False)


PLANNING_COST_ROWS = ("onwind", "offwind", "solar", "solar-rooftop", "battery storage", "battery inverter", "PHS", "CCGT", "OCGT",
                      "nuclear", "coal", "HVDC overhead", "HVDC inverter pair", "HVAC overhead",
                      "electrolysis", "fuel cell", "hydrogen storage tank type 1 including compressor",
                      "biomass CHP capture")  # fmt: skip
# "biomass CHP capture": DEA 401.a post-combustion capture, the capture unit of option gas CCS
PLANNING_COST_YEARS = (2025, 2030, 2035, 2040, 2045, 2050, 2055, 2060)  # the pathway horizons (docs/pathways.md)
ROOFTOP_KW_PER_PERSON = 0.6  # estimate: distributed (rooftop) PV potential per inhabitant


def planning_data(shared: Path, out: Path) -> None:
    """Investment costs (PIK costs_<year>.csv, rows of the planning technologies, unchanged) and provincial potentials:
    onwind, offwind, solar (utility) from the atlite potentials (p_nom_max) of the THU profiles; distributed solar from
    2022 population x ROOFTOP_KW_PER_PERSON (estimate)."""
    for year in PLANNING_COST_YEARS:
        costs = pd.read_csv(shared / f"pypsa-china-pik/costs_{year}.csv")
        costs[costs.technology.isin(PLANNING_COST_ROWS)].to_csv(out / f"planning_costs_{year}.csv", index=False)
    rows = []
    for tech in ("onwind", "offwind", "solar"):
        potential = xr.open_dataset(shared / f"pypsa-china-thu/profile_{tech}.nc")["p_nom_max"].to_pandas()
        source = f"atlite potential (p_nom_max) of PyPSA-China-THU resources/profile_{tech}.nc"
        rows += [{"province": p, "option": tech, "p_nom_max_mw": round(float(v), 1), "source": source}
                 for p, v in potential.items()]  # fmt: skip
    people = pd.read_csv(shared / "pypsa-china-pik/population_from_national_data.csv", index_col="Region")["2022"]
    people = people.drop("National Total").rename(index=NAME_FIXES)
    source = f"estimate: NBS 2022 population x {ROOFTOP_KW_PER_PERSON} kW per person (rooftop/distributed PV)"
    rows += [{"province": p, "option": "solar distributed", "p_nom_max_mw": round(v * 1e4 * ROOFTOP_KW_PER_PERSON / 1e3, 1),
              "source": source} for p, v in people.items()]  # fmt: skip
    pd.DataFrame(rows).sort_values(["option", "province"]).to_csv(out / "planning_potentials.csv", index=False)


def fix_exchange_table(path: Path) -> None:
    """The upstream pair 'Guangdong,Hebei,3000' is the 3,000 MW ±500 kV Three Gorges-Guangdong HVDC (Jingzhou, Hubei ->
    Huizhou, Guangdong, 2004): Hebei has no link to Guangdong, and the table has no Guangdong-Hubei pair. Renamed to Hubei."""
    text = path.read_text()
    path.write_text(text.replace("Guangdong,Hebei,3000", "Guangdong,Hubei,3000"))


def water_statistics(shared: Path, out: Path) -> None:
    """province_water_use.csv (NBS 2012 industrial water use; Ningxia and Xinjiang estimated) and
    national_water_use.csv (MWR bulletins) from facts/province_water.csv."""
    d = pd.read_csv(shared / "facts/province_water.csv")
    src = "NBS environment statistics table 2012 (https://www.stats.gov.cn/zt_18555/ztsj/hjtjzl/2012/202303/t20230302_1921353.html), via shared facts/province_water.csv"
    prov = d[(d.year == 2012) & (d.province != "China (national)")].replace({"province": NAME_FIXES})
    rows = [[p, 2012, v, "statistics", src] for p, v in zip(prov.province, prov.industrial_use_1e8m3)]
    rest = 1380.7 - prov.industrial_use_1e8m3.sum()  # national 2012 minus the 29 provinces in the retrieved table
    for p, gw in (("Ningxia", 33.13), ("Xinjiang", 71.99)):  # split by 2023 thermal capacity
        note = (
            f"ESTIMATE: row missing in the retrieved table; national 1380.7 minus the 29 provinces ({rest:.1f}) split by "
            "2023 thermal capacity (Ningxia 33.1 GW, Xinjiang 72.0 GW)"
        )
        rows.append([p, 2012, round(rest * gw / (33.13 + 71.99), 1), note, src])
    pd.DataFrame(sorted(rows), columns=["province", "year", "industrial_use_1e8m3", "note", "source"]).to_csv(
        out / "province_water_use.csv", index=False
    )
    nat = d[(d.province == "China (national)") & (d.year >= 2020)]
    once = nat.note.astype(str).map(lambda s: (re.findall(r"incl\. ([\d.]+) once-through", s) or [""])[0])
    table = pd.DataFrame(
        {
            "year": nat.year,
            "total_use_1e8m3": nat.total_water_use_1e8m3,
            "industrial_use_1e8m3": nat.industrial_use_1e8m3,
            "once_through_cooling_1e8m3": once,
            "source": "MWR China Water Resources Bulletin " + nat.year.astype(str) + ": " + nat.source,
        }
    )
    first = pd.DataFrame(
        [
            {
                "year": 2012,
                "total_use_1e8m3": None,
                "industrial_use_1e8m3": 1380.7,
                "once_through_cooling_1e8m3": "",
                "source": "NBS environment statistics table 2012 (national row; matches the 2012 China Water Resources Bulletin)",
            }
        ]
    )
    pd.concat([first, table]).to_csv(out / "national_water_use.csv", index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).parent)
