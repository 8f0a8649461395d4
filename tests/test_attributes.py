"""The model's own attributes are declared once (network/model/attributes.py): every column a built or solved
network carries beyond PyPSA's is in the table, nothing in the table is stale, and docs/attributes.md is generated."""

import shutil

import pandas as pd
import pypsa
import pytest

from network.cli import main
from network.config.planning import PlanningConfig
from network.config.policy import PolicyConfig
from network.config.run import RunConfig
from network.model.attributes import ATTRIBUTES, attributes_doc, custom_columns, declared, is_pypsa_attribute
from network.model.carriers import add_carriers
from network.model.sizing import plan
from tests.conftest import REPO, two_bus_network

# the build step's columns of the probe network below; the brownfield columns of a pathway horizon after the first are
# checked on a network with carried assets in tests/test_brownfield.py
BROWNFIELD = {key for key, a in declared().items() if "pathway horizons" in a.set_by}
BUILD = {key for key, a in declared().items() if "(build" in a.set_by} - BROWNFIELD
SOLVE = {key for key, a in declared().items() if "(solve" in a.set_by}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> pypsa.Network:
    """The real network of a 2030 planning run with water, compute and growing western hubs on (every part of the
    model that writes a column), built at 24 h from the shipped inputs; no solve (about 20 s)."""
    tmp = tmp_path_factory.mktemp("built")
    res, runs = tmp / "res", tmp / "runs"
    shutil.copytree(REPO / "runs", runs, ignore=shutil.ignore_patterns("*/"))
    run = runs / "probe.yaml"
    run.write_text(
        "extends: 2030-plan\ntime: {resolution_hours: 24}\nwater: {enabled: true}\nplanning: {datacentre_max_factor: 1.0}\n"
        "compute: {enabled: true, electricity_source: CAICT, base_year: 2024, subtract_base_year_load: true,"
        " deferrable_share: 0.1, relocatable_share: 0.3}\n"
    )
    inputs = str(REPO / "inputs")
    assert main(["build-inputs", "--inputs", inputs, "--profiles", str(res / "p.nc"), "--provinces", str(res / "prov.csv")]) == 0
    out = tmp / "network.nc"
    assert main(["build-network", "--config", str(REPO / "config.yaml"), "--run", str(run), "--inputs", inputs,
                 "--profiles", str(res / "p.nc"), "--provinces", str(res / "prov.csv"), "--out", str(out)]) == 0  # fmt: skip
    return pypsa.Network(out)


def planned() -> pypsa.Network:
    """Two snapshots standing for a year; an extendable generator, storage unit and link and a CO2 cap, planned
    (sized, fixed, dispatched) as a planning run is: the solve step's columns."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2030-01-01", periods=2, freq="h"))
    n.snapshot_weightings.loc[:, :] = 4380.0
    add_carriers(n, {"coal": 0.34, "gas": 0.2})
    n.add("Bus", ["E", "W"], carrier="AC")
    n.add("Load", "E load", bus="E", carrier="AC", p_set=[100.0, 50.0])
    n.add("Generator", "E coal", bus="E", carrier="coal", p_nom=100.0, marginal_cost=400.0)
    n.add("Generator", "W solar new", bus="W", carrier="solar", p_nom_extendable=True, capital_cost=1e5, p_max_pu=[1.0, 0.0])
    n.add("StorageUnit", "E battery new", bus="E", carrier="battery", p_nom_extendable=True, capital_cost=1e4, max_hours=1.0)
    n.add("Link", "W -> E", bus0="W", bus1="E", carrier="AC", p_nom_extendable=True, capital_cost=1e3)
    cfg = RunConfig(planning=PlanningConfig(enabled=True, sizing_day_stride=1, sizing_solver=None), policy=PolicyConfig(co2_cap_mt=0.05))
    return plan(n, cfg)


def test_the_table_is_well_formed():
    """One row per (component, attribute); only attributes PyPSA does not define; every cell filled but the unit."""
    n = pypsa.Network()
    assert len(declared()) == len(ATTRIBUTES)
    for a in ATTRIBUTES:
        assert n.components[a.component].name == a.component, a
        assert not is_pypsa_attribute(n, a.component, a.attribute), f"{a.component}.{a.attribute} is PyPSA's own"
        assert a.type in ("string", "float", "0/1"), a
        assert a.default and a.description and a.set_by, a
        assert ("(build" in a.set_by) != ("(solve" in a.set_by), a


def test_pypsa_attributes_are_not_custom():
    """Multi-port link columns (bus2, efficiency2) are PyPSA's even though they are absent from its defaults."""
    n = two_bus_network()
    n.add("Link", "multi", bus0="A", bus1="B", bus2="A", efficiency2=0.5)
    assert not {c for c in custom_columns(n) if c[0] == "Link"}
    assert custom_columns(n) == {("Bus", "region")}  # the test network's one custom column


def test_every_column_a_built_network_writes_is_declared_and_none_is_stale(built):
    columns = custom_columns(built)
    assert columns - set(declared()) == set(), "columns the model writes but network/model/attributes.py does not declare"
    assert BUILD - columns == set(), "declared build-step attributes that the probe network does not carry"


def test_declared_types_match_the_columns(built):
    for component, attribute in custom_columns(built):
        a, column = declared()[(component, attribute)], built.components[component].static[attribute]
        numeric = pd.api.types.is_numeric_dtype(column)
        assert numeric == (a.type != "string"), f"{component}.{attribute}: declared {a.type}, column {column.dtype}"


def test_the_solve_step_columns_are_declared():
    n = planned()
    assert n.generators.at["W solar new", "p_nom_built_mw"] > 0  # the sizing built something
    assert pd.notna(n.global_constraints.mu_sizing).all()
    columns = custom_columns(n)
    assert columns - set(declared()) == set()
    assert SOLVE - columns == set(), "declared solve-step attributes that a planned network does not carry"


def test_docs_attributes_md_is_generated():
    """docs/attributes.md is what `python -m network.cli docs` writes (run it after editing the table)."""
    assert (REPO / "docs" / "attributes.md").read_text() == attributes_doc()
    assert all(f"`{a.attribute}`" in attributes_doc() for a in ATTRIBUTES)
