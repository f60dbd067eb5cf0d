"""topological_order: micrograd's build_topo order at any depth, from any caller's depth."""

import random
import sys

from engine.autograd.value import Value, topological_order
from tests.engine.autograd.reference_topo import micrograd_build_topo


def _deep_random_graph(seed: int, size: int) -> Value:
    """Chains thousands of levels deep that share nodes, with one- and three-input ops."""
    rng = random.Random(seed)
    pool = [Value(rng.uniform(-1, 1)) for _ in range(4)]
    for _ in range(size):
        a, b, c = rng.choice(pool[-3:]), rng.choice(pool), rng.choice(pool)
        pool.append(
            rng.choice((a + b, b * a, a.tanh(), Value(0.0, (a, b, c), "+"), Value(0.0, (a,), "f")))
        )
    return pool[-1] + pool[len(pool) // 2]


def test_a_graph_deeper_than_the_recursion_limit_is_sorted_as_build_topo_would():
    for seed in range(3):
        root = _deep_random_graph(seed, 3_000)
        order = topological_order(root)
        assert order == micrograd_build_topo(root)
        assert len(order) > sys.getrecursionlimit()


def test_a_sort_from_a_caller_near_the_recursion_limit_still_succeeds():
    root = _deep_random_graph(5, 2_000)
    expected = micrograd_build_topo(root)

    def sort_at_depth(frames_left: int) -> list[Value]:
        if frames_left > 30:
            return sort_at_depth(frames_left - 1)
        return topological_order(root)

    # from a caller 30 frames short of the limit: no room to recurse, the whole sort iterates
    here = len(_frames())
    assert sort_at_depth(sys.getrecursionlimit() - here - 5) == expected


def test_three_input_nodes_are_sorted_in_input_order():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    total = Value(6.0, (c, a, b), "+")
    assert total._prev == (c, a, b)
    assert topological_order(total) == [c, a, b, total]


def _frames():
    frame, frames = sys._getframe(), []
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    return frames
