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
    """Self-sufficiency floor of a horizon: the given value, linear between two given horizons, the last one after them,
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


def horizon_config(cfg: RunConfig, horizon: int) -> RunConfig:
    """The planning run of `horizon`: scenario.year = horizon, planning enabled with the horizon's cost table, the CO2 cap
    (policy.co2_cap_mt) or price (costs.co2_price_cny_per_t) of pathway.co2_limit, the focus region's floor
    (policy.self_sufficiency_floor, if pathway.self_sufficiency_floor sets one) and the coal and gas fleets retired by
    age at pathway.lifetime_years. Demand per horizon (pathway.demand_source) is read by the model, not set here."""
    pathway = cfg.pathway
    if horizon not in pathway.horizons:
        raise ValueError(f"horizon {horizon} is not one of pathway.horizons {pathway.horizons}")
    policy = {"co2_cap_mt": pathway.co2_cap_mt[horizon] if pathway.co2_limit == "cap" else None}
    floor = floor_at(pathway.self_sufficiency_floor, horizon)
    if floor is not None:
        policy["self_sufficiency_floor"] = floor
    costs = {"co2_price_cny_per_t": pathway.co2_price_cny_per_t[horizon]} if pathway.co2_limit == "price" else {}
    retire = {tech: pathway.lifetime_years[tech] for tech in ("coal", "gas") if tech in pathway.lifetime_years}
    planning = {"enabled": True, "cost_year": cost_year(horizon), "retire_after_years": {**cfg.planning.retire_after_years, **retire}}
    data = cfg.model_dump()
    data["scenario"]["year"] = horizon
    data["policy"].update(policy)
    data["costs"].update(costs)
    data["planning"].update(planning)
    return RunConfig.model_validate(data)
