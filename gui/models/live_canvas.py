"""The graph canvas during training: the current values and grads, updated in place as it trains."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QObject, Signal

from engine.autograd.graph import Graph
from engine.sources.built import BuiltGraph, GraphSource
from engine.trace.trace import FORWARD, record
from engine.training.runs import Trainer, build_step_graph
from gui.models.step_session import StepSession

#: At most this often (30 a second), the canvas shows new numbers while training.
INTERVAL_SECONDS = 1 / 30
#: The live canvas shows one sample's graph at the current parameters. It is laid out once
#: (the first update); after that an update records the graph at the new parameters and the
#: drawn items repaint with its numbers in place, nothing laid out or rebuilt.
#: Laying the graph out and building its items blocks the loop once (~0.5 s for moons'
#: 1,662-node sample graph, past any stall budget): bigger graphs are not shown live.
MAX_NODES = 600
#: Two updates in a row longer than this turn live updates off for the run (a slow machine).
MAX_RELOAD_SECONDS = 0.040  # moons: ~20-30 ms, most of it recording the step (2-core machine)
#: Updates (with the idle before each) take at most about 1/RELOAD_SHARE of the time:
#: training keeps the rest.
RELOAD_SHARE = 5
#: Before a reload, the training loop idles about this long: what waited behind the last chunk
#: (timers, repaints) runs first. The training timer fires after training_session.QUIET_MS.
QUIET_SECONDS = 0.006
LIVE_NOTE = "the canvas shows the parameters as they train (sample 0's graph)"


class LiveCanvas(QObject):
    """Shows a run's current parameters in the StepSession while training, when that is cheap.

    The training loop (TrainingSession) calls ``refresh_due`` in place of a chunk of steps;
    a reload comes after a few idle milliseconds, so the event loop never runs a chunk and a
    reload back to back.
    """

    sig_note = Signal(str)
    """What the canvas shows while training, for the panel's status line."""
    sig_focus = Signal(int)
    """A live graph was loaded: views bring this node (the first parameter) into view."""

    def __init__(self, session: StepSession | None, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.note = ""
        self.shown_step = -1  # the step whose parameters the canvas shows
        self.reload_seconds = 0.0
        self._off_reason = ""
        self._checked = False
        self._last = self._quiet_until = 0.0

    @property
    def live(self) -> bool:
        """True while reloads during training are on for this run."""
        return self.session is not None and not self._off_reason

    @property
    def waiting(self) -> bool:
        """True while a reload waits for the loop to idle first."""
        return bool(self._quiet_until)

    def reset(self) -> None:
        """A new run: live again, nothing shown yet."""
        self.shown_step = -1
        self.reload_seconds = 0.0
        self._off_reason = ""
        self._checked = False
        self._last = self._quiet_until = 0.0
        self._set_note("")

    def refresh_due(self, t: Trainer) -> bool:
        """Update the canvas if it is live and due; True if this tick was spent on it."""
        if not self.live or t.done in (0, self.shown_step) or not t.prepared:
            return False
        if not self._checked:  # a graph too big to lay out live is told at the start
            self._checked = True
            return self._too_big(len(Graph.from_root(self._preview(t).root)))
        now = time.perf_counter()
        if self._quiet_until:
            if now < self._quiet_until:
                return True  # an idle tick: the loop's timers and repaints go first
            self._quiet_until = 0.0
        else:
            if not self._last:  # the first interval starts with the run, after its first repaints
                self._last = now
            share = RELOAD_SHARE * (self.reload_seconds + QUIET_SECONDS)
            if now - self._last < max(INTERVAL_SECONDS, share):
                return False
            self._quiet_until = now + QUIET_SECONDS
            return True
        self.show_current(t)
        self._last = time.perf_counter()
        took = self._last - now
        # one slow update can be the machine's hiccup; two in a row are the graph's cost
        slow = min(took, self.reload_seconds) if self.reload_seconds else 0.0
        self.reload_seconds = took
        if slow > MAX_RELOAD_SECONDS:
            self._turn_off(f"updates took {slow * 1000:.0f} ms")
        return True

    def show_current(self, t: Trainer) -> bool:
        """Sample 0's graph at ``t``'s current parameters, the forward pass done.

        The graph already shown gets the new numbers in place; another one is loaded.
        """
        session = self.session
        g = self._preview(t)
        try:
            trace = record(g.root, params=list(g.params) or None, lr=g.lr)
        except ValueError as exc:
            self._turn_off(f"its graph cannot be shown: {exc}")
            return False
        if not session.refresh(trace, g.source):
            if not session.load_trace(trace, g.source):
                self._turn_off("its graph cannot be shown")
                return False
            session.seek_phase_end(FORWARD)
            self.sig_focus.emit(trace.params[0])  # not the loss the view followed
        self.shown_step = t.done
        self._set_note(LIVE_NOTE)
        return True

    def _preview(self, t: Trainer) -> BuiltGraph:
        """Sample 0's graph at ``t``'s current parameters."""
        title = f"{t.setup.name}: the model at step {t.done}, live (sample 0)"
        source = GraphSource("training", f"{t.setup.name}:{t.done}:live", title)
        lr = float(t.schedule(t.done))
        return build_step_graph(
            t.setup, t.history.current_params, batch=np.array([0]), lr=lr, source=source
        )

    def _too_big(self, nodes: int) -> bool:
        if nodes > MAX_NODES:
            self._turn_off(f"one sample's graph has {nodes:,} nodes (live: up to {MAX_NODES})")
        return nodes > MAX_NODES

    def _turn_off(self, why: str) -> None:
        self._off_reason = why
        self._set_note(f"the canvas is not live ({why}): open a step to see its graph")

    def _set_note(self, note: str) -> None:
        if note != self.note:
            self.note = note
            self.sig_note.emit(note)
