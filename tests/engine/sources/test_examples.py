"""The examples registry: every seed computation is there, fresh on each build, exact numbers."""

import pytest

from engine.autograd.graph import Graph
from engine.autograd.value import Value, topological_order
from engine.sources.examples import (
    EXAMPLES,
    BuiltGraph,
    build_parabola,
    get_example,
    nudge_slope,
    parabola,
)

SEED_EXAMPLES = (
    "expression",
    "neuron",
    "accumulate",
    "parabola",
    "house-price",
    "lecture-mlp",
    "xor-network",
    "tree-linear",
    "tree-two-layer",
    "moons",
)


def test_registry_holds_every_seed_computation():
    assert set(SEED_EXAMPLES) <= set(EXAMPLES)


def test_every_example_has_a_title_and_a_one_line_description():
    for name, example in EXAMPLES.items():
        assert example.name == name
        assert example.title
        assert example.description and "\n" not in example.description
        assert len(example.description) <= 100


@pytest.mark.parametrize("name", [n for n in SEED_EXAMPLES if n != "moons"])
def test_each_build_is_a_fresh_graph(name):
    first = get_example(name).build()
    second = get_example(name).build()
    assert isinstance(first, BuiltGraph)
    assert first.root is not second.root
    assert first.root.data == second.root.data
    assert len(Graph.from_root(first.root)) == len(Graph.from_root(second.root))


@pytest.mark.parametrize("name", [n for n in SEED_EXAMPLES if n != "moons"])
def test_parameters_are_leaves_of_the_graph_and_come_with_a_learning_rate(name):
    built = get_example(name).build()
    nodes = {id(v) for v in topological_order(built.root)}
    for p in built.params:
        assert id(p) in nodes
        assert p._prev == ()
    assert (built.lr is not None) == bool(built.params)


def test_unknown_example_lists_the_known_names():
    with pytest.raises(KeyError, match="parabola"):
        get_example("no-such-example")


def test_parabola_reproduces_seed_002s_printed_numbers():
    h = 0.1
    x = 3.0
    assert parabola(x + h) == 21.430000000000007
    x = -4.4
    assert parabola(x + h) == 77.67000000000002
    assert nudge_slope(parabola, 2 / 3, 0.0001) == 0.0002999999981767587


def test_parabola_note_puts_the_nudge_slope_next_to_the_autograd_slope():
    built = build_parabola()
    assert built.root.data == 20.0
    assert "14.000300000063248" in built.note
    assert "x.grad = 14.0" in built.note
    nodes = topological_order(built.root)
    assert all(v.grad == 0.0 for v in nodes)  # the stepped graph starts without grads
    built.root.backward()
    (x,) = [v for v in nodes if v.label == "x"]
    assert x.grad == 14.0


def test_house_price_loss_and_one_update_match_seed_002():
    built = get_example("house-price").build()
    assert built.root.data == 3.2761
    assert built.lr == 0.05
    w, b = built.params
    assert (w.data, b.data) == (0.09, -0.9)
    built.root.backward()
    for p in built.params:
        p.data += -built.lr * p.grad
    assert ((b + w * 1.0) - 1.0).data ** 2 == pytest.approx(2.096704, rel=1e-12)


def test_house_price_predicts_498000_for_five_bedrooms_after_100_epochs():
    built = get_example("house-price").build()
    w, b = built.params
    for _ in range(100):
        loss = (b + w * 1.0 - 1.0) ** 2
        w.grad = b.grad = 0.0
        loss.backward()
        for p in (w, b):
            p.data += -0.05 * p.grad
    assert f"{(b + w * Value(5.0)).data * 100000:.2f}" == "498000.00"


def test_lecture_mlp_is_seed_000s_network_and_loss():
    built = get_example("lecture-mlp").build()
    assert len(built.params) == 41  # (3+1)*4 + (4+1)*4 + (4+1)*1
    assert built.lr == 0.1
    labels = {v.label for v in topological_order(built.root)}
    assert {"ypred0", "ypred3", "loss"} <= labels


def test_xor_network_has_sixteen_weights_and_four_outputs():
    built = get_example("xor-network").build()
    assert len(built.params) == 16
    labels = {v.label for v in topological_order(built.root)}
    assert {"output[0]", "output[3]", "layer1[3,3]", "W1[2,3]", "W2[3]"} <= labels


def test_tree_examples_are_squared_errors_of_seed_003_trees():
    linear = get_example("tree-linear").build()
    assert linear.root.data == pytest.approx((0.6 * 1.5 - 0.2 - 1.0) ** 2)
    two_layer = get_example("tree-two-layer").build()
    assert two_layer.root.data == pytest.approx((1.5 * max(0.0, 0.8 * 2.0 - 0.3) + 0.1 - 2.5) ** 2)
    assert "relu" in Graph.from_root(two_layer.root).ops
    assert [p.label for p in two_layer.params] == ["w2", "w1", "b1", "b2"]


def test_moons_is_the_full_batch_demo_graph():
    built = get_example("moons").build()
    assert len(built.params) == 337  # 2*16+16 + 16*16+16 + 16+1
    assert built.lr == 1.0
    assert len(topological_order(built.root)) > 60_000
    assert "accuracy" in built.note


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_example_records_a_steppable_trace(name):
    from engine.trace.trace import BACKWARD, UPDATE, record

    built = get_example(name).build()
    trace = record(built.root, params=list(built.params) or None, lr=built.lr)
    assert len(trace.phase_range(BACKWARD)) > 0
    assert (len(trace.phase_range(UPDATE)) > 0) == bool(built.params)


def test_every_example_has_its_standalone_script():
    from engine.sources.examples import example_script

    for name in EXAMPLES:
        assert example_script(name) is not None, name
    assert example_script("no-such-example") is None
