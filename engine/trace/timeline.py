"""A cursor over a trace: step, back and seek, with the exact state at every position."""

from __future__ import annotations

from collections.abc import Sequence

from engine.autograd.graph import Graph
from engine.trace.columns import as_list, replaced
from engine.trace.events import BACKWARD, FORWARD, PHASES, UPDATE, Event
from engine.trace.recorder import APPEND, CREATE, ENTER, PUPDATE, SEED, SKIP, STEP, ZERO
from engine.trace.trace import KIND_PHASE, Trace


class Timeline:
    """The state of every node after the first ``position`` events of a trace.

    Moving applies the recorded deltas forward or undoes them backward, one event at a time,
    so a move costs O(distance) and never re-runs user code. Each move returns the node ids
    whose displayed state changed, including the nodes the old and the new current event are
    about (their highlight changes): a set that is empty, so false, exactly when the move did
    not move (``while timeline.step(): ...`` works as with a bool).
    """

    def __init__(self, trace: Trace):
        self._trace = trace
        n = len(trace.graph)
        self._pos = 0
        # lists, or a renumber's read-only numbers (not owned: copied before a move)
        self._data: Sequence[float] = as_list(trace.initial_data)
        self._grad: Sequence[float | None] = as_list(trace.initial_grad)
        self._owned = True
        self._created = [False] * n
        self._visited = [False] * n
        self._topo: list[int] = []
        self._stack: list[int] = []
        self._topo_index: list[int | None] = [None] * n
        self._current_cache: tuple[int, Event | None] = (0, None)
        # A user's own sort may enter a node twice or append one that is not on top of the
        # stack: what each such event replaced, so undoing it restores exactly that.
        self._enters = [0] * n
        self._replaced: dict[int, tuple[bool, int | None]] = {}

    # ---------------------------------------------------------------- read-only state

    @property
    def trace(self) -> Trace:
        """The trace this timeline walks."""
        return self._trace

    @property
    def graph(self) -> Graph:
        """The trace's graph."""
        return self._trace.graph

    def __len__(self) -> int:
        return len(self._trace)

    @property
    def position(self) -> int:
        """The number of events applied: 0 = nothing yet, ``len(self)`` = all."""
        return self._pos

    @property
    def data(self) -> Sequence[float]:
        """Each node's data at this position (do not modify)."""
        return self._data

    @property
    def grad(self) -> Sequence[float | None]:
        """Each node's grad at this position, None while not computed yet (do not modify)."""
        return self._grad

    @property
    def created(self) -> list[bool]:
        """Whether each node exists yet in the forward pass."""
        return self._created

    @property
    def visited(self) -> list[bool]:
        """Whether build_topo has visited each node yet."""
        return self._visited

    @property
    def topo(self) -> list[int]:
        """The node ids appended to ``topo`` so far."""
        return self._topo

    @property
    def dfs_stack(self) -> list[int]:
        """The build_topo call stack, root first."""
        return self._stack

    @property
    def topo_index(self) -> list[int | None]:
        """Each node's position in ``topo``, None until appended."""
        return self._topo_index

    @property
    def current(self) -> Event | None:
        """The last applied event, or None at position 0."""
        if self._pos == 0:
            return None
        pos, event = self._current_cache
        if pos != self._pos or event is None:
            event = self._trace[self._pos - 1]
            self._current_cache = (self._pos, event)
        return event

    @property
    def phase(self) -> str:
        """The phase of the current event (FORWARD at position 0)."""
        if self._pos == 0:
            return FORWARD
        return KIND_PHASE[self._trace.kind[self._pos - 1]]

    @property
    def changed(self) -> tuple[int, ...]:
        """The node ids the current event changed."""
        event = self.current
        return () if event is None else event.changed

    # ------------------------------------------------------------------------- moves

    def step(self) -> set[int]:
        """Apply the next event; an empty set (and no move) at the end."""
        return self.seek(self._pos + 1) if self._pos < len(self._trace) else set()

    def back(self) -> set[int]:
        """Undo the current event; an empty set (and no move) at position 0."""
        return self.seek(self._pos - 1) if self._pos > 0 else set()

    def seek(self, position: int) -> set[int]:
        """Go to ``position`` (clamped to 0..len), applying or undoing each event between."""
        target = max(0, min(int(position), len(self._trace)))
        if target == self._pos:
            return set()
        if not self._owned:
            self._data, self._grad, self._owned = as_list(self._data), as_list(self._grad), True
        changed = self._focus()
        if target > self._pos:
            self._apply(self._pos, target, changed)
        else:
            self._undo(self._pos, target, changed)
        self._pos = target
        changed |= self._focus()
        return changed

    def seek_phase_start(self, phase: str) -> set[int]:
        """Go to the first position whose phase is ``phase`` (0 for FORWARD)."""
        r = self._trace.phase_range(phase)
        if not r:
            return set()
        return self.seek(0 if phase == FORWARD else r.start + 1)

    def seek_phase_end(self, phase: str) -> set[int]:
        """Go to the position after the last event of ``phase``."""
        r = self._trace.phase_range(phase)
        return self.seek(r.stop) if r else set()

    def next_phase(self) -> set[int]:
        """Go to the start of the next phase with events, or to the end if there is none."""
        later = PHASES[PHASES.index(self.phase) + 1 :]
        for phase in later:
            if self._trace.phase_range(phase):
                return self.seek_phase_start(phase)
        return self.seek(len(self._trace))

    def previous_phase(self) -> set[int]:
        """Go to the start of this phase, or to the previous phase's start if already there."""
        here = self.phase
        start = 0 if here == FORWARD else self._trace.phase_range(here).start + 1
        if self._pos > start:
            return self.seek(start)
        for phase in reversed(PHASES[: PHASES.index(here)]):
            if self._trace.phase_range(phase):
                return self.seek_phase_start(phase)
        return self.seek(0)

    def renumber(self, trace: Trace) -> None:
        """Walk ``trace`` from here on: the same events as this one's, with other numbers.

        Nothing is replayed: the position and what the sort did stay; data and grad are
        read off ``trace`` at this position (after the backward pass: its final grads).
        """
        old, pos = self._trace, self._pos
        if not all(a is b or a == b for a, b in ((trace.kind, old.kind), (trace.node, old.node))):
            raise ValueError("the trace's events are not this timeline's")
        self._trace, self._current_cache = trace, (0, None)
        updates = trace.ranges.get(UPDATE, range(0))
        done = range(updates.start, min(pos, updates.stop))
        updated = {trace.node[i]: trace.update[trace.arg[i]][1] for i in done}
        # read-only until a move: a live canvas renumbers many times a second, reads a few
        self._data, self._owned = replaced(trace.initial_data, updated), False
        backward = trace.ranges.get(BACKWARD, range(0))
        if backward and pos >= backward.stop:
            self._grad = trace.backward_grads()
            return
        self._grad = as_list(trace.initial_grad)
        if backward and pos > backward.start:
            self._apply(backward.start, pos, set())  # grad events only in this phase

    # ---------------------------------------------------------------------- internals

    def _focus(self) -> set[int]:
        """The nodes the current event is about and changes (their highlight)."""
        if self._pos == 0:
            return set()
        i = self._pos - 1
        t = self._trace
        focus = {t.node[i]}
        if t.kind[i] == STEP:
            k = t.arg[i]
            focus.update(t.w_child[t.step_start[k] : t.step_start[k + 1]])
            focus.update(w.child for w in t.stray.get(k, ()))
        elif t.kind[i] in (ENTER, SKIP) and t.arg[i] >= 0:
            focus.add(t.arg[i])
        return focus

    def _apply(self, lo: int, hi: int, changed: set[int]) -> None:
        """Apply events lo..hi-1 in order."""
        t = self._trace
        kind, node, arg = t.kind, t.node, t.arg
        start, wc, wa, stray = t.step_start, t.w_child, t.w_after, t.stray
        grad, add = self._grad, changed.add
        for i in range(lo, hi):
            k = kind[i]
            v = node[i]
            if k == STEP:
                s = arg[i]
                for j in range(start[s], start[s + 1]):
                    c = wc[j]
                    grad[c] = wa[j]
                    add(c)
                if s in stray:
                    for w in stray[s]:
                        grad[w.child] = w.after
                        add(w.child)
                continue
            if k == CREATE:
                self._created[v] = True
            elif k == ENTER:
                self._visited[v] = True
                self._enters[v] += 1
                self._stack.append(v)
            elif k == APPEND:
                popped = bool(self._stack) and self._stack[-1] == v
                if popped:
                    self._stack.pop()
                self._replaced[i] = (popped, self._topo_index[v])
                self._topo.append(v)
                self._topo_index[v] = arg[i]
            elif k == ZERO:
                grad[v] = 0.0
            elif k == SEED:
                grad[v] = t.seed[1]
            elif k == PUPDATE:
                self._data[v] = t.update[arg[i]][1]
            add(v)

    def _undo(self, hi: int, lo: int, changed: set[int]) -> None:
        """Undo events hi-1 down to lo."""
        t = self._trace
        kind, node, arg = t.kind, t.node, t.arg
        start, wc, wb, stray = t.step_start, t.w_child, t.w_before, t.stray
        grad, add = self._grad, changed.add
        for i in range(hi - 1, lo - 1, -1):
            k = kind[i]
            v = node[i]
            if k == STEP:
                s = arg[i]
                if s in stray:
                    for w in reversed(stray[s]):
                        grad[w.child] = w.before
                        add(w.child)
                for j in range(start[s + 1] - 1, start[s] - 1, -1):
                    c = wc[j]
                    grad[c] = wb[j]
                    add(c)
                continue
            if k == CREATE:
                self._created[v] = False
            elif k == ENTER:
                self._enters[v] -= 1
                self._visited[v] = self._enters[v] > 0
                self._stack.pop()
            elif k == APPEND:
                popped, index = self._replaced.pop(i, (True, None))
                self._topo.pop()
                self._topo_index[v] = index
                if popped:
                    self._stack.append(v)
            elif k == ZERO:
                grad[v] = t.initial_grad[v]
            elif k == SEED:
                grad[v] = t.seed[0]
            elif k == PUPDATE:
                self._data[v] = t.update[arg[i]][0]
            add(v)
