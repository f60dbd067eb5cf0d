"""The fast path trains every setup to the scalar engine's losses (1e-9)."""

import numpy as np
import pytest

from engine.training.runs import SETUPS, Trainer


@pytest.mark.parametrize("name", list(SETUPS))
def test_fast_path_losses_equal_the_scalar_engines_over_several_steps(name):
    steps = 3 if name == "moons" else 8
    scalar, fast = Trainer(name, fast=False), Trainer(name, fast=True)
    scalar.run(steps)
    fast.run(steps)
    np.testing.assert_allclose(fast.history.loss, scalar.history.loss, rtol=0, atol=1e-9)
    np.testing.assert_allclose(
        fast.history.current_params, scalar.history.current_params, atol=1e-9
    )


def test_minibatches_are_the_same_samples_and_losses_on_both_paths():
    scalar = Trainer("moons", batch_size=10, fast=False, seed=3)
    fast = Trainer("moons", batch_size=10, fast=True, seed=3)
    scalar.run(5)
    fast.run(5)
    assert all(
        np.array_equal(scalar.history.batch_at(k), fast.history.batch_at(k)) for k in range(5)
    )
    assert not np.array_equal(fast.history.batch_at(0), fast.history.batch_at(1))
    np.testing.assert_allclose(fast.history.loss, scalar.history.loss, rtol=0, atol=1e-9)
