"""Bad training settings are refused; a loss that blows up stops the run, keeping it."""

import math

import numpy as np
import pytest

from engine.training.runs import Trainer, TrainingError


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf")])
def test_a_learning_rate_not_above_zero_is_refused(lr):
    with pytest.raises(TrainingError, match="learning rate"):
        Trainer("lecture-mlp", lr=lr)


def test_zero_steps_are_refused():
    with pytest.raises(TrainingError, match="number of steps must be a whole number of at least 1"):
        Trainer("lecture-mlp", steps=0)


def test_a_batch_larger_than_the_data_is_refused():
    with pytest.raises(
        TrainingError, match="batch size 101 is larger than the 100 samples of moons"
    ):
        Trainer("moons", batch_size=101)


@pytest.mark.parametrize("fast", [True, False])
def test_an_exploding_loss_stops_at_its_step_naming_the_node(fast):
    run = Trainer("house-price", lr=10.0, steps=1000, fast=fast)
    run.run(1000)
    k = len(run.history) - 1
    assert run.stopped is not None and k < 1000
    assert not math.isfinite(run.history.loss[k])
    assert np.all(np.isfinite(run.history.loss[:k]))
    assert f"step {k}" in run.stopped and "node loss" in run.stopped
    np.testing.assert_array_equal(run.history.params_at(k + 1), run.history.params_at(k))
    with pytest.raises(TrainingError, match=f"stopped at step {k}"):
        run.step()
