"""The drawn nodes a step repaints: the same set whether mapped one by one or with numpy."""

from __future__ import annotations

import numpy as np

from gui.canvas import step_updates
from gui.canvas.step_updates import drawn_nodes_of


class _Layout:
    """The two arrays drawn_nodes_of reads, for 1,000 values drawn as 40 nodes."""

    def __init__(self) -> None:
        rng = np.random.default_rng(0)
        self.record_of = rng.integers(-1, 30, 1000)
        self.op_of = np.where(rng.random(1000) < 0.5, rng.integers(30, 40, 1000), -1)

    def __len__(self) -> int:
        return 40


def test_many_touched_values_map_to_the_same_drawn_nodes_as_a_few(monkeypatch):
    lay = _Layout()
    touched = set(range(0, 1000, 3))
    vectorised = drawn_nodes_of(lay, touched)
    monkeypatch.setattr(step_updates, "VECTOR_FROM", 10**9)
    one_by_one = drawn_nodes_of(lay, touched)
    assert vectorised == one_by_one
    assert -1 not in vectorised and all(isinstance(d, int) for d in vectorised)


def test_values_drawn_nowhere_repaint_nothing():
    lay = _Layout()
    hidden = {v for v in range(1000) if lay.record_of[v] < 0 and lay.op_of[v] < 0}
    assert hidden and drawn_nodes_of(lay, hidden) == set()
    assert drawn_nodes_of(lay, hidden | set(range(1000))) == set(range(40)) - _never_drawn(lay)


def _never_drawn(lay: _Layout) -> set[int]:
    shown = set(lay.record_of.tolist()) | set(lay.op_of.tolist())
    return set(range(40)) - shown
