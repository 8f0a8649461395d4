"""`pathway:` section: horizons 2025-2060, each a planning run whose starting fleet is the previous horizon's result
(myopic; docs/pathways.md). Trajectories are per horizon (dict: horizon -> value); the planning step of a horizon
reads its costs from inputs/planning_costs_<horizon>.csv and its demand from the chosen trajectory.

Sources of the defaults: demand (anchored: NBS 2024 actuals x the Zhou et al. projection's provincial growth, compared
with published national projections in docs/pathways.md) and costs, inputs/SOURCES.md; lifetimes, the `lifetime` rows of the PyPSA-China-PIK
cost tables (inputs/planning_costs_2030.csv ... _2060.csv); the CO2 cap and price trajectories are ESTIMATES of this
project (no published power-sector pathway is in the shared data): the cap starts from the 2023 power-sector
emissions of about 4,900 Mt (the MEE/NBS 2023 national grid factor 0.5306 kg/kWh x 9,225 TWh consumption,
docs/published_statistics_2023.md section 6), stays flat to 2030 (the pledge: CO2 peaks before 2030), falls by
1,000 Mt per 5 years to 2050 and to near zero (100 Mt, gas peakers and CHP) by 2060 (carbon neutrality before 2060).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from network.config.base import Strict

HORIZONS = [2025, 2030, 2035, 2040, 2045, 2050, 2055, 2060]
FIRST_HORIZON, LAST_HORIZON = 2024, 2060  # 2024: the hindcast from the end-2023 fleet; 2060: the end of the demand trajectories
TRANSMISSION, DATA_CENTRE = "transmission", "data centre"  # lifetime keys besides the planning options

# ESTIMATE (module docstring): power-sector CO2 cap, Mt CO2 per year
CO2_CAP_MT = {2025: 5300.0, 2030: 5000.0, 2035: 4000.0, 2040: 3000.0, 2045: 2000.0, 2050: 1000.0, 2055: 400.0, 2060: 100.0}
# ESTIMATE: CO2 price, CNY/t: about the national ETS allowance price of 2024 (roughly 100 CNY/t, not sourced in inputs/),
# rising by 150 CNY/t per 5 years from 2030
CO2_PRICE_CNY_PER_T = {2025: 100.0, 2030: 200.0, 2035: 350.0, 2040: 500.0, 2045: 650.0, 2050: 800.0, 2055: 950.0, 2060: 1100.0}
# ESTIMATES (docs/pathways.md "What a horizon takes"): committed large hydro, national GW (2030 as 2030-plan: hydro under
# construction; 2035 as 2035-plan; then the western pipeline towards China's exploitable ~680 GW)
COMMITTED_HYDRO_GW = {2030: {"hydro": 430.0}, 2035: {"hydro": 470.0}, 2040: {"hydro": 500.0}, 2050: {"hydro": 530.0}, 2060: {"hydro": 550.0}}
# ESTIMATES: sites of pumped hydro and nuclear, national GW in the horizon (2025: the NEA 14th five-year PHS target and
# nuclear in operation; 2030 and 2035 as 2030-plan and 2035-plan; later, the pipeline's growth)
SITE_LIMITS_GW = {
    2025: {"PHS": 62.0, "nuclear": 65.0},
    2030: {"PHS": 120.0, "nuclear": 110.0},
    2035: {"PHS": 200.0, "nuclear": 150.0},
    2040: {"PHS": 250.0, "nuclear": 200.0},
    2050: {"PHS": 300.0, "nuclear": 300.0},
    2060: {"PHS": 350.0, "nuclear": 400.0},
}
# lifetime rows of PIK costs_2030.csv (the same in every table 2030-2060 except battery storage, 25 -> 30 years;
# costs_2025.csv: onwind 28.5, solar 37.5, battery storage 22.5): option -> its cost row's lifetime, years
LIFETIME_YEARS = {
    "onwind": 30.0,  # onwind (DEA 20 Onshore turbines)
    "offwind": 30.0,  # offwind (DEA 21 Offshore turbines)
    "solar": 40.0,  # solar (DEA 22)
    "solar distributed": 40.0,  # solar-rooftop (DEA 22 Rooftop PV residential)
    "battery": 25.0,  # battery storage (DEA storage catalogue); the inverter's 10 years are paid in its own annuity
    "hydrogen": 30.0,  # hydrogen storage tank type 1 including compressor (DEA storage catalogue 151a); electrolysis 30-35, the fuel cell's 10 years are paid in its own annuity
    "PHS": 80.0,  # PHS (IEA 2010)
    "gas": 25.0,  # CCGT (DEA 05); also the vintage tables of the gas fleet
    "gas CCS": 25.0,  # CCGT (DEA 05) and its capture unit (DEA 401.a, 25 years)
    "nuclear": 40.0,  # nuclear (Lazard v13)
    "coal": 40.0,  # coal (Lazard v13); also the vintage tables of the coal fleet
    TRANSMISSION: 40.0,  # HVDC overhead, HVDC inverter pair, HVAC overhead (Hagspiel et al. 2014)
    DATA_CENTRE: 20.0,  # planning.datacentre_lifetime_years (estimate)
}


class PathwayConfig(Strict):
    horizons: list[int] = Field(
        default_factory=lambda: list(HORIZONS),
        description="planning years of the pathway, increasing; each horizon starts from the previous one's fleet (the first from "
        "scenario.capacity's statistics year). Default: 5-year steps 2025-2060 as PyPSA-China-PIK and -THU",
    )
    demand_source: Literal["anchored", "pik", "thu"] = Field(
        "anchored",
        description="provincial demand per horizon. anchored (default): each province's NBS 2024 consumption "
        "(inputs/consumption_by_province.csv, 9,849 TWh) grown by the projection's own provincial growth from its 2025 value "
        "(inputs/demand_trajectory_thu.csv): 2025 9,849, 2030 11,105, 2060 18,614 TWh. pik, thu: inputs/demand_trajectory_<source>.csv "
        "as shipped, both Zhou et al. (doi:10.1049/ein2.12011) from 2030 on (2030 9,693 TWh, below the 2024 actual); pik's 2025 "
        "column is the 2024 actual, thu's a projection (8,590 TWh). docs/pathways.md compares them with published projections",
    )
    demand_national_twh: dict[int, float] = Field(
        default_factory=dict,
        description="horizon -> national demand, TWh (as scenario.demand.national_twh): the demand_source's provincial demand scaled "
        "to this total, shares kept; linear between the horizons given, the last value after them, unscaled before the first. "
        "{} = unscaled (default). Published national projections to choose from: docs/pathways.md (e.g. SGERI 2023: 14,100 TWh "
        "in 2035, 16,900 in 2060)",
    )
    co2_limit: Literal["cap", "price", "none"] = Field(
        "cap",
        description="how CO2 is limited in each horizon: the cap trajectory (`co2_cap_mt`), the price trajectory (`co2_price_cny_per_t`) or not",
    )
    co2_cap_mt: dict[int, float] = Field(
        default_factory=lambda: dict(CO2_CAP_MT),
        description="horizon -> power-sector CO2 cap, Mt/a (as policy.co2_cap_mt). ESTIMATE: 2023 about 4,900 Mt (MEE/NBS grid factor x "
        "consumption), flat to the 2030 peak, -1,000 Mt per 5 years to 2050, 100 Mt in 2060 (network/config/pathway.py)",
    )
    co2_price_cny_per_t: dict[int, float] = Field(
        default_factory=lambda: dict(CO2_PRICE_CNY_PER_T),
        description="horizon -> CO2 price added to the marginal cost of emitting generators, CNY/t. ESTIMATE: about the 2024 national "
        "ETS price (100) rising by 150 per 5 years from 2030",
    )
    self_sufficiency_floor: dict[int, float] = Field(
        default_factory=dict,
        description="horizon -> floor on the focus region's (regions.focus) local generation / consumption, fraction (as "
        "policy.self_sufficiency_floor; {} = off; linear between the horizons given, the last value after them, off before the "
        "first; e.g. {2030: 0.8, 2060: 0.9} for a rising eastern floor)",
    )
    non_fossil_share_min: dict[int, float] = Field(
        default_factory=dict,
        description="horizon -> minimum non-fossil share of generation, fraction (as policy.non_fossil_share_min; linear between the "
        "horizons given, the last value after them, off before the first; {} = off). Official targets are shares of primary "
        "energy, which the power sector exceeds: 25 % by 2030, over 30 % by 2035 (China's NDCs of 2020 and 2025), over 80 % by "
        "2060 (CPC Central Committee and State Council, Opinions on carbon peaking and neutrality, October 2021); "
        "runs/pathway-official-targets.yaml takes them as floors on the generation share",
    )
    capacity_min_gw: dict[int, dict[str, float]] = Field(
        default_factory=dict,
        description="horizon -> {carriers joined by '+': minimum national GW} (as policy.capacity_min_gw; per key linear between the "
        "horizons that give it, the last value after them, off before the first; {} = off). Official: wind and solar over "
        "1,200 GW by 2030 (NDC 2020; reached in 2024) and 3,600 GW by 2035 (NDC announced 24 September 2025), i.e. "
        "{2030: {onwind+offwind+solar: 1200}, 2035: {onwind+offwind+solar: 3600}}",
    )
    build_rate_gw_per_year: dict[int, dict[str, float]] = Field(
        default_factory=dict,
        description="horizon -> {carriers joined by '+': national GW built per year at most} (a horizon takes the last value at or "
        "before it, off before the first; {} = off): the horizon's policy.build_max_gw = rate x the years since the previous "
        "horizon (the first: since scenario.capacity.statistics_year). The fastest year so far, 2024 (inputs/national_capacity.csv "
        "and national_capacity_supplement.csv): wind 79 GW, solar 277 GW, new-type storage 42 GW",
    )
    capacity_targets_gw: dict[int, dict[str, float]] = Field(
        default_factory=lambda: {h: dict(v) for h, v in COMMITTED_HYDRO_GW.items()},
        description="horizon -> {technology: national GW} of committed capacity (e.g. hydro under construction, nuclear in "
        "operation and under construction), fixed and not paid for (as scenario.capacity.national_targets_gw, which it replaces in "
        "every horizon once given; a horizon takes the last value given at or before it; {} = the run's national_targets_gw). "
        "Default (estimates): committed hydro 430 GW in 2030 (as 2030-plan), 470 in 2035 (as 2035-plan), 500 / 530 / 550 in "
        "2040 / 2050 / 2060 (the western pipeline; China's exploitable hydro is about 680 GW)",
    )
    national_max_gw: dict[int, dict[str, float]] = Field(
        default_factory=lambda: {h: dict(v) for h, v in SITE_LIMITS_GW.items()},
        description="horizon -> {option: national GW in that horizon} for the options with limited sites (as "
        "planning.national_max_gw, merged over it; a horizon takes the last value at or before it; {} = the run's). Default "
        "(estimates): pumped hydro 62 / 120 / 200 / 250 / 300 / 350 GW and nuclear 65 / 110 / 150 / 200 / 300 / 400 GW in "
        "2025 / 2030 / 2035 / 2040 / 2050 / 2060 (2025: the NEA 14th five-year PHS target; 2030 and 2035 as the single-year plans)",
    )
    datacentre_twh: dict[int, float] = Field(
        default_factory=dict,
        description="horizon -> national data-centre electricity, TWh (as compute.national_dc_twh; linear between the horizons "
        "given, the last value after them; {} = compute.electricity_source, which covers up to 2030 only). Needs compute.enabled",
    )
    datacentre_max_factor: dict[int, float] = Field(
        default_factory=dict,
        description="horizon -> how far the western hubs may grow beyond today's IT capacity (as planning.datacentre_max_factor; "
        "the last value at or before the horizon; {} = the run's)",
    )
    ac_reinforcement_max_factor: dict[int, float] = Field(
        default_factory=dict,
        description="horizon -> how far the residual inter-provincial exchange may have grown by that horizon, x its capacity "
        "(as planning.ac_reinforcement_max_factor, in all: what earlier horizons built counts against it; the last value at or "
        "before the horizon; {} = the run's). The run's room (2030-plan: 0.5) is a 2030 plan's; in a pathway it is used up "
        "by 2045 and holds West->East at about 450 GW to 2060 (docs/pathways.md)",
    )
    lifetime_years: dict[str, float] = Field(
        default_factory=lambda: dict(LIFETIME_YEARS),
        description="planning option (and 'transmission', 'data centre') -> lifetime, years: what a horizon built retires once build "
        "year + lifetime <= horizon; coal and gas also retire the vintage tables' fleet. Default: the lifetime rows of PIK costs_2030.csv",
    )

    @field_validator("horizons")
    @classmethod
    def _increasing(cls, horizons: list[int]) -> list[int]:
        if not horizons or any(b <= a for a, b in zip(horizons, horizons[1:])):
            raise ValueError(f"horizons {horizons}: need one or more years, strictly increasing")
        outside = [h for h in horizons if not FIRST_HORIZON <= h <= LAST_HORIZON]
        if outside:
            raise ValueError(f"horizons {outside}: outside {FIRST_HORIZON}-{LAST_HORIZON} (the fleet statistics and demand trajectories)")
        return horizons

    @field_validator("lifetime_years")
    @classmethod
    def _positive_lifetimes(cls, lifetimes: dict[str, float]) -> dict[str, float]:
        """Lifetimes in years; their names are checked against the options table by network.config.names.check_names."""
        for name, years in lifetimes.items():
            if years <= 0:
                raise ValueError(f"lifetime_years[{name!r}] = {years}: a lifetime in years, > 0")
        return lifetimes

    @model_validator(mode="after")
    def _trajectories_cover_horizons(self) -> PathwayConfig:
        chosen = {"cap": ("co2_cap_mt", self.co2_cap_mt), "price": ("co2_price_cny_per_t", self.co2_price_cny_per_t)}.get(self.co2_limit)
        if chosen:
            key, values = chosen
            missing = [h for h in self.horizons if h not in values]
            if missing:
                raise ValueError(f"{key}: no value for horizon(s) {missing} (co2_limit: {self.co2_limit})")
            negative = {h: v for h, v in values.items() if v < 0}
            if negative:
                raise ValueError(f"{key}: negative value(s) {negative}")
        trajectories = (
            "capacity_targets_gw",
            "national_max_gw",
            "datacentre_twh",
            "datacentre_max_factor",
            "demand_national_twh",
            "ac_reinforcement_max_factor",
        )
        for key in (*trajectories, "non_fossil_share_min", "capacity_min_gw", "build_rate_gw_per_year"):
            values = getattr(self, key)
            stray = [h for h in values if not FIRST_HORIZON <= h <= LAST_HORIZON]
            if stray:
                raise ValueError(f"{key}: horizon(s) {stray} outside {FIRST_HORIZON}-{LAST_HORIZON}")
        bad = {h: v for h, v in self.demand_national_twh.items() if v <= 0}
        if bad:
            raise ValueError(f"demand_national_twh: {bad}: national demand in TWh, > 0")
        bad = {h: v for h, v in self.ac_reinforcement_max_factor.items() if v < 0}
        if bad:
            raise ValueError(f"ac_reinforcement_max_factor: {bad}: a multiple of today's exchange capacity, >= 0")
        bad = {h: v for h, v in self.non_fossil_share_min.items() if not 0 <= v <= 1}
        if bad:
            raise ValueError(f"non_fossil_share_min: {bad}: a fraction of generation in [0, 1]")
        for key in ("capacity_min_gw", "build_rate_gw_per_year"):
            bad = {h: given for h, given in getattr(self, key).items() if any(gw < 0 for gw in given.values())}
            if bad:
                raise ValueError(f"{key}: {bad}: national GW, >= 0")
        floors = self.self_sufficiency_floor
        stray = [h for h in floors if h not in self.horizons]
        if stray:
            raise ValueError(f"self_sufficiency_floor: horizon(s) {stray} not in horizons {self.horizons}")
        bad = {h: v for h, v in floors.items() if v < 0}
        if bad:
            raise ValueError(f"self_sufficiency_floor: {bad}: a fraction of consumption, >= 0")
        return self
