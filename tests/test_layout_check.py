"""The overlap check of figures (network/plots/layout_check.py) on hand-made figures."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from network.plots.layout_check import text_problems  # noqa: E402
from network.plots.style import PAGE_SIZES  # noqa: E402


def _bars(rotation: float = 0.0):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(range(5), [1, 2, 3, 4, 5])
    ax.set_xticks(range(5), ["a long label"] * 5, rotation=rotation, ha="right" if rotation else "center")
    return fig, ax


def test_crowded_tick_labels_overlap_and_rotated_ones_do_not():
    fig, _ = _bars()
    assert any("overlaps" in p for p in text_problems(fig))
    fig, _ = _bars(rotation=45)
    assert text_problems(fig) == []


def test_text_on_text_and_under_a_legend():
    fig, ax = _bars(rotation=45)
    ax.text(0.5, 0.5, "hello", transform=ax.transAxes)
    ax.text(0.52, 0.5, "world", transform=ax.transAxes)
    ax.plot([0, 1], [0, 1], label="line")
    ax.legend(loc="center")
    problems = text_problems(fig)
    assert "text 'hello' overlaps 'world'" in problems
    assert "text 'hello' lies under a legend" in problems


def test_a_figure_wider_than_the_page():
    fig, _ = _bars(rotation=45)
    fig.set_size_inches(9, 3)
    assert any("larger than the page" in p for p in text_problems(fig, PAGE_SIZES["a4"]))
    fig.set_size_inches(5, 3)
    assert text_problems(fig, PAGE_SIZES["a4"]) == []
