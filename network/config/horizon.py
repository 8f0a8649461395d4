"""One pathway horizon as a planning run: the run's configuration with the `pathway:` trajectories applied for that year
(the horizon loop of the Snakefile calls this per horizon; docs/pathways.md)."""

from __future__ import annotations

from network.config.pathway import HORIZONS
from network.config.run import RunConfig

COST_YEARS = tuple(HORIZONS)  # inputs/planning_costs_<year>.csv ships for every default horizon


def cost_year(horizon: int) -> int:
    """The cost table of a horizon: its own year, else the latest shipped year before it, else the first (2024 -> 2025)."""
    before = [y for y in COST_YEARS if y <= horizon]
    return before[-1] if before else COST_YEARS[0]


def floor_at(floors: dict[int, float], horizon: int) -> float | None:
    """A floor (or other trajectory) at a horizon: the given value, linear between two given horizons, the last one after them,
    None (off) before the first."""
    if not floors or horizon < min(floors):
        return None
    if horizon in floors:
        return floors[horizon]
    below, above = max(y for y in floors if y < horizon), [y for y in floors if y > horizon]
    if not above:
        return floors[below]
    nxt = min(above)
    return floors[below] + (floors[nxt] - floors[below]) * (horizon - below) / (nxt - below)


def capacity_floors_at(floors: dict[int, dict[str, float]], horizon: int) -> dict[str, float]:
    """{carriers: GW} of a horizon: per key, floor_at over the horizons that give that key (keys off before their first)."""
    keys = dict.fromkeys(key for given in floors.values() for key in given)
    at = {key: floor_at({h: given[key] for h, given in floors.items() if key in given}, horizon) for key in keys}
    return {key: gw for key, gw in at.items() if gw is not None}


def step_at(values: dict, horizon: int):
    """The value given for the last horizon at or before `horizon` (None if none is)."""
    before = [y for y in values if y <= horizon]
    return values[max(before)] if before else None


def previous_horizon(cfg: RunConfig, horizon: int) -> int | None:
    """The horizon before `horizon` in pathway.horizons (None for the first)."""
    horizons = cfg.pathway.horizons
    if horizon not in horizons:
        raise ValueError(f"horizon {horizon} is not one of pathway.horizons {horizons}")
    i = horizons.index(horizon)
    return horizons[i - 1] if i else None


def horizon_config(cfg: RunConfig, horizon: int) -> RunConfig:
    """The planning run of `horizon`: scenario.year = horizon, planning enabled with the horizon's cost table, the CO2 cap
    (policy.co2_cap_mt) or price (costs.co2_price_cny_per_t) of pathway.co2_limit, the focus region's floor
    (policy.self_sufficiency_floor, if pathway.self_sufficiency_floor sets one), the official floors of
    pathway.non_fossil_share_min and pathway.capacity_min_gw (policy.*, where set), the build limits of
    pathway.build_rate_gw_per_year (policy.build_max_gw: rate x the years since the previous horizon) and the coal and gas fleets retired by
    age at pathway.lifetime_years; the demand trajectory (scenario.demand.trajectory = pathway.demand_source: each province's
    annual TWh of the horizon, read by the model; scaled to pathway.demand_national_twh where given), the committed
    capacity (pathway.capacity_targets_gw), the site limits (pathway.national_max_gw), the data-centre electricity
    (pathway.datacentre_twh), the western hubs' growth (pathway.datacentre_max_factor) and the room of the inter-provincial
    exchange (pathway.ac_reinforcement_max_factor) of the horizon."""
    pathway = cfg.pathway
    if horizon not in pathway.horizons:
        raise ValueError(f"horizon {horizon} is not one of pathway.horizons {pathway.horizons}")
    policy = {"co2_cap_mt": pathway.co2_cap_mt[horizon] if pathway.co2_limit == "cap" else None}
    floor = floor_at(pathway.self_sufficiency_floor, horizon)
    if floor is not None:
        policy["self_sufficiency_floor"] = floor
    non_fossil = floor_at(pathway.non_fossil_share_min, horizon)
    if non_fossil is not None:
        policy["non_fossil_share_min"] = non_fossil
    capacity = capacity_floors_at(pathway.capacity_min_gw, horizon)
    if capacity:
        policy["capacity_min_gw"] = capacity
    rates = step_at(pathway.build_rate_gw_per_year, horizon)
    if rates:
        years = horizon - (previous_horizon(cfg, horizon) or cfg.scenario.capacity.statistics_year)
        policy["build_max_gw"] = {key: rate * years for key, rate in rates.items()}
    costs = {"co2_price_cny_per_t": pathway.co2_price_cny_per_t[horizon]} if pathway.co2_limit == "price" else {}
    retire = {tech: pathway.lifetime_years[tech] for tech in ("coal", "gas") if tech in pathway.lifetime_years}
    planning = {"enabled": True, "cost_year": cost_year(horizon), "retire_after_years": {**cfg.planning.retire_after_years, **retire}}
    if pathway.national_max_gw:
        planning["national_max_gw"] = {**cfg.planning.national_max_gw, **(step_at(pathway.national_max_gw, horizon) or {})}
    for key in ("datacentre_max_factor", "ac_reinforcement_max_factor"):
        factor = step_at(getattr(pathway, key), horizon)
        if factor is not None:
            planning[key] = factor
    data = cfg.model_dump()
    data["scenario"]["year"] = horizon
    data["scenario"]["demand"]["trajectory"] = pathway.demand_source
    national = floor_at(pathway.demand_national_twh, horizon)
    if national is not None:
        data["scenario"]["demand"]["national_twh"] = national
    if pathway.capacity_targets_gw:
        data["scenario"]["capacity"]["national_targets_gw"] = dict(step_at(pathway.capacity_targets_gw, horizon) or {})
    dc = floor_at(pathway.datacentre_twh, horizon)
    if dc is not None:
        data["compute"]["national_dc_twh"] = dc
    data["policy"].update(policy)
    data["costs"].update(costs)
    data["planning"].update(planning)
    return RunConfig.model_validate(data)
