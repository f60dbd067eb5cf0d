"""node_map: the same loss graph built in two orders, matched node for node, or refused."""

import numpy as np
import pytest

from engine.autograd.graph import Graph
from engine.autograd.value import Value
from engine.sources.examples import get_example
from engine.training.fastpath import CompiledGraph
from engine.training.node_map import SLICE_GROUPS, node_map, sliced_node_map
from engine.training.runs import build_step_graph
from engine.training.setups import get_setup


@pytest.mark.parametrize("name", ["moons", "lecture-mlp", "xor-network", "house-price"])
def test_an_example_and_its_training_graph_match_one_to_one(name):
    example = Graph.from_root(get_example(name).build().root)
    setup = get_setup(name)
    run = Graph.from_root(build_step_graph(setup, setup.initial_params()).root)
    perm = node_map(CompiledGraph(example), CompiledGraph(run))
    assert sorted(perm.tolist()) == list(range(len(run)))
    assert [run.ops[j] for j in perm] == list(example.ops)
    for i, kids in enumerate(example.children):  # each child where its parent's map says
        assert tuple(perm[list(kids)]) == run.children[perm[i]]
    assert [run.nodes[j].data for j in perm] == [v.data for v in example.nodes]


def _graph(swap: bool) -> CompiledGraph:
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a + b
    out = (b * c) if swap else (c * b)  # the same ops, children the other way round
    return CompiledGraph(Graph.from_root(out.tanh()))


def test_children_in_another_order_or_another_op_are_refused():
    assert node_map(_graph(False), _graph(False)).tolist() == list(range(5))
    with pytest.raises(ValueError, match="the graphs differ"):
        node_map(_graph(False), _graph(True))
    a, b = Value(2.0), Value(3.0)
    with pytest.raises(ValueError, match="the graphs differ at node"):
        node_map(_graph(False), CompiledGraph(Graph.from_root(((a + b) + b).tanh())))


def test_a_node_shared_by_two_parents_must_be_one_node_in_both():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    shared = CompiledGraph(Graph.from_root((a * b) + (a * c)))  # a feeds both products
    d, e, f, g = Value(1.0), Value(2.0), Value(1.0), Value(3.0)
    apart = CompiledGraph(Graph.from_root((d * e) + (f * g)))  # one more leaf
    with pytest.raises(ValueError, match="the graphs differ"):
        node_map(shared, apart)
    np.testing.assert_array_equal(node_map(shared, shared), np.arange(len(shared)))


def test_the_moons_match_pauses_every_few_dozen_groups_and_matches_the_same():
    example = CompiledGraph(Graph.from_root(get_example("moons").build().root))
    setup = get_setup("moons")
    run = CompiledGraph(Graph.from_root(build_step_graph(setup, setup.initial_params()).root))
    work, pauses = sliced_node_map(example, run), 0
    while True:
        try:
            next(work)
            pauses += 1
        except StopIteration as stop:
            sliced = stop.value
            break
    assert pauses >= 2 * len(example.groups) // SLICE_GROUPS
    np.testing.assert_array_equal(sliced, node_map(example, run))
