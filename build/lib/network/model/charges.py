"""What a buyer pays to use a link (CNY/MWh delivered), as the links' marginal cost.

- A named UHV line with a price in inputs/uhv_tariffs.csv: that price. Prices set under the 2021 rules
  (losses_in_price = 1) include the cost of the line's losses; the links already lose that energy, so
  loss_rate x loss_value_cny_per_mwh is taken off (never below 0) so losses are not paid twice.
- Any other inter-provincial link (residual exchange, named lines without a price): the CSG West-East item of
  its province pair if there is one (either direction), else the energy charge of each SGCC regional grid its two
  provinces belong to (one charge within a region, the sum of both across two; none for China Southern Grid).
PyPSA charges marginal cost on p0 (energy sent), so the price per MWh delivered is multiplied by the efficiency.
"""

from __future__ import annotations

import pandas as pd

from network.units import KWH_PER_MWH

MIN_COST_CNY_PER_MWH = 0.1  # a link without a charge keeps a tiny cost so that flows do not circulate


def line_price(tariffs: pd.DataFrame, loss_value_cny_per_mwh: float) -> pd.Series:
    """CNY/MWh delivered per named line with a published price, losses folded into the price taken off."""
    lines = tariffs[tariffs["kind"] == "line"]
    price = lines["tariff_cny_per_kwh"] * KWH_PER_MWH
    folded = lines["losses_in_price"].astype(bool) * lines["loss_rate_pct"].fillna(0.0) / 100 * loss_value_cny_per_mwh
    return (price - folded).clip(lower=0.0)


def pair_charge(tariffs: pd.DataFrame, bus0: str, bus1: str) -> float:
    """CNY/MWh delivered of the regional-grid charges between two provinces."""
    grids = tariffs[tariffs["kind"] == "regional_grid"]
    for row in grids.itertuples():
        if {bus0, bus1} == set(row.from_province) | set(row.to_province) and row.from_province:
            return row.tariff_cny_per_kwh * KWH_PER_MWH
    regional = grids[grids["provinces"].map(len) > 0]
    touched = regional[[bool({bus0, bus1} & set(p)) for p in regional["provinces"]]]
    return float(touched["tariff_cny_per_kwh"].sum() * KWH_PER_MWH)


def link_charges(links: pd.DataFrame, tariffs: pd.DataFrame, loss_value_cny_per_mwh: float) -> pd.Series:
    """Marginal cost (CNY per MWh sent) of inter-provincial links: columns bus0, bus1 (provinces), efficiency, uhv_line."""
    priced = line_price(tariffs, loss_value_cny_per_mwh)
    line = links["uhv_line"] if "uhv_line" in links else pd.Series(pd.NA, index=links.index)
    per_mwh_delivered = pd.Series(
        [priced[name] if isinstance(name, str) and name in priced.index else pair_charge(tariffs, b0, b1)
         for name, b0, b1 in zip(line, links["bus0"], links["bus1"])],
        index=links.index,
    )  # fmt: skip
    return (per_mwh_delivered * links["efficiency"]).clip(lower=MIN_COST_CNY_PER_MWH)
