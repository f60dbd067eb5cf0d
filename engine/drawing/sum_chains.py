"""Python ``sum()`` chains in a scalar graph: runs of '+' nodes and the terms they add up.

Each ``+`` but the last is used once, by the next; the terms are the chain's other inputs,
without the 0 that ``sum()`` starts from. Grouping reads neurons, the L2 term and a batch
loss's samples off these terms.
"""

from __future__ import annotations

from engine.autograd.graph import Graph


def uses(graph: Graph) -> list[int]:
    """How many times each node is used as an input (``a + a`` counts twice)."""
    count = [0] * len(graph)
    for kids in graph.children:
        for c in kids:
            count[c] += 1
    return count


def sum_chains(graph: Graph, used: list[int] | None = None) -> list[list[int]]:
    """Runs of '+' nodes where each but the last is used once, by the next (lists of ids)."""
    used = uses(graph) if used is None else used
    parents = graph.parents()
    nxt: dict[int, int] = {}
    for v, op in enumerate(graph.ops):
        if op == "+" and used[v] == 1 and graph.ops[parents[v][0]] == "+":
            nxt[v] = parents[v][0]
    inner = set(nxt.values())
    starts = [v for v, op in enumerate(graph.ops) if op == "+" and v not in inner]
    chains = []
    for v in starts:
        chain = [v]
        while chain[-1] in nxt:
            chain.append(nxt[chain[-1]])
        chains.append(chain)
    return chains


def chain_terms(graph: Graph, chain: list[int]) -> list[int]:
    """The inputs a sum chain adds up, without the 0 Python's ``sum()`` starts from."""
    inside = set(chain)
    return [
        c
        for v in chain
        for c in graph.children[v]
        if c not in inside and not _is_sum_start(graph, c)
    ]


def _is_sum_start(graph: Graph, v: int) -> bool:
    """An unlabelled leaf 0: the start value ``sum()`` adds a micrograd Value to."""
    if graph.children[v] or graph.labels[v]:
        return False
    return getattr(graph.nodes[v], "data", None) == 0


def is_square_of_leaf(graph: Graph, t: int) -> bool:
    """Whether term ``t`` squares a leaf (``w * w`` or ``w**2``): the L2 term's shape."""
    kids = graph.children[t]
    if graph.ops[t] == "*" and len(kids) == 2 and kids[0] == kids[1]:
        return not graph.children[kids[0]]
    return graph.ops[t] == "**2" and not graph.children[kids[0]]
