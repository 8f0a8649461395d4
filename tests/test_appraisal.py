"""The corridor appraisal: the value of a candidate line (the dual of its rating in the sizing LP) against a hand
computation and a re-solve, its metrics, the plan comparison table and the figures."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pypsa
import pytest

from network.config.planning import PlanningConfig
from network.config.run import RunConfig
from network.config.solver import SolverConfig
from network.model.capacity_value import COLUMN
from network.model.carriers import add_carriers
from network.model.sizing import plan
from tests.conftest import REPO

YEAR_H = 8760.0
CHEAP, DEAR = 10.0, 100.0  # CNY/MWh at A and C
LINE_COST = 1e5  # CNY/MW/a, annualised cost of the candidate A-C
PEAK, LOW = 1000.0, 400.0  # MW load at C, each half of the year
EXISTING = 200.0  # MW, the path A -> B -> C in place
RATING = 300.0  # MW, the candidate's rating


def three_bus(rating: float = RATING) -> pypsa.Network:
    """A (cheap coal) -> B -> C (dear gas, the load) over 200 MW in place, and the candidate line A -> C of `rating` MW.

    Peak half-year (1000 MW): 200 MW come over B, the candidate runs at its rating, gas sets C's price at 100 CNY/MWh.
    Low half-year (400 MW): 200 over B, 200 over the candidate (below its rating): C's price is A's, 10 CNY/MWh.
    One more MW of rating replaces 1 MWh of gas by coal in each of the 4380 peak hours: saves 90 x 4380 = 394,200
    CNY/a and costs 100,000 CNY/a; value = 294,200 CNY/MW/a."""
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2030-01-01", periods=2, freq="h"))
    n.snapshot_weightings.loc[:, :] = YEAR_H / 2
    add_carriers(n, {"coal": 0.34, "gas": 0.2})
    for bus, province in zip("ABC", ("InnerMongolia", "Hebei", "Beijing")):
        n.add("Bus", bus, carrier="AC", province=province, role="electricity")
    n.add("Load", "C load", bus="C", carrier="AC", p_set=pd.Series([PEAK, LOW], n.snapshots))
    n.add("Generator", "A coal", bus="A", carrier="coal", p_nom=2000.0, marginal_cost=CHEAP)
    n.add("Generator", "C gas", bus="C", carrier="gas", p_nom=2000.0, marginal_cost=DEAR)
    n.add("Link", "A -> B", bus0="A", bus1="B", carrier="AC", p_nom=1000.0)
    n.add("Link", "B -> C", bus0="B", bus1="C", carrier="AC", p_nom=EXISTING)
    n.add("Link", "UHV A-C [A -> C]", bus0="A", bus1="C", carrier="AC", p_nom_extendable=True, p_nom_max=rating, capital_cost=LINE_COST,
          planning_candidate=True, capacity_of="", uhv_line="A-C", uhv_type="DC", uhv_part="DC", uhv_reverse=0)  # fmt: skip
    return n


def planned(n: pypsa.Network, options: dict | None = None) -> pypsa.Network:
    solver = SolverConfig(options=options) if options else SolverConfig()
    cfg = RunConfig(planning=PlanningConfig(enabled=True, sizing_day_stride=1, sizing_solver=solver), solver=SolverConfig())
    return plan(n, cfg)


HAND_VALUE = (DEAR - CHEAP) * YEAR_H / 2 - LINE_COST  # CNY/MW/a


HIPO = pytest.mark.skipif(importlib.util.find_spec("highspy_extras") is None, reason="HiPO needs the highspy-extras package")


@pytest.mark.parametrize(
    "options", [None, pytest.param({"solver": "hipo", "run_crossover": "off"}, marks=HIPO), {"solver": "ipx", "run_crossover": "off"}]
)
def test_the_value_of_a_line_built_to_its_rating_is_the_hand_computed_saving_and_the_resolve_difference(options):
    """The sizing step records - d cost / d rating = 294,200 CNY/MW/a; a re-sizing with 1 MW more rating costs that much
    less (simplex; HiGHS's interior-point solvers without crossover, the planning default, give the same dual)."""
    n = planned(three_bus(), options)
    line = "UHV A-C [A -> C]"
    assert n.links.at[line, "p_nom"] == pytest.approx(RATING, rel=1e-6)
    value = n.links.at[line, COLUMN]
    assert value == pytest.approx(HAND_VALUE, rel=1e-6)
    more = planned(three_bus(RATING + 1.0), options)
    saved = n.meta["sizing"]["objective_cny"] - more.meta["sizing"]["objective_cny"]
    assert saved == pytest.approx(value, rel=1e-5)
    assert pd.isna(n.links.at["B -> C", COLUMN])  # not extendable: no value recorded


def test_without_the_rows_of_the_ratings_the_values_are_refused_not_left_blank():
    """Were the rating rows turned into variable bounds (their duals lost), the sizing step says so instead of writing NaN."""
    from network.model.capacity_value import capacity_bound_values
    from network.model.solve import SolveError, solve

    n = three_bus()
    solve(n, SolverConfig())
    assert capacity_bound_values(n)["Link"]["UHV A-C [A -> C]"] == pytest.approx(HAND_VALUE)
    n.model.remove_constraints("Link-ext-p_nom-upper")
    with pytest.raises(SolveError, match="Link-ext-p_nom-upper"):
        capacity_bound_values(n)


def test_a_line_built_below_its_rating_has_no_value_beyond_its_cost():
    """With a 900 MW rating the line is built to the 800 MW the peak can use (1000 MW load less 200 MW over B): more
    rating would not be used, so its value is 0. A line whose first MW (used all year) saves 90 x 8760 = 788,400 CNY/a
    but costs 800,000 is not built and has value 0 too."""
    n = planned(three_bus(rating=900.0))
    assert n.links.at["UHV A-C [A -> C]", "p_nom"] == pytest.approx(PEAK - EXISTING, rel=1e-6)
    assert n.links.at["UHV A-C [A -> C]", COLUMN] == pytest.approx(0.0, abs=1e-6)
    n = three_bus()
    n.links.at["UHV A-C [A -> C]", "capital_cost"] = 8e5
    n = planned(n)
    assert n.links.at["UHV A-C [A -> C]", "p_nom"] == pytest.approx(0.0, abs=1e-6)
    assert n.links.at["UHV A-C [A -> C]", COLUMN] == pytest.approx(0.0, abs=1e-6)


def test_the_corridor_metrics_of_a_planned_line_survive_the_netcdf_and_add_up(tmp_path):
    """Rating, built capacity, cost (100 CNY/kW/a x 300 MW) and value (294.2 CNY/kW/a) of the line, read back from the
    solved network's file; its congestion rent in the dispatch = built x (unit cost + value): at its rating the line
    earns what one more kW of it would be worth, 300 MW x 90 CNY/MWh x 4380 h."""
    from network.analysis.metrics.corridors import corridor_rows

    path = tmp_path / "solved.nc"
    planned(three_bus()).export_to_netcdf(path)
    n = pypsa.Network(path)
    rows = pd.DataFrame(corridor_rows(n, pd.Series({"A": "West", "B": "North", "C": "East"}), "East"))
    got = rows[rows.scope == "A-C"].set_index("metric").value
    assert got["corridor_rating"] == pytest.approx(0.3)
    assert got["corridor_built_capacity"] == pytest.approx(0.3)
    assert got["corridor_capital_cost"] == pytest.approx(300 * LINE_COST / 1e9)
    assert got["corridor_unit_cost"] == pytest.approx(LINE_COST / 1e3)
    assert got["corridor_capacity_value"] == pytest.approx(HAND_VALUE / 1e3, rel=1e-6)
    rent = RATING * (DEAR - CHEAP) * YEAR_H / 2 / 1e9
    assert got["corridor_congestion_value"] == pytest.approx(rent, rel=1e-6)
    assert got["corridor_congestion_value"] == pytest.approx(0.3e6 * (got["corridor_unit_cost"] + got["corridor_capacity_value"]) / 1e9, rel=1e-6)


def _metrics(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["metric", "scope", "carrier", "value", "unit"])


PLAN = _metrics([("total_system_cost", "national", "", 2700.0, "bn CNY/a"), ("investment_cost", "national", "", 900.0, "bn CNY/a"),
                 ("investment_cost", "national", "transmission", 30.0, "bn CNY/a"), ("self_sufficiency_focus_region", "East", "", 0.83, "fraction"),
                 ("traced_green_share_of_consumption", "East", "", 0.45, "fraction"), ("co2_emissions", "national", "", 4000.0, "Mt"),
                 ("curtailment", "national", "onwind", 20.0, "TWh"), ("curtailment", "national", "solar", 30.0, "TWh"),
                 ("built_capacity", "Jiangsu", "solar", 50.0, "GW"), ("built_capacity", "Gansu", "onwind", 80.0, "GW"),
                 ("built_capacity", "Gansu", "", 80.0, "GW"), ("built_capacity", "West", "onwind", 80.0, "GW"),
                 ("built_line_capacity", "Big DC", "", 8.0, "GW"),
                 ("corridor_rating", "Big DC", "DC", 8.0, "GW"), ("corridor_built_capacity", "Big DC", "DC", 8.0, "GW"),
                 ("corridor_capital_cost", "Big DC", "DC", 2.4, "bn CNY/a"), ("corridor_unit_cost", "Big DC", "DC", 300.0, "CNY/kW/a"),
                 ("corridor_energy", "Big DC", "DC", 45.0, "TWh"), ("corridor_utilisation_hours", "Big DC", "DC", 5625.0, "h"),
                 ("traced_green_share_of_flow", "Big DC", "", 0.7, "fraction"), ("corridor_congestion_value", "Big DC", "DC", 9.0, "bn CNY"),
                 ("corridor_capacity_value", "Big DC", "DC", 400.0, "CNY/kW/a"),
                 ("corridor_rating", "Idle DC", "DC", 8.0, "GW"), ("corridor_built_capacity", "Idle DC", "DC", 0.0002, "GW"),
                 ("corridor_utilisation_hours", "Idle DC", "DC", 3000.0, "h"), ("traced_green_share_of_flow", "Idle DC", "", 0.6, "fraction"),
                 ("corridor_unit_cost", "Idle DC", "DC", 200.0, "CNY/kW/a"), ("corridor_capacity_value", "Idle DC", "DC", 0.0, "CNY/kW/a")])  # fmt: skip
EAST = _metrics([("total_system_cost", "national", "", 2750.0, "bn CNY/a"), ("investment_cost", "national", "", 980.0, "bn CNY/a"),
                 ("self_sufficiency_focus_region", "East", "", 0.9, "fraction"), ("co2_emissions", "national", "", 4100.0, "Mt"),
                 ("curtailment", "national", "solar", 40.0, "TWh"), ("built_capacity", "Jiangsu", "offwind", 60.0, "GW")])  # fmt: skip
REGIONS = pd.Series({"Jiangsu": "East", "Gansu": "West"})


def test_the_corridor_table_has_each_candidate_line_and_leaves_out_what_an_unbuilt_line_cannot_have():
    from network.analysis.appraisal import CORRIDOR, corridor_table

    t = corridor_table({"2030-plan": PLAN, "2030-plan-east": EAST})
    assert list(t.columns) == ["run", "line", "metric", "value", "unit"]
    assert set(t.run) == {"2030-plan"} and set(t.line) == {"Big DC", "Idle DC"} and len(t) == 2 * len(CORRIDOR)
    v = t.set_index(["line", "metric"]).value
    assert v["Big DC", "corridor_capacity_value"] == 400.0 and v["Big DC", "traced_green_share_of_flow"] == 0.7
    assert v["Idle DC", "corridor_energy"] == 0.0  # absent: nothing sent
    assert pd.isna(v["Idle DC", "traced_green_share_of_flow"]) and pd.isna(v["Idle DC", "corridor_utilisation_hours"])


def test_the_plan_table_sets_the_pair_side_by_side():
    from network.analysis.appraisal import plan_table

    t = plan_table(PLAN, EAST, ("2030-plan", "2030-plan-east"), "East", REGIONS).set_index(["metric", "scope", "carrier"])
    assert t.loc[("total_system_cost", "national", ""), "difference"] == pytest.approx(50.0)  # leaving the corridors out costs 50 bn CNY/a
    assert t.loc[("curtailment", "national", "all"), ["2030-plan", "2030-plan-east"]].tolist() == [50.0, 40.0]
    assert t.loc[("self_sufficiency_focus_region", "East", ""), "difference"] == pytest.approx(0.07)
    assert t.loc[("built_capacity", "West", "onwind"), ["2030-plan", "2030-plan-east"]].tolist() == [80.0, 0.0]  # provinces, not the region rows
    assert t.loc[("built_capacity", "East", "offwind"), "2030-plan-east"] == 60.0
    assert t.loc[("built_line_capacity", "national", ""), ["2030-plan", "2030-plan-east"]].tolist() == [8.0, 0.0]
    assert t.loc[("water_withdrawal", "national", ""), ["2030-plan", "2030-plan-east"]].isna().all()  # water not tracked


def test_the_appraise_step_writes_tables_and_figures_in_both_languages(tmp_path):
    """The CLI step on two runs' metrics: the two tables, and each figure as PNG, SVG and CSV in English and Chinese,
    with no glyph missing from the Chinese ones; the Chinese line names come from the tables."""
    import warnings

    from network.cli import main
    from network.config.load import write_run_config
    from network.plots.appraisal import _line
    from network.plots.language import language

    paths = {}
    for name, m in (("2030-plan", PLAN), ("2030-plan-east", EAST)):
        m.to_csv(tmp_path / f"{name}.csv", index=False)
        write_run_config(RunConfig(), tmp_path / f"{name}.yaml")
        paths[name] = (str(tmp_path / f"{name}.csv"), str(tmp_path / f"{name}.yaml"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = main(["appraise", "--names", "2030-plan", "2030-plan-east", "--metrics", *(p[0] for p in paths.values()),
                     "--configs", *(p[1] for p in paths.values()), "--corridors-out", str(tmp_path / "corridors.csv"),
                     "--comparison-out", str(tmp_path / "plan_comparison.csv"), "--plot-dirs", str(tmp_path / "en"), str(tmp_path / "zh"),
                     "--languages", "en", "zh"])  # fmt: skip
    assert code == 0
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []
    assert len(pd.read_csv(tmp_path / "corridors.csv")) == 18
    for lang in ("en", "zh"):
        for name in ("corridor_appraisal", "plan_comparison"):
            for suffix in (".png", ".svg", ".csv"):
                assert (tmp_path / lang / f"{name}{suffix}").stat().st_size > 0
    from network.data.grid import read_line_names_zh

    names_zh = read_line_names_zh(REPO / "inputs" / "uhv_lines.csv")
    with language("zh"):
        named = tuple(_line(name, names_zh) for name in ("Longdong-Shandong", "Shaanbei-Anhui", "Big DC"))
        assert named == ("陇东-山东 ±800kV", "陕北-安徽 ±800kV", "Big DC")


def test_every_figure_of_the_appraisal_has_its_caption_and_source():
    from network.plots.captions import appraisal_captions

    captions = appraisal_captions("2030-plan", "2030-plan-east", "East", "zh")
    assert set(captions) == {"corridor_appraisal", "plan_comparison"}
    assert "runs/appraisal/corridors.csv" in captions["corridor_appraisal"] and "Chinese" in captions["plan_comparison"]
    assert "East region" in captions["plan_comparison"] or "the East" in captions["plan_comparison"]
