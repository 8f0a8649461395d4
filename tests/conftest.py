"""Shared fixtures: tiny synthetic networks with hand-checkable answers."""

from pathlib import Path

import pytest

try:
    import pandas as pd
    import pypsa

    import network  # noqa: F401  (sets PyPSA options)
    from network.model.carriers import add_carriers
except ModuleNotFoundError as missing:  # pytest outside the project's environment: say what to do, in one line
    raise pytest.UsageError(f'{missing}: install the project with its test extra first: pip install -e ".[test]"') from None

REPO = Path(__file__).resolve().parents[1]


def two_bus_network(link_capacity_mw: float = 50.0, link_efficiency: float = 1.0) -> pypsa.Network:
    """East bus A (load 100 MW, solar 30 MW, coal 100 MW) and West bus B (load 50 MW, wind 200 MW).

    Cheapest dispatch: wind serves B (50) and exports up to the link capacity to A; A's solar
    runs at 30; coal fills the rest. Two snapshots of 1 h each.
    """
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2020-01-01", periods=2, freq="h"))
    add_carriers(n, {"coal": 0.34})
    n.add("Bus", "A", carrier="AC", x=120.0, y=31.0, region="East")
    n.add("Bus", "B", carrier="AC", x=90.0, y=40.0, region="West")
    n.add("Load", "A load", bus="A", carrier="AC", p_set=100.0)
    n.add("Load", "B load", bus="B", carrier="AC", p_set=50.0)
    n.add("Generator", "A solar", bus="A", carrier="solar", p_nom=30.0, marginal_cost=0.1)
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=100.0, marginal_cost=300.0, efficiency=0.4)
    n.add("Generator", "B onwind", bus="B", carrier="onwind", p_nom=200.0, marginal_cost=0.2)
    n.add("Generator", "A load shedding", bus="A", carrier="load shedding", p_nom=1e6, marginal_cost=20000.0)
    n.add("Generator", "B load shedding", bus="B", carrier="load shedding", p_nom=1e6, marginal_cost=20000.0)
    n.add("Link", "B -> A", bus0="B", bus1="A", carrier="AC", p_nom=link_capacity_mw, efficiency=link_efficiency, marginal_cost=0.1)
    n.add("Link", "A -> B", bus0="A", bus1="B", carrier="AC", p_nom=link_capacity_mw, efficiency=link_efficiency, marginal_cost=0.1)
    return n


@pytest.fixture
def solved_two_bus() -> pypsa.Network:
    n = two_bus_network()
    status, condition = n.optimize(solver_name="highs", include_objective_constant=False)
    assert (status, condition) == ("ok", "optimal")
    return n


@pytest.fixture(scope="session")
def _shipped_vocabulary():
    """The naming tables of the shipped inputs/ (read once): the technology table, figure texts, provinces' Chinese names."""
    from network.data.vocabulary import read_names_zh, read_plot_text, read_province_names_zh, read_technologies

    return (read_technologies(REPO / "inputs" / "technologies.csv"), read_plot_text(REPO / "inputs" / "plot_text.csv"),
            read_province_names_zh(REPO / "inputs" / "province_shapes.geojson"), read_names_zh(REPO / "inputs"))  # fmt: skip


@pytest.fixture(autouse=True)
def _vocabulary(_shipped_vocabulary):
    """Installed before every test as `python -m network.cli` installs them for each step, so a test that installs
    other tables (a table made in memory) leaves none behind for the next."""
    from network.config.technologies import use_technologies
    from network.plots.language import use_names, use_texts

    technologies, texts, names_zh, names = _shipped_vocabulary
    use_technologies(technologies)
    use_texts(texts, names_zh)
    use_names(names)


def add_transmission_from(n: pypsa.Network, cfg, inputs: Path, provinces: pd.DataFrame, year: int) -> None:
    """add_transmission with the tables of an inputs folder (tariffs only where the folder has them)."""
    from network.data.grid import read_exchange_capacity, read_uhv_lines, read_uhv_tariffs
    from network.model.transmission import add_transmission

    tariffs = read_uhv_tariffs(inputs / "uhv_tariffs.csv") if (inputs / "uhv_tariffs.csv").exists() else None
    edges, lines = read_exchange_capacity(inputs / "exchange_capacity_current.csv"), read_uhv_lines(inputs / "uhv_lines.csv")
    add_transmission(n, cfg, edges, lines, tariffs, provinces, year)


_SHIPPED: dict = {}


def shipped_inputs():
    """BuildInputs of the shipped inputs/ (read once per test session), without the resources of build_inputs."""
    from network.data.inputs import BuildInputs, read_tables

    if "data" not in _SHIPPED:
        _SHIPPED["data"] = BuildInputs(**read_tables(REPO / "inputs"), profiles=None, provinces=None)
    return _SHIPPED["data"]


def compute_tables() -> tuple:
    """The tables add_compute takes, of the shipped inputs/: hubs, demand regions, data-centre electricity, consumption."""
    d = shipped_inputs()
    return d.hubs, d.demand_regions, d.dc_electricity, d.consumption


def water_tables() -> tuple:
    """The tables add_water takes, of the shipped inputs/."""
    d = shipped_inputs()
    return d.industrial_water, d.national_water, d.water_factors, d.cooling_mix, d.transfers
