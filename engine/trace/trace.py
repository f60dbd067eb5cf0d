"""Recording a trace: the forward pass, build_topo and every ``_backward`` call, as data.

A trace is stored in columns (one kind, node and argument per event, plus per-step arrays
of grad writes) so recording a 66,000-node graph stays cheap; ``trace[i]`` builds the
frozen event dataclass, with its text, only when someone asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any

from engine.autograd.frozen_record import FrozenRecord, fields_repr
from engine.autograd.graph import Graph
from engine.trace import event_text as text
from engine.trace.event_text import fmt
from engine.trace.events import (
    BACKWARD,
    FORWARD,
    PHASES,
    TOPO,
    UPDATE,
    BackwardStep,
    Create,
    Event,
    GradWrite,
    ParamUpdate,
    SeedGrad,
    TopoAppend,
    TopoEnter,
    TopoSkip,
    ZeroGrad,
)
from engine.trace.recorded import UserCode
from engine.trace.recorder import (
    APPEND,
    CREATE,
    ENTER,
    PUPDATE,
    SEED,
    SKIP,
    STEP,
    ZERO,
    TraceError,
    record_columns,
)

__all__ = [
    "BACKWARD",
    "FORWARD",
    "PHASES",
    "TOPO",
    "UPDATE",
    "BackwardStep",
    "Create",
    "Event",
    "GradWrite",
    "ParamUpdate",
    "SeedGrad",
    "TopoAppend",
    "TopoEnter",
    "TopoSkip",
    "Trace",
    "TraceError",
    "ZeroGrad",
    "fmt",
    "record",
]

KIND_PHASE = {
    CREATE: FORWARD,
    ENTER: TOPO,
    SKIP: TOPO,
    APPEND: TOPO,
    ZERO: BACKWARD,
    SEED: BACKWARD,
    STEP: BACKWARD,
    PUPDATE: UPDATE,
}


class Trace(FrozenRecord, eq=False, cached=True):
    """Everything one forward/topo/backward/update pass did, as a flat sequence of events.

    Columns: ``kind[i]``, ``node[i]`` and ``arg[i]`` per event. ``arg`` is the caller for
    TopoEnter/TopoSkip (-1 for the root), the index for TopoAppend, the step number k for a
    BackwardStep (its child writes are ``w_*[step_start[k]:step_start[k + 1]]``, its stray
    writes ``stray.get(k, ())``) and the parameter number for ZeroGrad/ParamUpdate.
    ``warnings`` name what a buggy engine did that no event explains (a grad or data that
    ended unlike the events say); ``names`` are the graph's display names, computed once.
    ``user_code`` is set for a pass recorded from the user's own program: the functions
    that ran (their ``backward()`` and topological sort), for a code panel.
    """

    # compared by identity (it holds columns); cached: its cached properties keep their
    # values in a __dict__
    graph: Graph
    initial_data: tuple[float, ...]
    initial_grad: tuple[float | None, ...]
    params: tuple[int, ...]
    lr: float | None
    kind: list[int]
    node: list[int]
    arg: list[int]
    step_start: list[int]
    step_grad: list[float | None]
    w_child: list[int]
    w_before: list[float | None]
    w_after: list[float]
    stray: dict[int, tuple[GradWrite, ...]]
    seed: tuple[float | None, float]
    update: tuple[tuple[float, float, float | None], ...]
    ranges: dict[str, range]
    warnings: tuple[str, ...] = ()
    user_code: UserCode | None = None

    def __repr__(self) -> str:
        # as its dataclass showed it: the event columns (kind .. ranges) left out, they are long
        return fields_repr(self, self._fields[:5] + self._fields[-2:])

    def __len__(self) -> int:
        return len(self.kind)

    def __iter__(self) -> Iterator[Event]:
        return (self[i] for i in range(len(self.kind)))

    def __getitem__(self, i: int) -> Event:
        n = len(self.kind)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"event {i} out of range 0..{n - 1}")
        return _MAKERS[self.kind[i]](self, i)

    def phase_range(self, phase: str) -> range:
        """The event indices of ``phase`` (an empty range if the trace has none)."""
        if phase not in PHASES:
            raise ValueError(f"unknown phase {phase!r}; phases are {PHASES}")
        return self.ranges.get(phase, range(0))

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The graph's display names (computed once)."""
        return self.graph.names

    def backward_grads(self) -> list[float | None]:
        """Every node's grad at the end of the backward pass (None: never computed)."""
        return list(self._backward_grads)

    @cached_property
    def _backward_grads(self) -> tuple[float | None, ...]:
        # Once per trace: the inspector asks each time a pass opens (8 ms for a moons
        # pass), and a reader thread can ask first (gui.models.pass_opening).
        return tuple(self._grads_after_backward())

    def _grads_after_backward(self) -> list[float | None]:
        grad = list(self.initial_grad)
        if not self.ranges.get(BACKWARD):
            return grad
        kind, node = self.kind, self.node
        backward = self.ranges[BACKWARD]
        # The ZeroGrad events and the seed come before the steps; a user's program may
        # have zeroed other nodes than its parameters, or never seeded the root.
        for i in backward:
            if kind[i] == ZERO:
                grad[node[i]] = 0.0
            elif kind[i] == SEED:
                grad[node[i]] = self.seed[1]
            elif kind[i] == STEP:
                break
        if not self.stray:
            for child, after in zip(self.w_child, self.w_after, strict=True):
                grad[child] = after
            return grad
        for k in range(len(self.step_grad)):
            for j in range(self.step_start[k], self.step_start[k + 1]):
                grad[self.w_child[j]] = self.w_after[j]
            for w in self.stray.get(k, ()):
                grad[w.child] = w.after
        return grad

    def writes(self, i: int) -> tuple[list[GradWrite], list[GradWrite]]:
        """The child writes and stray writes of event i, a BackwardStep."""
        if self.kind[i] != STEP:
            raise ValueError(f"event {i} is not a BackwardStep")
        k = self.arg[i]
        lo, hi = self.step_start[k], self.step_start[k + 1]
        writes = [
            GradWrite(self.w_child[j], self.w_before[j], self.w_after[j]) for j in range(lo, hi)
        ]
        return writes, list(self.stray.get(k, ()))


def record(root: Any, *, params: Sequence[Any] | None = None, lr: float | None = None) -> Trace:
    """Record the forward pass, build_topo and each ``_backward`` call of ``root``'s graph.

    Works for any micrograd-compatible object (``data``, ``grad``, ``_prev``, ``_op``,
    ``_backward``); the nodes' own ``_backward`` is called one at a time. Grads of non-parameter
    nodes are reset to 0 first (as in a fresh graph); ``params`` add ZeroGrad events and, with
    ``lr``, the update ``p.data += -lr * p.grad``. The objects are left as the real code would
    leave them. Raises TraceError naming the node for a graph that cannot be stepped.
    """
    cols = record_columns(root, params, lr)
    return Trace(**cols)


# ------------------------------------------------------------------ event materialisation


def _names(trace: Trace) -> tuple[str, ...]:
    return trace.names


def _parent(trace: Trace, i: int) -> int | None:
    p = trace.arg[i]
    return None if p < 0 else p


def _make_create(trace: Trace, i: int) -> Create:
    v = trace.node[i]
    g, names, data = trace.graph, _names(trace), trace.initial_data
    kids = g.children[v]
    site = text.Site([names[c] for c in kids], [data[c] for c in kids], names[v], data[v], 0.0)
    line = text.create_text(g.rule_ops[v], names[v], site)
    return Create(v, data[v], line)


def _make_enter(trace: Trace, i: int) -> TopoEnter:
    v, p, names = trace.node[i], _parent(trace, i), _names(trace)
    return TopoEnter(v, p, text.topo_text("enter", names[v], None if p is None else names[p]))


def _make_skip(trace: Trace, i: int) -> TopoSkip:
    v, p, names = trace.node[i], _parent(trace, i), _names(trace)
    return TopoSkip(v, p, text.topo_text("skip", names[v], None if p is None else names[p]))


def _make_append(trace: Trace, i: int) -> TopoAppend:
    v, k = trace.node[i], trace.arg[i]
    return TopoAppend(v, k, text.topo_text("append", _names(trace)[v], None, k))


def _make_zero(trace: Trace, i: int) -> ZeroGrad:
    v = trace.node[i]
    before = trace.initial_grad[v]
    return ZeroGrad(v, before, f"{text.ref(_names(trace)[v])}.grad = 0.0   (was {fmt(before)})")


def _make_seed(trace: Trace, i: int) -> SeedGrad:
    v = trace.node[i]
    before, after = trace.seed
    return SeedGrad(v, before, f"{text.ref(_names(trace)[v])}.grad = {fmt(after)}")


def _make_step(trace: Trace, i: int) -> BackwardStep:
    v, k = trace.node[i], trace.arg[i]
    g, names, data = trace.graph, _names(trace), trace.initial_data
    kids, op, rule_op = g.children[v], g.ops[v], g.rule_ops[v]
    writes, stray = trace.writes(i)
    out_grad = trace.step_grad[k]
    gval = 0.0 if out_grad is None else out_grad
    site = text.Site([names[c] for c in kids], [data[c] for c in kids], names[v], data[v], gval)
    lines = [
        text.write_text(names[w.child], text.grad_term(rule_op, pos, site), w.before, w.after)
        for pos, w in enumerate(writes)
    ]
    lines += [
        f"{text.ref(names[w.child])}.grad changed {fmt(w.before)} → {fmt(w.after)}   "
        f"✗ not a child of {names[v]}"
        for w in stray
    ]
    head = f"{text.ref(names[v])}._backward()" + (f"  [{op}]" if op else "")
    body = "; ".join(lines) if lines else ("leaf, nothing to do" if not kids else "no writes")
    return BackwardStep(v, op, tuple(writes), tuple(stray), f"{head}: {body}", tuple(lines))


def _make_update(trace: Trace, i: int) -> ParamUpdate:
    v, j = trace.node[i], trace.arg[i]
    before, after, grad = trace.update[j]
    lr = float(trace.lr or 0.0)
    line = text.update_text(_names(trace)[v], before, after, grad, lr)
    return ParamUpdate(v, before, after, grad, lr, line)


_MAKERS = (
    _make_create,
    _make_enter,
    _make_skip,
    _make_append,
    _make_zero,
    _make_seed,
    _make_step,
    _make_update,
)
