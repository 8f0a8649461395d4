"""Capacity expansion (planning mode): extendable options per province, candidate lines, retirement by age.

Units: MW, CNY per MW and year (capital_cost = investment x (annuity + fixed O&M share)), km.
The scenario's fleet stays as it is (non-extendable, no capital cost: it is not paid for again). Each option of
`planning.options` becomes, per province with room for it, a new extendable component "<province> <option> new"
with columns `planning_option` (the option) and `build_year` (the scenario year), carrier of the option, the
fleet's operating parameters, p_nom_max = its potential less what is there (MW). Candidate lines keep their names
and get `planning_candidate` = True; western data-centre hubs (planning.datacentre_max_factor) `planning_option`
"data centre"; a reverse link (AC lines, reinforcements) has `capacity_of` = its forward link,
whose capacity it shares (network/model/constraints/equal_capacity.py). Storage options are StorageUnits of fixed
energy / power (storage_parameters): battery, pumped hydro and hydrogen (electrolysis + fuel cell + tank, a week).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import pandas as pd
import pypsa

from network.config.planning import PlanningConfig
from network.config.run import RunConfig
from network.config.technologies import ELECTRICITY
from network.config.transmission import NewLine, TransmissionConfig
from network.data import files
from network.data.compute import ROLE_LABEL
from network.data.tables import InputError
from network.model.compute import HUB, RELOCATION
from network.model.lines import annual_capital_cost
from network.units import KW_PER_MW, KWH_PER_MWH, MW_PER_GW

logger = logging.getLogger(__name__)

VINTAGE_TABLES = {"coal": (files.COAL_CAPACITY_BY_VINTAGE, files.CHP_COAL_CAPACITY_BY_VINTAGE),
                  "gas": (files.CHP_GAS_CAPACITY_BY_VINTAGE, files.OCGT_CAPACITY_BY_VINTAGE)}  # fmt: skip
HYDROGEN, ELECTROLYSIS, FUEL_CELL = "hydrogen", "electrolysis", "fuel cell"  # the hydrogen option's carrier and cost rows
PER_UNIT = {"kW": KW_PER_MW, "kWh": KWH_PER_MWH, "MW": 1.0, "MWh": 1.0, "km/MW": 1.0}  # investment per unit -> per MW (MWh, MW km)
PER_CAPTURE = "(tCO2/h)"  # a capture unit's investment per t CO2/h: x the t/h a MW of the option captures


def annuity(rate: float, years: float) -> float:
    """Annual payment per unit of investment, 1/a."""
    return rate / (1 - (1 + rate) ** -years)


def cost_row_cny(costs: pd.DataFrame, technology: str, cfg: PlanningConfig, max_hours: float = 1.0, captured_t_per_mwh: float = 0.0) -> float:
    """Annualised investment + fixed O&M of one cost row, CNY per MW (per MW of power at `max_hours` for a per-kWh row;
    per MW of output capturing `captured_t_per_mwh` t CO2 per MWh for a per-(tCO2/h) row)."""
    path = files.planning_costs_file(cfg.cost_year)
    try:
        value, unit = costs.loc[(technology, "investment")]
        lifetime = float(costs.loc[(technology, "lifetime"), "value"])
    except KeyError as err:
        raise InputError(f"inputs/{path}: no investment/lifetime row for {technology!r}") from err
    fom = float(costs.loc[(technology, "FOM"), "value"]) / 100 if (technology, "FOM") in costs.index else 0.0
    currency, per = unit.split(",")[0].replace("_e", "").replace("el", "").split("/", 1)
    rate = {"EUR": cfg.cny_per_eur, "USD": cfg.cny_per_usd}.get(currency)
    if per == PER_CAPTURE:
        if captured_t_per_mwh <= 0:
            raise InputError(f"inputs/{path}: row {technology!r}: a capture unit (per t CO2/h) for an option that captures no CO2 "
                             "(technology_parameters.csv: co2_captured_t_per_mwh_th)")  # fmt: skip
        return float(value) * rate * captured_t_per_mwh * (annuity(cfg.discount_rate, lifetime) + fom)
    if rate is None or per not in PER_UNIT:
        raise InputError(f"inputs/{path}: row {technology!r}: field 'unit': cannot convert {unit!r} to CNY/MW")
    hours = max_hours if per.endswith("Wh") else 1.0
    return float(value) * rate * PER_UNIT[per] * hours * (annuity(cfg.discount_rate, lifetime) + fom)


def option_capital_cost(option: pd.Series, costs: pd.DataFrame, cfg: PlanningConfig, max_hours: float, captured_t_per_mwh: float = 0.0) -> float:
    """CNY per MW and year of an option: the sum of its cost rows (battery: inverter + storage x hours; gas CCS: the
    plant + the capture unit x the t CO2/h a MW of output captures)."""
    return sum(cost_row_cny(costs, tech, cfg, max_hours, captured_t_per_mwh) for tech in option.cost_technology)


def storage_parameters(option: pd.Series, costs: pd.DataFrame, cfg: RunConfig) -> tuple[float, float, float]:
    """(energy / power in h, efficiency of charging, of discharging, p.u.) of a storage option. Battery and PHS: their
    hours (planning.battery_max_hours, storage.phs_max_hours) and round-trip efficiency (storage:) split evenly; hydrogen:
    planning.hydrogen_max_hours, charged by electrolysis and discharged by the fuel cell at the efficiencies of their cost
    rows (`costs`: planning.cost_year's). Generators: (1, 1, 1), unused."""
    st = cfg.storage
    if option.carrier == "battery":
        return cfg.planning.battery_max_hours, st.battery_efficiency_round_trip**0.5, st.battery_efficiency_round_trip**0.5
    if option.carrier == "PHS":
        return st.phs_max_hours, st.phs_efficiency_round_trip**0.5, st.phs_efficiency_round_trip**0.5
    if option.carrier == HYDROGEN:
        charge, discharge = (_efficiency(costs, tech, cfg.planning) for tech in (ELECTROLYSIS, FUEL_CELL))
        return cfg.planning.hydrogen_max_hours, charge, discharge
    if option.component == "StorageUnit":
        raise InputError(f"inputs/{files.PLANNING_OPTIONS}: row {option.name!r}: field 'carrier': no storage parameters for {option.carrier!r} "
                         f"(known: battery, PHS, {HYDROGEN})")  # fmt: skip
    return 1.0, 1.0, 1.0


def _efficiency(costs: pd.DataFrame, technology: str, cfg: PlanningConfig) -> float:
    if (technology, "efficiency") not in costs.index:
        raise InputError(f"inputs/{files.planning_costs_file(cfg.cost_year)}: no efficiency row for {technology!r}")
    return float(costs.loc[(technology, "efficiency"), "value"])


def retire_by_age(capacity: pd.DataFrame, vintages: Mapping[str, pd.DataFrame], lifetimes: dict[str, float], year: int) -> pd.DataFrame:
    """Scale each province's fleet of a technology by the share of its vintage capacity (`vintages`: the
    capacity-by-vintage tables by file name, MW) still within its lifetime in `year` (a 5-year bin labelled by its
    last year retires once that year + lifetime <= year)."""
    kept = capacity.copy()
    for tech, lifetime in lifetimes.items():
        if tech not in VINTAGE_TABLES:
            raise InputError(f"planning.retire_after_years: no vintage table for {tech!r}; known: {list(VINTAGE_TABLES)}")
        bins = [vintages[name] for name in VINTAGE_TABLES[tech]]
        table = pd.concat(bins, axis=1).T.groupby(level=0).sum().T.reindex(kept.index, fill_value=0.0)
        old = table[[c for c in table.columns if c + lifetime <= year]].sum(axis=1)
        share = (old / table.sum(axis=1)).where(table.sum(axis=1) > 0, 0.0)
        logger.info("%s retired by age (%g years) by %d: %.1f GW", tech, lifetime, year, (kept[tech] * share).sum() / MW_PER_GW)
        kept[tech] = kept[tech] * (1 - share)
    return kept


def potentials_mw(options: pd.DataFrame, table: pd.Series, cfg: PlanningConfig, capacity: pd.DataFrame) -> pd.DataFrame:
    """Room for new capacity (MW) per province (index) and option (columns) from the potentials `table` (MW by option
    and province); inf = unlimited."""
    room = pd.DataFrame(index=capacity.index, columns=options.index, dtype=float)
    for name, option in options.iterrows():
        existing = capacity[option.carrier] if option.carrier in capacity else pd.Series(0.0, index=capacity.index)  # hydrogen: no fleet
        if option.potential == "table":
            potential = table.xs(name, level="option").reindex(capacity.index, fill_value=0.0) if name in table.index.levels[0] else 0.0
            utility = (options.carrier == option.carrier).idxmax() == name  # the first option of a carrier holds its fleet
            room[name] = (potential - (existing if utility else 0.0)).clip(lower=0.0)
        elif option.potential == "national":
            if name not in cfg.national_max_gw:
                raise InputError(f"planning.national_max_gw: no national limit for {name!r} (its potential is 'national')")
            total = cfg.national_max_gw[name] * MW_PER_GW
            split = total * existing / existing.sum() if existing.sum() > 0 else 0.0 * existing
            room[name] = (split - existing).clip(lower=0.0)
        else:
            room[name] = float("inf")
    return room


def add_expansion(
    n: pypsa.Network,
    cfg: RunConfig,
    option_table: pd.DataFrame,
    costs: pd.DataFrame,
    potentials: pd.Series,
    capacity: pd.DataFrame,
    marginal_cost: pd.DataFrame,
    efficiency: dict[str, float],
    p_max_pu: dict[str, pd.DataFrame | float],
    captured_t_per_mwh: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Add the extendable options of cfg.planning per province (tables: the planning options, the cost rows of
    planning.cost_year, the potentials; `captured_t_per_mwh`: t CO2 captured per MWh of output by carrier, for the
    capture units' cost); returns their capital cost and room (MW) per component."""
    plan = cfg.planning
    options = option_table.loc[plan.options]
    room = potentials_mw(options, potentials, plan, capacity)
    buses = n.buses.index[n.buses.carrier == ELECTRICITY]
    added = []
    for name, option in options.iterrows():
        provinces = [p for p in buses if room.at[p, name] > 0.5]
        if not provinces:
            continue
        hours, efficiency_store, efficiency_dispatch = storage_parameters(option, costs, cfg)
        capital = option_capital_cost(option, costs, plan, hours, (captured_t_per_mwh or {}).get(option.carrier, 0.0))
        names = pd.Index([f"{p} {name} new" for p in provinces])
        common = dict(bus=provinces, carrier=option.carrier, p_nom=0.0, p_nom_extendable=True, p_nom_max=room.loc[provinces, name].to_numpy(),
                      capital_cost=capital, planning_option=name, build_year=cfg.scenario.year)  # fmt: skip
        if option.component == "Generator":
            limit = p_max_pu.get(option.carrier, 1.0)
            limit = limit[provinces].set_axis(names, axis=1) if isinstance(limit, pd.DataFrame) else limit
            n.add("Generator", names, marginal_cost=marginal_cost.loc[provinces, option.carrier].to_numpy(),
                  efficiency=efficiency.get(option.carrier, 1.0), p_max_pu=limit, **common)  # fmt: skip
        else:
            n.add("StorageUnit", names, max_hours=hours, efficiency_store=efficiency_store, efficiency_dispatch=efficiency_dispatch,
                  cyclic_state_of_charge=True, marginal_cost=0.5, **common)  # fmt: skip
        added.append(pd.DataFrame({"option": name, "capital_cost": capital, "p_nom_max": room.loc[provinces, name].to_numpy()}, index=names))
    return pd.concat(added) if added else pd.DataFrame(columns=["option", "capital_cost", "p_nom_max"])


def candidate_corridors(candidates: pd.DataFrame, cfg: TransmissionConfig, year: int) -> list[NewLine]:
    """The corridors of the candidates table (inputs/uhv_candidates.csv) as lines in service in `year`, less those
    transmission.add_lines already adds; the transmission step adds them as it adds add_lines (the config is unchanged)."""
    known = {line.name for line in cfg.add_lines}
    return [NewLine.model_validate({**{k: v for k, v in row.items() if not (isinstance(v, float) and pd.isna(v))}, "year_in_service": year})
            for row in candidates.to_dict("records") if row["name"] not in known]  # fmt: skip


def make_candidates(n: pypsa.Network, cfg: RunConfig, costs: pd.DataFrame) -> pd.Index:
    """Named lines entering service after the fleet's statistics year, and (with ac_reinforcement_max_factor) parallel
    reinforcements of the residual exchange, become candidates: 0 .. rating (MW), annualised cost per MW (`costs`: the
    cost rows of planning.cost_year)."""
    plan, tr = cfg.planning, cfg.transmission
    n.links["capacity_of"] = ""
    n.links["planning_candidate"] = False
    links = n.links
    named = links.get("uhv_line", pd.Series(index=links.index, dtype=object)).notna()
    first = cfg.scenario.capacity.statistics_year
    chosen = links.index[named & (links.in_service_year.astype(float) > first)] if plan.candidate_lines else pd.Index([])
    per_mw_km_ac = cost_row_cny(costs, "HVAC overhead", plan)  # per MW and km
    if len(chosen):
        c = links.loc[chosen]
        dc = c.uhv_type == "DC"
        ac_cost = per_mw_km_ac * c.length
        dc_cost = annual_capital_cost(c[dc], tr) if dc.any() else ac_cost.iloc[:0]  # the HVDC cost of transmission.extendable
        n.links.loc[chosen, "capital_cost"] = dc_cost.reindex(chosen).fillna(ac_cost)
        n.links.loc[chosen, "p_nom_max"] = c.p_nom
        n.links.loc[chosen, ["p_nom_min", "p_nom"]] = 0.0
        n.links.loc[chosen, "p_nom_extendable"] = True
        forward = c[c.uhv_reverse.astype(float) == 0]
        key = pd.Series(forward.index, index=pd.MultiIndex.from_arrays([forward.uhv_line, forward.uhv_part]))
        reverse = c[c.uhv_reverse.astype(float) == 1]
        n.links.loc[reverse.index, "capacity_of"] = [key.get((r.uhv_line, r.uhv_part), "") for r in reverse.itertuples()]
        _paid_once(n, reverse.index)
    n.links.loc[chosen, "planning_candidate"] = True
    if plan.ac_reinforcement_max_factor > 0:
        add_reinforcements(n, plan.ac_reinforcement_max_factor, per_mw_km_ac)
    return chosen


def add_reinforcements(n: pypsa.Network, max_factor: float, per_mw_km: float) -> None:
    """A parallel extendable link "<A> -> <B> reinforcement" per direction of each residual exchange pair."""
    links = n.links
    residual = links[(links.carrier == ELECTRICITY) & links.get("uhv_line", pd.Series(index=links.index, dtype=object)).isna()
                     & links.get("base_tie", pd.Series(index=links.index, dtype=object)).isna()]  # fmt: skip
    names = residual.index + " reinforcement"
    n.add("Link", names, bus0=residual.bus0.to_numpy(), bus1=residual.bus1.to_numpy(), carrier=ELECTRICITY, p_nom=0.0,
          p_nom_extendable=True, p_nom_max=(residual.p_nom * max_factor).to_numpy(), length=residual.length.to_numpy(),
          efficiency=residual.efficiency.to_numpy(), p_max_pu=residual.p_max_pu.to_numpy(), marginal_cost=residual.marginal_cost.to_numpy(),
          capital_cost=(per_mw_km * residual.length).to_numpy(), planning_candidate=True)  # fmt: skip
    for col in ("exchange_pair", "exchange_table_mw", "pair_clipped_mw"):
        if col in residual:
            n.links.loc[names, col] = residual[col].to_numpy()
    forward = {(a, b): name for name, a, b in zip(names, residual.bus0, residual.bus1)}
    n.links.loc[names, "capacity_of"] = [forward.get((b, a), "") if a > b else "" for a, b in zip(residual.bus0, residual.bus1)]
    _paid_once(n, names)


def _paid_once(n: pypsa.Network, names: pd.Index) -> None:
    """A reverse link whose capacity is its forward link's (`capacity_of`) is the same line: its investment is paid by
    the forward link only (capital_cost 0), so the sizing LP and the investment metrics count a two-way line once."""
    reverse = names[n.links.loc[names, "capacity_of"].astype(str) != ""]
    n.links.loc[reverse, "capital_cost"] = 0.0


def make_hubs_extendable(n: pypsa.Network, plan: PlanningConfig) -> pd.Index:
    """The data-centre links of the western hubs (their compute bus has role "west hub") grow from their capacity (MW
    electric = MW IT x PUE) up to datacentre_max_factor x it; capital cost per MW electric = datacentre_cny_per_mw_it / PUE
    x annuity; the hubs' relocation links get the same room (MW IT). Returns the hub links."""
    if plan.datacentre_max_factor <= 0:
        return pd.Index([])
    links = n.links
    hubs = links.index[(links.carrier == HUB) & (links.bus1.map(n.buses.role) == ROLE_LABEL["supply"])]
    if hubs.empty:
        return hubs
    pue = 1 / links.loc[hubs, "efficiency"]
    n.links.loc[hubs, "p_nom_min"] = links.loc[hubs, "p_nom"]
    n.links.loc[hubs, "p_nom_max"] = links.loc[hubs, "p_nom"] * plan.datacentre_max_factor
    n.links.loc[hubs, "capital_cost"] = plan.datacentre_cny_per_mw_it / pue * annuity(plan.discount_rate, plan.datacentre_lifetime_years)
    n.links.loc[hubs, "p_nom_extendable"] = True
    n.links.loc[hubs, "planning_option"] = HUB
    relocation = links.index[
        (links.carrier == RELOCATION) & links.get("hub", pd.Series(index=links.index, dtype=object)).isin(links.loc[hubs, "hub"])
    ]
    n.links.loc[relocation, "p_nom"] = links.loc[relocation, "p_nom"] * plan.datacentre_max_factor
    return hubs
