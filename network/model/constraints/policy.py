"""Policy targets (`policy:`, network/config/policy.py) as annual rows of the dispatch LP.

Notation: w_t snapshot weighting (h, n.snapshot_weightings.generators); E_g = sum_t w_t p_g(t) the annual energy of
generator g (MWh); G the generators at electricity (AC) buses, unserved load excluded (`power_generators` of
network/analysis/metrics/power.py); A_g = sum_t w_t p_max_pu_g(t) P_g the available energy, with P_g = p_nom (fixed)
or the variable Generator-p_nom (extendable). The province of a bus is its `province` column (an energy base's
sending province), else the bus name.

    co2_cap:                  sum_{g all} E_g co2_{carrier g} / eff_g <= 1e6 co2_cap_mt                       (t CO2)
    non_fossil_share_min:     sum_{g in G, non-fossil} E_g >= x sum_{g in G} E_g
    self_sufficiency_floor F: sum_{g in G at F} E_g >= x (sum_t w_t sum_{loads at F} p_set(t) + sum_{l sector, bus0 at F} sum_t w_t p0_l(t))
    dc_green_share_min P:     sum_{g in G of P, green} E_g >= x sum_{l data centre of P} sum_t w_t p0_l(t)
    curtailment_max P:        sum_{g in V_P} (A_g - E_g) <= c sum_{g in V_P} A_g     (V_P: wind and solar of P, or of all;
                              P = wind / solar: every province's onshore + offshore wind / solar)
    capacity_min K:           sum_{g in G of the carriers of K} P_g >= 1e3 GW_K   (MW; K e.g. "onwind+offwind+solar"; a row
                              only where one of them is extendable: a fixed fleet is a constant, checked by the sizing)
    build_max K:              sum_{x in X of the carriers of K} (P_x - P_min_x) <= 1e3 GW_K   (MW; X the extendable generators
                              and storage units: what the planning step builds; no row where none is extendable)

The floor uses exactly the definitions of `self_sufficiency_rows` / `hourly_by_bus`: the buses of the focus region F
are the AC buses (role electricity or base) whose `region` is F; sector links draw from an AC bus with a carrier other
than AC (data centres, water pumping). The data-centre row is local green matching, a linear approximation of green-power
procurement: the province's own annual green generation must cover the share of what its data centres draw (no flow
tracing, no hourly matching, green energy may be counted by other consumers too).

Every row is a GlobalConstraint of n (the names above; provincial rows "<name> <province>", the floor
"self_sufficiency_floor <focus>"), and its linopy row is "GlobalConstraint-<name>", so PyPSA writes the dual to
n.global_constraints.mu: CNY/t for the cap, CNY/MW/a for capacity_min and build_max, CNY/MWh for the others; linopy's sign, >= 0 for >= rows and <= 0 for <= rows.
The cap has type primary_energy (PyPSA builds it itself when the row exists before a solve); the others type "policy",
which PyPSA ignores, with constant = the target fraction.
"""

from __future__ import annotations

import pandas as pd
import pypsa
import xarray as xr

from network.config.policy import ALL, NATIONAL_GROUPS, PolicyConfig, carriers_of
from network.config.technologies import ELECTRICITY, GREEN_CARRIERS, NON_FOSSIL_CARRIERS, SHEDDING_CARRIER, VRE_CARRIERS
from network.model.compute import HUB
from network.units import MW_PER_GW, T_PER_MT

POLICY = "policy"  # GlobalConstraint type of the rows PyPSA does not build itself
CO2_CAP, NON_FOSSIL, FLOOR = "co2_cap", "non_fossil_share_min", "self_sufficiency_floor"
DC_GREEN, CURTAILMENT, CAPACITY, BUILD = "dc_green_share_min", "curtailment_max", "capacity_min", "build_max"


def floor_name(focus: str) -> str:
    return f"{FLOOR} {focus}"


def add_constraints(n: pypsa.Network, snapshots: pd.Index, cfg: PolicyConfig, focus: str) -> None:
    """Add the rows of the enabled targets (see module docstring)."""
    w = xr.DataArray(n.snapshot_weightings.generators.loc[snapshots].to_numpy(), coords={"snapshot": snapshots}, dims="snapshot")
    buses = n.buses
    ac = buses.index[buses.carrier == ELECTRICITY]
    g = n.generators
    gens = g[g.bus.isin(ac) & (g.carrier != SHEDDING_CARRIER)]
    province = _province(n)
    if cfg.co2_cap_mt is not None:
        _co2_cap(n, w, cfg.co2_cap_mt)
    if cfg.non_fossil_share_min is not None and not gens.empty:
        x = cfg.non_fossil_share_min
        lhs = _energy(n, gens.index[gens.carrier.isin(NON_FOSSIL_CARRIERS)], w) - x * _energy(n, gens.index, w)
        _add(n, NON_FOSSIL, lhs, ">=", x)
    if cfg.self_sufficiency_floor is not None:
        _floor(n, snapshots, w, gens, cfg.self_sufficiency_floor, focus)
    if cfg.green_share_data_centres_min is not None:
        x = cfg.green_share_data_centres_min
        hubs = n.links[(n.links.carrier == HUB) & n.links.bus0.isin(ac)]
        green = gens[gens.carrier.isin(GREEN_CARRIERS)]
        for prov, dc in hubs.groupby(hubs.bus0.map(province)):
            lhs = _energy(n, green.index[green.bus.map(province) == prov], w) - x * _energy(n, dc.index, w, "Link")
            _add(n, f"{DC_GREEN} {prov}", lhs, ">=", x)
    vre = gens[gens.carrier.isin(VRE_CARRIERS)]
    for prov, c in cfg.curtailment_max.items():
        if prov in NATIONAL_GROUPS:
            members = vre[vre.carrier.isin(NATIONAL_GROUPS[prov])]
        else:
            members = vre if prov == ALL else vre[vre.bus.map(province) == prov]
        if members.empty:
            continue
        available = _available(n, snapshots, w, members)
        _add(n, f"{CURTAILMENT} {prov}", (1 - c) * available - _energy(n, members.index, w), "<=", c)
    for key, gw in cfg.capacity_min_gw.items():
        members = gens[gens.carrier.isin(carriers_of(key))]
        ext = members.index[members.p_nom_extendable.astype(bool)]
        if ext.empty:
            continue
        fixed = float(members.p_nom.drop(ext).sum())
        _add(n, f"{CAPACITY} {key}", n.model["Generator-p_nom"].sel(name=list(ext)).sum() + fixed - gw * MW_PER_GW, ">=", gw)
    for key, gw in cfg.build_max_gw.items():
        built = _built(n, carriers_of(key))
        if built is not None:
            _add(n, f"{BUILD} {key}", built - gw * MW_PER_GW, "<=", gw)


def _built(n: pypsa.Network, carriers: list[str]):
    """sum (p_nom - p_nom_min) of the extendable generators and storage units of `carriers` (MW), a linopy expression; None if
    none is extendable."""
    terms = []
    for component, table in (("Generator", n.generators), ("StorageUnit", n.storage_units)):
        ext = table[table.carrier.isin(carriers) & table.p_nom_extendable.astype(bool)]
        if not ext.empty:
            terms.append(n.model[f"{component}-p_nom"].sel(name=list(ext.index)).sum() - float(ext.p_nom_min.sum()))
    return sum(terms[1:], terms[0]) if terms else None


def _province(n: pypsa.Network) -> pd.Series:
    """Bus -> province (the `province` column where set, else the bus name)."""
    names = pd.Series(n.buses.index, index=n.buses.index)
    if "province" not in n.buses:
        return names
    given = n.buses["province"].astype(object)
    return given.where(given.notna() & (given != ""), names)


def _energy(n: pypsa.Network, names: pd.Index, w: xr.DataArray, component: str = "Generator"):
    """sum_t w_t p(t) over the named assets (MWh), a linopy expression (p0 for links)."""
    return (n.model[f"{component}-p"].sel(name=list(names)) * w).sum()


def _available(n: pypsa.Network, snapshots: pd.Index, w: xr.DataArray, gens: pd.DataFrame):
    """sum_g A_g (MWh): constant for fixed generators, sum of factor x Generator-p_nom for extendable ones."""
    factor = (n.get_switchable_as_dense("Generator", "p_max_pu").loc[snapshots, gens.index] * w.to_numpy()[:, None]).sum()
    ext = gens.index[gens.p_nom_extendable.astype(bool)]
    fixed = float((factor.drop(ext) * gens.p_nom.drop(ext)).sum())
    if ext.empty:
        return fixed
    coeff = xr.DataArray(factor[ext].to_numpy(), coords={"name": list(ext)}, dims="name")
    return (n.model["Generator-p_nom"].sel(name=list(ext)) * coeff).sum() + fixed


def _floor(n: pypsa.Network, snapshots: pd.Index, w: xr.DataArray, gens: pd.DataFrame, x: float, focus: str) -> None:
    """Focus region's local generation >= x its consumption (loads + sector links), the definitions of hourly_by_bus."""
    if "region" not in n.buses:
        raise ValueError("policy.self_sufficiency_floor needs the buses' `region` column")
    buses = n.buses.index[(n.buses.carrier == ELECTRICITY) & (n.buses.region == focus)]
    loads = n.loads.index[n.loads.bus.isin(buses)]
    load_mwh = float(n.get_switchable_as_dense("Load", "p_set").loc[snapshots, loads].sum(axis=1) @ w.to_numpy())
    links = n.links
    sector = links.index[links.bus0.isin(buses) & (links.carrier != ELECTRICITY)]
    lhs = _energy(n, gens.index[gens.bus.isin(buses)], w)
    if len(sector):
        lhs = lhs - x * _energy(n, sector, w, "Link")
    _add(n, floor_name(focus), lhs - x * load_mwh, ">=", x)


def co2_intensity(n: pypsa.Network) -> pd.Series:
    """t CO2 per MWh of output of each emitting generator (its carrier's co2_emissions / efficiency); others left out."""
    g = n.generators
    intensity = (g.carrier.map(n.carriers.co2_emissions).fillna(0.0) / g.efficiency).astype(float)
    return intensity[intensity != 0]


def _co2_cap(n: pypsa.Network, w: xr.DataArray, cap_mt: float) -> None:
    """PyPSA's primary_energy row for CO2 over the generators (t): built here unless PyPSA built it from an existing row."""
    intensity = co2_intensity(n)
    if intensity.empty:
        return
    coeff = xr.DataArray(intensity.to_numpy(), coords={"name": list(intensity.index)}, dims="name")
    emitted = (n.model["Generator-p"].sel(name=list(intensity.index)) * w * coeff).sum()
    _add(n, CO2_CAP, emitted - cap_mt * T_PER_MT, "<=", cap_mt * T_PER_MT, kind="primary_energy")


def _add(n: pypsa.Network, name: str, lhs, sense: str, constant: float, kind: str = POLICY) -> None:
    """Add `lhs sense 0` as linopy row GlobalConstraint-<name> and its GlobalConstraint (so PyPSA assigns mu)."""
    row = f"GlobalConstraint-{name}"
    if row in n.model.constraints:  # PyPSA built it (a primary_energy row present before the solve)
        return
    n.model.add_constraints(lhs >= 0 if sense == ">=" else lhs <= 0, name=row)
    attrs = {"type": kind, "sense": sense, "constant": constant, "carrier_attribute": "co2_emissions" if kind == "primary_energy" else ""}
    if name in n.global_constraints.index:
        for attr, value in attrs.items():
            n.global_constraints.loc[name, attr] = value
    else:
        n.add("GlobalConstraint", name, **attrs)
