"""Diagnosis checks decided for a whole pass at once with numpy, where they find nothing.

The diagnoses look at every step of a pass; for micrograd's moons demo that is 65,000
steps and 130,000 grad writes, and the checks on floats cost a few Python calls each.
Here they are decided in bulk for the common case, a step that is in order and writes
what the op table expects; every step not cleared here is checked on floats, exactly as
the diagnoses always did.

- ``cleared_steps``: each (op, arity) group's local derivatives are numpy arrays from the
  rules' array form, and each write's grad before it is read off the writes themselves.
- ``last_user_start``: when each node's last user first ran, so a step that ran after all
  its users is known to be in order without listing them.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np

from engine.autograd.ops import op_rule
from engine.trace.trace import Trace

MARGIN = 5e-8
"""Half the diagnoses' tolerance: numpy's derivative may differ from the float path's in
the last digit, so a write near the line is left to the float check."""


def cleared_steps(trace: Trace, steps: Sequence[int], grad: Sequence[float]) -> list[bool]:
    """For each step number k, whether every write it made agrees with its op's rule.

    ``steps`` are the pass's BackwardStep events, ``grad`` each node's grad when the first
    one ran (after zeroing and seeding). Nothing is cleared unless the steps are numbered
    0, 1, 2 ... in order and each made one write per child, laid out step after step:
    then the writes are read in the order the float check reads them.
    """
    t = trace
    cleared = np.zeros(len(t.step_grad), dtype=bool)
    groups = _groups(t, steps)
    if groups is None:
        return cleared.tolist()
    before = _befores(t, grad)
    share = np.full(len(t.w_child), np.nan)
    for (op, arity), events in groups.items():
        rule = op_rule(op, arity)
        if rule is not None:
            _fill_shares(t, rule.local, (events, arity), share)
    after = np.asarray(t.w_after, dtype=float)
    with np.errstate(all="ignore"):
        want = before + share
        scale = np.maximum(np.maximum(1.0, np.abs(want)), np.abs(before))
        scale = np.maximum(scale, np.abs(share))
        ok = np.isfinite(want) & (np.abs(after - want) <= MARGIN * scale)
    starts = np.asarray(t.step_start)
    bad = np.concatenate(([0], np.cumsum(~ok)))
    cleared = (bad[starts[1:]] == bad[starts[:-1]]) & (starts[1:] > starts[:-1])
    return cleared.tolist()


def _groups(t: Trace, steps: Sequence[int]) -> dict[tuple[str, int], list[int]] | None:
    """The steps with distinct children by (op, arity); None if the layout is not plain."""
    children, ops, starts = t.graph.children, t.graph.ops, t.step_start
    if len(steps) != len(t.step_grad) or len(starts) != len(steps) + 1:
        return None
    if starts[-1] != len(t.w_child):
        return None
    groups: dict[tuple[str, int], list[int]] = {}
    for number, i in enumerate(steps):
        v = t.node[i]
        kids = children[v]
        n = len(kids)
        if t.arg[i] != number or starts[number + 1] - starts[number] != n:
            return None
        if n and (n == 1 or len(set(kids)) == n):
            groups.setdefault((ops[v], n), []).append(i)
    return groups


def _befores(t: Trace, grad: Sequence[float]) -> np.ndarray:
    """Each write's grad before it: as recorded, else the child's last write, else ``grad``."""
    child = np.asarray(t.w_child, dtype=np.intp)
    missing = np.fromiter((b is None for b in t.w_before), dtype=bool, count=len(child))
    before = np.asarray([np.nan if b is None else b for b in t.w_before], dtype=float)
    if missing.any():
        order = np.argsort(child, kind="stable")  # each child's writes, in write order
        same = child[order[1:]] == child[order[:-1]]
        previous = np.full(len(child), -1, dtype=np.intp)
        previous[order[1:][same]] = order[:-1][same]
        after = np.asarray(t.w_after, dtype=float)
        start = np.asarray(grad, dtype=float)[child]
        fill = np.where(previous >= 0, after[np.maximum(previous, 0)], start)
        before[missing] = fill[missing]
    return before


def _fill_shares(t: Trace, local, group: tuple[list[int], int], share: np.ndarray) -> None:
    """Fill ``share`` (local derivative × out.grad) for one (op, arity) group's writes."""
    events, arity = group
    at = np.asarray(events)
    nodes = np.asarray(t.node)[at]
    k = np.asarray(t.arg)[at]
    kids = np.array([t.graph.children[v] for v in nodes.tolist()], dtype=np.intp)
    out_grad = np.array([0.0 if g is None else g for g in map(t.step_grad.__getitem__, k)])
    data = np.asarray(t.initial_data, dtype=float)
    lo = np.asarray(t.step_start)[k]
    with np.errstate(all="ignore"):
        derivatives = local(np, tuple(data[kids[:, p]] for p in range(arity)), data[nodes])
        for p, d in enumerate(derivatives):
            share[lo + p] = np.broadcast_to(np.asarray(d, dtype=float), lo.shape) * out_grad


def last_user_start(trace: Trace, steps: Sequence[int]) -> list[float]:
    """For each node, the event at which the last of its users first ran (inf: one never ran).

    A node's step at event ``i`` is in order when this is below ``i``; -1 for a node no
    other node uses (the root).
    """
    t, n = trace, len(trace.graph)
    first = np.full(n, np.inf)
    events = np.asarray(steps, dtype=float)
    nodes = np.asarray([t.node[i] for i in steps], dtype=np.intp)
    np.minimum.at(first, nodes, events)
    children = t.graph.children
    counts = np.fromiter(map(len, children), dtype=np.intp, count=n)
    child = np.fromiter(chain.from_iterable(children), dtype=np.intp, count=int(counts.sum()))
    user = np.repeat(np.arange(n), counts)
    last = np.full(n, -1.0)
    np.maximum.at(last, child, first[user])
    return last.tolist()
