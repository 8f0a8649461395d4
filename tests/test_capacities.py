"""Provincial capacities reconcile to the national statistics of the year."""

import pytest

from network.config import RunConfig
from network.data.statistics import read_national_capacity
from network.model.build import FleetStatistics, scenario_capacity
from network.model.capacities import scale_to_targets
from tests.conftest import REPO, shipped_inputs


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024])
def test_capacities_sum_to_national_totals(year):
    cfg = RunConfig.model_validate({"scenario": {"year": year, "capacity": {"statistics_year": year}}})
    cap = scenario_capacity(cfg, FleetStatistics(shipped_inputs()))
    national = read_national_capacity(REPO / "inputs" / "national_capacity.csv")
    gw = cap.sum() / 1000
    assert gw["solar"] == pytest.approx(national[("solar", year)], rel=1e-3)  # provincial sums, within 0.03 %
    for tech in ("coal", "gas", "biomass", "nuclear", "pumped_storage"):
        key = "PHS" if tech == "pumped_storage" else tech
        assert gw[key] == pytest.approx(national[(tech, year)], rel=1e-6), tech
    assert gw["onwind"] + gw["offwind"] == pytest.approx(national[("wind", year)], rel=0.06)  # 2024: November provinces
    assert gw["hydro"] + gw["PHS"] == pytest.approx(national[("hydro_incl_pumped_storage", year)], rel=1e-6)
    assert (cap >= 0).all().all()
    assert cap.loc["Beijing", "gas"] > cap.loc["Beijing", "coal"]  # Beijing's thermal fleet is gas


def test_targets_scale_national_sums_and_keep_shares():
    cfg = RunConfig.model_validate({"scenario": {"capacity": {"statistics_year": 2023}}})
    cap = scenario_capacity(cfg, FleetStatistics(shipped_inputs()))
    scaled = scale_to_targets(cap, {"solar": 1000.0})
    assert scaled["solar"].sum() == pytest.approx(1e6)
    assert (scaled["solar"] / scaled["solar"].sum()).equals(cap["solar"] / cap["solar"].sum()) or (
        (scaled["solar"] / scaled["solar"].sum()) - (cap["solar"] / cap["solar"].sum())
    ).abs().max() < 1e-12
    assert scaled["coal"].equals(cap["coal"])


def test_provincial_additions_land_in_the_named_province():
    base = RunConfig.model_validate({"scenario": {"capacity": {"statistics_year": 2023}}})
    more = RunConfig.model_validate({"scenario": {"capacity": {"statistics_year": 2023, "provincial_additions_gw": {"solar": {"Zhejiang": 10}}}}})
    a, b = scenario_capacity(base, FleetStatistics(shipped_inputs())), scenario_capacity(more, FleetStatistics(shipped_inputs()))
    assert b.loc["Zhejiang", "solar"] - a.loc["Zhejiang", "solar"] == pytest.approx(10_000)
    assert b["solar"].sum() - a["solar"].sum() == pytest.approx(10_000)
