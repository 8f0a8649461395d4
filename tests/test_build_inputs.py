"""A network built from tables made in memory (no inputs/ folder, no file read): the model takes tables
(network/data/inputs.py BuildInputs) and its configuration, nothing else. Every province has the same small
fleet, so each number below is checked by hand."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from network.config import RunConfig
from network.config.provinces import PROVINCES
from network.config.technologies import parse_technologies
from network.data.files import CHP_COAL_CAPACITY_BY_VINTAGE, CHP_GAS_CAPACITY_BY_VINTAGE, COAL_CAPACITY_BY_VINTAGE, OCGT_CAPACITY_BY_VINTAGE
from network.data.inputs import BuildInputs
from network.model.build import build_network

P = list(PROVINCES)
HOURS = 24
TECHNOLOGIES = [  # carrier, kind, green, non_fossil, variable, fuel, cooling
    ("coal", "generator", 0, 0, 0, "coal", "thermal"), ("gas", "generator", 0, 0, 0, "gas", "thermal"),
    ("biomass", "generator", 1, 1, 0, "table", "recirculating"), ("nuclear", "generator", 0, 1, 0, "table", "nuclear"),
    ("hydro", "generator", 1, 1, 0, "none", ""), ("onwind", "generator", 1, 1, 1, "none", ""),
    ("offwind", "generator", 1, 1, 1, "none", ""), ("solar", "generator", 1, 1, 1, "none", ""),
    ("PHS", "storage", 0, 0, 0, "none", ""), ("battery", "storage", 0, 0, 0, "none", ""),
    ("load shedding", "slack", 0, 0, 0, "none", ""), ("AC", "exchange", 0, 0, 0, "none", ""),
]  # fmt: skip
PER_PROVINCE_MW = {"wind": 100.0, "solar": 200.0, "thermal": 1000.0, "hydro": 100.0, "nuclear": 100.0}
NATIONAL_GW = {"coal": 24.8, "gas": 3.1, "biomass": 0.0, "nuclear": 3.1, "hydro_incl_pumped_storage": 3.1, "pumped_storage": 0.31}


def tables() -> BuildInputs:
    """31 identical provinces: per province wind 100 MW (no offshore), solar 200 MW, thermal 1,000 MW (national coal 24.8 GW and
    gas 3.1 GW: 800 + 100 MW each, the rest 'other thermal'), hydro 100 MW of which PHS 10 MW, nuclear 100 MW, battery 10 MW; 0.024 TWh a year
    over a 24-hour year (1,000 MW every hour); one exchange pair Beijing - Hebei of 500 MW."""
    rows = [dict(zip(["carrier", "kind", "green", "non_fossil", "variable", "fuel", "cooling"], map(str, t)), nice_name=t[0],
                 nice_name_zh=t[0], color="#000000") for t in TECHNOLOGIES]  # fmt: skip
    snapshots = pd.date_range("2023-07-01", periods=HOURS, freq="h")
    flat = lambda value: xr.DataArray(np.full((HOURS, len(P)), value), coords={"snapshot": snapshots, "province": P}, dims=("snapshot", "province"))  # noqa: E731
    vintage = pd.DataFrame({2015: 0.0, 2020: 100.0}, index=P)
    return BuildInputs(
        technologies=parse_technologies(rows, "in memory"),
        profiles=xr.Dataset(
            {
                "demand_shape_mw": flat(1.0),
                "onwind": flat(0.3),
                "solar": flat(0.2),
                "offwind": flat(0.0).rename(province="coastal_province"),
                "hydro": ("snapshot", np.full(HOURS, 0.5)),
            }
        ),  # fmt: skip
        provinces=pd.DataFrame({"x": np.linspace(90, 125, len(P)), "y": 30.0, "name_zh": P}, index=pd.Index(P, name="province")),
        capacity=pd.DataFrame([{"province": p, "technology": t, "year": 2023, "capacity_mw": mw} for p in P for t, mw in PER_PROVINCE_MW.items()]),
        national_capacity=pd.Series(NATIONAL_GW).set_axis(pd.MultiIndex.from_tuples([(t, 2023) for t in NATIONAL_GW], names=["technology", "year"])),
        supplement=pd.DataFrame({"technology": ["offwind", "battery"], "year": 2023, "capacity_gw": [0.0, 0.31], "energy_gwh": [np.nan, 0.62]}),
        offshore_share=pd.Series(1.0, index=P),
        phs_2021=pd.Series(10.0, index=P),
        vintages={
            CHP_COAL_CAPACITY_BY_VINTAGE: vintage * 0,
            COAL_CAPACITY_BY_VINTAGE: vintage,
            CHP_GAS_CAPACITY_BY_VINTAGE: vintage * 0,
            OCGT_CAPACITY_BY_VINTAGE: vintage,
        },  # fmt: skip
        consumption=pd.DataFrame({"province": P, "year": 2023, "consumption_twh": 0.024}),
        technology_parameters=pd.DataFrame(
            {"efficiency": 0.4, "fuel_cost_cny_per_mwh_th": 10.0, "vom_cny_per_mwh": 1.0, "co2_t_per_mwh_th": 0.0, "co2_captured_t_per_mwh_th": 0.0},
            index=pd.Index([t[0] for t in TECHNOLOGIES if t[1] == "generator"], name="carrier"),
        ),
        coal_price=pd.Series(1000.0, index=P),
        exchange=pd.DataFrame({"bus0": ["Beijing"], "bus1": ["Hebei"], "p_nom": [500.0]}),
    )


def test_a_network_builds_from_tables_in_memory():
    cfg = RunConfig.model_validate({
        "scenario": {"year": 2023, "demand": {"statistics_year": 2023}, "capacity": {"statistics_year": 2023}},
        "hydro": {"inflow": "national_profile"}, "transmission": {"named_lines": False},
        "operation": {"full_load_hours": {}}, "costs": {"co2_price_cny_per_t": 0.0}, "time": {"resolution_hours": 1},
    })  # fmt: skip
    n = build_network(cfg, tables())
    assert len(n.snapshots) == HOURS and set(n.buses.index) == set(P)
    assert n.loads_t.p_set.to_numpy() == pytest.approx(1000.0)  # 0.024 TWh over 24 h
    gen = n.generators.p_nom
    assert gen["Jiangsu coal"] == pytest.approx(800.0) and gen["Jiangsu gas"] == pytest.approx(100.0)
    assert gen["Jiangsu onwind"] == pytest.approx(100.0) and gen["Jiangsu solar"] == pytest.approx(200.0)
    assert gen["Jiangsu hydro"] == pytest.approx(90.0) and n.storage_units.p_nom["Jiangsu PHS"] == pytest.approx(10.0)
    assert n.storage_units.p_nom["Jiangsu battery"] == pytest.approx(10.0)
    assert n.storage_units.max_hours["Jiangsu battery"] == pytest.approx(2.0)  # 0.62 GWh / 0.31 GW
    coal_cny_per_mwh_th = 1000.0 / (29.3076 / 3.6)  # CNY/tce over MWh_th per tce
    assert n.generators.marginal_cost["Jiangsu coal"] == pytest.approx(coal_cny_per_mwh_th / 0.4 + 1.0)
    assert n.generators.marginal_cost["Jiangsu nuclear"] == pytest.approx(10.0 / 0.4 + 1.0)  # fuel cost of the table
    assert n.links.p_nom.sum() == pytest.approx(1000.0)  # 500 MW each way
    assert n.generators_t.p_max_pu["Jiangsu onwind"].to_numpy() == pytest.approx(0.3)
    assert n.meta["config"] == cfg.model_dump(mode="json")  # the configuration as given, nothing written into it


def test_candidate_corridors_are_data_not_config():
    """The corridors of the candidates table become lines of the scenario year; the configuration is not rewritten."""
    from network.config.transmission import NewLine, TransmissionConfig
    from network.model.planning import candidate_corridors

    table = pd.DataFrame({"name": ["A-B", "C-D"], "type": "DC", "kv": 800.0, "from_province": [["Gansu"], ["Ningxia"]],
                          "to_province": [["Hunan"], ["Hubei"]], "capacity_gw": 8.0, "length_km": [1000.0, np.nan]})  # fmt: skip
    cfg = TransmissionConfig(add_lines=[NewLine(name="C-D", from_province=["Ningxia"], to_province=["Hubei"], capacity_gw=4, year_in_service=2028)])
    before = cfg.model_dump()
    lines = candidate_corridors(table, cfg, 2030)
    assert [(line.name, line.year_in_service, line.capacity_gw) for line in lines] == [("A-B", 2030, 8.0)]  # C-D: add_lines has it
    assert cfg.model_dump() == before
