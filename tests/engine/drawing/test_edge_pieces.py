import numpy as np

from engine.autograd.graph import Graph
from engine.drawing import edge_pieces as ep
from engine.drawing import layout as lo
from engine.drawing.edge_route import edge_routes
from engine.sources.examples import get_example


def _layout(name="lecture-mlp"):
    return lo.layout_graph(Graph.from_root(get_example(name).build().root))


def _bezier(ctrl, t):
    """Points of cubics (N, 8) at parameters t (N,)."""
    p = ctrl.reshape(-1, 4, 2)
    t = t[:, None]
    return (
        (1 - t) ** 3 * p[:, 0]
        + 3 * (1 - t) ** 2 * t * p[:, 1]
        + 3 * (1 - t) * t**2 * p[:, 2]
        + t**3 * p[:, 3]
    )


def test_a_sub_cubic_is_the_same_curve_between_its_parameters():
    rng = np.random.default_rng(0)
    ctrl = rng.uniform(-500, 500, (20, 8))
    t0, t1 = rng.uniform(0, 0.5, 20), rng.uniform(0.5, 1, 20)
    sub = ep.sub_cubics(ctrl, t0, t1)
    for s in np.linspace(0, 1, 7):
        inside = np.full(20, s)
        assert np.allclose(_bezier(sub, inside), _bezier(ctrl, t0 + (t1 - t0) * s))


def test_split_cubics_are_short_in_order_and_join_exactly():
    ctrl = np.array([[0, 0, 1000, 0, 1000, 3000, 2000, 3000], [0, 0, 10, 0, 10, 5, 20, 5.0]])
    pieces, parent = ep.split_cubics(ctrl, 400.0)
    box = ep.hull_boxes(pieces)
    assert (np.maximum(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1]) <= 400.0).all()
    assert parent.tolist() == sorted(parent.tolist()) and parent.tolist().count(1) == 1
    first = pieces[parent == 0]
    assert (first[1:, :2] == first[:-1, 6:]).all()  # each piece starts where the last ended
    assert np.allclose(first[0, :2], [0, 0]) and np.allclose(first[-1, 6:], [2000, 3000])


def test_layered_edges_become_pieces_from_border_to_arrowhead():
    lay = _layout()
    p = ep.edge_pieces(lay)
    routes = edge_routes(lay)
    assert not p.straight and set(p.edge.tolist()) == set(range(len(lay.edges)))
    assert (np.diff(p.edge) >= 0).all()
    side = np.maximum(p.box[:, 2] - p.box[:, 0], p.box[:, 3] - p.box[:, 1])
    assert (side <= ep.PIECE_MAX).all()
    for e in (0, len(routes) // 2, len(routes) - 1):
        mine = p.ctrl[p.edge == e]
        (sx, sy), (tx, ty) = routes[e][0], routes[e][-1]
        assert np.allclose(mine[0, :2], [sx, sy])
        assert np.allclose(mine[-1, 6:], [tx - ep.HEAD_GAP, ty])
    assert len(p.heads) == len(np.unique(lay.edges[:, 1]))  # one head per target


def test_a_plus_a_draws_two_edges_side_by_side():
    lay = _layout("accumulate")
    ranks = ep.twin_rank(lay.edges)
    assert sorted(ranks.tolist()) == [0, 0, 1]
    p = ep.edge_pieces(lay)
    twin = int(np.flatnonzero(ranks == 1)[0])
    (e,) = np.flatnonzero((lay.edges == lay.edges[twin]).all(axis=1) & (ranks == 0))
    first, second = p.ctrl[p.edge == e], p.ctrl[p.edge == twin]
    assert np.allclose(second[:, [3, 5]] - first[:, [3, 5]], ep.TWIN_GAP)
    assert np.allclose(second[:, [0, 1, 6, 7]], first[:, [0, 1, 6, 7]])  # same ends


def test_twin_rank_counts_earlier_edges_between_the_same_two_nodes():
    edges = np.array([[0, 1], [0, 1], [2, 1], [0, 1], [0, 2]])
    assert ep.twin_rank(edges).tolist() == [0, 1, 0, 2, 0]


def test_a_general_layout_draws_straight_pieces_with_a_head_per_edge():
    lay = lo.relayout(_layout("neuron"), "spring")
    p = ep.edge_pieces(lay)
    assert p.straight and len(p.heads) == len(lay.edges)
    for e in range(len(lay.edges)):
        mine = p.ctrl[p.edge == e]
        (ax, ay), (bx, by) = mine[0, :2], mine[-1, 6:]
        q = mine.reshape(-1, 2)  # every control point on the line from a to b
        across = (bx - ax) * (q[:, 1] - ay) - (by - ay) * (q[:, 0] - ax)
        assert np.allclose(across, 0, atol=1e-6 * max(1.0, np.hypot(bx - ax, by - ay)) ** 2)


def test_visible_picks_boxes_within_the_margin():
    boxes = np.array([[0, 0, 10, 10], [100, 100, 110, 110], [12, 0, 20, 5.0]])
    assert ep.visible(boxes, (0, 0, 10, 10), 0).tolist() == [0]
    assert ep.visible(boxes, (0, 0, 10, 10), 3).tolist() == [0, 2]
