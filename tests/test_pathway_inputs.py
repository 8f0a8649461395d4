"""Pathway inputs and the `pathway:` config section: the shipped trajectories and cost tables read as documented
(docs/pathways.md), bad rows are one-line errors naming file, row and field, bad config keys are named."""

import pandas as pd
import pytest
import yaml

from network.config import ConfigError, load_run_config
from network.config.pathway import LIFETIME_YEARS, TRANSMISSION, PathwayConfig
from network.data import files
from network.data.pathway import anchored_trajectory, cost_lifetimes, demand_trajectory, read_demand_trajectory, read_horizon_costs
from network.data.planning import read_planning_options
from network.data.statistics import read_consumption_table
from network.data.tables import InputError
from tests.conftest import REPO

INPUTS = REPO / "inputs"


def test_shipped_demand_trajectories_as_documented():
    pik = read_demand_trajectory(INPUTS / files.DEMAND_TRAJECTORY["pik"], "pik")
    thu = read_demand_trajectory(INPUTS / files.DEMAND_TRAJECTORY["thu"], "thu")
    assert pik.shape == thu.shape == (31, 9)
    consumption = pd.read_csv(INPUTS / files.CONSUMPTION_BY_PROVINCE)
    actual_2024 = consumption[consumption.year == 2024].set_index("province").consumption_twh
    assert pik[2025].sum() == pytest.approx(actual_2024.sum(), abs=1.0)  # PIK's 2025 column: NBS 2024 actuals, 9,849 TWh
    assert thu[2025].sum() == pytest.approx(8590.0, abs=1.0)
    assert pik.drop(columns=2025).round(3).equals(thu.drop(columns=2025).round(3))  # the same projection otherwise
    assert pik[2060].sum() == pytest.approx(16301.0, abs=1.0)


def test_anchored_trajectory_is_the_actual_grown_by_the_projection():
    """Two made-up provinces: A consumed 110 TWh in 2024 and its projection goes 100 -> 150 -> 200 (2025, 2030, 2040),
    so 110, 165, 220; B consumed 40 against a projected 50 -> 50 -> 25, so 40, 40, 20. The 2020 column of the projection
    is dropped (before the actuals), the 2024 column is the actual."""
    projection = pd.DataFrame({2020: [80.0, 45.0], 2025: [100.0, 50.0], 2030: [150.0, 50.0], 2040: [200.0, 25.0]}, index=["A", "B"])
    out = anchored_trajectory(pd.Series({"A": 110.0, "B": 40.0}), projection, 2024, 2025)
    assert list(out.columns) == [2024, 2025, 2030, 2040]
    assert out.loc["A"].tolist() == pytest.approx([110.0, 110.0, 165.0, 220.0])
    assert out.loc["B"].tolist() == pytest.approx([40.0, 40.0, 40.0, 20.0])
    with pytest.raises(InputError, match=r"no actual 2024 consumption for province\(s\) \['B'\]"):
        anchored_trajectory(pd.Series({"A": 110.0}), projection, 2024, 2025)
    no_base = projection.copy()
    no_base.loc["B", 2025] = 0.0
    with pytest.raises(InputError, match=r"field '2025': 'B' is 0 TWh, need > 0"):
        anchored_trajectory(pd.Series({"A": 110.0, "B": 40.0}), no_base, 2024, 2025)


def test_shipped_anchored_trajectory_as_documented():
    """anchored: the 2024 actuals (9,849 TWh) in 2024 and 2025, THU's provincial growth after (docs/pathways.md)."""
    consumption = read_consumption_table(INPUTS / files.CONSUMPTION_BY_PROVINCE)
    anchored = demand_trajectory(INPUTS / files.DEMAND_TRAJECTORY["anchored"], "anchored", consumption)
    thu = read_demand_trajectory(INPUTS / files.DEMAND_TRAJECTORY["thu"], "thu")
    assert list(anchored.columns) == [2024, 2025, 2030, 2035, 2040, 2045, 2050, 2055, 2060]
    assert anchored[2025].sum() == pytest.approx(9849.0, abs=1.0) and anchored[2024].equals(anchored[2025])
    assert (anchored[2060] / anchored[2025]).round(9).equals((thu[2060] / thu[2025]).round(9))
    assert [round(anchored[y].sum()) for y in (2030, 2035, 2060)] == [11105, 12387, 18614]


def test_cost_tables_of_every_horizon_have_the_rows_of_2030_and_the_lifetime_defaults():
    reference = read_horizon_costs(INPUTS / files.planning_costs_file(2030), 2030)
    for year in files.PATHWAY_COST_YEARS:
        costs = read_horizon_costs(INPUTS / files.planning_costs_file(year), year)
        assert costs.index.equals(reference.index), year
    lifetimes = cost_lifetimes(reference)
    options = read_planning_options(INPUTS / files.PLANNING_OPTIONS)
    for option, technologies in options.cost_technology.items():
        row = "battery storage" if option == "battery" else technologies[0]
        assert LIFETIME_YEARS[option] == lifetimes[row], option
    assert LIFETIME_YEARS[TRANSMISSION] == lifetimes["HVDC overhead"] == lifetimes["HVAC overhead"]


def _copy(tmp_path, name, edit):
    lines = (INPUTS / name).read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / name
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


def _replace(line_no, old, new):
    def edit(lines):
        assert old in lines[line_no - 1]
        lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
        return lines

    return edit


DEMAND_CASES = {
    "unknown province": ("pik", _replace(2, "Anhui", "Anhwei"), ("line 2 (Anhwei)", "'province'", "unknown province(s) ['Anhwei']")),
    "duplicate row": ("pik", lambda lines: lines + [lines[1]], ("line 2 and line 33", "duplicate row for province=Anhui")),
    "text in a number": ("pik", _replace(3, "138940000", "138940 GWh"), ("line 3 (Beijing)", "field '2025'", "is not a number")),
    "missing value": ("thu", _replace(4, "1387.124527", ""), ("line 4 (Chongqing)", "field '2025'", "missing value")),
    "negative value": ("thu", _replace(4, "1387.124527", "-1387.1"), ("line 4 (Chongqing)", "field '2025'", "negative value")),
    "year header": ("pik", _replace(1, "2030", "2030e"), ("line 1", "field '2030e'", "not a year")),
    "missing province": ("pik", lambda lines: lines[:2] + lines[3:], ("field 'province'", "missing row(s)", "'Beijing'")),
}


@pytest.mark.parametrize("case", list(DEMAND_CASES))
def test_bad_demand_trajectory_is_one_clear_line(case, tmp_path):
    source, edit, expected = DEMAND_CASES[case]
    path = _copy(tmp_path, files.DEMAND_TRAJECTORY[source], edit)
    with pytest.raises(InputError) as err:
        read_demand_trajectory(path, source)
    message = str(err.value)
    assert "\n" not in message and message.startswith(str(path))
    positions = [message.find(fragment) for fragment in expected]
    assert -1 not in positions and positions == sorted(positions), message


def test_a_trajectory_read_in_the_wrong_unit_is_refused():
    with pytest.raises(InputError, match=r"demand_trajectory_thu\.csv: field '2020': national total 0 TWh .*a unit error"):
        read_demand_trajectory(INPUTS / files.DEMAND_TRAJECTORY["thu"], "pik")


def test_bad_cost_table_is_one_clear_line(tmp_path):
    name = files.planning_costs_file(2040)
    wrong_year = _copy(tmp_path, name, _replace(5, ",2040,", ",2045,"))
    with pytest.raises(InputError, match=r"planning_costs_2040\.csv: line 5 \(CCGT, c_v\): field 'year': 2045 is not the horizon 2040"):
        read_horizon_costs(wrong_year, 2040)
    text = _copy(tmp_path, name, _replace(2, ",3.3,", ",3.3%,"))
    with pytest.raises(InputError, match=r"line 2 \(CCGT, FOM\): field 'value': '3.3%' is not a number"):
        read_horizon_costs(text, 2040)
    twice = _copy(tmp_path, name, lambda lines: lines + [lines[1]])
    last = len((INPUTS / name).read_text(encoding="utf-8-sig").splitlines()) + 1  # the appended copy, after the header and every row
    with pytest.raises(InputError, match=rf"line 2 and line {last}: duplicate row for technology=CCGT, parameter=FOM"):
        read_horizon_costs(twice, 2040)


def test_pathway_defaults_cover_every_horizon():
    cfg = PathwayConfig()
    assert cfg.horizons == [2025, 2030, 2035, 2040, 2045, 2050, 2055, 2060]
    assert set(cfg.co2_cap_mt) == set(cfg.co2_price_cny_per_t) == set(cfg.horizons)
    caps = [cfg.co2_cap_mt[h] for h in cfg.horizons]
    assert caps == sorted(caps, reverse=True) and caps[-1] <= 0.05 * caps[0]  # to near zero by 2060


BAD_PATHWAYS = {
    "not increasing": ({"horizons": [2030, 2025]}, r"pathway\.horizons.*strictly increasing"),
    "beyond the data": ({"horizons": [2030, 2065]}, r"pathway\.horizons.*\[2065\]: outside 2024-2060"),
    "cap gap": ({"horizons": [2025, 2028]}, r"co2_cap_mt: no value for horizon\(s\) \[2028\]"),
    "price gap": ({"co2_limit": "price", "horizons": [2025, 2027]}, r"co2_price_cny_per_t: no value for horizon\(s\) \[2027\]"),
    "unknown source": ({"demand_source": "ndrc"}, r"pathway\.demand_source.*'anchored', 'pik' or 'thu'"),
    "national demand": ({"demand_national_twh": {2030: 0}}, r"demand_national_twh: \{2030: 0(\.0)?\}: national demand in TWh, > 0"),
    "floor horizon": ({"self_sufficiency_floor": {2033: 0.8}}, r"self_sufficiency_floor: horizon\(s\) \[2033\] not in horizons"),
}


@pytest.mark.parametrize("case", list(BAD_PATHWAYS))
def test_bad_pathway_config_is_named(case, tmp_path):
    section, pattern = BAD_PATHWAYS[case]
    run = tmp_path / "bad.yaml"
    run.write_text(yaml.safe_dump({"pathway": section}))
    with pytest.raises(ConfigError, match=pattern):
        load_run_config(REPO / "config.yaml", run)


def test_an_unknown_lifetime_is_named_when_the_tables_are_loaded(tmp_path):
    """Lifetimes name planning options (a table, data): checked with the other names when a step loads its inputs."""
    from network.config.names import check_names
    from tests.conftest import shipped_inputs

    run = tmp_path / "bad.yaml"
    run.write_text(yaml.safe_dump({"pathway": {"lifetime_years": {"onwnd": 30}}}))
    cfg = load_run_config(REPO / "config.yaml", run)
    with pytest.raises(ConfigError, match=r"pathway.lifetime_years: unknown technology 'onwnd'"):
        check_names(cfg, [], shipped_inputs().planning_options.index)


def test_an_unknown_carrier_of_a_capacity_floor_is_named(tmp_path):
    from network.config.names import check_names
    from network.config.technologies import BUILDABLE
    from tests.conftest import shipped_inputs

    run = tmp_path / "bad.yaml"
    run.write_text(yaml.safe_dump({"pathway": {"capacity_min_gw": {2035: {"onwind+solr": 3600}}}}))
    cfg = load_run_config(REPO / "config.yaml", run)
    with pytest.raises(ConfigError, match=r"pathway.capacity_min_gw: unknown technology 'solr'.*solar"):
        check_names(cfg, BUILDABLE, shipped_inputs().planning_options.index)
    run.write_text(yaml.safe_dump({"pathway": {"non_fossil_share_min": {2030: 25}}}))
    with pytest.raises(ConfigError, match=r"non_fossil_share_min: \{2030: 25.*fraction"):
        load_run_config(REPO / "config.yaml", run)
    run.write_text(yaml.safe_dump({"pathway": {"capacity_min_gw": {2035: {"onwind+solar": -1}}}}))
    with pytest.raises(ConfigError, match=r"capacity_min_gw: \{2035: \{'onwind\+solar': -1.*GW, >= 0"):
        load_run_config(REPO / "config.yaml", run)
    run.write_text(yaml.safe_dump({"pathway": {"build_rate_gw_per_year": {2030: {"solar+batery": 300}}}}))
    with pytest.raises(ConfigError, match=r"pathway.build_rate_gw_per_year: unknown technology 'batery'.*battery"):
        check_names(load_run_config(REPO / "config.yaml", run), BUILDABLE, shipped_inputs().planning_options.index)
    run.write_text(yaml.safe_dump({"pathway": {"build_rate_gw_per_year": {2030: {"solar": -5}}}}))
    with pytest.raises(ConfigError, match=r"build_rate_gw_per_year: \{2030: \{'solar': -5.*GW, >= 0"):
        load_run_config(REPO / "config.yaml", run)


def test_a_rising_eastern_floor_is_accepted(tmp_path):
    run = tmp_path / "ok.yaml"
    run.write_text(yaml.safe_dump({"pathway": {"self_sufficiency_floor": {2030: 0.8, 2045: 0.85, 2060: 0.9}, "demand_source": "thu"}}))
    cfg = load_run_config(REPO / "config.yaml", run)
    assert cfg.pathway.self_sufficiency_floor[2060] == 0.9 and cfg.pathway.demand_source == "thu"


def test_horizon_config_applies_the_trajectories():
    from network.config.horizon import cost_year, horizon_config

    run = REPO / "runs" / "2030-plan.yaml"
    base = load_run_config(REPO / "config.yaml", run)
    cfg = horizon_config(base, 2040)
    assert (cfg.scenario.year, cfg.planning.enabled, cfg.planning.cost_year) == (2040, True, 2040)
    assert cfg.policy.co2_cap_mt == 3000.0 and cfg.costs.co2_price_cny_per_t == base.costs.co2_price_cny_per_t
    assert cfg.planning.retire_after_years == {**base.planning.retire_after_years, "coal": 40.0, "gas": 25.0}
    floors = base.pathway.model_copy(update={"co2_limit": "price", "self_sufficiency_floor": {2030: 0.8, 2050: 0.9}})
    cfg = horizon_config(base.model_copy(update={"pathway": floors}), 2040)
    assert cfg.policy.co2_cap_mt is None and cfg.costs.co2_price_cny_per_t == 500.0
    assert cfg.policy.self_sufficiency_floor == pytest.approx(0.85)  # linear between 2030 (0.8) and 2050 (0.9)
    assert horizon_config(base.model_copy(update={"pathway": floors}), 2060).policy.self_sufficiency_floor == 0.9
    assert horizon_config(base.model_copy(update={"pathway": floors}), 2025).policy.self_sufficiency_floor == base.policy.self_sufficiency_floor
    assert cost_year(2024) == 2025 and cost_year(2041) == 2040
    with pytest.raises(ValueError, match=r"horizon 2042 is not one of pathway.horizons"):
        horizon_config(base, 2042)
