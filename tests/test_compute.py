"""Data-centre hubs with movable compute load: tiny networks with hand-checked answers (issue #4)."""

import copy

import numpy as np
import pandas as pd
import pypsa
import pytest

from network.analysis.metrics.compute import metrics_rows
from network.config.compute import ComputeConfig
from network.config.provinces import NBS_REGIONS, PROVINCES, region_of
from network.data.compute import national_dc_twh
from network.data.tables import InputError
from network.model.carriers import add_carriers
from network.model.compute import add_compute, attach_compute
from network.model.constraints.compute_deferral import add_constraints
from tests.conftest import REPO, compute_tables

REGIONS = pd.Series({"Jiangsu": "East", "Gansu": "West"})


def toy(east_cost=400.0, west_cost=10.0, east_it=200.0, west_it=100.0, hours=2, demand=100.0, water=False, solar=None):
    """3 electricity-side buses: Jiangsu (East, coal), Gansu (West, wind) and one compute demand region YRD.

    Compute demand `demand` MW IT, flat; east hub PUE 1.25, west hub PUE 1.2, WUE 1.8 L/kWh."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-01", periods=hours, freq="h"))
    add_carriers(n, {"coal": 0.34})
    n.add("Bus", "Jiangsu", carrier="AC", x=119.0, y=33.0, region="East")
    n.add("Bus", "Gansu", carrier="AC", x=104.0, y=36.0, region="West")
    n.add("Generator", "Jiangsu coal", bus="Jiangsu", carrier="coal", p_nom=1000, marginal_cost=east_cost, efficiency=0.4)
    n.add("Generator", "Gansu onwind", bus="Gansu", carrier="onwind", p_nom=1000, marginal_cost=west_cost)
    if solar is not None:
        n.add("Generator", "Jiangsu solar", bus="Jiangsu", carrier="solar", p_nom=1000, p_max_pu=solar, marginal_cost=0.0)
    if water:
        n.add("Carrier", "water")
        n.add("Bus", "Jiangsu water", carrier="water")
        n.add("Generator", "Jiangsu water supply", bus="Jiangsu water", carrier="water", p_nom=1e3, marginal_cost=1.0)
    hubs = pd.DataFrame(
        {"province": ["Jiangsu", "Gansu"], "role": ["demand", "supply"], "demand_region": ["YRD", None],
         "it_mw": [east_it, west_it], "pue": [1.25, 1.2], "wue_l_per_kwh": [1.8, 1.8]},
        index=["East hub", "West hub"],
    )  # fmt: skip
    regions = pd.DataFrame({"paired": [["West hub"]]}, index=["YRD"])
    it_demand = pd.DataFrame({"YRD": demand}, index=n.snapshots)
    return n, hubs, regions, it_demand


def solved(n, cfg):
    status, condition = n.optimize(solver_name="highs", include_objective_constant=False,
                                   extra_functionality=lambda n, s: add_constraints(n, s, cfg))  # fmt: skip
    assert (status, condition) == ("ok", "optimal")
    return n


def it_served(n, hub):
    return -n.links_t.p1[f"{hub} data centre"]


def test_relocation_when_eastern_hub_is_capacity_constrained():
    cfg = ComputeConfig(enabled=True, relocatable_share=0.5)
    n, hubs, regions, d = toy(east_cost=100.0, west_cost=300.0, east_it=70.0)  # west dearer: only capacity moves load
    attach_compute(n, hubs, regions, d, cfg)
    solved(n, cfg)
    assert it_served(n, "East hub").to_numpy() == pytest.approx([70, 70])
    assert it_served(n, "West hub").to_numpy() == pytest.approx([30, 30])


def test_relocation_when_eastern_power_is_dearer_and_real_time_stays():
    cfg = ComputeConfig(enabled=True, relocatable_share=0.3, relocation_cost_cny_per_mwh=1.0)
    n, hubs, regions, d = toy(west_it=1000.0)  # west cheap and large: everything allowed moves, nothing more
    attach_compute(n, hubs, regions, d, cfg)
    solved(n, cfg)
    assert it_served(n, "West hub").to_numpy() == pytest.approx([30, 30])
    assert it_served(n, "East hub").to_numpy() == pytest.approx([70, 70])  # real-time 70 % never leaves
    rows = pd.DataFrame(metrics_rows(n, REGIONS)).set_index(["metric", "scope"]).value
    assert rows["compute_share_west_hubs", "national"] == pytest.approx(0.3)
    assert rows["compute_relocated", "YRD"] == pytest.approx(60 / 1e6)
    assert rows["dc_green_share", "west hubs"] == pytest.approx(1.0)
    assert rows["dc_green_share", "East hub"] == pytest.approx(0.0)


def test_real_time_only_never_leaves_region():
    cfg = ComputeConfig(enabled=True)
    n, hubs, regions, d = toy(west_it=1000.0)
    attach_compute(n, hubs, regions, d, cfg)
    solved(n, cfg)
    assert it_served(n, "West hub").abs().max() == pytest.approx(0.0)
    assert not n.links.bus1.str.endswith("relocatable").any()
    assert set(n.links.bus0[n.links.bus1 == "YRD compute"]) == {"East hub compute"}


def test_pue_arithmetic_and_water():
    cfg = ComputeConfig(enabled=True)
    n, hubs, regions, d = toy(water=True)
    attach_compute(n, hubs, regions, d, cfg)
    solved(n, cfg)
    link = "East hub data centre"
    assert n.links_t.p0[link].to_numpy() == pytest.approx([125, 125])  # 100 MW IT x PUE 1.25
    assert n.links_t.p2[link].to_numpy() == pytest.approx([0.225, 0.225])  # 125 MWh x 1.8 m3/MWh = 225 m3
    rows = pd.DataFrame(metrics_rows(n, REGIONS)).set_index(["metric", "scope"]).value
    assert rows["dc_electricity", "national"] == pytest.approx(250 / 1e6)
    assert rows["dc_water", "national"] == pytest.approx(450 / 1e6)
    assert rows["dc_pue_effective", "national"] == pytest.approx(1.25)


def _solar(hours=48):
    idx = pd.date_range("2020-01-01", periods=hours, freq="h")
    return pd.Series(np.where((idx.hour >= 10) & (idx.hour < 14), 1.0, 0.0), index=idx)


def test_deferral_conserves_daily_energy_and_moves_to_cheap_hours():
    cfg = ComputeConfig(enabled=True, deferrable_share=0.5, deferrable_max_factor=2.0)
    n, hubs, regions, d = toy(hours=48, solar=_solar())
    n.generators.loc["Jiangsu solar", "p_nom"] = 200.0
    attach_compute(n, hubs, regions, d, cfg)
    solved(n, cfg)
    served = it_served(n, "East hub")
    daily = served.groupby(served.index.normalize()).sum()
    assert daily.to_numpy() == pytest.approx([2400, 2400])  # daily IT energy conserved
    sunny = served[(served.index.hour >= 10) & (served.index.hour < 14)]
    assert sunny.to_numpy() == pytest.approx(150.0)  # real-time 50 + deferrable up to 2 x 50
    assert served.min() == pytest.approx(50.0)  # real-time never deferred


def test_deferral_is_trivial_at_daily_resolution():
    cfg = ComputeConfig(enabled=True, deferrable_share=0.5)
    n, hubs, regions, d = toy(hours=48, solar=_solar())
    attach_compute(n, hubs, regions, d, cfg)
    n = n.cluster.temporal.resample("24h")
    solved(n, cfg)
    assert n.generators_t.p["YRD compute shift"].abs().max() == pytest.approx(0.0, abs=1e-6)
    assert (-n.links_t.p1["East hub data centre"]).to_numpy() == pytest.approx([100, 100])


def test_shares_must_not_exceed_one():
    with pytest.raises(ValueError, match="> 1"):
        ComputeConfig(enabled=True, deferrable_share=0.6, relocatable_share=0.5)


def _province_network(hours=48):
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-01", periods=hours, freq="h"))
    n.add("Bus", list(PROVINCES), carrier="AC", x=110.0, y=30.0, region=[region_of(NBS_REGIONS)[p] for p in PROVINCES])
    n.add("Load", list(PROVINCES), suffix=" load", bus=list(PROVINCES), carrier="AC",
          p_set=pd.DataFrame(1000.0, index=n.snapshots, columns=[f"{p} load" for p in PROVINCES]))  # fmt: skip
    return n


def test_disabled_leaves_network_unchanged():
    n = _province_network()
    before = copy.deepcopy(n)
    add_compute(n, ComputeConfig(enabled=False, relocatable_share=0.3), *compute_tables(), region_of(NBS_REGIONS), 2030)
    add_constraints(n, n.snapshots, ComputeConfig())
    assert n.equals(before)


def test_shipped_inputs_give_configured_demand_and_subtract_base_load():
    n = _province_network()
    cfg = ComputeConfig(enabled=True, deferrable_share=0.1, relocatable_share=0.3)
    add_compute(n, cfg, *compute_tables(), region_of(NBS_REGIONS), 2030)
    assert national_dc_twh(REPO / "inputs" / "datacentre_electricity.csv", "CAICT", 2030) == pytest.approx(400.0)
    compute_loads = n.loads.index[n.loads.carrier == "compute"]
    it_mwh = n.loads_t.p_set[compute_loads].sum().sum()
    assert it_mwh == pytest.approx(400e6 * (0.265 + 0.253 + 0.135 + 0.05) / 1.25 * 48 / 8760)  # MWh IT in 48 h
    assert n.links.loc["Qingyang data centre", "p_nom"] == pytest.approx(2000 * 1.2)  # 800,000 racks x 2.5 kW x PUE
    assert (n.links.carrier == "data centre").sum() == 12
    assert n.loads_t.p_set["Gansu load"].iloc[0] == 1000.0  # provinces outside demand regions untouched
    beijing = n.loads_t.p_set["Beijing load"].iloc[0]
    assert beijing == pytest.approx(1000.0 * (1 - 140 * 0.265 / (139.65 + 107.96 + 496.15)), rel=1e-4)
    with pytest.raises(InputError, match="no rows"):
        national_dc_twh(REPO / "inputs" / "datacentre_electricity.csv", "nobody", 2030)


def test_plots_written(tmp_path):
    from network.plots.compute import plot_compute

    cfg = ComputeConfig(enabled=True, relocatable_share=0.3)
    n, hubs, regions, d = toy(hours=48, west_it=1000.0)
    attach_compute(n, hubs, regions, d, cfg)
    solved(n, cfg)
    paths = plot_compute(n, pd.DataFrame(metrics_rows(n, REGIONS)), tmp_path)
    assert [p.name for p in paths] == ["compute_moved_west_week.png", "compute_hubs.png"]
    assert all(p.stat().st_size > 0 for p in paths)


def test_traced_green_share_of_hub_electricity():
    """Jiangsu hub draws 125 MW: 50 MW of Gansu wind over the link, 75 MW of Jiangsu coal -> traced 0.4."""
    from network.analysis.tracing import trace

    cfg = ComputeConfig(enabled=True)
    n, hubs, regions, d = toy()
    n.add("Link", "Gansu -> Jiangsu", bus0="Gansu", bus1="Jiangsu", carrier="AC", p_nom=50.0, marginal_cost=0.1)
    attach_compute(n, hubs, regions, d, cfg)
    solved(n, cfg)
    rows = pd.DataFrame(metrics_rows(n, REGIONS, trace(n))).set_index(["metric", "scope"]).value
    assert rows["dc_green_share", "East hub"] == pytest.approx(0.0)  # Jiangsu generates only coal
    assert rows["dc_traced_green_share", "East hub"] == pytest.approx(0.4)
