"""Water nexus: provincial water buses, cooling water, fresh-water caps and South-to-North transfers.

Units: a water bus "<province> water" (carrier "water") balances **thousand m3**, so a flow of
1 "MW" on it is 1,000 m3 per hour and its energy over a year is thousand m3; outputs are in
million m3 per year (metrics) and water prices in CNY per m3.

Construction (all PyPSA components, electricity generators untouched):
- "<province> fresh water": Generator on the water bus, the province's fresh-water source for
  power and compute; `e_sum_max` = the annual allowance (the cap; PyPSA-native). Its marginal
  cost is the water price (default 0, i.e. water is free within the cap).
- "<province> power water use": one sink (Generator with p <= 0) on each water bus; `add_constraints`
  fixes p_sink = -sum over the province's power generators of factor × p_generator (factor in
  thousand m3/MWh: fresh withdrawal of its province's cooling mix). One sink per province rather
  than per plant keeps the full-year hourly LP small. Seawater cooling
  never touches the water bus. The generators keep their electricity output at AC buses, so
  n.statistics and metrics.py see electricity unchanged. Factors (m3/MWh) are stored as
  columns water_fresh_withdrawal, water_once_through_fresh, water_sea_withdrawal,
  water_fresh_consumption, water_sea_consumption on the power generators.
- "<province> water overdraft": optional costly slack (penalty CNY/m3) so that a cap below
  must-run needs reports the overdraft instead of an infeasible model.
- Transfers (inputs/water_transfers.csv): a pumped segment is a Link with bus0 = AC bus of the
  pumping province (so metrics.py counts the pumping electricity as that province's
  consumption), bus1 = downstream water bus, efficiency = 1 / (kWh/m3) thousand m3 per MWh,
  and bus2 = upstream water bus (efficiency2 = -1/(kWh/m3)) unless upstream is the river
  source. A gravity segment is a Link from the source bus ("<node> water", with an unlimited
  intake) to the destination. Volumes are scheduled (constant rate); at each destination a Load
  "<province> water other uses" takes the share not available to power and compute, and a
  free "<province> water surplus" sink absorbs what power and compute do not use.
- Compute hubs (network/compute.py) attach their water draw to "<province> water" via bus2.
The cap is on fresh-water **withdrawal** (the basis of China's water-use statistics and of the
total-water-use controls); consumption is reported.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pypsa
import xarray as xr
from pydantic import Field, field_validator

from network import water_data as wd
from network.regions import PROVINCES
from network.schema import Strict, known_provinces

# Hai River basin and the Yellow River basin north of the Qinling (without the water-rich
# headwaters of Qinghai and Sichuan), where "four waters, four limits" applies, plus Xinjiang's
# arid inland basins.
WATER_STRESSED_NORTH = ("Beijing", "Tianjin", "Hebei", "Shanxi", "InnerMongolia", "Shandong", "Henan",
                        "Shaanxi", "Ningxia", "Gansu", "Xinjiang")  # fmt: skip
BIG = 1e5  # thousand m3/h: an upper bound no water flow reaches
EPS_PRICE = 1e-5  # CNY/m3 on fresh water so that no water is drawn for nothing
TRANSFER = "water transfer"
POWER_WATER_USE = "power water use"  # one sink per province: fresh withdrawal of all its power plants
FACTOR_COLUMNS = ("fresh_withdrawal", "once_through_fresh", "sea_withdrawal", "fresh_consumption", "sea_consumption")


class WaterConfig(Strict):
    """Water buses, cooling water, caps and transfers (units in the field descriptions)."""

    enabled: bool = False
    cap: bool = Field(True, description="enforce the provincial allowances (False: track and report only)")
    statistics_year: int = Field(2023, ge=2020, le=2023, description="year of the national industrial water use (MWR)")
    share_of_industrial_use: float = Field(0.9, gt=0, le=1, description="allowance of power + compute / industrial water use")
    cap_scale: float = Field(1.0, gt=0, description="factor on every allowance")
    tight_provinces: list[str] = Field(default_factory=lambda: list(WATER_STRESSED_NORTH))
    tight_cut: float = Field(0.0, ge=0, lt=1, description="fraction cut from the allowance of tight_provinces")
    price_cny_per_m3: float = Field(0.0, ge=0, description="marginal cost of fresh water within the cap")
    overdraft_penalty_cny_per_m3: float | None = Field(100.0, gt=0, description="cost of water above the cap; null = hard cap")
    pv_cleaning: bool = Field(True, description="PV panel cleaning withdraws fresh water (0.02 m3/MWh)")
    hydro_evaporation: bool = Field(True, description="report reservoir evaporation as consumption (not capped)")
    transfers: bool = Field(True, description="South-to-North Water Diversion eastern and middle routes")
    transfer_power_share: float = Field(0.1, ge=0, le=1, description="share of transferred water available to power + compute")
    transfer_flex: float = Field(0.0, ge=0, le=1, description="extra transfer above schedule the optimiser may use, fraction")

    @field_validator("tight_provinces")
    @classmethod
    def _known(cls, provinces: list[str]) -> list[str]:
        known_provinces(provinces)
        return provinces


def water_bus(node: str) -> str:
    return f"{node} water"


def _add_carriers(n: pypsa.Network, names: list[str]) -> None:
    new = [c for c in dict.fromkeys(names) if c not in n.carriers.index]
    if new:
        n.add("Carrier", new, co2_emissions=0.0)


def add_water(n: pypsa.Network, cfg: WaterConfig, inputs: Path, year: int) -> None:
    """Add water buses, water use of supply, caps and transfers (nothing if disabled)."""
    if not cfg.enabled:
        return
    inputs = Path(inputs)
    ac = n.buses[n.buses.carrier == "AC"]
    provinces = [p for p in PROVINCES if p in ac.index]
    buses = [water_bus(p) for p in provinces]
    _add_carriers(n, ["water", "fresh water", "water overdraft", "water surplus", "water other uses", "water intake", TRANSFER])
    n.add("Bus", buses, carrier="water", unit="thousand m3", x=ac.loc[provinces, "x"].to_numpy(),
          y=ac.loc[provinces, "y"].to_numpy(), location=ac.loc[provinces, "location"].to_numpy())  # fmt: skip

    allowance = wd.allowances(
        wd.read_industrial_water(inputs / "province_water_use.csv"), wd.read_national_water(inputs / "national_water_use.csv"),
        cfg.statistics_year, cfg.share_of_industrial_use, cfg.cap_scale, cfg.tight_provinces, cfg.tight_cut,
    ).reindex(provinces)  # fmt: skip
    n.add("Generator", [f"{p} fresh water" for p in provinces], bus=buses, carrier="fresh water", p_nom=BIG,
          marginal_cost=max(cfg.price_cny_per_m3, EPS_PRICE) * 1e3,
          e_sum_max=allowance.to_numpy() if cfg.cap else np.inf)  # fmt: skip
    n.generators.loc[[f"{p} fresh water" for p in provinces], "water_allowance"] = allowance.to_numpy()
    if cfg.overdraft_penalty_cny_per_m3 is not None:
        n.add("Generator", [f"{p} water overdraft" for p in provinces], bus=buses, carrier="water overdraft",
              p_nom=BIG, marginal_cost=cfg.overdraft_penalty_cny_per_m3 * 1e3)  # fmt: skip

    gens = n.generators[n.generators.bus.isin(provinces)]
    factors = wd.generator_water_factors(
        gens, wd.read_water_factors(inputs / "water_factors.csv"), wd.read_cooling_mix(inputs / "water_cooling_mix.csv"),
        cfg.pv_cleaning, cfg.hydro_evaporation,
    )  # fmt: skip
    for col in FACTOR_COLUMNS:
        n.generators.loc[factors.index, f"water_{col}"] = factors[col]
    users = factors.index[factors["fresh_withdrawal"] > 0]
    if len(users):
        _add_carriers(n, [POWER_WATER_USE])
        demand = (gens.loc[users, "p_nom"] * factors.loc[users, "fresh_withdrawal"] / 1e3).groupby(gens.loc[users, "bus"]).sum()
        n.add("Generator", demand.index + f" {POWER_WATER_USE}", bus=[water_bus(b) for b in demand.index],
              carrier=POWER_WATER_USE, p_nom=demand.to_numpy(), p_min_pu=-1.0, p_max_pu=0.0)  # fmt: skip
    if cfg.transfers:
        add_transfers(n, wd.read_transfers(inputs / "water_transfers.csv", year), cfg)


def add_transfers(n: pypsa.Network, segments: pd.DataFrame, cfg: WaterConfig) -> None:
    """Scheduled inter-basin transfer segments (volumes million m3/a, pumping kWh/m3); see module doc."""
    ac = n.buses[n.buses.carrier == "AC"]
    present = lambda p: p == "" or p in ac.index  # noqa: E731
    keep = segments.pump_province.map(present) & segments.from_province.map(present)
    keep &= segments.to_node.map(lambda t: t not in PROVINCES or t in ac.index)
    segments = segments[keep]
    # an intermediate node must pass its water on: drop segments into a node with no way out
    segments = segments[segments.to_node.isin(PROVINCES) | segments.to_node.isin(segments.from_node)]
    if segments.empty:
        return
    sources = set(segments.from_node) - set(segments.to_node)
    for node, prov in segments[["from_node", "from_province"]].drop_duplicates("from_node").itertuples(index=False):
        pumped_from_source = node in sources and (segments.loc[segments.from_node == node, "pump_kwh_per_m3"] > 0).all()
        if node in PROVINCES or water_bus(node) in n.buses.index or pumped_from_source:
            continue
        n.add("Bus", water_bus(node), carrier="water", unit="thousand m3", x=ac.at[prov, "x"], y=ac.at[prov, "y"], location="")
        if node in sources:
            n.add("Generator", f"{node} intake", bus=water_bus(node), carrier="water intake", p_nom=BIG)
    for seg in segments.itertuples(index=False):
        rate = seg.annual_million_m3 * 1e3 / 8760  # thousand m3/h, scheduled
        top = rate * (1 + cfg.transfer_flex)
        name = f"SNWD {seg.route} {seg.segment}"
        common = dict(carrier=TRANSFER, p_min_pu=1 / (1 + cfg.transfer_flex), p_max_pu=1.0)
        if seg.pump_kwh_per_m3 > 0:  # electricity in at bus0, lifted water out at bus1
            k = seg.pump_kwh_per_m3  # MWh per thousand m3
            upstream = {"bus2": water_bus(seg.from_node), "efficiency2": -1 / k} if seg.from_node not in sources else {}
            n.add("Link", name, bus0=seg.pump_province, bus1=water_bus(seg.to_node), efficiency=1 / k, p_nom=top * k, **upstream, **common)
        else:
            n.add("Link", name, bus0=water_bus(seg.from_node), bus1=water_bus(seg.to_node), efficiency=1.0, p_nom=top, **common)
        n.links.loc[name, "water_route"] = seg.route
        if seg.to_node in PROVINCES:
            n.add("Load", f"{seg.to_node} water other uses {seg.route}", bus=water_bus(seg.to_node), carrier="water other uses",
                  p_set=rate * (1 - cfg.transfer_power_share))  # fmt: skip
            if f"{seg.to_node} water surplus" not in n.generators.index:
                n.add("Generator", f"{seg.to_node} water surplus", bus=water_bus(seg.to_node), carrier="water surplus",
                      p_nom=BIG, p_min_pu=-1.0, p_max_pu=0.0)  # fmt: skip


def add_constraints(n: pypsa.Network, snapshots: pd.Index, cfg: WaterConfig) -> None:
    """Tie each province's power water-use sink to its generators: p_sink(t) = -sum_g factor_g x p_g(t)."""
    if not cfg.enabled or "water_fresh_withdrawal" not in n.generators:
        return
    g = n.generators
    users = g.index[(g["water_fresh_withdrawal"].fillna(0.0) > 0) & (g.bus.map(n.buses.carrier) == "AC")]
    if users.empty:
        return
    p = n.model["Generator-p"]
    factor = xr.DataArray(g.loc[users, "water_fresh_withdrawal"].astype(float).to_numpy() / 1e3, coords={"name": users})
    sink_of = xr.DataArray((g.loc[users, "bus"] + f" {POWER_WATER_USE}").to_numpy(), coords={"name": users}, name="sink")
    withdrawn = (p.sel(name=users) * factor).groupby(sink_of).sum().rename(sink="name")
    sinks = withdrawn.coords["name"].to_index()
    n.model.add_constraints(p.sel(name=sinks) + withdrawn == 0, name="water-use_coupling")


def _row(metric: str, scope: str, carrier: str, value: float, unit: str) -> dict:
    return {"metric": metric, "scope": str(scope), "carrier": str(carrier), "value": float(value), "unit": unit}


def _rollup(metric: str, by: pd.Series, regions: pd.Series, unit: str) -> list[dict]:
    """Rows of a (province, sector) series: per province and sector, totals, regions, national."""
    rows = [_row(metric, p, c, v, unit) for (p, c), v in by.items()]
    prov = by.groupby(level=0).sum()
    rows += [_row(metric, p, "", v, unit) for p, v in prov.items()]
    for keys, values in ((by.index.get_level_values(0).map(regions), by), (["national"] * len(by), by)):
        grouped = values.groupby([pd.Index(keys), by.index.get_level_values(1)]).sum()
        rows += [_row(metric, s, c, v, unit) for (s, c), v in grouped.items()]
    rows += [_row(metric, r, "", v, unit) for r, v in prov.groupby(regions).sum().items()]
    rows.append(_row(metric, "national", "", prov.sum(), unit))
    return rows


def _energy(frame: pd.DataFrame, columns: pd.Index, w: pd.Series) -> pd.Series:
    return frame.reindex(columns=columns, fill_value=0.0).mul(w, axis=0).sum()


def metrics_rows(n: pypsa.Network, regions: pd.Series) -> list[dict]:
    """Water metrics (million m3, CNY/m3, TWh) as tidy rows (metric, scope, carrier, value, unit)."""
    buses = pd.Index([water_bus(p) for p in regions.index if water_bus(p) in n.buses.index])
    if buses.empty:
        return []
    province_of = pd.Series(buses.str.removesuffix(" water"), index=buses)
    w = n.snapshot_weightings.generators
    g = n.generators
    rows: list[dict] = []

    # power: generation (MWh) × factors (m3/MWh) -> million m3
    cols = [f"water_{c}" for c in FACTOR_COLUMNS if f"water_{c}" in g]
    users = g[g[cols].fillna(0.0).abs().sum(axis=1) > 0] if cols else g.iloc[:0]
    energy = _energy(n.generators_t.p, users.index, w)
    per = users[cols].fillna(0.0).mul(energy, axis=0).div(1e6).set_axis([c.removeprefix("water_") for c in cols], axis=1)
    per.index = pd.MultiIndex.from_arrays([users.bus, users.carrier])
    per = per.groupby(level=[0, 1]).sum()

    # compute and other sector links drawing from water buses (PyPSA: p_k > 0 is drawn from bus k)
    drawn = []
    links = n.links[n.links.carrier != TRANSFER]
    for port in [c.removeprefix("bus") for c in links.columns if c.startswith("bus") and c[3:].isdigit()]:
        on = links[links[f"bus{port}"].isin(buses)]
        if on.empty or f"p{port}" not in n.links_t:
            continue
        e = _energy(n.links_t[f"p{port}"], on.index, w) / 1e3  # thousand m3 -> million m3
        drawn.append(pd.Series(e.to_numpy(), index=pd.MultiIndex.from_arrays([on[f"bus{port}"].map(province_of), on.carrier])))
    sector = pd.concat(drawn).groupby(level=[0, 1]).sum() if drawn else pd.Series(dtype=float)

    fresh = pd.concat([per["fresh_withdrawal"], sector]) if "fresh_withdrawal" in per else sector
    consumed = pd.concat([per["fresh_consumption"], sector]) if "fresh_consumption" in per else sector
    rows += _rollup("water_withdrawal", fresh[fresh.abs() > 0], regions, "million m3")
    evaporation = consumed.index.get_level_values(1) == "hydro"  # reservoir evaporation: reported, not capped
    rows += _rollup("water_consumption", consumed[(consumed.abs() > 0) & ~evaporation], regions, "million m3")
    rows += _rollup("reservoir_evaporation", consumed[(consumed.abs() > 0) & evaporation], regions, "million m3")
    if "sea_withdrawal" in per:
        sea = per["sea_withdrawal"][per["sea_withdrawal"] > 0]
        rows += _rollup("seawater_withdrawal", sea, regions, "million m3")
        once = per["once_through_fresh"].sum()
        for carrier, v in (("once-through fresh", once), ("other fresh", per["fresh_withdrawal"].sum() - once), ("seawater", sea.sum())):
            rows.append(_row("cooling_water_withdrawal", "national", carrier, v, "million m3"))

    # caps: allowance, supply counted against it, utilisation, overdraft, shadow price
    supply = g[(g.carrier == "fresh water") & g.bus.isin(buses)]
    allowance = supply["water_allowance"].astype(float).set_axis(supply.bus.map(province_of)) / 1e3
    used = (_energy(n.generators_t.p, supply.index, w) / 1e3).set_axis(allowance.index)
    rows += [_row("water_allowance", p, "", v, "million m3") for p, v in allowance.items()]
    rows += [_row("water_fresh_supply", p, "", v, "million m3") for p, v in used.items()]
    rows += [_row("water_cap_utilisation", p, "", v, "fraction") for p, v in (used / allowance).items() if allowance[p] > 0]
    for metric, v in (("water_allowance", allowance.sum()), ("water_fresh_supply", used.sum())):
        rows.append(_row(metric, "national", "", v, "million m3"))
    over = g[(g.carrier == "water overdraft") & g.bus.isin(buses)]
    over_e = (_energy(n.generators_t.p, over.index, w) / 1e3).set_axis(over.bus.map(province_of))
    rows += [_row("water_overdraft", p, "", v, "million m3") for p, v in over_e.items()]
    rows.append(_row("water_overdraft", "national", "", over_e.sum(), "million m3"))
    if not n.buses_t.marginal_price.empty:
        price = n.buses_t.marginal_price.reindex(columns=supply.bus, fill_value=0.0).mul(w, axis=0).sum() / w.sum()
        shadow = (price.to_numpy() - supply.marginal_cost.to_numpy()).clip(min=0) / 1e3
        rows += [_row("water_shadow_price", p, "", v, "CNY/m3") for p, v in zip(allowance.index, shadow)]

    # transfers: delivered to province water buses; pumping electricity drawn at AC buses
    tl = n.links[n.links.carrier == TRANSFER]
    if not tl.empty:
        into = tl[tl.bus1.isin(buses)]
        delivered = -_energy(n.links_t.p1, into.index, w) / 1e3
        routes = into.water_route.to_numpy()
        rows += [_row("water_transfer", province_of[b], r, v, "million m3") for b, r, v in zip(into.bus1, routes, delivered)]
        rows += [_row("water_transfer", "national", r, v, "million m3") for r, v in delivered.groupby(routes).sum().items()]
        pumps = tl[tl.bus0.map(n.buses.carrier) == "AC"]
        pumping = (_energy(n.links_t.p0, pumps.index, w) / 1e6).groupby(pumps.bus0).sum()
        rows += [_row("water_pumping_electricity", p, TRANSFER, v, "TWh") for p, v in pumping.items()]
        rows.append(_row("water_pumping_electricity", "national", TRANSFER, pumping.sum(), "TWh"))
    return rows
