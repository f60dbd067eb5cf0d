"""Training setups and runs: the seeds' numbers, the step graphs, the schedule."""

import numpy as np
import pytest

from engine.autograd.value import topological_order
from engine.sources.examples import get_example
from engine.trace.trace import record
from engine.training.runs import (
    SETUPS,
    Trainer,
    TrainingError,
    build_step_graph,
    get_setup,
    train_example,
)


def test_house_price_prints_seed_002s_losses_and_predicts_498000():
    run = Trainer("house-price")
    run.run(100)
    printed = [3.2761, 2.096704, 1.3418905599999997, 0.8588099583999995, 0.5496383733759997]
    np.testing.assert_allclose(run.history.loss[:5], printed, rtol=1e-12)
    assert run.history.loss[30] == pytest.approx(5.020608641430632e-06, rel=1e-9)
    w, b = run.history.current_params
    assert round((b + w * 5) * 100_000, 2) == 498000.00


@pytest.mark.parametrize("name", list(SETUPS))
def test_step_zero_graph_is_the_examples_graph_op_for_op(name):
    setup = get_setup(name)
    ours = build_step_graph(setup, setup.initial_params()).root
    theirs = get_example(name).build().root
    # build_topo order depends on the children's order only, not on creation order
    assert _structure(ours) == _structure(theirs)


def _structure(root):
    order = topological_order(root)
    index = {id(n): i for i, n in enumerate(order)}
    return [(n._op, n.data, tuple(index[id(c)] for c in n._prev)) for n in order]


def test_the_aliases_of_the_issue_name_the_same_setups():
    assert get_setup("lecture_mlp") is SETUPS["lecture-mlp"]
    assert get_setup("seed001_net") is SETUPS["xor-network"]
    with pytest.raises(KeyError, match="known: lecture-mlp"):
        get_setup("nope")


def test_a_step_graph_gives_the_plotted_loss_and_its_update_the_next_params():
    run = Trainer("lecture-mlp")
    run.run(6)
    k = 4
    g = build_step_graph(run.setup, run.history.params_at(k), lr=run.history.lr[k])
    assert g.root.data == pytest.approx(run.history.loss[k], abs=1e-12)
    trace = record(g.root, params=g.params, lr=g.lr)
    assert len(trace.phase_range("update")) == len(g.params)
    np.testing.assert_allclose([p.data for p in g.params], run.history.params_at(k + 1), atol=1e-12)


def test_the_model_is_restored_as_it_was_at_any_step():
    run = Trainer("lecture-mlp")
    run.run(10)
    for k in (0, 3, 10):
        setup = run.setup
        predicted = setup.predict(run.history.params_at(k), setup.xs)
        g = build_step_graph(setup, run.history.params_at(k))
        np.testing.assert_allclose(predicted, [s.data for s in g.scores], atol=1e-12)


def test_seed_001_network_converges_to_0_1_1_0_in_1500_iterations():
    scalar, fast = Trainer("xor-network", fast=False), Trainer("xor-network")
    scalar.run(20)
    fast.run(1500)
    np.testing.assert_allclose(fast.history.loss[:20], scalar.history.loss, atol=1e-12)
    out = fast.setup.predict(fast.history.current_params, fast.setup.xs)
    assert out[0] < 0.05 and out[3] < 0.05 and out[1] > 0.95 and out[2] > 0.95
    assert np.all(np.diff(fast.history.loss) < 0)  # the article: "monotonically decreasing"
    assert fast.history.accuracy[-1] == 1.0


def test_moons_trains_to_high_accuracy_with_the_demos_schedule():
    run = Trainer("moons")
    run.run(100)
    np.testing.assert_allclose(run.history.lr, 1.0 - 0.9 * np.arange(100) / 100)
    assert run.history.accuracy[-1] >= 0.95
    assert run.history.loss[-1] < run.history.loss[0] / 10
    assert run.finished and run.run(5) == 0


def test_history_json_holds_every_step():
    run = Trainer("lecture-mlp", steps=7)
    run.run(100)
    data = run.history.to_dict()
    assert len(data["loss"]) == 7 and data["loss"][0] == pytest.approx(run.history.loss[0])
    assert data["lr"] == [0.1] * 7


def test_train_example_runs_the_steps_or_says_which_examples_train():
    run = train_example("house-price", 12)
    assert len(run.history) == 12 and run.finished
    with pytest.raises(
        TrainingError, match="'neuron' has no training setup; these do: lecture-mlp"
    ):
        train_example("neuron", 5)
