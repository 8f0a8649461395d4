"""The self-sufficiency frontier table and figure from planning runs' metrics (network/analysis/frontier.py)."""

import pandas as pd
import pytest

from network.analysis.frontier import frontier_table
from network.plots.frontier import plot_frontier


def metrics(ss: float, price: float, cost: float, built_east: float) -> pd.DataFrame:
    rows = [
        ("self_sufficiency_focus_region", "East", "", ss, "fraction"),
        ("price_of_self_sufficiency", "East", "", price, "CNY/MWh"),
        ("total_system_cost", "national", "", cost, "bn CNY/a"),
        ("co2_emissions", "national", "", 4000.0, "Mt"),
        ("traced_green_share_of_consumption", "East", "", 0.5, "fraction"),
        ("built_capacity", "Jiangsu", "offwind", built_east, "GW"),
        ("built_capacity", "Gansu", "solar", 100.0, "GW"),
        ("built_capacity", "national", "", built_east + 100.0, "GW"),
        ("generation", "national", "", 1e4, "TWh"),  # not a frontier metric
    ]
    return pd.DataFrame(rows, columns=["metric", "scope", "carrier", "value", "unit"])


def test_the_frontier_orders_runs_by_floor_and_keeps_what_was_built(tmp_path):
    runs = {"plan-90": metrics(0.9, 120.0, 2900.0, 60.0), "plan": metrics(0.84, 0.0, 2800.0, 10.0), "plan-85": metrics(0.85, 30.0, 2810.0, 20.0)}
    table = frontier_table(runs, {"plan": None, "plan-85": 0.85, "plan-90": 0.9}, "East")
    assert list(dict.fromkeys(table.run)) == ["plan", "plan-85", "plan-90"]
    assert "generation" not in set(table.metric)
    price = table[(table.metric == "price_of_self_sufficiency") & (table.run == "plan-90")].value.item()
    assert price == 120.0
    assert table[table.run == "plan"].floor.isna().all()
    out = plot_frontier(table, "East", pd.Series({"Jiangsu": "East", "Gansu": "West"}), tmp_path / "frontier.png")
    assert out.exists() and out.with_suffix(".svg").exists()
    data = pd.read_csv(out.with_suffix(".csv"), index_col="run")
    assert data.loc["plan-90", "self_sufficiency_pct"] == pytest.approx(90.0)
    assert data.loc["plan-85", "price_of_self_sufficiency_CNY/MWh"] == pytest.approx(30.0)


def test_the_frontier_figure_marks_a_flagged_point_and_labels_bars_by_their_floor(tmp_path):
    """Two floors that do not bind reach the same share as the plan: the bars are told apart by their floor, and the
    point whose cost falls below the plan's (the sizing sample's noise) is marked in the figure and its data."""
    from network.plots.frontier import _point_label

    runs = {"plan": metrics(0.837, 0.0, 2789.1, 10.0), "plan-75": metrics(0.837, 0.0, 2788.1, 10.0), "plan-90": metrics(0.9, 52.6, 2799.7, 60.0)}
    table = frontier_table(runs, {"plan": None, "plan-75": 0.75, "plan-90": 0.9}, "East")
    out = plot_frontier(table, "East", pd.Series({"Jiangsu": "East", "Gansu": "West"}), tmp_path / "frontier.png")
    data = pd.read_csv(out.with_suffix(".csv"), index_col="run")
    assert data["flagged"].to_dict() == {"plan": False, "plan-75": True, "plan-90": False}
    assert _point_label(float("nan"), 83.7, False) == "no floor\nreaches 83.7 %"
    assert _point_label(75.0, 83.7, True) == "floor 75 %*\nreaches 83.7 %"
