"""The drawn graph as a networkx DiGraph: what every layout reads."""

from __future__ import annotations

import networkx as nx
import numpy as np


def drawn_digraph(n: int, edges: np.ndarray) -> nx.DiGraph:
    """Drawn nodes ``0..n-1`` (in id order) and their edges; ``a + a``'s twin edges become one."""
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges.tolist())
    return g


def generations(g: nx.DiGraph) -> list[list[int]]:
    """The topological generations networkx finds, each in id order; ValueError on a cycle."""
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
