"""CI-sized stepping soak (the 100,000-move run is ``make soak``)."""

from __future__ import annotations

import pytest

from engine.trace.timeline import Timeline
from tests.soak import stepping


def test_random_moves_agree_with_linear_replay():
    stats = stepping.run(20_000, seed=1)
    assert stats["full_checks"] > 1_000
    assert stats["diff_checks"] == 200
    assert stats["nodes"] > 1_000


class _BackForgetsAGrad(Timeline):
    """A timeline whose back() sometimes leaves a wrong grad behind (path-dependent bug)."""

    def back(self) -> set[int]:
        changed = super().back()
        if self.position % 97 == 0 and self.grad[0] is not None:
            self.grad[0] += 1.0
        return changed


def test_soak_catches_a_timeline_that_goes_back_wrong():
    with pytest.raises(AssertionError, match="state at"):
        stepping.run(20_000, seed=1, timeline_cls=_BackForgetsAGrad)
