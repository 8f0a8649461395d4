"""Metrics on a 2-bus network whose answers can be checked by hand (see conftest)."""

import pytest

from network.analysis.metrics.summary import summarize, value
from tests.conftest import two_bus_network


def test_self_sufficiency_and_net_import(solved_two_bus):
    m = summarize(solved_two_bus, focus="East")
    # A: solar 30 + coal 20 local, 50 imported -> 50 / 100
    assert value(m, "self_sufficiency", "A") == pytest.approx(0.5)
    assert value(m, "self_sufficiency", "B") == pytest.approx(2.0)  # 100 generated / 50 consumed
    assert value(m, "self_sufficiency", "East") == pytest.approx(0.5)
    assert value(m, "self_sufficiency_focus_region", "East") == pytest.approx(0.5)
    assert value(m, "net_import", "A") == pytest.approx(50 * 2 / 1e6)  # TWh over 2 h
    assert value(m, "net_import", "B") == pytest.approx(-50 * 2 / 1e6)
    assert value(m, "hours_below_50pct_self_sufficiency", "A") == 0.0
    assert value(m, "self_sufficiency_lowest_hour", "A") == pytest.approx(0.5)


def test_green_share_and_co2(solved_two_bus):
    m = summarize(solved_two_bus, focus="East")
    # generation: solar 30, coal 20, wind 100 -> green 130 / 150
    assert value(m, "green_share_of_generation", "national") == pytest.approx(130 / 150)
    assert value(m, "green_share_of_generation", "A") == pytest.approx(30 / 50)
    assert value(m, "green_share_of_generation", "West") == pytest.approx(1.0)
    # coal 20 MW x 2 h at 0.34 t/MWh_th and efficiency 0.4
    assert value(m, "co2_emissions", "national") == pytest.approx(20 * 2 * 0.34 / 0.4 / 1e6)
    assert value(m, "unserved_energy", "national") == pytest.approx(0.0)


def test_link_utilisation(solved_two_bus):
    m = summarize(solved_two_bus, focus="East")
    assert value(m, "link_full_load_hours", "B -> A") == pytest.approx(2.0)  # at its 50 MW limit both hours
    assert value(m, "pair_utilisation", "A - B") == pytest.approx(1.0)
    assert value(m, "link_hours_at_limit", "B -> A") == pytest.approx(2.0)


def test_losses_lower_imports():
    n = two_bus_network(link_efficiency=0.9)
    n.optimize(solver_name="highs", include_objective_constant=False)
    m = summarize(n, focus="East")
    assert value(m, "net_import", "A") == pytest.approx(45 * 2 / 1e6)
    assert value(m, "transmission_losses", "national") == pytest.approx(5 * 2 / 1e6)
    # A now generates 55 of its 100
    assert value(m, "self_sufficiency", "A") == pytest.approx(0.55)


def test_unserved_energy_is_reported_not_hidden():
    n = two_bus_network()
    n.generators.loc["A coal", "p_nom"] = 0.0  # A: 30 solar + 50 import < 100 load
    n.optimize(solver_name="highs", include_objective_constant=False)
    m = summarize(n, focus="East")
    assert value(m, "unserved_energy", "A") == pytest.approx(20 * 2 / 1e6)
    assert value(m, "self_sufficiency", "A") == pytest.approx(0.3)  # shedding is not local generation
