"""The fast path against the scalar engine: same data, same grads, same failures."""

import math

import numpy as np
import pytest

from engine.autograd.graph import Graph
from engine.autograd.value import Value
from engine.training.fastpath import CompiledGraph, FastPathError, node_ids


def every_op_graph(data=(1.5, -0.7, 2.0)) -> tuple[Value, list[Value]]:
    a, b, c = (Value(x, label=name) for x, name in zip(data, "abc", strict=True))
    s = (a + b) * (a - c) / c
    u = (s**2 + (-b) ** 3 + c**-1 + c**0.5).tanh()
    v = u.exp() + c.log() + (a * b).relu() + (a * c).relu() + (b * 3).sigmoid() + a.sigmoid()
    return v * a + a + a, [a, b, c]


def test_every_op_gives_the_scalar_engines_data_and_grads():
    root, leaves = every_op_graph()
    root.backward()
    graph = Graph.from_root(root)
    compiled = CompiledGraph(graph)
    loss = compiled.forward()
    grads = compiled.backward()
    assert loss == pytest.approx(root.data, abs=1e-12)
    ids = node_ids(graph, leaves)
    np.testing.assert_allclose(grads[ids], [v.grad for v in leaves], atol=1e-12)
    np.testing.assert_allclose(compiled.data, [n.data for n in graph.nodes], atol=1e-12)


def test_new_leaf_values_give_the_graph_rebuilt_with_them():
    root, leaves = every_op_graph()
    graph = Graph.from_root(root)
    compiled = CompiledGraph(graph)
    compiled.data[node_ids(graph, leaves)] = [0.3, 1.1, 0.8]
    loss = compiled.forward()
    grads = compiled.backward()
    fresh_root, fresh = every_op_graph((0.3, 1.1, 0.8))
    fresh_root.backward()
    assert loss == pytest.approx(fresh_root.data, abs=1e-12)
    np.testing.assert_allclose(grads[node_ids(graph, leaves)], [v.grad for v in fresh], atol=1e-12)


def test_a_nan_is_found_at_the_first_node_that_has_it():
    x = Value(-1.0, label="x")
    y = x.log()
    y.label = "logx"
    out = y * 2 + 1
    compiled = CompiledGraph(Graph.from_root(out))
    assert math.isnan(compiled.forward())
    assert compiled.names[compiled.first_non_finite()] == "logx"


def test_an_unknown_op_is_refused_naming_the_node():
    a, b = Value(1.0), Value(2.0)
    odd = Value(2.0, (a, b), "max", label="mx")
    with pytest.raises(FastPathError, match=r"mx.*'max'"):
        CompiledGraph(Graph.from_root(odd))
