"""The files of inputs/ and which pipeline step reads them: the readers take their names from here and
the Snakefile's rule inputs from the two lists, so a file cannot be read without being a rule input."""

WEATHER_YEAR = 2020
VRE_TECHNOLOGIES = ("onwind", "offwind", "solar")


def profile_file(technology: str) -> str:
    """Hourly capacity factors of a wind/solar technology (netCDF)."""
    return f"profile_{technology}_{WEATHER_YEAR}.nc"


HOURLY_DEMAND_SHAPE_2018 = "hourly_demand_shape_2018.csv"
PROVINCE_CODES = "province_codes.csv"
HYDRO_AVAILABILITY_NATIONAL = "hydro_availability_national.csv"
PROVINCE_SHAPES = "province_shapes.geojson"

CAPACITY_BY_PROVINCE = "capacity_by_province.csv"
CONSUMPTION_BY_PROVINCE = "consumption_by_province.csv"
NATIONAL_CAPACITY = "national_capacity.csv"
NATIONAL_CAPACITY_SUPPLEMENT = "national_capacity_supplement.csv"
OFFSHORE_WIND_SHARE = "offshore_wind_share.csv"
PUMPED_HYDRO_2021 = "pumped_hydro_2021.csv"
CHP_COAL_CAPACITY_BY_VINTAGE = "chp_coal_capacity_by_vintage.csv"
COAL_CAPACITY_BY_VINTAGE = "coal_capacity_by_vintage.csv"
CHP_GAS_CAPACITY_BY_VINTAGE = "chp_gas_capacity_by_vintage.csv"
OCGT_CAPACITY_BY_VINTAGE = "ocgt_capacity_by_vintage.csv"
COAL_PRICE_BY_PROVINCE = "coal_price_by_province.csv"
TECHNOLOGY_PARAMETERS = "technology_parameters.csv"
EXCHANGE_CAPACITY_CURRENT = "exchange_capacity_current.csv"
DATACENTRE_HUBS = "datacentre_hubs.csv"
COMPUTE_DEMAND_REGIONS = "compute_demand_regions.csv"
DATACENTRE_ELECTRICITY = "datacentre_electricity.csv"
UHV_LINES = "uhv_lines.csv"
HYDRO_GENERATION_MONTHLY_BY_PROVINCE = "hydro_generation_monthly_by_province.csv"
UHV_TARIFFS = "uhv_tariffs.csv"
UHV_BASES = "uhv_bases.csv"
WATER_FACTORS = "water_factors.csv"
WATER_COOLING_MIX = "water_cooling_mix.csv"
PROVINCE_WATER_USE = "province_water_use.csv"
NATIONAL_WATER_USE = "national_water_use.csv"
WATER_TRANSFERS = "water_transfers.csv"
PLANNING_OPTIONS = "planning_options.csv"
PLANNING_POTENTIALS = "planning_potentials.csv"
UHV_CANDIDATES = "uhv_candidates.csv"
PLANNING_COST_YEARS = (2030, 2035)


def planning_costs_file(year: int) -> str:
    """Investment costs of a planning cost year (PyPSA-China-PIK technology-data rows)."""
    return f"planning_costs_{year}.csv"


TECHNOLOGIES = "technologies.csv"  # the carriers (network/data/vocabulary.py): read by every step from build_network on
PLOT_TEXT = "plot_text.csv"  # English and Chinese figure texts: read by the figure steps
# Pathway inputs (docs/pathways.md): not yet rule inputs; the horizon loop of the Snakefile will list them.
PATHWAY_COST_YEARS = (2025, 2030, 2035, 2040, 2045, 2050, 2055, 2060)
# pathway.demand_source -> file; anchored: the THU projection's provincial growth from the 2024 actuals of
# CONSUMPTION_BY_PROVINCE (network/data/pathway.py anchored_trajectory)
DEMAND_TRAJECTORY = {"pik": "demand_trajectory_pik.csv", "thu": "demand_trajectory_thu.csv", "anchored": "demand_trajectory_thu.csv"}
PATHWAY_FILES = (*dict.fromkeys(DEMAND_TRAJECTORY.values()), *(planning_costs_file(y) for y in PATHWAY_COST_YEARS))

PUBLISHED_STATISTICS = "published_statistics.csv"  # read by validate (network/analysis/validation.py)

BUILD_INPUTS_FILES = (
    HOURLY_DEMAND_SHAPE_2018,
    PROVINCE_CODES,
    HYDRO_AVAILABILITY_NATIONAL,
    PROVINCE_SHAPES,
    *(profile_file(t) for t in VRE_TECHNOLOGIES),
)
BUILD_NETWORK_FILES = (
    TECHNOLOGIES, CAPACITY_BY_PROVINCE, CONSUMPTION_BY_PROVINCE, NATIONAL_CAPACITY, NATIONAL_CAPACITY_SUPPLEMENT, OFFSHORE_WIND_SHARE, PUMPED_HYDRO_2021, CHP_COAL_CAPACITY_BY_VINTAGE, COAL_CAPACITY_BY_VINTAGE, CHP_GAS_CAPACITY_BY_VINTAGE, OCGT_CAPACITY_BY_VINTAGE, COAL_PRICE_BY_PROVINCE, TECHNOLOGY_PARAMETERS, EXCHANGE_CAPACITY_CURRENT, DATACENTRE_HUBS, COMPUTE_DEMAND_REGIONS, DATACENTRE_ELECTRICITY, UHV_LINES, HYDRO_GENERATION_MONTHLY_BY_PROVINCE, UHV_TARIFFS, UHV_BASES, WATER_FACTORS, WATER_COOLING_MIX, PROVINCE_WATER_USE, NATIONAL_WATER_USE, WATER_TRANSFERS,
    PLANNING_OPTIONS, PLANNING_POTENTIALS, UHV_CANDIDATES, *(planning_costs_file(y) for y in PLANNING_COST_YEARS),
)  # fmt: skip
AFTER_BUILD_FILES = (TECHNOLOGIES,)  # the carrier sets of solve, summarize and validate
PLOT_FILES = (TECHNOLOGIES, PLOT_TEXT, PROVINCE_SHAPES)  # the figure steps: carriers, texts, provinces' names
