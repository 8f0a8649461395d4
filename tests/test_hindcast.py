"""The 2024 hindcast table (network/analysis/hindcast.py) on a three-province network with hand-checked numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pypsa
import pytest

from network.analysis.hindcast import HindcastError, actual_additions, hindcast_table, model_additions, national_additions
from network.config import load_run_config
from network.config.horizon import horizon_config

EAST = ["Jiangsu"]  # the focus region of this test; Gansu and Sichuan are the rest


def solved() -> pypsa.Network:
    """Built (MW): Jiangsu onwind 1,000, solar 3,000 (utility 2,000 + distributed 1,000), battery 500; Gansu onwind
    4,000, solar 6,000; Sichuan nothing; a fleet generator (no planning option) that must not count."""
    n = pypsa.Network()
    n.add("Bus", ["Jiangsu", "Gansu", "Sichuan", "Gansu base"], province=["Jiangsu", "Gansu", "Sichuan", "Gansu"])
    rows = [("Jiangsu onwind new", "Jiangsu", "onwind", "onwind", 1000.0), ("Jiangsu solar new", "Jiangsu", "solar", "solar", 2000.0),
            ("Jiangsu solar distributed new", "Jiangsu", "solar", "solar distributed", 1000.0),
            ("Gansu onwind new", "Gansu base", "onwind", "onwind", 4000.0), ("Gansu solar new", "Gansu", "solar", "solar", 6000.0),
            ("Sichuan solar new", "Sichuan", "solar", "solar", 0.0)]  # fmt: skip
    for name, bus, carrier, option, mw in rows:
        n.add("Generator", name, bus=bus, carrier=carrier, p_nom=mw, planning_option=option, p_nom_built_mw=mw)
    n.add("Generator", "Jiangsu coal", bus="Jiangsu", carrier="coal", p_nom=50_000.0)
    n.add("StorageUnit", "Jiangsu battery new", bus="Jiangsu", carrier="battery", p_nom=500.0, planning_option="battery", p_nom_built_mw=500.0)
    return n


def statistics(years=(2023, 2024)) -> pd.DataFrame:
    """Year-end MW: wind Jiangsu 20,000 -> 22,000, Gansu 30,000 -> 36,000, Sichuan 0 -> 0; solar Jiangsu 40,000 -> 50,000,
    Gansu 20,000 -> 24,000, Sichuan 5,000 -> 6,000."""
    values = {("Jiangsu", "wind"): (20e3, 22e3), ("Gansu", "wind"): (30e3, 36e3), ("Sichuan", "wind"): (0.0, 0.0),
              ("Jiangsu", "solar"): (40e3, 50e3), ("Gansu", "solar"): (20e3, 24e3), ("Sichuan", "solar"): (5e3, 6e3)}  # fmt: skip
    rows = [(p, t, y, v[i]) for (p, t), v in values.items() for i, y in enumerate((2023, 2024)) if y in years]
    return pd.DataFrame(rows, columns=["province", "technology", "year", "capacity_mw"])


def national() -> tuple[pd.Series, pd.DataFrame]:
    """National GW: wind 60 -> 70 (+10, more than the provinces' +8), solar 70 -> 85 (+15); thermal, nuclear +0;
    supplement offwind 1 -> 1.5, battery 2 -> 5 (+3)."""
    table = pd.Series({("wind", 2023): 60.0, ("wind", 2024): 70.0, ("solar", 2023): 70.0, ("solar", 2024): 85.0,
                       ("thermal", 2023): 100.0, ("thermal", 2024): 100.0, ("nuclear", 2023): 5.0, ("nuclear", 2024): 5.0})  # fmt: skip
    supplement = pd.DataFrame({"technology": ["offwind", "offwind", "battery", "battery"], "year": [2023, 2024, 2023, 2024],
                               "capacity_gw": [1.0, 1.5, 2.0, 5.0]})  # fmt: skip
    return table, supplement


def test_hindcast_table_by_hand():
    model = model_additions(solved())
    assert model.loc["Gansu", "onwind"] == pytest.approx(4.0)  # the base bus counts for its sending province
    table = hindcast_table(model, actual_additions(statistics()), national_additions(*national()), EAST).set_index(["carrier", "scope"])
    wind, solar, both = table.loc["wind"], table.loc["solar"], table.loc["wind + solar"]
    assert wind.loc["national", ["model", "actual"]].tolist() == pytest.approx([5.0, 10.0])  # national series, not the provinces' 8
    assert wind.loc["provinces", ["model", "actual"]].tolist() == pytest.approx([5.0, 8.0])
    assert wind.loc["East", ["model", "actual"]].tolist() == pytest.approx([1.0, 2.0])
    assert wind.loc["East share", ["model", "actual"]].tolist() == pytest.approx([0.2, 0.25])
    assert solar.loc["East", ["model", "actual"]].tolist() == pytest.approx([3.0, 10.0])
    assert solar.loc["rest", ["model", "actual"]].tolist() == pytest.approx([6.0, 5.0])
    assert solar.loc["East share", "actual"] == pytest.approx(10 / 15)
    assert both.loc["East share", ["model", "actual"]].tolist() == pytest.approx([4 / 14, 12 / 23])
    assert both.loc["national", "actual"] == pytest.approx(25.0)
    storage = table.loc["storage (new-type)"]
    assert list(storage.index) == ["national"] and storage.loc["national", ["model", "actual"]].tolist() == pytest.approx([0.5, 3.0])
    assert table.loc[("solar", "East"), "difference"] == pytest.approx(-7.0)


def test_missing_year_names_the_file():
    with pytest.raises(HindcastError, match=r"inputs/capacity_by_province.csv: no capacity rows for \[2024\]"):
        actual_additions(statistics(years=(2023,)))
    table, supplement = national()
    with pytest.raises(HindcastError, match=r"national_capacity_supplement.csv: no 'battery' rows"):
        national_additions(table, supplement[supplement.technology != "battery"])


def test_unsolved_network_is_refused():
    with pytest.raises(HindcastError, match="not a solved planning run"):
        model_additions(pypsa.Network())


def test_run_config_is_the_pathway_horizon_2024():
    """runs/hindcast-2024.yaml sets what horizon_config gives a pathway's 2024 horizon (cost table, retirements, no cap)."""
    root = Path(__file__).resolve().parents[1]
    cfg = load_run_config(root / "config.yaml", root / "runs" / "hindcast-2024.yaml")
    horizon = horizon_config(cfg, 2024)
    assert cfg.planning.cost_year == horizon.planning.cost_year == 2025
    assert cfg.planning.retire_after_years == horizon.planning.retire_after_years
    assert cfg.policy.co2_cap_mt is None and horizon.policy.co2_cap_mt is None
    assert cfg.scenario.year == 2024 and cfg.scenario.demand.statistics_year == 2024 and cfg.scenario.capacity.statistics_year == 2023


def test_figure_in_both_languages(tmp_path):
    from network.data.vocabulary import read_plot_text, read_province_names_zh
    from network.plots.hindcast import plot_hindcast
    from network.plots.language import language, use_texts

    root = Path(__file__).resolve().parents[1] / "inputs"
    use_texts(read_plot_text(root / "plot_text.csv"), read_province_names_zh(root / "province_shapes.geojson"))
    table = hindcast_table(model_additions(solved()), actual_additions(statistics()), national_additions(*national()), EAST)
    for lang in ("en", "zh"):
        with language(lang):
            png = plot_hindcast(table, tmp_path / lang / "hindcast.png")
        assert png.exists() and png.with_suffix(".svg").exists()
        drawn = pd.read_csv(png.with_suffix(".csv"))
        assert len(drawn) == 8 and drawn.loc[drawn.scope == "East share", "actual"].round(4).tolist() == [0.25, round(10 / 15, 4), round(12 / 23, 4)]
