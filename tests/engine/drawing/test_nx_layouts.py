import networkx as nx
import numpy as np
import pytest

from engine.autograd.graph import Graph
from engine.autograd.value import Value
from engine.drawing import grouping, layered, nx_layouts
from engine.drawing.digraph import drawn_digraph
from engine.drawing.layout import GROUP, LAYOUTS, layout_graph, relayout
from engine.sources.examples import get_example


def _graph(name: str) -> Graph:
    return Graph.from_root(get_example(name).build().root)


def _moons_collapsed():
    graph = _graph("moons")
    groups, collapsed, visible, _ = grouping.opening_view(graph, 6000, 20000)
    return graph, grouping.owner_array(graph, groups, collapsed), visible


def _overlapping_pairs(lay) -> int:
    """Pairs of boxes that overlap (general layouts: with the padding they promise)."""
    pad_x, pad_y = (0.0, 0.0) if lay.left_to_right else (nx_layouts.PAD_X, nx_layouts.PAD_Y)
    w, h = lay.width + pad_x - 1e-6, lay.height + pad_y - 1e-6
    dx = np.abs(lay.x[:, None] - lay.x[None, :])
    dy = np.abs(lay.y[:, None] - lay.y[None, :])
    over = (dx < (w[:, None] + w[None, :]) / 2) & (dy < (h[:, None] + h[None, :]) / 2)
    np.fill_diagonal(over, False)
    return int(over.sum()) // 2


@pytest.mark.parametrize("example", ["neuron", "parabola", "tree-two-layer", "accumulate"])
@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_places_every_drawn_node_finite_distinct_and_apart(example, name):
    lay = layout_graph(_graph(example), name=name)
    assert lay.name == name and len(lay.x) == len(lay.y) == len(lay.kind)
    assert np.isfinite(lay.x).all() and np.isfinite(lay.y).all()
    assert len({(round(x, 3), round(y, 3)) for x, y in zip(lay.x, lay.y, strict=True)}) == len(lay)
    assert _overlapping_pairs(lay) == 0


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_draws_collapsed_groups_of_the_moons_batch(name):
    graph, owner, visible = _moons_collapsed()
    lay = layout_graph(graph, owner, visible, name)
    assert (lay.kind == GROUP).sum() > 10
    assert np.isfinite(lay.x).all() and np.isfinite(lay.y).all()
    assert _overlapping_pairs(lay) == 0


@pytest.mark.parametrize("example", ["neuron", "tree-two-layer", "xor-network", "lecture-mlp"])
def test_layered_keeps_every_child_left_of_its_parent(example):
    lay = layout_graph(_graph(example))
    src, dst = lay.edges[:, 0], lay.edges[:, 1]
    assert (lay.x[src] + lay.width[src] / 2 < lay.x[dst] - lay.width[dst] / 2).all()


def test_layered_keeps_children_left_with_groups_collapsed():
    lay = layout_graph(*_moons_collapsed())
    src, dst = lay.edges[:, 0], lay.edges[:, 1]
    assert (lay.x[src] < lay.x[dst]).all()


def test_layers_are_networkx_topological_generations_except_nodes_pulled_right():
    lay = layout_graph(_graph("lecture-mlp"))
    g = nx.DiGraph(lay.edges.tolist())
    generation = {v: i for i, nodes in enumerate(nx.topological_generations(g)) for v in nodes}
    pulled = {v for v in g if g.in_degree(v) == 0 or len(set(g.successors(v))) == 1}
    kept = [v for v in g if v not in pulled]
    assert kept and all(lay.layer[v] == generation[v] for v in kept)
    assert all(lay.layer[v] >= generation[v] for v in pulled)


def test_the_layered_layout_calls_networkx(monkeypatch):
    calls = []
    for fn in ("topological_generations", "multipartite_layout"):
        real = getattr(nx, fn)
        monkeypatch.setattr(
            nx, fn, lambda *a, _real=real, _fn=fn, **k: calls.append(_fn) or _real(*a, **k)
        )
    layout_graph(_graph("neuron"))
    assert "topological_generations" in calls and "multipartite_layout" in calls


def test_multipartite_rows_start_each_layer_in_creation_order():
    layer = np.array([0, 0, 1, 1, 1])
    rank = layered.multipartite_rows(layer)
    assert rank.tolist() == [-0.5, 0.5, -1.0, 0.0, 1.0]


def test_general_layouts_turn_edges_to_run_left_to_right_on_average():
    graph = _graph("tree-two-layer")
    for name in LAYOUTS[1:]:
        lay = layout_graph(graph, name=name)
        flow = lay.x[lay.edges[:, 1]] - lay.x[lay.edges[:, 0]]
        assert flow.sum() > 0, name


def test_spring_gives_the_same_picture_on_every_run():
    a, b = (
        layout_graph(_graph("neuron"), name="spring"),
        layout_graph(_graph("neuron"), name="spring"),
    )
    assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)


def test_relayout_keeps_the_drawn_graph_and_moves_only_positions():
    lay = layout_graph(_graph("neuron"))
    spring = relayout(lay, "spring")
    assert np.array_equal(spring.edges, lay.edges) and np.array_equal(spring.ref, lay.ref)
    assert not np.array_equal(spring.x, lay.x)
    assert spring.bends == [] and not spring.left_to_right and lay.left_to_right
    assert np.array_equal(relayout(spring, "layered").x, lay.x)


def test_an_unknown_layout_name_is_refused_with_the_names():
    with pytest.raises(ValueError, match="unknown layout 'dot': choose one of layered, spring"):
        layout_graph(_graph("neuron"), name="dot")


def test_general_layouts_refuse_graphs_over_the_limit_and_layered_still_draws_them():
    chain = Value(1.0, label="x")
    for _ in range(nx_layouts.MAX_FREE_NODES // 2 + 1):
        chain = chain.tanh()
    graph = Graph.from_root(chain)
    lay = layout_graph(graph)
    assert len(lay) > nx_layouts.MAX_FREE_NODES
    with pytest.raises(nx_layouts.LayoutTooBigError, match=r"up to 2,000 drawn nodes; this graph"):
        relayout(lay, "spring")


def test_drawn_digraph_merges_the_twin_edges_of_a_plus_a():
    a = Value(3.0, label="a")
    lay = layout_graph(Graph.from_root(a + a))
    g = drawn_digraph(len(lay), lay.edges)
    assert len(lay.edges) == 3 and g.number_of_edges() == 2


def test_nearest_free_moves_to_the_closer_edge_of_the_blocked_span():
    lows, highs = np.array([0.0, 8.0]), np.array([10.0, 20.0])
    assert nx_layouts.nearest_free(4.0, lows, highs) == 0.0
    assert nx_layouts.nearest_free(15.0, lows, highs) == 20.0
    assert nx_layouts.nearest_free(25.0, lows, highs) == 25.0
