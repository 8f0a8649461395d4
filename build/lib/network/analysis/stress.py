"""The table of the dry-year stress test (network/model/stress.py): the run's dispatch against the stress dispatch of
the same system, as tidy rows (metric, scope, carrier, value, unit) checked against the metric catalogue.

Provincial figures are on the provincial view (energy bases merged into their provinces). Months are the calendar
months of the snapshots ('01'..'12' in the carrier column of stress_unserved_energy).
"""

from __future__ import annotations

import pandas as pd
import pypsa

from network.analysis.metrics.catalogue import check
from network.analysis.metrics.power import co2_by_bus, hourly_by_bus, region_map
from network.analysis.metrics.rows import row, rows
from network.analysis.province_view import province_view
from network.config.technologies import SHEDDING_CARRIER
from network.units import TWH

COLUMNS = ["metric", "scope", "carrier", "value", "unit"]
HYDRO = "hydro"


def _weighted(n: pypsa.Network, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.mul(n.snapshot_weightings.generators, axis=0)


def unserved_by_month(n: pypsa.Network) -> pd.DataFrame:
    """Unserved energy (MWh), index month 1..12, columns provinces (all electricity buses, zeros included)."""
    provinces = region_map(n).index
    shed = n.generators[n.generators.carrier == SHEDDING_CARRIER]
    energy = _weighted(n, n.generators_t.p.reindex(columns=shed.index, fill_value=0.0))
    by_bus = energy.T.groupby(shed.bus).sum().T.reindex(columns=provinces, fill_value=0.0)
    return by_bus.groupby(by_bus.index.month).sum().reindex(range(1, 13), fill_value=0.0)


def hydro_by_province(n: pypsa.Network) -> tuple[pd.Series, pd.Series]:
    """Hydro energy available (p_max_pu x p_nom, MWh) and generated (MWh) per province."""
    provinces = region_map(n).index
    g = n.generators[n.generators.carrier == HYDRO]
    available = _weighted(n, n.get_switchable_as_dense("Generator", "p_max_pu")[g.index] * g.p_nom).sum()
    generated = _weighted(n, n.generators_t.p.reindex(columns=g.index, fill_value=0.0)).sum()
    return (available.groupby(g.bus).sum().reindex(provinces, fill_value=0.0),
            generated.groupby(g.bus).sum().reindex(provinces, fill_value=0.0))  # fmt: skip


def _with_national(metric: str, values: pd.Series, unit: str, carrier: str = "") -> list[dict]:
    return rows(metric, values, unit, carrier) + [row(metric, "national", carrier, values.sum(), unit)]


def stress_table(run: pypsa.Network, stressed: pypsa.Network) -> pd.DataFrame:
    """The stress rows (catalogue family 'stress') of the solved run and its stress dispatch."""
    run, stressed = province_view(run), province_view(stressed)
    out: list[dict] = []
    monthly = unserved_by_month(stressed)
    annual = monthly.sum()
    out += _with_national("stress_unserved_energy", annual / TWH, "TWh")
    for month, values in monthly.iterrows():
        out += _with_national("stress_unserved_energy", values / TWH, "TWh", carrier=f"{month:02d}")
    consumption = _weighted(stressed, hourly_by_bus(stressed)[1]).sum()  # loads + sector links, MWh
    share = (annual / consumption.reindex(annual.index)).where(consumption.reindex(annual.index) > 0, 0.0)
    out += rows("stress_unserved_share", share, "fraction")
    out.append(row("stress_unserved_share", "national", "", annual.sum() / consumption.sum(), "fraction"))
    change = annual - unserved_by_month(run).sum().reindex(annual.index, fill_value=0.0)
    out += _with_national("stress_unserved_energy_change", change / TWH, "TWh")
    for case, n in (("run", run), ("stress", stressed)):
        available, generated = hydro_by_province(n)
        out += _with_national("stress_hydro_available", available / TWH, "TWh", carrier=case)
        out += _with_national("stress_hydro_generation", generated / TWH, "TWh", carrier=case)
    cost = stressed.statistics.opex(nice_names=False).sum() - run.statistics.opex(nice_names=False).sum()
    out.append(row("stress_system_cost_change", "national", "", cost / 1e9, "bn CNY"))
    out.append(row("stress_co2_change", "national", "", (co2_by_bus(stressed).sum() - co2_by_bus(run).sum()) / 1e6, "Mt"))
    return check(pd.DataFrame(out, columns=COLUMNS))
