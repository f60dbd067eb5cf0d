"""The training model: a run trained without blocking the event loop, in short chunks on a QTimer.

It knows nothing of docks or views: the training panel and loss plot connect to its signals.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from engine.sources.built import GraphSource
from gui.models.fast_path_compile import FastPathCompile
from gui.models.gc_hold import GC_HOLD
from gui.models.live_canvas import LiveCanvas
from gui.models.step_session import StepSession

if TYPE_CHECKING:  # the trainer loads with the first run (or saved history), not the window
    from engine.training.history import History
    from engine.training.runs import Trainer
    from engine.training.setups import TrainingSetup

#: Time budget of one chunk of steps: well under the 50 ms that makes a window feel stuck.
CHUNK_SECONDS = 0.006
PREPARE_POLL_MS = 10


class TrainingSession(QObject):
    """The training run of the window: settings, a Trainer, chunked steps, restored step.

    Instead of a run it can hold a saved run's history (from a saved session): its loss,
    accuracy and learning rate per step, without the parameters or the setup.
    """

    sig_reset = Signal()
    """A new run (or setup) replaced the old one: views clear and redraw from ``history``."""
    sig_progress = Signal(int)
    """New steps were recorded; the argument is how many steps the run has now."""
    sig_state = Signal(str)
    """The run's state changed: "idle", "preparing", "running", "paused", "finished", "stopped",
    or "saved" (a saved history is shown, no run)."""
    sig_restored = Signal(int)
    """The model was restored as it was at this step."""
    sig_error = Signal(str)
    """A refused setting or a stopped run: the message says why."""

    def __init__(self, session: StepSession | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.trainer: Trainer | None = None
        self.saved_history: History | None = None  # a saved session's run, shown without one
        self.state = "idle"
        self.restored_step = 0
        self._target = 0
        self._settings: dict[str, object] = {}
        self._compile = FastPathCompile()  # the first tick of a run not yet compiled starts it
        self._last_chunk_end = 0.0
        # a session deleted while it trains must give the GC back: the token outlives it
        self._gc_held = [False]
        self.destroyed.connect(functools.partial(_release_gc, self._gc_held))
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_tick)
        self.live_canvas = LiveCanvas(session, self)

    # ---------------------------------------------------------------- set-up

    @property
    def setup(self) -> TrainingSetup | None:
        """The setup of the current run."""
        return self.trainer.setup if self.trainer else None

    @property
    def history(self) -> History | None:
        """The current run's history (or the saved history shown instead of a run)."""
        return self.trainer.history if self.trainer else self.saved_history

    @property
    def steps(self) -> int:
        """How many steps the run takes in all (a saved history: how many it recorded)."""
        if self.trainer is not None:
            return self.trainer.steps
        return 0 if self.saved_history is None else len(self.saved_history)

    def report(self, message: str) -> None:
        """Tell the user a setting was refused or the run stopped (emits sig_error)."""
        self.sig_error.emit(message)

    def configure(self, setup: str | TrainingSetup, **settings: object) -> bool:
        """Start a new run with these settings (see Trainer); False, with sig_error, if refused."""
        from engine.training.runs import Trainer, TrainingError  # noqa: PLC0415

        try:
            trainer = Trainer(setup, **settings)
        except (TrainingError, KeyError) as exc:
            self.report(f"Cannot train: {exc}")
            return False
        self._replace_run(trainer, trainer.settings(), target=0)
        self._set_state("idle")
        self.sig_reset.emit()
        return True

    def adopt(self, trainer: Trainer) -> None:
        """Show a run trained elsewhere (the command line's --train) as the current run."""
        self._replace_run(trainer, trainer.settings(), target=trainer.done)
        self.sig_reset.emit()
        self.sig_progress.emit(trainer.done)
        # a run cut short (Ctrl-C) can go on: Train takes its remaining steps
        finished = "finished" if trainer.finished else "paused"
        self._set_state("stopped" if trainer.stopped else finished)
        self.restore(trainer.done)

    def show_saved_history(self, series: Mapping[str, Sequence[float]]) -> bool:
        """Show a saved run's loss (accuracy, lr) per step in place of a run; False if empty."""
        from engine.training.history import History  # noqa: PLC0415

        history = History.from_series(series)
        if not len(history):
            return False
        self._replace_run(None, {}, target=0)
        self.saved_history = history
        self._set_state("saved")
        self.sig_reset.emit()
        self.restore(len(history) - 1)  # its last recorded step: no parameters come after it
        return True

    def clear(self) -> None:
        """Drop the run or saved history: nothing is shown (views clear)."""
        if self.trainer is None and self.saved_history is None:
            return
        self._replace_run(None, {}, target=0)
        self._set_state("idle")
        self.sig_reset.emit()

    def _replace_run(self, trainer: Trainer | None, settings: dict, target: int) -> None:
        self._stop_timer()
        self.trainer = trainer
        self.saved_history = None
        self._settings = settings
        self._target = target
        self.restored_step = 0
        self.live_canvas.reset()

    @property
    def settings(self) -> tuple[str, dict[str, object]] | None:
        """The setup name and the settings of the current run (``Trainer.settings``)."""
        return (self.trainer.setup.name, dict(self._settings)) if self.trainer else None

    def reset(self) -> bool:
        """Start the same setup over with the same settings."""
        if self.trainer is None:
            return False
        t = self.trainer
        return self.configure(t.setup, fast=t.fast, **t.settings())

    # ---------------------------------------------------------------- running

    @property
    def running(self) -> bool:
        """True while steps are being taken (or prepared for)."""
        return self._timer.isActive()

    def train(self) -> bool:
        """Take every remaining step, in chunks; returns False if there is nothing to do."""
        return self._run_until(self.trainer.steps if self.trainer else 0)

    def step_once(self) -> bool:
        """Take one training step (through the same chunked loop)."""
        return self._run_until(self.trainer.done + 1 if self.trainer else 0)

    def pause(self) -> None:
        """Stop after the step in progress: nothing more runs once this returns."""
        if self.trainer is None or not self._timer.isActive():
            return
        self._stop_timer()
        self._target = self.trainer.done
        self._set_state("paused")

    def _run_until(self, target: int) -> bool:
        t = self.trainer
        if t is None:
            self.report("Cannot train: pick a training example first")
            return False
        if t.finished:
            self.report(t.stopped or f"All {t.steps} steps are taken: Reset to train again")
            return False
        self._target = min(target, t.steps)
        # poll the compile gently: a 0 ms timer would spin and starve the compiling thread.
        # The compile starts on the first poll, once the repaints this click asked for are
        # done: a repaint sharing the GIL with the compile takes twice as long.
        self._start_timer(0 if t.prepared else PREPARE_POLL_MS)
        self._set_state("running" if t.prepared else "preparing")  # views see `running`
        return True

    def _start_timer(self, interval_ms: int) -> None:
        if not self._gc_held[0]:  # no full GC pass while training: see gui.models.gc_hold
            GC_HOLD.hold()
            self._gc_held[0] = True
        self._timer.start(interval_ms)

    def _stop_timer(self) -> None:
        self._timer.stop()
        _release_gc(self._gc_held)

    def _on_tick(self) -> None:
        t = self.trainer
        if not t.prepared and not self._compile.started:
            self._compile.start(t)
            return
        if self._compile.started:
            if not self._compile.take_end():
                return
            if self._compile.error is not None:
                self._stop_timer()
                self._set_state("stopped")
                self.report(f"Cannot train: {self._compile.error}")
                return
        if not t.prepared:  # the thread compiled a run that was replaced since
            return
        if self.state == "preparing":
            self._set_state("running")
            self._timer.setInterval(0)
        if self.live_canvas.refresh_due(t):
            return  # this tick was the canvas'; the next chunk is shortened by its time
        # other work (a repaint, a canvas reload) ran since the last chunk: together they stay
        # short. After a pause this makes the first chunk one step: harmless.
        now = time.perf_counter()
        busy = now - self._last_chunk_end
        deadline = now + max(0.0, CHUNK_SECONDS - busy)  # one step at least, all the same
        before = t.done
        while t.done < self._target and not t.finished:
            t.step()
            if time.perf_counter() > deadline:
                break
        GC_HOLD.collect_young()
        self._last_chunk_end = time.perf_counter()
        if t.done != before:
            self.sig_progress.emit(t.done)
        if t.stopped is not None:
            self._stop_timer()
            self._set_state("stopped")
            self.report(t.stopped)
        elif t.done >= self._target:
            self._stop_timer()
            self._set_state("finished" if t.finished else "paused")

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.sig_state.emit(state)

    # ---------------------------------------------------------------- time travel

    def restore(self, step: int) -> None:
        """Show the model as it was at ``step`` (clamped, or the nearest kept); sig_restored."""
        if self.history is None:
            return
        self.restored_step = self.history.nearest_kept(step)
        self.sig_restored.emit(self.restored_step)

    def open_in_stepper(self, step: int | None = None) -> bool:
        """Load step ``step``'s graph (forward, topo, backward, update) into the StepSession."""
        t, session = self.trainer, self.session
        if t is None and self.saved_history is not None:
            self.report("A saved run keeps no parameters: Train to open its steps again")
        if t is None or session is None:
            return False
        h = t.history
        k = self.restored_step if step is None else h.nearest_kept(step)
        i = h.index_of(k)
        lr = float(t.schedule(k)) if i is None else float(h.lr[i])
        title = f"{t.setup.name}: training step {k}"
        source = GraphSource("training", f"{t.setup.name}:{k}", title)
        from engine.training.runs import build_step_graph  # noqa: PLC0415

        g = build_step_graph(t.setup, h.params_at(k), batch=h.batch_at(k), lr=lr, source=source)
        return session.load(g)


def _release_gc(token: list[bool]) -> None:
    if token[0]:
        token[0] = False
        GC_HOLD.release(settle=True)  # the stepped graph stays: no full pass walks it later
