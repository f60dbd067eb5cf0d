import math

import numpy as np

from engine.autograd.graph import Graph
from engine.autograd.value import Value
from engine.drawing import layered
from engine.drawing import layout as lo
from engine.sources.examples import get_example


def _lecture_graph():
    return Graph.from_root(get_example("lecture-mlp").build().root)


def _initial_rank(layer):
    rank = np.zeros(len(layer))
    for nodes in layered._layers(layer):
        rank[nodes] = np.arange(len(nodes))
    return rank


def test_drawn_graph_has_a_record_per_value_and_an_op_node_per_result():
    graph = Graph.from_root(get_example("neuron").build().root)
    lay = lo.layout_graph(graph)
    n_ops = sum(1 for kids in graph.children if kids)
    assert len(lay) == len(graph) + n_ops
    assert (lay.kind == lo.RECORD).sum() == len(graph)
    assert len(lay.edges) == len(graph.edges()) + n_ops


def test_every_edge_goes_left_to_right_on_the_lecture_mlp():
    lay = lo.layout_graph(_lecture_graph())
    src, dst = lay.edges[:, 0], lay.edges[:, 1]
    assert (lay.layer[src] < lay.layer[dst]).all()
    assert (lay.x[src] < lay.x[dst]).all()


def test_no_two_nodes_of_a_layer_overlap():
    lay = lo.layout_graph(_lecture_graph())
    for nodes in layered._layers(lay.layer):
        ys = np.sort(lay.y[nodes])
        assert (np.diff(ys) >= layered.ROW - 1e-6).all()


def test_barycenter_sweeps_reduce_crossings_on_the_lecture_mlp():
    graph = _lecture_graph()
    kind, _, edges, _, _ = lo.drawn_structure(graph)
    layer = layered.assign_layers(len(kind), edges)
    before = layered.count_crossings(layer, _initial_rank(layer), edges)
    after = layered.count_crossings(layer, layered.order_layers(layer, edges), edges)
    assert after < 0.7 * before


def test_layout_is_the_same_on_every_run():
    a, b = lo.layout_graph(_lecture_graph()), lo.layout_graph(_lecture_graph())
    assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)
    assert np.array_equal(a.edges, b.edges)


def test_leaves_sit_next_to_their_first_use():
    graph = Graph.from_root(get_example("neuron").build().root)
    lay = lo.layout_graph(graph)
    b = graph.labels.index("b")
    user_op = lay.op_of[graph.labels.index("n")]
    assert lay.layer[lay.record_of[b]] == lay.layer[user_op] - 1


def test_a_plus_a_draws_two_edges_into_the_op():
    a = Value(3.0, label="a")
    graph = Graph.from_root(a + a)
    lay = lo.layout_graph(graph)
    into_op = [tuple(e) for e in lay.edges.tolist() if e[1] == lay.op_of[1]]
    assert into_op == [(lay.record_of[0], lay.op_of[1])] * 2


def test_single_node_graph_lays_out_one_record():
    lay = lo.layout_graph(Graph.from_root(Value(math.nan, label="x")))
    assert len(lay) == 1 and len(lay.edges) == 0 and lay.kind[0] == lo.RECORD


def test_count_crossings_counts_a_single_crossing():
    layer = np.array([0, 0, 1, 1])
    rank = np.array([0.0, 1.0, 0.0, 1.0])
    crossed = np.array([[0, 3], [1, 2]])
    straight = np.array([[0, 2], [1, 3]])
    assert layered.count_crossings(layer, rank, crossed) == 1
    assert layered.count_crossings(layer, rank, straight) == 0


def test_inversions_agree_with_brute_force_on_long_sequences():
    rng = np.random.default_rng(0)
    values = rng.integers(0, 50, 1500).astype(float)
    brute = sum(int((values[i] > values[i + 1 :]).sum()) for i in range(len(values)))
    assert layered._inversions(values) == brute


def test_spaced_fit_keeps_order_and_unit_gaps():
    fitted = layered.spaced_fit([0.0, 0.2, 0.1, 5.0])
    assert (np.diff(fitted) >= 1 - 1e-9).all()
    assert abs(fitted[-1] - 5.0) < 1e-9


def test_long_edges_bend_through_free_rows_between_their_ends():
    lay = lo.layout_graph(_lecture_graph())
    long_edges = [e for e, b in enumerate(lay.bends) if len(b)]
    assert long_edges
    for e in long_edges:
        s, t = lay.edges[e]
        xs = lay.bends[e][:, 0]
        assert (np.diff(np.concatenate([[lay.x[s]], xs, [lay.x[t]]])) > 0).all()
        for bx, by in lay.bends[e].tolist():
            same_column = np.isclose(lay.x, bx) | (np.abs(lay.x - bx) < lay.width / 2)
            assert (np.abs(lay.y[same_column] - by) >= layered.ROW - 1e-6).all()


def test_too_many_virtual_nodes_fall_back_to_straight_edges():
    layer = np.array([0, 50])
    edges = np.array([[0, 1]])
    all_layer, all_edges, chains = layered.add_virtual_nodes(layer, edges)
    assert len(all_layer) == 2 and chains == [[]]
    layer = np.array([0, 1, 3])
    all_layer, all_edges, chains = layered.add_virtual_nodes(layer, np.array([[0, 1], [0, 2]]))
    assert all_layer.tolist() == [0, 1, 3, 1, 2] and chains == [[], [3, 4]]
    assert all_edges.tolist() == [[0, 1], [0, 3], [3, 4], [4, 2]]
