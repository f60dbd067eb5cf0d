"""The drawn graph as a networkx DiGraph: what every layout reads.

networkx (~300 modules) is imported on first use, not with this module: a launch draws its
first graph with the layering a forked process got from networkx (forked_layering.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import networkx as nx


def drawn_digraph(n: int, edges: np.ndarray) -> nx.DiGraph:
    """Drawn nodes ``0..n-1`` (in id order) and their edges; ``a + a``'s twin edges become one."""
    import networkx as nx  # noqa: PLC0415 - see the module's docstring

    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges.tolist())
    return g


def generations(g: nx.DiGraph) -> list[list[int]]:
    """The topological generations networkx finds, each in id order; ValueError on a cycle."""
    import networkx as nx  # noqa: PLC0415 - see the module's docstring

    try:
        return [sorted(nodes) for nodes in nx.topological_generations(g)]
    except nx.NetworkXUnfeasible as error:
        raise ValueError("the drawn graph has a cycle (a group that is not convex)") from error


def generation_of(g: nx.DiGraph) -> np.ndarray:
    """Per node its topological generation: its longest path from a source."""
    layer = np.zeros(len(g), np.int64)
    for i, nodes in enumerate(generations(g)):
        layer[nodes] = i
    return layer
