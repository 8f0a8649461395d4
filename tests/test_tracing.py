"""Flow tracing (proportional sharing) on tiny solved networks with hand-computed answers."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pypsa
import pytest

from network.analysis import tracing
from network.analysis.metrics.power import hourly_by_bus
from network.analysis.metrics.summary import summarize, value
from network.analysis.metrics.tracing import metrics_rows as traced_metrics_rows
from network.config.technologies import GREEN_CARRIERS
from network.model.carriers import add_carriers
from tests.conftest import REPO, two_bus_network


def _solve(n: pypsa.Network) -> pypsa.Network:
    status, condition = n.optimize(solver_name="highs", include_objective_constant=False)
    assert (status, condition) == ("ok", "optimal")
    return n


def _network(buses: dict[str, str], hours: int = 1) -> pypsa.Network:
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-01", periods=hours, freq="h"))
    add_carriers(n, {"coal": 0.34})
    for i, (bus, region) in enumerate(buses.items()):
        n.add("Bus", bus, carrier="AC", x=100.0 + 5 * i, y=30.0, region=region)
        n.add("Generator", f"{bus} load shedding", bus=bus, carrier="load shedding", p_nom=1e4, marginal_cost=2e4)
    return n


def _rows(n, result, focus="East") -> pd.DataFrame:
    return pd.DataFrame(traced_metrics_rows(n, n.buses.region, focus, result))


def test_textbook_three_buses_in_a_line():
    """A (wind 100) -> B (coal 50, load 60) -> C (load 90): B mixes 100 wind + 50 coal, so B, C and the
    B -> C flow are 2/3 green; A -> B is all wind."""
    n = _network({"A": "West", "B": "West", "C": "East"})
    n.add("Generator", "A onwind", bus="A", carrier="onwind", p_nom=100.0)
    n.add("Generator", "B coal", bus="B", carrier="coal", p_nom=200.0, marginal_cost=50.0)
    n.add("Load", "B load", bus="B", carrier="AC", p_set=60.0)
    n.add("Load", "C load", bus="C", carrier="AC", p_set=90.0)
    n.add("Link", "A -> B", bus0="A", bus1="B", carrier="AC", p_nom=1000.0, marginal_cost=0.1)
    n.add("Link", "B -> C", bus0="B", bus1="C", carrier="AC", p_nom=1000.0, marginal_cost=0.1)
    result = tracing.trace(_solve(n))
    n.links["uhv_line"], n.links["uhv_type"] = ["", "Line X"], ["", "DC"]  # a named line (issue 3's columns)
    m = _rows(n, result)
    assert value(m, "traced_green_share_of_consumption", "B") == pytest.approx(2 / 3)
    for scope in ("Line X", "UHV lines", "UHV DC lines"):
        assert value(m, "traced_green_share_of_flow", scope) == pytest.approx(2 / 3)
    assert value(m, "traced_flow_energy", "UHV lines") == pytest.approx(90 / 1e6)
    assert value(m, "traced_green_share_of_consumption", "C") == pytest.approx(2 / 3)
    assert value(m, "traced_green_share_of_consumption", "national") == pytest.approx(100 / 150)
    assert value(m, "traced_green_share_of_flow", "A -> B") == pytest.approx(1.0)
    assert value(m, "traced_green_share_of_flow", "B -> C") == pytest.approx(2 / 3)
    assert value(m, "traced_green_share_of_flow", "into East") == pytest.approx(2 / 3)
    assert value(m, "traced_flow_energy", "into East") == pytest.approx(90 / 1e6)
    # West->East: B -> C only (A -> B stays in the West), as west_east_energy
    assert value(m, "traced_green_share_of_flow", "West->East") == pytest.approx(2 / 3)
    assert value(m, "traced_flow_energy", "West->East") == pytest.approx(90 / 1e6)
    origin = tracing.origin_matrix(n, result).set_index(["origin", "destination", "carrier", "use"])["value"] * 1e6
    assert origin[("A", "B", "onwind", "consumption")] == pytest.approx(40.0)
    assert origin[("A", "C", "onwind", "consumption")] == pytest.approx(60.0)
    assert origin[("B", "B", "coal", "consumption")] == pytest.approx(20.0)
    assert origin[("B", "C", "coal", "consumption")] == pytest.approx(30.0)
    assert result.mix[0, list(result.buses).index("B"), list(result.carriers).index("onwind")] == pytest.approx(2 / 3)


def test_lossy_link_losses_carry_the_senders_mix():
    """A (wind 100) sends 100 on a link of efficiency 0.9; B gets 90 wind + 60 coal for its 150 load."""
    n = _network({"A": "West", "B": "East"})
    n.add("Generator", "A onwind", bus="A", carrier="onwind", p_nom=100.0)
    n.add("Generator", "B coal", bus="B", carrier="coal", p_nom=200.0, marginal_cost=50.0)
    n.add("Load", "B load", bus="B", carrier="AC", p_set=150.0)
    n.add("Link", "A -> B", bus0="A", bus1="B", carrier="AC", p_nom=1000.0, efficiency=0.9, marginal_cost=0.1)
    result = tracing.trace(_solve(n))
    m = _rows(n, result)
    assert value(m, "traced_green_share_of_consumption", "B") == pytest.approx(0.6)
    assert value(m, "traced_flow_energy", "into East") == pytest.approx(90 / 1e6)  # delivered
    uses = result.uses[("A", "onwind")]
    assert uses[("consumption", "B")] == pytest.approx(90.0)
    assert uses[("transmission losses", "A")] == pytest.approx(10.0)  # at the sending province
    # national: green consumed = green generated - green losses
    assert tracing.by_carrier(result.uses.loc["consumption"]).sum()["onwind"] == pytest.approx(100.0 - 10.0)


def test_storage_discharge_carries_the_mix_it_was_charged_with():
    """Hour 1: wind 100 + coal 20 (minimum), load 70, battery charges 50 with 5/6 wind.
    Hour 2: no wind; the battery gives 50 x 0.9 x 0.9 = 40.5 (5/6 wind), coal 59.5, load 100."""
    n = _network({"A": "East"}, hours=2)
    n.add("Generator", "A onwind", bus="A", carrier="onwind", p_nom=100.0, p_max_pu=[1.0, 0.0])
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=100.0, p_min_pu=0.2, marginal_cost=100.0)
    n.add("Load", "A load", bus="A", carrier="AC", p_set=[70.0, 100.0])
    n.add("StorageUnit", "A battery", bus="A", carrier="battery", p_nom=50.0, max_hours=2.0, efficiency_store=0.9,
          efficiency_dispatch=0.9, cyclic_state_of_charge=True, marginal_cost=0.5)  # fmt: skip
    result = tracing.trace(_solve(n))
    assert n.storage_units_t.p["A battery"].tolist() == pytest.approx([-50.0, 40.5])
    assert result.storage_mix.loc["A battery", ("A", "onwind")] == pytest.approx(5 / 6)
    green = 70 * 5 / 6 + 40.5 * 5 / 6
    m = _rows(n, result)
    assert value(m, "traced_green_share_of_consumption", "A") == pytest.approx(green / 170)
    uses = result.uses[("A", "onwind")]
    assert uses[("storage losses", "A")] == pytest.approx(9.5 * 5 / 6)
    assert uses.sum() == pytest.approx(100.0)
    # hour 2: the bus mixes 40.5 of storage (5/6 wind) with 59.5 coal
    assert result.mix[1, 0, list(result.carriers).index("onwind")] == pytest.approx(40.5 * 5 / 6 / 100)


def test_natural_inflow_into_storage_is_a_source_of_the_units_carrier():
    """A hydro reservoir (StorageUnit, inflow 40 MW) and coal serve a 50 MW load: 80 % green over the period."""
    n = _network({"A": "East"}, hours=2)
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=100.0, marginal_cost=100.0)
    n.add("Load", "A load", bus="A", carrier="AC", p_set=50.0)
    n.add("StorageUnit", "A reservoir", bus="A", carrier="hydro", p_nom=100.0, max_hours=10.0, inflow=40.0, cyclic_state_of_charge=True)
    result = tracing.trace(_solve(n))
    assert result.generation[("A", "hydro")] == pytest.approx(80.0)
    assert result.storage_mix.loc["A reservoir", ("A", "hydro")] == pytest.approx(1.0)
    assert value(_rows(n, result), "traced_green_share_of_consumption", "A") == pytest.approx(0.8)


def test_no_trade_traced_share_equals_generation_share():
    n = _solve(two_bus_network(link_capacity_mw=0.0))
    m = _rows(n, tracing.trace(n))
    base = summarize(n, focus="East")
    for bus in ("A", "B"):
        assert value(m, "traced_green_share_of_consumption", bus) == pytest.approx(value(base, "green_share_of_generation", bus))
    assert value(m, "traced_green_share_of_consumption", "A") == pytest.approx(0.3)


def _rich_two_bus() -> pypsa.Network:
    """Two-bus network with a lossy link, a battery in A charged by midday solar, and a data-centre link."""
    n = two_bus_network(link_efficiency=0.95)
    n.set_snapshots(pd.date_range("2020-01-01", periods=4, freq="h"))
    n.generators.loc["A solar", "p_nom"] = 150.0
    n.generators_t.p_max_pu["A solar"] = [0.0, 1.0, 1.0, 0.0]
    n.add("StorageUnit", "A battery", bus="A", carrier="battery", p_nom=40.0, max_hours=2.0, efficiency_store=0.92,
          efficiency_dispatch=0.92, cyclic_state_of_charge=True, marginal_cost=0.5)  # fmt: skip
    n.add("Bus", "A dc", carrier="compute")
    n.add("Link", "A data centre", bus0="A", bus1="A dc", carrier="compute", p_nom=100.0)
    n.add("Load", "A compute", bus="A dc", carrier="compute", p_set=20.0)
    return _solve(n)


def test_invariants_on_a_small_solved_network():
    n = _rich_two_bus()
    result = tracing.trace(n)
    m = _rows(n, result)
    shares = m[m.unit == "fraction"].value
    assert ((shares >= 0) & (shares <= 1)).all() and len(shares) > 10
    origin = tracing.origin_matrix(n, result)
    w = n.snapshot_weightings.generators
    # rows: generation by origin and carrier (unserved load as carrier 'unserved')
    gen = n.generators_t.p.mul(w, axis=0).sum().groupby([n.generators.bus, n.generators.carrier.replace({"load shedding": "unserved"})]).sum()
    rows = origin.groupby(["origin", "carrier"]).value.sum() * 1e6
    pd.testing.assert_series_equal(rows, gen[gen > 0].rename_axis(["origin", "carrier"]).rename("value"), rtol=1e-6, check_index_type=False)
    # columns: consumption (loads + sector links) + losses on links sent from it + storage losses there
    consumption = hourly_by_bus(n)[1].mul(w, axis=0).sum()
    sent = n.links_t.p0[["A -> B", "B -> A"]].mul(w, axis=0).sum()
    tx_loss = pd.Series({"A": 0.05 * sent["A -> B"], "B": 0.05 * sent["B -> A"]})
    sto_loss = pd.Series({"A": -n.storage_units_t.p["A battery"].mul(w).sum(), "B": 0.0})
    columns = origin.groupby("destination").value.sum() * 1e6
    assert columns.to_dict() == pytest.approx((consumption + tx_loss + sto_loss).to_dict())
    assert (origin[origin.use == "consumption"].groupby("destination").value.sum() * 1e6).to_dict() == pytest.approx(consumption.to_dict())
    # national: traced green consumption = green generation - green part of transmission and storage losses
    green = origin[origin.carrier.isin(GREEN_CARRIERS)]
    losses = green[green.use != "consumption"].value.sum()
    assert green[green.use == "consumption"].value.sum() == pytest.approx(green.value.sum() - losses)
    assert losses > 0
    assert value(m, "traced_green_share_of_consumption", "national") == pytest.approx(
        green[green.use == "consumption"].value.sum() / origin[origin.use == "consumption"].value.sum()
    )


def test_share_of_sector_links_is_the_mix_of_its_bus():
    n = _rich_two_bus()
    result = tracing.trace(n)
    share = tracing.traced_share_of_links(n, result, ["A data centre"])
    drawn = n.links_t.p0["A data centre"].to_numpy()
    bus_green = result.mix[:, 0, result.carriers.isin(GREEN_CARRIERS)].sum(axis=1)
    assert share["A data centre"] == pytest.approx((drawn * bus_green).sum() / drawn.sum())
    assert 0 < share["A data centre"] < 1
    assert tracing.traced_share_of_links(n, result, ["A data centre"], aggregate=True) == pytest.approx(share["A data centre"])
    with pytest.raises(KeyError, match="unknown links"):
        tracing.traced_share_of_links(n, result, ["nowhere"])


def test_reverse_flow_on_a_lossless_two_way_link():
    n = _network({"A": "East", "B": "West"})
    n.add("Generator", "B hydro", bus="B", carrier="hydro", p_nom=100.0)
    n.add("Generator", "A gas", bus="A", carrier="gas", p_nom=100.0, marginal_cost=400.0)
    n.add("Load", "A load", bus="A", carrier="AC", p_set=80.0)
    n.add("Link", "A - B", bus0="A", bus1="B", carrier="AC", p_nom=60.0, p_min_pu=-1.0)
    m = _rows(n, tracing.trace(_solve(n)))
    assert value(m, "traced_green_share_of_flow", "A - B (reverse)") == pytest.approx(1.0)
    assert value(m, "traced_green_share_of_consumption", "A") == pytest.approx(60 / 80)


def test_unbalanced_network_is_rejected():
    n = _solve(two_bus_network())
    n.loads_t.p["A load"] *= 1.1
    with pytest.raises(tracing.TracingError, match="injections"):
        tracing.trace(n)
    with pytest.raises(tracing.TracingError, match="solve it first"):
        tracing.trace(two_bus_network())


def test_plots_are_written(tmp_path):
    from network.plots.tracing import plot_tracing

    n = _rich_two_bus()
    result = tracing.trace(n)
    paths = plot_tracing(n, _rows(n, result), tracing.origin_matrix(n, result), REPO / "inputs/province_shapes.geojson", tmp_path)
    assert sorted(p.name for p in paths) == ["corridor_green_share.png", "origin_destination.png", "traced_green_share_map.png"]
    for p in paths:  # drawn, not blank: many colours (the PNGs are palette-quantised, so their size says little)
        pixels = plt.imread(p)
        assert len(np.unique(pixels.reshape(-1, pixels.shape[-1]), axis=0)) > 20, p.name
    assert np.isfinite(result.mix).all()
