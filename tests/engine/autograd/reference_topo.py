"""micrograd's recursive build_topo, the reference order the engine's sort must give."""

import sys


def micrograd_build_topo(root):
    """The recursive build_topo of micrograd, given the recursion it needs (a reference)."""
    topo, visited = [], set()

    def build_topo(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                build_topo(child)
            topo.append(v)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + 20_000)
    try:
        build_topo(root)
    finally:
        sys.setrecursionlimit(limit)
    return topo
