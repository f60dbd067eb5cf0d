"""A recorded trace's numbers at other parameter values, computed by the fast path.

While a run trains, the canvas keeps the graph the user has open and shows it at the run's
current parameters. Recording that graph again takes ~0.2 s for moons' full batch (65,814
nodes, 325,000 events); compiled once, its forward and backward rerun in numpy in a few
milliseconds, and every number a trace holds follows from those two passes: each node's
data, each ``_backward``'s out.grad, each write's grad before and after (the terms added in
the recorded order), each parameter's update. The events themselves do not change.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np

from engine.trace.columns import Column
from engine.trace.recorder import STEP, ZERO
from engine.trace.trace import BACKWARD, Trace
from engine.training.fastpath import CompiledGraph
from engine.training.node_map import sliced_node_map
from engine.training.runs import StepNumbers
from engine.training.slices import Sliced, SlicedBuild, finish, parts

#: Items handled between two pauses of a sliced computation (about a millisecond's work).
SLICE_ITEMS = 8192
#: Graphs up to this many nodes get their numbers as lists: drawn whole, each read through a
#: column (a Python call) costs more than the list (xor-network: +0.5 ms an update).
LISTS_UP_TO = 8192


class LiveNumbers(SlicedBuild):
    """``trace``'s events with the numbers of its graph at new parameters (``trace_at``).

    Only for a trace of gradstep's own engine: a user's engine computes its own numbers,
    and gradstep never stands in for them. Raises ValueError (FastPathError: an op the
    fast path lacks) for a trace it cannot renumber.
    """

    def _build(self, trace: Trace) -> Sliced[None]:
        if trace.user_code is not None or trace.stray or trace.warnings:
            raise ValueError("the graph's numbers come from the user's own engine")
        if not trace.params:
            raise ValueError("the graph has no parameters")
        self.trace = trace
        c = self._compiled = yield from CompiledGraph.sliced(trace.graph)
        c.data[:] = trace.initial_data  # the nodes themselves may have moved on since
        self._params = np.array(trace.params, dtype=np.intp)
        step_node = yield from self._step_nodes(trace)
        starts = np.array(trace.step_start, dtype=np.intp)
        counts = np.diff(starts)
        w_node = np.repeat(step_node, counts)
        w_pos = np.arange(len(trace.w_child)) - np.repeat(starts[:-1], counts)
        self._w_node, self._w_pos = w_node, w_pos  # each write's node and child position
        self._perm: np.ndarray | None = None  # a run's id of each node, once followed
        self._w_child = np.array(trace.w_child, dtype=np.intp)
        yield
        c.forward()
        terms: list = []
        c.backward(terms)
        yield
        self._w_term = self._term_index(terms, w_node, w_pos, len(trace.graph))
        yield
        self._ranks = _ranks(self._w_child)
        self._previous = _previous(self._w_child)
        yield
        self._step_node = step_node
        self._root, self._seed = trace.graph.root, trace.seed[1]
        self._none_before = np.zeros(len(self._w_child), dtype=bool)
        for part in parts(range(len(trace.w_before)), SLICE_ITEMS):
            self._none_before[[j for j in part if trace.w_before[j] is None]] = True
            yield
        self._none_step = np.array([g is None for g in trace.step_grad], dtype=bool)
        touched = np.zeros(len(trace.graph), dtype=bool)
        touched[self._w_child] = True
        for part in parts(trace.phase_range(BACKWARD), SLICE_ITEMS):
            touched[[trace.node[i] for i in part if trace.kind[i] == ZERO]] = True
            yield
        touched[self._root] = True
        # a node no pass writes keeps its recorded grad (None: not computed, shown so)
        self._untouched = np.flatnonzero(~touched)
        kept = [trace.initial_grad[v] for v in self._untouched.tolist()]
        self._untouched_grad = np.array([np.nan if g is None else g for g in kept])
        self._none_final = np.zeros(len(trace.graph), dtype=bool)
        self._none_final[self._untouched[np.array([g is None for g in kept], dtype=bool)]] = True

    @staticmethod
    def _step_nodes(trace: Trace) -> Sliced[np.ndarray]:
        """The node of each backward step, checked to write its children in order."""
        kind, node, arg, children = trace.kind, trace.node, trace.arg, trace.graph.children
        step_node = np.empty(len(trace.step_grad), dtype=np.intp)
        for part in parts(trace.phase_range(BACKWARD), SLICE_ITEMS):
            for i in part:
                if kind[i] == STEP:
                    step_node[arg[i]] = node[i]
            yield
        start, w_child = trace.step_start, trace.w_child
        for k, v in enumerate(step_node.tolist()):
            if w_child[start[k] : start[k + 1]] != list(children[v]):
                raise ValueError(f"node {trace.names[v]}'s _backward wrote other grads")
            if k % SLICE_ITEMS == 0:
                yield
        return step_node

    @staticmethod
    def _term_index(terms: list, w_node, w_pos, n: int) -> np.ndarray:
        """Where each write's term sits in the flattened terms of a backward pass."""
        first, stride = np.zeros(n, dtype=np.intp), np.zeros(n, dtype=np.intp)
        offset = 0
        for out, per_position in terms:
            m = len(out)
            first[out] = offset + np.arange(m)
            stride[out] = m
            offset += m * len(per_position)
        return first[w_node] + w_pos * stride[w_node]

    def follow(self, run: StepNumbers) -> None:
        """Read the numbers of ``run``'s graph from now on (``sliced_trace_from``).

        ValueError if that graph is not this one node for node (engine.training.node_map),
        or its parameters, inputs or constants differ: keep recomputing them then.
        """
        finish(self.sliced_follow(run))

    def sliced_follow(self, run: StepNumbers) -> Sliced[None]:
        """``follow`` in slices of a few milliseconds (engine.training.slices)."""
        ours = self._compiled
        perm = yield from sliced_node_map(ours, run.compiled)
        if not np.array_equal(perm[self._params], run.param_ids):
            raise ValueError("the run's parameters are other nodes of the graph")
        leaves = np.ones(len(ours), dtype=bool)
        for g in ours.groups:
            leaves[g.out] = False
        leaves[self._params] = False
        fixed = np.flatnonzero(leaves)  # inputs, targets, constants: the run's must be these
        if not np.array_equal(ours.data[fixed], run.compiled.data[perm[fixed]]):
            raise ValueError("the run's inputs or constants differ from the graph's")
        yield
        terms = [(g.out, g.inputs) for g in reversed(run.compiled.groups)]
        self._run_term = self._term_index(terms, perm[self._w_node], self._w_pos, len(ours))
        self._perm = perm

    @property
    def following(self) -> bool:
        """True once ``follow`` matched a run's graph to this one."""
        return self._perm is not None

    def sliced_trace_from(self, run: StepNumbers) -> Sliced[Trace]:
        """``trace_at`` the parameters of the run's last step, from the numbers it computed.

        Reads them at once (the run's next step writes over them); what is built from them
        comes in slices. Only once ``follow`` has matched the run's graph, whose step kept
        its terms (``Trainer.keep_terms``).
        """
        if self._perm is None or run.terms is None:
            raise ValueError("the run's numbers cannot be read: recompute them")
        data = run.compiled.data[self._perm]
        contrib = _flat(run.terms)[self._run_term]
        return self._trace_of(data, contrib, run.lr)

    def trace_at(self, params: np.ndarray, lr: float | None = None) -> Trace:
        """The same events with the graph's numbers at ``params`` (``trace.params``' order).

        Its update steps by ``lr`` (None: the trace's own learning rate).
        """
        return finish(self.sliced_trace_at(params, lr))

    def sliced_trace_at(self, params: np.ndarray, lr: float | None = None) -> Sliced[Trace]:
        """``trace_at`` in slices of a few milliseconds (engine.training.slices)."""
        c = self._compiled
        c.data[self._params] = params
        c.forward()
        terms: list = []
        c.backward(terms)
        yield
        return (yield from self._trace_of(c.data.copy(), _flat(terms)[self._w_term], lr))

    def _trace_of(self, data: np.ndarray, contrib: np.ndarray, lr: float | None) -> Sliced[Trace]:
        """The trace with these data (its own array) and each write's term (``w_child``'s order).

        Its numbers stay in numpy (``_LiveTrace``): a live update reads only a few of them.
        """
        trace = self.trace
        grad = self._start_grads()
        # unbuffered, in write order: each grad sums its terms as the backward pass did
        np.add.at(grad, self._w_child, contrib)
        yield
        # every view of the backward pass' end shows its last step's out.grad: made here
        step_grad = self._numbers(grad[self._step_node], self._none_step)
        grad[self._untouched] = self._untouched_grad
        final = self._numbers(grad, self._none_final)
        lr = trace.lr if lr is None else lr
        update = ()
        if lr is not None:
            d, g = data[self._params], grad[self._params]
            update = tuple(zip(d.tolist(), (d + -lr * g).tolist(), g.tolist(), strict=True))
        fields = {name: getattr(trace, name) for name in Trace._fields}
        numbers = {"initial_data": self._numbers(data), "step_grad": step_grad, "update": update}
        numbers["lr"] = lr
        new = _LiveTrace(**(fields | numbers))
        new.defer(self, contrib, final)
        # cached_property keeps its value in the instance dict: the names are the same
        # (rebuilding them takes 80 ms on moons)
        new.__dict__["names"] = trace.names
        return new

    def _numbers(self, values: np.ndarray, none: np.ndarray | None = None) -> Sequence:
        """``values`` (None where ``none``) as a column, or as a list for a small graph."""
        column = Column(values, none)
        return column.tolist() if len(self._compiled) <= LISTS_UP_TO else column

    def _start_grads(self) -> np.ndarray:
        """Every grad before the first write: 0.0, the root's seeded."""
        grad = np.zeros(len(self._compiled))
        grad[self._root] = self._seed
        return grad

    def after_each_write(self, contrib: np.ndarray) -> np.ndarray:
        """Each write's grad after it, from each write's term."""
        grad = self._start_grads()
        after = np.empty(len(contrib))
        for idx, child in self._ranks:  # a child's writes in order; distinct children at once
            a = grad[child] + contrib[idx]
            after[idx] = a
            grad[child] = a
        return after

    def before_each_write(self, after: np.ndarray) -> list[float | None]:
        """Each write's grad before it: its child's previous write's after, or its start."""
        start = self._start_grads()[self._w_child]
        values = np.where(self._previous >= 0, after[self._previous], start).tolist()
        for j in np.flatnonzero(self._none_before).tolist():
            values[j] = None
        return values


class _LiveTrace(Trace):
    """A trace whose numbers stay in numpy: columns, and per-write lists made when first read.

    A live update swaps in a new trace many times a second and reads back only what it
    draws: the drawn nodes' data and grads (``initial_data`` and ``backward_grads``: columns,
    engine.trace.columns, past LISTS_UP_TO nodes). Per-write numbers are lists once stepped.
    """

    __slots__ = ()  # a trace's fields, and its __dict__ for what it defers

    def defer(self, numbers: LiveNumbers, contrib: np.ndarray, final: Sequence) -> None:
        """Keep each write's term for the lists, and drop the ones the constructor was given."""
        self.__dict__["_deferred"] = (numbers, contrib)
        self.__dict__["_backward_grads"] = final
        for name in ("w_before", "w_after"):
            del self.__dict__[name]

    def backward_grads(self) -> Sequence[float | None]:
        """Every node's grad at the end of the backward pass (read only: never changed)."""
        return self._backward_grads

    @cached_property
    def _after(self) -> np.ndarray:
        numbers, contrib = self._deferred
        return numbers.after_each_write(contrib)

    @cached_property
    def w_before(self) -> list[float | None]:
        """Each write's grad before it (None: not computed yet, as recorded)."""
        return self._deferred[0].before_each_write(self._after)

    @cached_property
    def w_after(self) -> list[float]:
        """Each write's grad after it."""
        return self._after.tolist()


def _flat(terms: list) -> np.ndarray:
    """A backward pass' terms (CompiledGraph.backward) in one array, group by group."""
    return np.concatenate([t for _, per in terms for t in per]) if terms else np.zeros(0)


def _previous(w_child: np.ndarray) -> np.ndarray:
    """Each write's child's previous write (-1: its first)."""
    order = np.argsort(w_child, kind="stable")
    previous = np.full(len(order), -1, dtype=np.intp)
    same = w_child[order[1:]] == w_child[order[:-1]]
    previous[order[1:][same]] = order[:-1][same]
    return previous


def _ranks(w_child: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The writes split by how many earlier writes their child had: (write ids, children)."""
    order = np.argsort(w_child, kind="stable")
    ordered = w_child[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(order) else []
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    out = []
    for r in range(int(rank.max()) + 1 if len(rank) else 0):
        idx = np.flatnonzero(rank == r)
        out.append((idx, w_child[idx]))
    return out
