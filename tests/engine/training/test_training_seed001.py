"""Seed 001's two-layer sigmoid network, trained all 1,500 iterations in the scalar engine."""

import numpy as np

from engine.training.runs import Trainer, build_step_graph

ITERATIONS = 1500  # the article: "Let's train the Neural Network for 1500 iterations"


def test_seed_001_network_trained_1500_iterations_in_the_scalar_engine_converges():
    scalar = Trainer("xor-network", fast=False)
    assert scalar.run(ITERATIONS) == ITERATIONS and scalar.finished
    setup = scalar.setup
    # the predictions as the scalar engine computes them (a Value graph at the final weights)
    out = np.array([s.data for s in build_step_graph(setup, scalar.history.current_params).scores])
    np.testing.assert_allclose(out, setup.predict(scalar.history.current_params, setup.xs))
    # the article's final predictions converge on the targets [0, 1, 1, 0], with a small gap
    np.testing.assert_array_equal(setup.ys, [0, 1, 1, 0])
    np.testing.assert_allclose(out, setup.ys, atol=0.05)
    assert not np.allclose(out, setup.ys, atol=1e-6)  # "a slight difference", not exact
    assert np.all(np.diff(scalar.history.loss) < 0)  # "monotonically decreasing"
    assert scalar.history.accuracy[-1] == 1.0


def test_seed_001_scalar_engine_and_fast_path_agree_to_1e9_over_1500_iterations():
    scalar, fast = Trainer("xor-network", fast=False), Trainer("xor-network", fast=True)
    scalar.run(ITERATIONS)
    fast.run(ITERATIONS)
    np.testing.assert_allclose(fast.history.loss, scalar.history.loss, rtol=0, atol=1e-9)
    np.testing.assert_allclose(
        fast.history.current_params, scalar.history.current_params, rtol=0, atol=1e-9
    )
    setup = scalar.setup
    np.testing.assert_allclose(
        setup.predict(fast.history.current_params, setup.xs),
        setup.predict(scalar.history.current_params, setup.xs),
        rtol=0,
        atol=1e-9,
    )
