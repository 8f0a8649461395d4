"""Water metrics (million m3, CNY/m3, TWh)."""

from __future__ import annotations

import pandas as pd
import pypsa

from network.analysis.metrics.rows import energy, rollup, row
from network.config.technologies import ELECTRICITY
from network.model.water import FACTOR_COLUMNS, TRANSFER, water_bus
from network.units import M3_PER_MILLION, M3_PER_THOUSAND, THOUSAND_M3_PER_MILLION, TWH


def metrics_rows(n: pypsa.Network, regions: pd.Series) -> list[dict]:
    """Water metrics (million m3, CNY/m3, TWh) as tidy rows (metric, scope, carrier, value, unit)."""
    buses = pd.Index([water_bus(p) for p in regions.index if water_bus(p) in n.buses.index])
    if buses.empty:
        return []
    province_of = n.buses.loc[buses, "province"]
    w = n.snapshot_weightings.generators
    g = n.generators
    out: list[dict] = []

    # power: generation (MWh) × factors (m3/MWh) -> million m3
    cols = [f"water_{c}" for c in FACTOR_COLUMNS if f"water_{c}" in g]
    users = g[g[cols].fillna(0.0).abs().sum(axis=1) > 0] if cols else g.iloc[:0]
    generated = energy(n, n.generators_t.p, users.index)
    per = users[cols].fillna(0.0).mul(generated, axis=0).div(M3_PER_MILLION).set_axis([c.removeprefix("water_") for c in cols], axis=1)
    per.index = pd.MultiIndex.from_arrays([users.bus, users.carrier])
    per = per.groupby(level=[0, 1]).sum()

    # compute and other sector links drawing from water buses (PyPSA: p_k > 0 is drawn from bus k)
    drawn = []
    links = n.links[n.links.carrier != TRANSFER]
    for port in [c.removeprefix("bus") for c in links.columns if c.startswith("bus") and c[3:].isdigit()]:
        on = links[links[f"bus{port}"].isin(buses)]
        if on.empty or f"p{port}" not in n.links_t:
            continue
        e = energy(n, n.links_t[f"p{port}"], on.index) / THOUSAND_M3_PER_MILLION  # thousand m3 -> million m3
        drawn.append(pd.Series(e.to_numpy(), index=pd.MultiIndex.from_arrays([on[f"bus{port}"].map(province_of), on.carrier])))
    sector = pd.concat(drawn).groupby(level=[0, 1]).sum() if drawn else pd.Series(dtype=float)

    fresh = pd.concat([per["fresh_withdrawal"], sector]) if "fresh_withdrawal" in per else sector
    consumed = pd.concat([per["fresh_consumption"], sector]) if "fresh_consumption" in per else sector
    out += rollup("water_withdrawal", fresh[fresh.abs() > 0], regions, "million m3")
    evaporation = consumed.index.get_level_values(1) == "hydro"  # reservoir evaporation: reported, not capped
    out += rollup("water_consumption", consumed[(consumed.abs() > 0) & ~evaporation], regions, "million m3")
    out += rollup("reservoir_evaporation", consumed[(consumed.abs() > 0) & evaporation], regions, "million m3")
    if "sea_withdrawal" in per:
        sea = per["sea_withdrawal"][per["sea_withdrawal"] > 0]
        out += rollup("seawater_withdrawal", sea, regions, "million m3")
        once = per["once_through_fresh"].sum()
        for carrier, v in (("once-through fresh", once), ("other fresh", per["fresh_withdrawal"].sum() - once), ("seawater", sea.sum())):
            out.append(row("cooling_water_withdrawal", "national", carrier, v, "million m3"))

    # caps: allowance, supply counted against it, utilisation, overdraft, shadow price
    supply = g[(g.carrier == "fresh water") & g.bus.isin(buses)]
    allowance = supply["water_allowance"].astype(float).set_axis(supply.bus.map(province_of)) / THOUSAND_M3_PER_MILLION
    used = (energy(n, n.generators_t.p, supply.index) / THOUSAND_M3_PER_MILLION).set_axis(allowance.index)
    out += [row("water_allowance", p, "", v, "million m3") for p, v in allowance.items()]
    out += [row("water_fresh_supply", p, "", v, "million m3") for p, v in used.items()]
    out += [row("water_cap_utilisation", p, "", v, "fraction") for p, v in (used / allowance).items() if allowance[p] > 0]
    for metric, v in (("water_allowance", allowance.sum()), ("water_fresh_supply", used.sum())):
        out.append(row(metric, "national", "", v, "million m3"))
    over = g[(g.carrier == "water overdraft") & g.bus.isin(buses)]
    over_e = (energy(n, n.generators_t.p, over.index) / THOUSAND_M3_PER_MILLION).set_axis(over.bus.map(province_of))
    out += [row("water_overdraft", p, "", v, "million m3") for p, v in over_e.items()]
    out.append(row("water_overdraft", "national", "", over_e.sum(), "million m3"))
    if not n.buses_t.marginal_price.empty:
        price = n.buses_t.marginal_price.reindex(columns=supply.bus, fill_value=0.0).mul(w, axis=0).sum() / w.sum()
        shadow = (price.to_numpy() - supply.marginal_cost.to_numpy()).clip(min=0) / M3_PER_THOUSAND
        out += [row("water_shadow_price", p, "", v, "CNY/m3") for p, v in zip(allowance.index, shadow)]

    # transfers: delivered to province water buses; pumping electricity drawn at AC buses
    tl = n.links[n.links.carrier == TRANSFER]
    if not tl.empty:
        into = tl[tl.bus1.isin(buses)]
        delivered = -energy(n, n.links_t.p1, into.index) / THOUSAND_M3_PER_MILLION
        routes = into.water_route.to_numpy()
        out += [row("water_transfer", province_of[b], r, v, "million m3") for b, r, v in zip(into.bus1, routes, delivered)]
        out += [row("water_transfer", "national", r, v, "million m3") for r, v in delivered.groupby(routes).sum().items()]
        pumps = tl[tl.bus0.map(n.buses.carrier) == ELECTRICITY]
        pumping = (energy(n, n.links_t.p0, pumps.index) / TWH).groupby(pumps.bus0).sum()
        out += [row("water_pumping_electricity", p, TRANSFER, v, "TWh") for p, v in pumping.items()]
        out.append(row("water_pumping_electricity", "national", TRANSFER, pumping.sum(), "TWh"))
    return out
