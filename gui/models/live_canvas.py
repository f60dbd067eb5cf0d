"""The graph canvas during training: the open graph's numbers updated in place as it trains."""

from __future__ import annotations

import functools
import time
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from PySide6.QtCore import QObject, Signal

from engine.autograd.graph import Graph
from engine.sources.built import BuiltGraph, GraphSource
from engine.trace.timeline import Timeline
from engine.trace.trace import BACKWARD, FORWARD, Trace, record
from engine.training.live_numbers import LiveNumbers
from engine.training.runs import Trainer, build_step_graph
from gui.models.gil_share import GIL_SHARE
from gui.models.step_session import StepSession

#: At most this often (30 a second), the canvas shows new numbers while training.
INTERVAL_SECONDS = 1 / 30
#: The graph the user has open is kept when it is the run's model (its example, or a step
#: opened from the run): a thread compiles it once and recomputes all its numbers at the
#: new parameters (moons' full batch: ~15 ms of numpy per update, off the GUI thread); the
#: GUI thread only swaps them in and the drawn items repaint, nothing laid out or rebuilt.
#: Another graph is replaced by one sample's graph, laid out once on the GUI thread: past
#: this many nodes that blocks the loop too long (~0.5 s for moons' 1,662-node sample).
MAX_NODES = 600
#: Two updates in a row longer than this on the GUI thread turn live updates off for the run.
MAX_REFRESH_SECONDS = 0.040
#: Updates take at most about 1/REFRESH_SHARE of the GUI thread: training keeps the rest.
REFRESH_SHARE = 5
LIVE_NOTE = "the canvas shows the parameters as they train"


class LiveCanvas(QObject):
    """Shows a run's current parameters in the StepSession while training.

    The training loop (TrainingSession) calls ``refresh_due`` in place of a chunk of steps;
    a tick that swaps new numbers in runs no chunk.
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
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-canvas")
        self.destroyed.connect(functools.partial(self._pool.shutdown, False, cancel_futures=True))
        self.reset()

    @property
    def live(self) -> bool:
        """True while updates during training are on for this run."""
        return self.session is not None and not self._off_reason

    @property
    def waiting(self) -> bool:
        """True while a thread computes what the canvas shows next."""
        return self._job is not None

    def reset(self) -> None:
        """A new run: live again, nothing shown yet."""
        self.shown_step = -1
        self.refresh_seconds = 0.0
        self.thread_seconds = 0.0  # the thread's time for the last update (or the compile)
        self._off_reason = ""
        self._numbers: LiveNumbers | None = None
        self._shown: Trace | None = None  # the trace the session got from us last
        self._job: Future | None = None
        self._job_step = -1
        self._last = 0.0
        self._set_note("")

    def refresh_due(self, t: Trainer) -> bool:
        """Update the canvas if it is live and due; True if this tick was spent on it."""
        if not self.live or t.done == 0 or not t.prepared:
            return False
        if self._job is not None:
            if not self._job.done():
                return False
            job, self._job = self._job, None
            return self._finish(job, t)
        now = time.perf_counter()
        if t.done == self.shown_step or now - self._last < self._interval():
            return False
        self._last = now
        return self._ask(t)

    def _ask(self, t: Trainer) -> bool:
        """Ask a thread for the open graph's numbers (compiled first), or load a sample's."""
        tl = self.session.timeline
        if tl is not None and self._numbers is not None and tl.trace is self._shown:
            self._submit(self._numbers.trace_at, t, np.array(t.history.current_params))
            return False
        if tl is not None and _fits(tl.trace.params, self.session.source, t):
            self._shown = tl.trace
            self._submit(LiveNumbers, t, tl.trace)  # compiled once, off the GUI thread
            return False
        return self._load_sample(t)

    def _interval(self) -> float:
        # the thread's Python holds the GIL the GUI thread needs: its time counts too
        busy = self.refresh_seconds + self.thread_seconds
        return max(INTERVAL_SECONDS, REFRESH_SHARE * busy)

    def _submit(self, fn, t: Trainer, arg) -> None:
        self._job_step = t.done
        self._job = self._pool.submit(_with_gil_shared, fn, arg)

    def _finish(self, job: Future, t: Trainer) -> bool:
        """A thread's result: a compiled graph (ask for its numbers next) or new numbers."""
        try:
            result, self.thread_seconds = job.result()
        except Exception as exc:  # shown in the status line, never swallowed
            self._turn_off(f"its numbers cannot be computed: {exc}")
            return False
        if isinstance(result, LiveNumbers):
            self._numbers = result
            params = np.array(t.history.current_params)
            position = self.session.timeline.position
            if self.shown_step < 0 and position < _forward_end(result.trace):
                # nothing computed shows yet: the thread also walks to where it all shows
                self._submit(functools.partial(_at_backward_end, result), t, params)
            else:
                self._submit(result.trace_at, t, params)
            return False
        return self._show(result, t)

    def _show(self, result: Trace | Timeline, t: Trainer) -> bool:
        """Swap new numbers in (a trace; or a timeline the thread moved)."""
        session, start = self.session, time.perf_counter()
        if session.timeline is None or session.timeline.trace is not self._shown:
            self._numbers = self._shown = None  # the user opened another graph: start over
            return False
        source = session.source
        if source is not None and source.kind == "training":
            source = _live_source(t, self._job_step, sample="(sample 0)" in source.title)
        if isinstance(result, Timeline):
            session.refresh_timeline(result, source)
        else:
            session.refresh(result, source)
        self._shown = session.timeline.trace
        self.shown_step = self._job_step
        self._set_note(LIVE_NOTE)
        self._timed(time.perf_counter() - start)
        return True

    def _timed(self, took: float) -> None:
        # one slow update can be the machine's hiccup; two in a row are the graph's cost
        slow = min(took, self.refresh_seconds) if self.refresh_seconds else 0.0
        self.refresh_seconds = took
        if slow > MAX_REFRESH_SECONDS:
            self._turn_off(f"updates took {slow * 1000:.0f} ms")

    def _load_sample(self, t: Trainer) -> bool:
        """Load sample 0's graph at the current parameters (another graph was open)."""
        g = self._preview(t)
        nodes = len(Graph.from_root(g.root))
        if nodes > MAX_NODES:
            self._turn_off(
                f"one sample's graph has {nodes:,} nodes, too many to lay out while training "
                f"(up to {MAX_NODES}); open the {t.setup.name} example to watch it live"
            )
            return True
        try:
            trace = record(g.root, params=list(g.params) or None, lr=g.lr)
        except ValueError as exc:
            self._turn_off(f"its graph cannot be shown: {exc}")
            return True
        if not self.session.load_trace(trace, g.source):
            self._turn_off("its graph cannot be shown")
            return True
        self.session.seek_phase_end(BACKWARD)
        self.sig_focus.emit(trace.params[0])  # not the loss the view followed
        self._shown, self.shown_step = trace, t.done
        self._set_note(LIVE_NOTE)
        return True

    def show_current(self, t: Trainer) -> bool:
        """Load sample 0's graph at ``t``'s current parameters, forward and backward done."""
        self._numbers = self._shown = None
        return self._load_sample(t) and self.live

    def _preview(self, t: Trainer) -> BuiltGraph:
        """Sample 0's graph at ``t``'s current parameters."""
        lr = float(t.schedule(t.done))
        source = _live_source(t, t.done, sample=True)
        return build_step_graph(
            t.setup, t.history.current_params, batch=np.array([0]), lr=lr, source=source
        )

    def _turn_off(self, why: str) -> None:
        self._off_reason = why
        self._set_note(f"the canvas is not live ({why})")

    def _set_note(self, note: str) -> None:
        if note != self.note:
            self.note = note
            self.sig_note.emit(note)


def _with_gil_shared(fn, arg) -> tuple[object, float]:
    """``fn(arg)`` and its seconds, the GIL handed back to the GUI thread every 0.5 ms."""
    GIL_SHARE.share()
    start = time.perf_counter()
    try:
        return fn(arg), time.perf_counter() - start
    finally:
        GIL_SHARE.release()


def _at_backward_end(numbers: LiveNumbers, params: np.ndarray) -> Timeline:
    """The graph at ``params``, walked to the end of its backward pass: data and grads."""
    timeline = Timeline(numbers.trace_at(params))
    timeline.seek_phase_end(BACKWARD)
    return timeline


def _live_source(t: Trainer, step: int, *, sample: bool = False) -> GraphSource:
    title = f"{t.setup.name}: the model at step {step}, live" + (" (sample 0)" if sample else "")
    return GraphSource("training", f"{t.setup.name}:{step}:live", title)


def _forward_end(trace: Trace) -> int:
    return trace.phase_range(FORWARD).stop


def _fits(params: tuple[int, ...], source: GraphSource | None, t: Trainer) -> bool:
    """Whether the open graph is ``t``'s model: its example, or a graph of this run's setup."""
    if source is None or len(params) != len(t.history.current_params):
        return False
    name = t.setup.name
    if source.kind == "example":
        return source.ref == name
    return source.kind == "training" and source.ref.split(":", 1)[0] == name
