import random

import numpy as np
import pytest

from engine.autograd.graph import Graph
from engine.autograd.nn import MLP
from engine.autograd.value import Value
from engine.drawing import grouping as gr
from engine.drawing.layout import GROUP, _drawn_structure, drawn_structure, layout_graph
from engine.sources.datasets import make_moons, signed_labels
from engine.sources.examples import get_example


def _lecture():
    return Graph.from_root(get_example("lecture-mlp").build().root)


def test_neurons_of_the_lecture_mlp_are_found_with_their_names():
    groups = gr.find_groups(_lecture())
    names = {g.name for g in groups if g.kind == "neuron"}
    assert "neuron L0.N2" in names and "neuron L1.N3" in names and "neuron ypred0" in names


def test_a_neuron_group_holds_its_products_sum_and_activation_not_its_weights():
    graph = _lecture()
    group = next(g for g in gr.find_groups(graph) if g.name == "neuron L0.N0")
    ops = sorted(graph.ops[m] for m in group.members)
    assert ops.count("*") == 3 and ops.count("+") == 3 and ops.count("tanh") == 1
    assert all(graph.children[m] for m in group.members)


def test_layers_group_neurons_reading_the_same_inputs():
    groups = gr.find_groups(_lecture())
    layers = [g for g in groups if g.kind == "layer"]
    assert layers and all("neurons" in g.name for g in layers)


def test_a_plain_sum_chain_is_one_group():
    xs = [Value(float(i), label=f"x{i}") for i in range(5)]
    total = sum(xs[1:], xs[0])
    groups = gr.find_groups(Graph.from_root(total))
    assert [g.kind for g in groups] == ["sum"] and len(groups[0].members) == 4


def test_the_l2_term_and_the_batch_samples_are_found():
    model = MLP(2, [3, 1], seed=1)
    xs = [[0.5, -1.0], [1.0, 2.0], [-0.5, 0.3]]
    preds = [model(x) for x in xs]
    data = sum(((1 - p).relu() for p in preds[1:]), (1 - preds[0]).relu())
    l2 = sum((p * p for p in model.parameters()[1:]), model.parameters()[0] * model.parameters()[0])
    graph = Graph.from_root(data + 0.01 * l2)
    kinds = [g.kind for g in gr.find_groups(graph)]
    assert kinds.count("sample") == 3 and "l2" in kinds and "params" in kinds


def test_collapsing_samples_keeps_the_layout_acyclic_and_smaller():
    graph = _lecture()
    groups = gr.find_groups(graph)
    collapsed = {i for i, g in enumerate(groups) if g.kind in ("sample", "params")}
    full = gr.drawn_count(graph, groups, set())
    small = gr.drawn_count(graph, groups, collapsed)
    lay = layout_graph(graph, gr.owner_array(graph, groups, collapsed))
    assert small < full / 3 and len(lay) == small
    assert (lay.kind == GROUP).sum() == len(collapsed)
    assert (lay.layer[lay.edges[:, 0]] < lay.layer[lay.edges[:, 1]]).all()


def test_default_collapse_leaves_a_small_graph_alone_and_shrinks_a_big_one():
    graph = _lecture()
    groups = gr.find_groups(graph)
    assert gr.default_collapse(graph, groups, 10_000) == set()
    chosen = gr.default_collapse(graph, groups, 200)
    assert chosen and gr.drawn_count(graph, groups, chosen) < gr.drawn_count(graph, groups, set())


def test_ancestors_and_descendants_of_a_node():
    graph = Graph.from_root(get_example("neuron").build().root)
    n = graph.labels.index("n")
    up = gr.ancestors(graph, n)
    down = gr.descendants(graph, n)
    assert up[graph.labels.index("x1")] and not up[graph.labels.index("o")]
    assert np.flatnonzero(down).tolist() == [n, graph.labels.index("o")]


def test_bigger_collapsed_group_owns_shared_members():
    graph = _lecture()
    groups = gr.find_groups(graph)
    sample = next(i for i, g in enumerate(groups) if g.kind == "sample")
    neuron = next(
        i
        for i, g in enumerate(groups)
        if g.kind == "neuron" and set(g.members) <= set(groups[sample].members)
    )
    owner = gr.owner_array(graph, groups, {sample, neuron})
    assert set(owner[list(groups[neuron].members)].tolist()) == {sample}


def test_near_root_keeps_the_nodes_closest_to_the_loss():
    graph = Graph.from_root(get_example("neuron").build().root)
    mask = gr.near_root(graph, 3)
    assert mask[graph.root] and mask[graph.labels.index("n")]
    assert not mask[graph.labels.index("x1")]


def test_opening_view_collapses_only_beyond_the_budget_and_says_so():
    graph = _lecture()
    groups, collapsed, visible, message = gr.opening_view(graph, 10_000, 20_000)
    assert groups and not collapsed and visible is None and message == ""
    groups, collapsed, visible, message = gr.opening_view(graph, 100, 20_000)
    assert collapsed and "collapsed" in message
    _, _, visible, message = gr.opening_view(graph, 2, 4)
    assert visible is not None and visible.sum() < len(graph) and "nearest" in message


def test_sample_view_expands_one_sample_only():
    groups = gr.find_groups(_lecture())
    chosen = gr.sample_view(groups, 2)
    names = {groups[i].name for i in chosen}
    assert "sample 2" not in names and {"sample 0", "sample 1", "sample 3"} <= names


def _micrograd_moons(points=12):
    """The loss of micrograd's demo as its notebook writes it, on a few moons and a smaller MLP."""
    mg_engine = pytest.importorskip("micrograd.engine")
    mg_nn = pytest.importorskip("micrograd.nn")
    random.seed(1337)
    model = mg_nn.MLP(2, [4, 4, 1])
    xs, labels = make_moons(points, noise=0.1, seed=1)
    ys = signed_labels(labels)
    scores = [model(list(map(mg_engine.Value, row))) for row in xs.tolist()]
    losses = [(1 + -yi * si).relu() for yi, si in zip(ys, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    return Graph.from_root(data_loss + reg_loss)


def test_micrograd_moons_groups_one_sample_per_point_and_the_l2_term_apart():
    graph = _micrograd_moons()
    groups = gr.find_groups(graph)
    samples = [g for g in groups if g.kind == "sample"]
    assert [g.name for g in samples] == [f"sample {k}" for k in range(12)]
    assert {graph.ops[g.head] for g in samples} == {"ReLU"}
    (l2,) = [g for g in groups if g.kind == "l2"]
    assert l2.name == "L2 term (37 squares)"
    assert not set(l2.members) & {m for g in samples for m in g.members}


def test_a_neuron_of_micrograd_takes_in_its_relu_spelled_as_micrograd_spells_it():
    graph = _micrograd_moons(points=2)
    heads = {graph.ops[g.head] for g in gr.find_groups(graph) if g.kind == "neuron"}
    assert heads == {"ReLU", "+"}  # hidden layers end in ReLU, the linear output in its sum


def test_opening_view_is_worked_out_once_per_graph_and_each_caller_gets_its_own_copy():
    graph = _lecture()
    groups, collapsed, visible, _ = gr.opening_view(graph, 2, 4)
    collapsed.add(-5)
    groups.clear()
    visible[:] = False
    again, collapsed_again, visible_again, _ = gr.opening_view(graph, 2, 4)
    assert again and -5 not in collapsed_again and visible_again.any()
    assert again[0] is gr.opening_view(graph, 2, 4)[0][0]  # the same Groups: not recomputed
    fresh = gr._opening_view(graph, 2, 4)
    assert again == fresh[0] and collapsed_again == fresh[1]
    assert (visible_again == fresh[2]).all()


def test_the_drawn_structure_kept_for_a_graph_is_that_of_the_groups_asked_for():
    graph = _lecture()
    groups = gr.find_groups(graph)
    whole = drawn_structure(graph)
    collapsed = gr.owner_array(graph, groups, set(range(len(groups))))
    grouped = drawn_structure(graph, collapsed)
    assert len(grouped[0]) < len(whole[0])
    grouped[0][:] = -1  # the caller's copy: what is kept does not change
    kept, fresh = drawn_structure(graph, collapsed), _drawn_structure(graph, collapsed, None)
    assert all((a == b).all() for a, b in zip(kept, fresh, strict=True))
    kept, fresh = drawn_structure(graph), _drawn_structure(graph, None, None)
    assert all((a == b).all() for a, b in zip(kept, fresh, strict=True))
