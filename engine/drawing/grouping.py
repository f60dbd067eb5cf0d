"""Collapsible groups of a big graph, found from its structure alone.

A ``sum()`` chain (engine.drawing.sum_chains) is a run of '+' nodes; a neuron is a chain
whose terms include single-use products with a leaf (the weight), plus the activation on
top; a layer is the neurons of one sample reading the same inputs; the L2 term is a chain
of squared leaves; a sample of a batch loss is what only one term of the top loss chain
depends on. Groups nest; when several are collapsed, the biggest one owns a node.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter

import numpy as np

from engine.autograd.frozen_record import FrozenRecord
from engine.autograd.graph import Graph
from engine.autograd.ops import ACTIVATIONS, canonical
from engine.drawing.sum_chains import chain_terms, is_square_of_leaf, sum_chains, uses

TOP_DEPTH = 4  # how far below the root the batch loss chain may start


class Group(FrozenRecord):
    """A set of nodes that can be drawn as one: its kind, name, members and output node."""

    kind: str  # "sum", "neuron", "layer", "l2", "sample", "params"
    name: str
    members: tuple[int, ...]
    head: int


def find_groups(graph: Graph) -> list[Group]:
    """Every group found: sum chains, neurons, layers, the L2 term, samples, shared params."""
    # Counted and chained once: a moons batch has 65,814 nodes and samples() needs them too.
    used = uses(graph)
    chains = sum_chains(graph, used)
    parents = graph.parents()
    groups: list[Group] = []
    neurons: list[tuple[Group, tuple[int, ...]]] = []
    for chain in chains:
        group, inputs = _classify_chain(graph, chain, used, parents)
        if group is not None:
            groups.append(group)
            if inputs is not None:
                neurons.append((group, inputs))
    groups += _layers(graph, neurons)
    groups += samples(graph, chains)
    return groups


def _classify_chain(
    graph: Graph, chain: list[int], used: list[int], parents: tuple[tuple[int, ...], ...]
) -> tuple[Group | None, tuple[int, ...] | None]:
    """A chain as a neuron, the L2 term or a plain sum; None for a lone '+'."""
    ops, kids = graph.ops, graph.children
    terms = chain_terms(graph, chain)
    products = [t for t in terms if ops[t] == "*" and used[t] == 1]
    squares = [t for t in terms if is_square_of_leaf(graph, t)]
    head = chain[-1]
    if terms and len(squares) == len(terms) and len(terms) >= 2:
        members = tuple(sorted(chain + squares))
        return Group("l2", f"L2 term ({len(terms)} squares)", members, head), None
    weighted = [t for t in products if any(not kids[c] for c in kids[t])]
    if weighted and len(weighted) >= len(terms) - 1:
        if used[head] == 1 and canonical(ops[parents[head][0]]) in ACTIVATIONS:
            head = parents[head][0]
        inputs = tuple(
            sorted(c for t in weighted for c in kids[t] if kids[c] or not _is_param(graph, c))
        )
        members = tuple(sorted({*chain, *weighted, head}))
        label = graph.labels[head].removesuffix(".out") or f"{ops[head]}{head}"
        return Group("neuron", f"neuron {label}", members, head), inputs
    if len(chain) >= 2:
        return Group("sum", f"sum of {len(terms)} terms", tuple(chain), head), None
    return None, None


def _is_param(graph: Graph, v: int) -> bool:
    """A leaf that looks like a parameter: labelled like ``L0.N2.w1`` or ``w1``/``b``."""
    label = graph.labels[v]
    last = label.rsplit(".", 1)[-1]
    return bool(last) and (last[0] in "wb") and (last[1:].isdigit() or last == "b")


def _layers(graph: Graph, neurons: list[tuple[Group, tuple[int, ...]]]) -> list[Group]:
    """Neurons reading exactly the same inputs, two or more of them, as one layer."""
    by_inputs: dict[tuple[int, ...], list[Group]] = {}
    for group, inputs in neurons:
        by_inputs.setdefault(inputs, []).append(group)
    layers = []
    for same in by_inputs.values():
        if len(same) >= 2:
            members = tuple(sorted(m for g in same for m in g.members))
            first = same[0].name.removeprefix("neuron ").rsplit(".", 1)[0]
            layers.append(
                Group("layer", f"layer {first} ({len(same)} neurons)", members, same[-1].head)
            )
    return layers


def ancestors(graph: Graph, node: int) -> np.ndarray:
    """Mask of ``node`` and every node it depends on."""
    mask = np.zeros(len(graph), bool)
    stack = [node]
    mask[node] = True
    while stack:
        for c in graph.children[stack.pop()]:
            if not mask[c]:
                mask[c] = True
                stack.append(c)
    return mask


def descendants(graph: Graph, node: int) -> np.ndarray:
    """Mask of ``node`` and every node that depends on it."""
    parents = graph.parents()
    mask = np.zeros(len(graph), bool)
    stack = [node]
    mask[node] = True
    while stack:
        for p in parents[stack.pop()]:
            if not mask[p]:
                mask[p] = True
                stack.append(p)
    return mask


def samples(graph: Graph, chains: list[list[int]] | None = None) -> list[Group]:
    """Per-sample groups of a batch loss, plus the leaves the samples share ("params").

    ``chains`` are the graph's sum chains, if the caller has them already.
    """
    chain = _batch_chain(graph, sum_chains(graph) if chains is None else chains)
    if chain is None:
        return []
    terms = chain_terms(graph, chain)
    usual = Counter(graph.ops[t] for t in terms).most_common(1)[0][0]
    terms = [t for t in terms if graph.ops[t] == usual]  # not the L2 term added on top
    reach = Counter()
    masks = [ancestors(graph, t) for t in terms]
    for m in masks:
        reach.update(np.flatnonzero(m).tolist())
    groups, shared = [], set()
    for k, (t, m) in enumerate(zip(terms, masks, strict=True)):
        members = tuple(v for v in np.flatnonzero(m).tolist() if reach[v] == 1)
        shared.update(
            v for v in np.flatnonzero(m).tolist() if reach[v] > 1 and not graph.children[v]
        )
        if len(members) >= 3:
            groups.append(Group("sample", f"sample {k}", members, t))
    if len(groups) < 2 or not _alike(groups):
        return []
    if shared:
        groups.append(
            Group("params", f"{len(shared)} shared leaves", tuple(sorted(shared)), max(shared))
        )
    return groups


def _alike(groups: list[Group]) -> bool:
    """Whether the groups look like samples of one batch: about the same size each.

    Two terms as unlike as a whole data loss and an L2 term are not samples.
    """
    sizes = [len(g.members) for g in groups]
    return max(sizes) <= 2 * min(sizes)


def _batch_chain(graph: Graph, chains: list[list[int]]) -> list[int] | None:
    """The longest of ``chains`` whose head is within TOP_DEPTH ops of the root."""
    near, frontier = {graph.root}, [graph.root]
    for _ in range(TOP_DEPTH):
        frontier = [c for v in frontier for c in graph.children[v] if c not in near]
        near.update(frontier)
    chains = [c for c in chains if c[-1] in near]
    candidates = [
        c
        for c in chains
        if all(graph.children[t] and not is_square_of_leaf(graph, t) for t in chain_terms(graph, c))
    ]
    return max(candidates, key=len, default=None)


def owner_array(graph: Graph, groups: list[Group], collapsed: set[int]) -> np.ndarray:
    """Per node the index of the collapsed group drawing it, or -1; bigger groups win."""
    owner = np.full(len(graph), -1, np.int64)
    for g in sorted(collapsed, key=lambda i: -len(groups[i].members)):
        members = np.array(groups[g].members, np.int64)
        free = members[owner[members] < 0]
        owner[free] = g
    return owner


def drawn_count(graph: Graph, groups: list[Group], collapsed: set[int]) -> int:
    """How many drawn nodes (records, op nodes, groups) a collapse choice leaves."""
    owner = owner_array(graph, groups, collapsed)
    free = owner < 0
    ops = np.fromiter((bool(k) for k in graph.children), bool, len(graph))
    return int(free.sum() + (ops & free).sum() + len(set(owner[~free].tolist())))


def default_collapse(graph: Graph, groups: list[Group], budget: int) -> set[int]:
    """The finest collapse that draws at most ``budget`` nodes (samples first, then layers ...)."""
    collapsed: set[int] = set()
    for kinds in (("sample", "params", "l2", "sum"), ("layer",), ("neuron",)):
        if drawn_count(graph, groups, collapsed) <= budget:
            break
        collapsed |= {i for i, g in enumerate(groups) if g.kind in kinds}
    return collapsed


def near_root(graph: Graph, budget: int) -> np.ndarray:
    """Mask of the nodes closest to the root (breadth first), about ``budget`` of them."""
    mask = np.zeros(len(graph), bool)
    mask[graph.root] = True
    frontier, count = [graph.root], 1
    while frontier and count < budget:
        nxt = [c for v in frontier for c in dict.fromkeys(graph.children[v]) if not mask[c]]
        mask[nxt] = True
        count += len(nxt)
        frontier = nxt
    return mask


OpeningView = tuple[list[Group], set[int], np.ndarray | None, str]
"""Groups, those collapsed, a mask of the nodes shown (None: all), and a message."""

# Worked out once per graph and budgets: a 65,000-node pass takes ~0.4 s, which a reader
# thread can spend before the GUI thread opens the pass.
_OPENINGS: weakref.WeakKeyDictionary[Graph, dict[tuple[int, int], OpeningView]] = (
    weakref.WeakKeyDictionary()
)
_OPENINGS_LOCK = threading.Lock()


def opening_view(graph: Graph, full_budget: int, hard_budget: int) -> OpeningView:
    """How to open a graph: groups, those collapsed, a mask of nodes shown, and a message.

    Computed once per graph and budgets, from any thread; each caller gets its own copy.
    """
    key = (full_budget, hard_budget)
    with _OPENINGS_LOCK:
        known = _OPENINGS.get(graph, {}).get(key)
    if known is None:
        known = _opening_view(graph, full_budget, hard_budget)
        with _OPENINGS_LOCK:
            _OPENINGS.setdefault(graph, {})[key] = known
    groups, collapsed, visible, message = known
    return list(groups), set(collapsed), None if visible is None else visible.copy(), message


def _opening_view(graph: Graph, full_budget: int, hard_budget: int) -> OpeningView:
    drawn = len(graph) + sum(1 for k in graph.children if k)
    groups = find_groups(graph) if drawn > 300 else []
    collapsed = default_collapse(graph, groups, full_budget)
    visible = None
    if drawn_count(graph, groups, collapsed) > hard_budget:
        visible = near_root(graph, hard_budget // 2)
    if not collapsed and visible is None:
        return groups, collapsed, visible, ""
    if visible is not None:
        how = "only the nodes nearest the loss; right-click a node to focus on its inputs"
    else:
        how = "groups collapsed; double-click a group to expand it, right-click for more"
    message = f"Big graph ({drawn:,} drawn nodes): opened with {how}"
    return groups, collapsed, visible, message


def sample_view(groups: list[Group], k: int) -> set[int]:
    """The collapse showing sample ``k`` of a batch in full and the other samples collapsed."""
    keep = f"sample {k}"
    return {
        i for i, g in enumerate(groups) if g.kind in ("sample", "params", "l2") and g.name != keep
    }
