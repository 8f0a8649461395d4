"""A non-optimal solve is an error and writes nothing."""

import pytest

from network.config import SolverConfig
from network.model.solve import SolveError, solve, write_network
from tests.conftest import two_bus_network


def test_infeasible_scenario_raises_and_writes_nothing(tmp_path):
    n = two_bus_network()
    n.remove("Generator", ["A load shedding", "B load shedding"])
    n.generators.loc["B onwind", "p_min_pu"] = 1.0  # 200 MW must run but only 50 + 50 can be absorbed
    n.generators.loc["B onwind", "p_max_pu"] = 1.0
    out = tmp_path / "solved.nc"
    with pytest.raises(SolveError, match="infeasible"):
        solve(n, SolverConfig())
        write_network(n, out)
    assert not out.exists()


def test_optimal_solve_writes_network(tmp_path):
    n = solve(two_bus_network(), SolverConfig())
    out = tmp_path / "solved.nc"
    write_network(n, out)
    assert out.exists() and not (tmp_path / "solved.nc.tmp").exists()
