"""Observing the backward pass: each node's own ``_backward``, called once, and what it wrote.

The loops here run once per node of a 66,000-node graph, so they are written for speed
(locals bound once, the two-child case unrolled); the rare cases (a repeated child, a node
that writes its own grad, a grad that is not a float) leave the loop for a helper.
"""

from __future__ import annotations

from itertools import accumulate, chain
from typing import Any

from engine.autograd.graph import GraphError, describe
from engine.trace import event_text as text
from engine.trace.events import GradWrite


class TraceError(GraphError):
    """A graph that cannot be recorded; the message names the node at fault."""


def number(value: Any, what: str) -> float:
    """``value`` as a float, or a TraceError saying what was not a number."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TraceError(f"{what} is not a number: {value!r}") from None


def grad_of(obj: Any) -> float:
    """A node's grad as a float, or a TraceError naming the node."""
    return number(obj.grad, f"{describe(obj)}'s grad")


def observe_steps(rec: Any, order: list[int]) -> None:
    """Run every ``_backward`` in ``order``, filling the recorder's write columns."""
    if rec.plain_values:
        _observe_values(rec, order)
    else:
        _observe_foreign(rec, order)
    # A node's grad is final once its own call starts (its parents all ran before it),
    # so each call's incoming grad is read afterwards; stray self-writes are patched.
    rec.step_grad = list(map(rec.shadow.__getitem__, order))
    for k, before in rec.step_grad_at_call.items():
        rec.step_grad[k] = before
    kid_lists = list(map(rec.graph.children.__getitem__, order))
    rec.w_child = list(chain.from_iterable(kid_lists))
    rec.step_start = list(accumulate(map(len, kid_lists), initial=0))
    _check_grads_are_numbers(rec)


def _observe_values(rec: Any, order: list[int]) -> None:
    """The loop for our own Values: their backward rules never write outside their inputs."""
    nodes, children, shadow = rec.nodes, rec.graph.children, rec.shadow
    add_before, add_after = rec.w_before.append, rec.w_after.append
    for v in order:
        obj = nodes[v]
        fn = obj._grad_fn  # what Value._backward calls, minus one frame
        if fn is None:
            continue  # a leaf: its call writes nothing
        try:
            fn(obj)
        except Exception as exc:
            raise _raised(rec, v, exc) from exc
        kids = children[v]
        if len(kids) == 2 and kids[0] != kids[1]:
            a, b = kids
            g = nodes[a].grad
            add_before(shadow[a])
            add_after(g)
            shadow[a] = g
            g = nodes[b].grad
            add_before(shadow[b])
            add_after(g)
            shadow[b] = g
        elif len(kids) == 1:
            c = kids[0]
            g = nodes[c].grad
            add_before(shadow[c])
            add_after(g)
            shadow[c] = g
        elif kids:
            _many_writes(rec, v)


def _observe_foreign(rec: Any, order: list[int]) -> None:
    """The loop for any micrograd-compatible class: also catches a node writing its own grad."""
    nodes, children, shadow = rec.nodes, rec.graph.children, rec.shadow
    add_before, add_after = rec.w_before.append, rec.w_after.append
    for v in order:
        obj = nodes[v]
        self_before = obj.grad
        try:
            obj._backward()
        except Exception as exc:
            raise _raised(rec, v, exc) from exc
        kids = children[v]
        if len(kids) == 2 and kids[0] != kids[1]:
            a, b = kids
            g = nodes[a].grad
            add_before(shadow[a])
            add_after(g)
            shadow[a] = g
            g = nodes[b].grad
            add_before(shadow[b])
            add_after(g)
            shadow[b] = g
        elif len(kids) == 1:
            c = kids[0]
            g = nodes[c].grad
            add_before(shadow[c])
            add_after(g)
            shadow[c] = g
        elif kids:
            _many_writes(rec, v)
        if obj.grad is not self_before and obj.grad != self_before:
            _stray_self_write(rec, order, v)


def _raised(rec: Any, v: int, exc: Exception) -> TraceError:
    call = f"{text.ref(rec.graph.names[v])}._backward()"
    return TraceError(f"{call} raised {type(exc).__name__}: {exc} ({describe(rec.nodes[v])})")


def _many_writes(rec: Any, v: int) -> None:
    """The writes of a call with two or more child positions."""
    kids, nodes, shadow = rec.graph.children[v], rec.nodes, rec.shadow
    if len(set(kids)) < len(kids):
        _split_duplicates(rec, v)
        return
    for c in kids:
        g = nodes[c].grad
        rec.w_before.append(shadow[c])
        rec.w_after.append(g)
        shadow[c] = g


def _stray_self_write(rec: Any, order: list[int], v: int) -> None:
    """A node's ``_backward`` changed its own grad: kept as a stray write of its step."""
    k = order.index(v)  # rare: only a buggy engine gets here
    before = rec.shadow[v]
    rec.step_grad_at_call[k] = before
    rec.shadow[v] = grad_of(rec.nodes[v])
    rec.stray[k] = (GradWrite(v, before, rec.shadow[v]),)


def _check_grads_are_numbers(rec: Any) -> None:
    """Make every observed grad a float; one that is no number names its node."""
    if set(map(type, rec.w_after)) <= {float}:
        return
    nodes = rec.nodes
    rec.w_after[:] = [
        g if type(g) is float else number(g, f"{describe(nodes[c])}'s grad")
        for c, g in zip(rec.w_child, rec.w_after, strict=True)
    ]
    rec.w_before[:] = [None if b is None else float(b) for b in rec.w_before]


def _split_duplicates(rec: Any, v: int) -> None:
    """Split one child's total change into one ``+=`` per position it holds (``a + a``).

    The call is observed as a whole, so each position's share comes from the op's textbook
    local derivative; if the shares do not add up to what happened (a buggy engine),
    earlier positions show no change and the last shows the observed result.
    """
    kids, nodes, shadow = rec.graph.children[v], rec.nodes, rec.shadow
    g = shadow[v] or 0.0
    kid_data = [float(nodes[c].data) for c in kids]
    site = text.Site([str(c) for c in kids], kid_data, "out", float(nodes[v].data), g)
    afters = {c: grad_of(nodes[c]) for c in kids}
    last = {c: pos for pos, c in enumerate(kids)}
    shares = []
    for pos in range(len(kids)):
        term = text.grad_term(rec.graph.rule_ops[v], pos, site)
        shares.append(None if term is None else term[3] if term[0] == "+=" else -term[3])
    fits = None not in shares
    if fits:
        totals = dict.fromkeys(kids, 0.0)
        for c, share in zip(kids, shares, strict=True):
            totals[c] += share
        fits = all(text.close((shadow[c] or 0.0) + totals[c], afters[c]) for c in totals)
    for pos, c in enumerate(kids):
        before = shadow[c]
        after = afters[c] if pos == last[c] else (before or 0.0) + (shares[pos] if fits else 0.0)
        rec.w_before.append(before)
        rec.w_after.append(after)
        shadow[c] = after
