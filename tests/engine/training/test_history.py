"""A run's history: every step until it outgrows its limit, then bounded by decimation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.training.history import History


def recorded(n, limit=None, n_params=2):
    """A history of ``n`` steps whose loss, lr and parameters all say which step they were."""
    h = History(np.zeros(n_params), capacity=4, limit=limit)
    for k in range(n):
        batch = np.array([k % 3]) if k % 2 else None
        h.append(float(k), None, k / 1000, np.full(n_params, k + 1.0), batch)
    return h


def test_a_run_within_its_limit_keeps_every_step():
    h = recorded(100, limit=128)
    assert len(h) == 100 and not h.decimated and h.stride == 1
    np.testing.assert_array_equal(h.steps, np.arange(100))
    np.testing.assert_array_equal(h.loss, np.arange(100.0))
    assert h.params_at(37)[0] == 37.0 and h.params_at(100)[0] == 100.0
    assert "steps" not in h.to_dict()


def test_a_run_past_its_limit_keeps_at_most_limit_points_and_the_latest_step():
    h = recorded(10_000, limit=64)
    assert len(h) == 10_000 and h.decimated
    assert len(h.loss) <= 64 and h._loss.shape[0] <= 64
    steps = h.steps
    assert steps[0] == 0 and steps[-1] == 9_999
    assert np.all(steps[:-1] % h.stride == 0) and np.all(np.diff(steps[:-1]) == h.stride)
    np.testing.assert_array_equal(h.loss, steps.astype(float))  # each point is its own step
    np.testing.assert_array_equal(h.lr, steps / 1000)


def test_a_kept_step_restores_its_parameters_and_a_dropped_one_says_which_is_nearest():
    h = recorded(1_000, limit=32)
    kept = int(h.steps[5])
    np.testing.assert_array_equal(h.params_at(kept), np.full(2, float(kept)))
    assert h.params_at(1_000)[0] == 1_000.0  # the model now
    with pytest.raises(IndexError, match=f"nearest: {kept}"):
        h.params_at(kept + 1)
    assert h.nearest_kept(kept + 1) == kept and h.index_of(kept + 1) is None
    assert h.nearest_kept(10**9) == 1_000


def test_batches_are_kept_only_for_kept_steps():
    h = recorded(1_001, limit=16)
    assert set(h._batches) <= set(h.steps.tolist())
    odd = [int(s) for s in h.steps if s % 2]
    assert all(h.batch_at(s) is not None for s in odd)


def test_a_decimated_history_round_trips_through_its_json_series():
    h = recorded(5_000, limit=40)
    data = h.to_dict()
    assert data["steps"] == [int(s) for s in h.steps]
    back = History.from_series(data)
    assert len(back) == 5_000 and back.decimated
    np.testing.assert_array_equal(back.steps, h.steps)
    np.testing.assert_array_equal(back.loss, h.loss)
    assert back.index_of(int(h.steps[3])) == 3


def test_series_whose_steps_do_not_rise_are_refused():
    with pytest.raises(ValueError, match="steps must rise"):
        History.from_series({"loss": [1.0, 2.0], "steps": [3, 3]})


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 3_000), st.integers(2, 50))
def test_any_run_keeps_step_zero_the_latest_step_and_at_most_limit_points(n, limit):
    h = recorded(n, limit=limit)
    assert len(h) == n and len(h.steps) <= limit
    if n:
        assert h.steps[0] == 0 and h.steps[-1] == n - 1
        assert np.all(np.diff(h.steps) > 0)
        np.testing.assert_array_equal(h.loss, h.steps.astype(float))
        for s in h.steps[:: max(1, len(h.steps) // 5)]:
            assert h.params_at(int(s))[0] == float(s)
