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
  n.statistics and the metrics (network/analysis/metrics/) see electricity unchanged. Factors (m3/MWh) are stored as
  columns water_fresh_withdrawal, water_once_through_fresh, water_sea_withdrawal,
  water_fresh_consumption, water_sea_consumption on the power generators (network/model/attributes.py).
- "<province> water overdraft": optional costly slack (penalty CNY/m3) so that a cap below
  must-run needs reports the overdraft instead of an infeasible model.
- Transfers (inputs/water_transfers.csv): a pumped segment is a Link with bus0 = AC bus of the
  pumping province (so the metrics count the pumping electricity as that province's
  consumption), bus1 = downstream water bus, efficiency = 1 / (kWh/m3) thousand m3 per MWh,
  and bus2 = upstream water bus (efficiency2 = -1/(kWh/m3)) unless upstream is the river
  source. A gravity segment is a Link from the source bus ("<node> water", with an unlimited
  intake) to the destination. Volumes are scheduled (constant rate); at each destination a Load
  "<province> water other uses" takes the share not available to power and compute, and a
  free "<province> water surplus" sink absorbs what power and compute do not use.
- Compute hubs (network/model/compute.py) attach their water draw to "<province> water" via bus2.
The cap is on fresh-water **withdrawal** (the basis of China's water-use statistics and of the
total-water-use controls); consumption is reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pypsa

from network.config.provinces import PROVINCES
from network.config.technologies import ELECTRICITY, technologies
from network.config.water import WaterConfig
from network.data.tables import InputError
from network.data.water import transfers_in
from network.model.carriers import add_carriers
from network.units import M3_PER_THOUSAND, THOUSAND_M3_PER_1E8_M3, THOUSAND_M3_PER_MILLION

BIG = 1e5  # thousand m3/h: an upper bound no water flow reaches


EPS_PRICE = 1e-5  # CNY/m3 on fresh water so that no water is drawn for nothing


TRANSFER = "water transfer"


POWER_WATER_USE = "power water use"  # one sink per province: fresh withdrawal of all its power plants


FACTOR_COLUMNS = ("fresh_withdrawal", "once_through_fresh", "sea_withdrawal", "fresh_consumption", "sea_consumption")


def water_bus(node: str) -> str:
    return f"{node} water"


def add_water(
    n: pypsa.Network,
    cfg: WaterConfig,
    year: int,
    industrial: pd.Series | None,
    national: pd.DataFrame | None,
    factors: pd.DataFrame | None,
    cooling_mix: pd.DataFrame | None,
    transfers: pd.DataFrame | None,
) -> None:
    """Add water buses, water use of supply, caps and transfers (nothing if disabled). Tables (network/data/water.py):
    provincial industrial and national water use (1e8 m3), water factors (m3/MWh), cooling mixes, transfer segments."""
    if not cfg.enabled:
        return
    if any(t is None for t in (industrial, national, factors, cooling_mix)) or (cfg.transfers and transfers is None):
        raise InputError("water.enabled: the water tables are not loaded")
    ac = n.buses[n.buses.carrier == ELECTRICITY]
    provinces = [p for p in PROVINCES if p in ac.index]
    buses = [water_bus(p) for p in provinces]
    add_carriers(n, {}, kinds=("water",))
    n.add("Bus", buses, carrier="water", unit="thousand m3", x=ac.loc[provinces, "x"].to_numpy(),
          y=ac.loc[provinces, "y"].to_numpy(), location=provinces, province=provinces, region=ac.loc[provinces, "region"].to_numpy(),
          role="water")  # fmt: skip

    allowance = allowances(
        industrial, national,
        cfg.statistics_year, cfg.share_of_industrial_use, cfg.cap_scale, cfg.tight_provinces, cfg.tight_cut,
    ).reindex(provinces)  # fmt: skip
    n.add("Generator", [f"{p} fresh water" for p in provinces], bus=buses, carrier="fresh water", p_nom=BIG,
          marginal_cost=max(cfg.price_cny_per_m3, EPS_PRICE) * M3_PER_THOUSAND,
          e_sum_max=allowance.to_numpy() if cfg.cap else np.inf)  # fmt: skip
    n.generators.loc[[f"{p} fresh water" for p in provinces], "water_allowance"] = allowance.to_numpy()
    if cfg.overdraft_penalty_cny_per_m3 is not None:
        n.add("Generator", [f"{p} water overdraft" for p in provinces], bus=buses, carrier="water overdraft",
              p_nom=BIG, marginal_cost=cfg.overdraft_penalty_cny_per_m3 * M3_PER_THOUSAND)  # fmt: skip

    gens = n.generators[n.generators.bus.isin(provinces)]
    factors = generator_water_factors(
        gens, factors, cooling_mix,
        cfg.pv_cleaning, cfg.hydro_evaporation,
    )  # fmt: skip
    for col in FACTOR_COLUMNS:
        n.generators.loc[factors.index, f"water_{col}"] = factors[col]
    users = factors.index[factors["fresh_withdrawal"] > 0]
    if len(users):  # the coupling row (constraints/water_use.py) sets the sink; its bound must not: a fleet-sized bound capped
        # what plants built or carried later (planning, pathway brownfield) may withdraw, and with it their output
        buses = gens.loc[users, "bus"].unique()
        n.add("Generator", pd.Index(buses) + f" {POWER_WATER_USE}", bus=[water_bus(b) for b in buses],
              carrier=POWER_WATER_USE, p_nom=BIG, p_min_pu=-1.0, p_max_pu=0.0)  # fmt: skip
    if cfg.transfers:
        add_transfers(n, transfers_in(transfers, year), cfg)


def add_transfers(n: pypsa.Network, segments: pd.DataFrame, cfg: WaterConfig) -> None:
    """Scheduled inter-basin transfer segments (volumes million m3/a, pumping kWh/m3); see module doc."""
    ac = n.buses[n.buses.carrier == ELECTRICITY]
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
        n.add("Bus", water_bus(node), carrier="water", unit="thousand m3", x=ac.at[prov, "x"], y=ac.at[prov, "y"], location=prov,
              province="", role="water node")  # fmt: skip
        if node in sources:
            n.add("Generator", f"{node} intake", bus=water_bus(node), carrier="water intake", p_nom=BIG)
    for seg in segments.itertuples(index=False):
        rate = seg.annual_million_m3 * THOUSAND_M3_PER_MILLION / 8760  # thousand m3/h, scheduled
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


def generator_water_factors(
    generators: pd.DataFrame, factors: pd.DataFrame, mix: pd.DataFrame, pv_cleaning: bool, hydro_evaporation: bool
) -> pd.DataFrame:
    """Water per MWh of each generator (m3/MWh), from its province's cooling mix.

    generators: index names, columns bus (province) and carrier. Returns columns
    fresh_withdrawal, once_through_fresh (part of fresh_withdrawal), sea_withdrawal,
    fresh_consumption, sea_consumption; rows only for generators that use water.
    """
    rows = {}
    for name, gen in generators.iterrows():
        carrier, province = gen["carrier"], gen["bus"]
        cooling = technologies()[carrier].cooling if carrier in technologies() else ""
        if cooling in ("thermal", "nuclear"):
            shares = mix.loc[(province, cooling)]
        elif (
            cooling == "recirculating" or (cooling == "panel_cleaning" and pv_cleaning) or (cooling == "reservoir_evaporation" and hydro_evaporation)
        ):
            shares = pd.Series({cooling: 1.0})
        else:
            continue
        shares = shares[shares > 0]
        missing = [c for c in shares.index if (carrier, c) not in factors.index]
        if missing:
            raise InputError(f"water_factors.csv: field 'cooling': no factor for {carrier} with cooling {missing} (needed by {name})")
        w = factors.loc[[(carrier, c) for c in shares.index]].set_axis(shares.index)
        sea = shares.index == "once_through_sea"
        rows[name] = {
            "fresh_withdrawal": float((shares * w.withdrawal_m3_per_mwh)[~sea].sum()),
            "once_through_fresh": float(shares.get("once_through_fresh", 0.0) * w.withdrawal_m3_per_mwh.get("once_through_fresh", 0.0)),
            "sea_withdrawal": float((shares * w.withdrawal_m3_per_mwh)[sea].sum()),
            "fresh_consumption": float((shares * w.consumption_m3_per_mwh)[~sea].sum()),
            "sea_consumption": float((shares * w.consumption_m3_per_mwh)[sea].sum()),
        }
    return pd.DataFrame.from_dict(rows, orient="index", columns=[
        "fresh_withdrawal", "once_through_fresh", "sea_withdrawal", "fresh_consumption", "sea_consumption"])  # fmt: skip


def allowances(
    industrial_1e8m3: pd.Series,
    national: pd.DataFrame,
    statistics_year: int,
    share: float,
    scale: float,
    tight: list[str],
    tight_cut: float,
) -> pd.Series:
    """Annual fresh-water allowance of power and compute per province (thousand m3).

    = provincial industrial water use of the statistics year (2012), scaled to the national
    industrial use of `statistics_year` (MWR bulletin) × share × scale, × (1 − tight_cut) in `tight`.
    """
    if statistics_year not in national.index:
        raise InputError(f"national_water_use.csv: field 'year': no row for {statistics_year}")
    base_year = int(national["industrial_use_1e8m3"].dropna().index.min())
    growth = national.at[statistics_year, "industrial_use_1e8m3"] / national.at[base_year, "industrial_use_1e8m3"]
    cut = pd.Series(1.0, index=industrial_1e8m3.index)
    cut[cut.index.isin(tight)] = 1.0 - tight_cut
    return industrial_1e8m3 * growth * share * scale * cut * THOUSAND_M3_PER_1E8_M3
