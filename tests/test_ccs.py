"""Gas with carbon capture (planning option `gas CCS`): its costs from the shipped cost rows and technology parameters,
by hand, and a CO2 cap met by capture at the price of abatement computed by hand."""

import pandas as pd
import pypsa
import pytest

from network.config.costs import CostConfig
from network.config.planning import PlanningConfig
from network.config.policy import PolicyConfig
from network.config.provinces import PROVINCES
from network.config.run import RunConfig
from network.data.planning import read_planning_costs, read_planning_options, read_planning_potentials
from network.data.statistics import read_technology_parameters
from network.data.tables import InputError
from network.model.carriers import add_carriers
from network.model.constraints.policy import CO2_CAP
from network.model.operation import marginal_costs
from network.model.planning import add_expansion, annuity, option_capital_cost
from network.model.sizing import plan

INPUTS = __import__("pathlib").Path(__file__).resolve().parents[1] / "inputs"
FUEL = 2.8 / 9.89 * 1000  # gas at the default 2.8 CNY/m3, CNY/MWh_th
CAPTURED = 0.19 / 0.56  # t CO2 captured per MWh of output (technology_parameters.csv)
# 2050 cost rows, CNY per MW and year: CCGT 800 EUR/kW (FOM 3.25 %, 25 a); capture unit 2 M EUR per t CO2/h (FOM 3 %, 25 a)
CCGT = 800 * 7.66e3 * (annuity(0.07, 25) + 0.0325)
CAPTURE = 2_000_000 * 7.66 * CAPTURED * (annuity(0.07, 25) + 0.03)


def tables():
    costs = read_planning_costs(INPUTS / "planning_costs_2050.csv")
    options = read_planning_options(INPUTS / "planning_options.csv")
    params = read_technology_parameters(INPUTS / "technology_parameters.csv")
    return costs, options, params


def test_gas_ccs_pays_the_plant_the_capture_unit_and_the_storage_of_what_it_captures():
    costs, options, params = tables()
    cfg = PlanningConfig(enabled=True, cost_year=2050)
    assert option_capital_cost(options.loc["gas CCS"], costs, cfg, 1.0, CAPTURED) == pytest.approx(CCGT + CAPTURE)
    assert round((CCGT + CAPTURE) / 1e3) == 1_327  # CNY per kW and year, against 725 for gas alone
    with pytest.raises(InputError, match="row 'biomass CHP capture': a capture unit .* captures no CO2"):
        option_capital_cost(options.loc["gas CCS"], costs, cfg, 1.0)
    cost, eff, co2 = marginal_costs(CostConfig(co2_price_cny_per_t=100.0), params, pd.Series(1000.0, index=list(PROVINCES)))
    assert eff["gas CCS"] == 0.56 and co2["gas CCS"] == 0.01
    # fuel, 100 CNY/t on the 0.01 t/MWh_th emitted, 230 CNY/t to transport and store the 0.19 t captured; VOM 31
    assert cost.at["Shanghai", "gas CCS"] == pytest.approx((FUEL + 100 * 0.01 + 230 * 0.19) / 0.56 + 31)
    assert cost.at["Shanghai", "gas"] == pytest.approx((FUEL + 100 * 0.2) / 0.5 + 34)


def test_a_co2_cap_is_met_by_capture_at_the_price_of_abatement():
    """One bus, a flat 100 MW load for a year; options gas and gas CCS at their 2050 costs (add_expansion). A MW of
    gas emits 8760 x 0.2 / 0.5 = 3,504 t a year, a MW of gas CCS 8760 x 0.01 / 0.56 = 156.4 t. With a cap of 100 MW x
    156.4 t + 40 MW x (3,504 - 156.4) t, the plan keeps 40 MW of gas and captures on 60 MW, and the cap's price is what
    a MW of capture costs more a year over the t it avoids: (capital + 8760 x marginal cost, CCS - gas) / 3,347.6 t."""
    costs, options, params = tables()
    cost, eff, co2 = marginal_costs(CostConfig(), params, pd.Series(1000.0, index=list(PROVINCES)))
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2050-01-01", periods=2, freq="h"))
    n.snapshot_weightings.loc[:, :] = 4380.0
    add_carriers(n, co2)
    n.add("Bus", "Shanghai", carrier="AC", region="East", province="Shanghai", role="electricity")
    n.add("Load", "Shanghai load", bus="Shanghai", carrier="AC", p_set=100.0)
    n.add("Generator", "Shanghai load shedding", bus="Shanghai", carrier="load shedding", p_nom=1e3, marginal_cost=20000.0)
    emits = {"gas": 8760 * 0.2 / 0.5, "gas CCS": 8760 * 0.01 / 0.56}  # t per MW of output and year
    cap_t = 100 * emits["gas CCS"] + 40 * (emits["gas"] - emits["gas CCS"])
    cfg = RunConfig(planning=PlanningConfig(enabled=True, cost_year=2050, options=["gas", "gas CCS"], sizing_day_stride=1, sizing_solver=None),
                    policy=PolicyConfig(co2_cap_mt=cap_t / 1e6))  # fmt: skip
    potentials = read_planning_potentials(INPUTS / "planning_potentials.csv", options.index)
    captured = (params.co2_captured_t_per_mwh_th / params.efficiency).to_dict()
    added = add_expansion(n, cfg, options, costs, potentials, pd.DataFrame({"gas": [0.0]}, index=["Shanghai"]), cost, eff, {}, captured)
    assert added.at["Shanghai gas CCS new", "capital_cost"] == pytest.approx(CCGT + CAPTURE)
    assert added.at["Shanghai gas new", "capital_cost"] == pytest.approx(CCGT)
    n = plan(n, cfg)
    built = n.generators.p_nom
    assert built["Shanghai gas new"] == pytest.approx(40.0, rel=1e-5) and built["Shanghai gas CCS new"] == pytest.approx(60.0, rel=1e-5)
    per_mw = {c: added.at[f"Shanghai {c} new", "capital_cost"] + 8760 * cost.at["Shanghai", c] for c in ("gas", "gas CCS")}
    price = (per_mw["gas CCS"] - per_mw["gas"]) / (emits["gas"] - emits["gas CCS"])
    assert -n.global_constraints.at[CO2_CAP, "mu_sizing"] == pytest.approx(price, rel=1e-5)
    assert 150 < price < 300  # CNY/t: capture is cheap abatement against unabated gas
    assert n.generators_t.p["Shanghai load shedding"].sum() == pytest.approx(0.0, abs=1e-6)
