"""The graph canvas during training: the open graph's numbers updated in place as it trains."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal

from engine.autograd.graph import Graph
from engine.sources.built import BuiltGraph, GraphSource
from engine.trace.timeline import Timeline
from engine.trace.trace import BACKWARD, FORWARD, Trace, record
from gui.models.step_session import StepSession

if TYPE_CHECKING:  # all of them load with a training run (its Trainer), not with the window
    from engine.training.live_numbers import LiveNumbers
    from engine.training.runs import Trainer
    from engine.training.slices import Sliced, Slicer, T

#: At most this often on average (30 a second), the canvas shows new numbers while training.
INTERVAL_SECONDS = 1 / 30
#: The graph the user has open is kept when it is the run's model (its example, or a step
#: opened from the run): it is compiled once and matched to the run's graph, whose numbers
#: it then reads each update (moons' full batch: ~1 ms, kept in numpy: the views read only
#: the drawn nodes'), then the drawn items repaint, nothing laid out or rebuilt. That work
#: runs on the GUI thread in place of a chunk of steps: a thread beside it would hold the
#: GIL the GUI thread asks back at each numpy call and Qt call (moons' gaps p99 52-65 ms).
#: Another graph is replaced by one sample's graph, laid out once on the GUI thread: past
#: this many nodes that blocks the loop too long (~0.5 s for moons' 1,662-node sample).
MAX_NODES = 600
#: Two updates in a row longer than this on the GUI thread turn live updates off for the run.
MAX_REFRESH_SECONDS = 0.040
#: Updates take at most about 1/REFRESH_SHARE of the GUI thread: training keeps the rest.
REFRESH_SHARE = 5
#: Time given to the computation per tick (its slices take up to a few ms more).
SLICE_SECONDS = 0.003
#: Events walked between two pauses when the first update walks to the backward pass' end.
WALK_EVENTS = 20_000
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
        self.reset()

    @property
    def live(self) -> bool:
        """True while updates during training are on for this run."""
        return self.session is not None and not self._off_reason

    @property
    def waiting(self) -> bool:
        """True while what the canvas shows next is being computed (in slices)."""
        return self._job is not None

    def reset(self) -> None:
        """A new run: live again, nothing shown yet."""
        self.shown_step = -1
        self.refresh_seconds = 0.0
        self.compute_seconds = 0.0  # the last computation's slices (an update, or the compile)
        self.cpu_seconds = (0.0, 0.0)  # the GUI thread's CPU time in the last swap and compute
        self._compute_cpu = 0.0
        self._off_reason = ""
        self._numbers: LiveNumbers | None = None
        self.follow_note = ""  # whether the numbers are read from the run or recomputed
        self._shown: Trace | None = None  # the trace the session got from us last
        self._job: Slicer | None = None
        self._job_step = -1
        self._its_turn = False  # whether the computation had the last tick
        self._last = 0.0
        self._set_note("")

    def refresh_due(self, t: Trainer) -> bool:
        """Update the canvas if it is live and due; True if this tick was spent on it.

        It shows the last step taken (the loss plot's last point): its forward and backward
        pass at that step's parameters, and its update.
        """
        if not self.live or t.done == 0 or not t.prepared:
            return False
        if self._job is not None:
            # ticks alternate between the computation and a chunk of steps: both go on
            self._its_turn = not self._its_turn
            return self._its_turn and self._advance(t)
        now, interval = time.perf_counter(), self._interval()
        if t.done - 1 == self.shown_step or now - self._last < interval:
            return False
        # on a beat: a tick that comes late (after a chunk of steps) does not delay the next
        self._last = max(self._last + interval, now - interval / 2)
        return self._ask(t)

    def _advance(self, t: Trainer) -> bool:
        """Run the computation a slice further; show its result once it is done."""
        try:
            if not self._job.advance(SLICE_SECONDS):
                return True
        except Exception as exc:  # shown in the status line, never swallowed
            self._job = None
            self._turn_off(f"its numbers cannot be computed: {exc}")
            return True
        job, self._job = self._job, None
        return self._finish(job, t)

    def _ask(self, t: Trainer) -> bool:
        """Start computing the open graph's numbers (compiled first), or load a sample's."""
        from engine.training.live_numbers import LiveNumbers  # noqa: PLC0415

        tl = self.session.timeline
        if tl is not None and self._numbers is not None and tl.trace is self._shown:
            self._start(self._numbers_of_last_step(self._numbers, t), t)
        elif tl is not None and _fits(tl.trace.params, self.session.source, t):
            self._shown = tl.trace
            self._start(LiveNumbers.sliced(tl.trace), t)  # compiled once per run
        else:
            return self._load_sample(t)
        # its first slice now, in place of a chunk: the run's numbers take one (~1 ms)
        return self._advance(t)

    def _interval(self) -> float:
        busy = self.refresh_seconds + self.compute_seconds
        return max(INTERVAL_SECONDS, REFRESH_SHARE * busy)

    def _start(self, work: Sliced, t: Trainer) -> None:
        from engine.training.slices import Slicer  # noqa: PLC0415

        self._job_step = t.done - 1
        self._job = Slicer(work)
        self._its_turn = True  # its first slice runs now: the next tick is a chunk's

    def _numbers_of_last_step(self, numbers: LiveNumbers, t: Trainer) -> Sliced[Trace]:
        """The open graph at the last step: the run's numbers, or recomputed.

        The run's are read through the node map (``LiveNumbers.follow``); they are recomputed
        where the map failed, or the step kept no terms.
        """
        last = t.last_numbers()
        fresh = last is not None and last.step == t.done - 1 and last.terms is not None
        if fresh and numbers.following:
            return numbers.sliced_trace_from(last)
        return numbers.sliced_trace_at(*_params_and_lr(t))

    def _follow(self, numbers: LiveNumbers, t: Trainer, then: Sliced[T]) -> Sliced[T]:
        """Match the run's graph to this one (its numbers are read from then on), then ``then``.

        The match runs in slices too (moons: 347 groups of nodes); a graph that is not the
        run's is recomputed at each update (``follow_note`` says which).
        """
        last = t.last_numbers()
        try:
            if last is not None:  # None: a scalar step, recompute
                yield from numbers.sliced_follow(last)
                self.follow_note = "read from the run"
                t.keep_terms = True
        except ValueError as exc:  # another graph (one sample's, a minibatch's): recompute
            self.follow_note = f"recomputed ({exc})"
        return (yield from then)

    def _finish(self, job: Slicer, t: Trainer) -> bool:
        """A computation's result: a compiled graph (compute its numbers next) or numbers."""
        from engine.training.live_numbers import LiveNumbers  # noqa: PLC0415

        result, self.compute_seconds = job.result, job.seconds
        self._compute_cpu = job.cpu_seconds
        if isinstance(result, LiveNumbers):
            self._numbers = result
            at = _params_and_lr(t)  # the numbers of this step, whatever steps come meanwhile
            if self.shown_step < 0 and self.session.timeline.position < _forward_end(result.trace):
                # nothing computed shows yet: also walk to where it all shows
                first = _at_backward_end(result, at)
            else:
                first = result.sliced_trace_at(*at)
            self._start(self._follow(result, t, first), t)
            return True
        return self._show(result, t)

    def _show(self, result: Trace | Timeline, t: Trainer) -> bool:
        """Swap new numbers in (a trace; or a timeline walked to where they show)."""
        session, start, cpu = self.session, time.perf_counter(), time.thread_time()
        if session.timeline is None or session.timeline.trace is not self._shown:
            self._numbers = self._shown = None  # the user opened another graph: start over
            t.keep_terms = False
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
        self._set_note(_live_note(self.shown_step))
        self.cpu_seconds = (time.thread_time() - cpu, self._compute_cpu)
        self._timed(time.perf_counter() - start)
        return True

    def _timed(self, took: float) -> None:
        # one slow update can be the machine's hiccup; two in a row are the graph's cost
        slow = min(took, self.refresh_seconds) if self.refresh_seconds else 0.0
        self.refresh_seconds = took
        if slow > MAX_REFRESH_SECONDS:
            self._turn_off(f"updates took {slow * 1000:.0f} ms")

    def _load_sample(self, t: Trainer) -> bool:
        """Load sample 0's graph at the last step's parameters (another graph was open)."""
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
        self._shown, self.shown_step = trace, t.done - 1
        self._set_note(_live_note(self.shown_step))
        return True

    def _preview(self, t: Trainer) -> BuiltGraph:
        """Sample 0's graph at the parameters of ``t``'s last step."""
        from engine.training.runs import build_step_graph  # noqa: PLC0415

        params, lr = _params_and_lr(t)
        source = _live_source(t, t.done - 1, sample=True)
        return build_step_graph(t.setup, params, batch=np.array([0]), lr=lr, source=source)

    def _turn_off(self, why: str) -> None:
        self._off_reason = why
        self._set_note(f"the canvas is not live ({why})")

    def _set_note(self, note: str) -> None:
        if note != self.note:
            self.note = note
            self.sig_note.emit(note)


def _live_note(step: int) -> str:
    """The status line: which step's numbers the canvas shows (an example keeps its title)."""
    return f"{LIVE_NOTE}: step {step}'s forward and backward pass"


def _params_and_lr(t: Trainer) -> tuple[np.ndarray, float]:
    """The parameters and learning rate of ``t``'s last step (the history keeps it)."""
    h, k = t.history, t.done - 1
    return h.params_at(k), float(h.lr[h.index_of(k)])


def _at_backward_end(numbers: LiveNumbers, at: tuple[np.ndarray, float]) -> Sliced[Timeline]:
    """The graph at ``at``'s parameters, walked to the end of its backward pass."""
    timeline = Timeline((yield from numbers.sliced_trace_at(*at)))
    end = timeline.trace.phase_range(BACKWARD).stop
    while timeline.position < end:
        timeline.seek(min(end, timeline.position + WALK_EVENTS))
        yield
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
