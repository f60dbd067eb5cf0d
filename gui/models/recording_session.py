"""The open recording of a user's program: its passes, and the one being stepped.

A recording arrives as data (a file read with ``load_recording``, or the worker's run of a
script); ``load_recording`` is the one way in. Picking a pass loads its trace into the
StepSession (a timeline ``opening`` prepared off the GUI thread, where there is one);
everything else (pass list, loss plot, problem marks) follows the signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from engine.sources.built import GraphSource
from gui.models.pass_opening import PassOpening
from gui.models.step_session import StepSession
from gui.models.training_session import TrainingSession

if TYPE_CHECKING:  # a recording's modules load when one is opened, not with the window
    from engine.explain.diagnoses import Problem
    from engine.sources.program.recording import RecordedPass, Recording


class RecordingSession(QObject):
    """A Recording, which pass the StepSession steps, and the roots' data pass by pass.

    ``losses`` holds the roots' data as a saved run's history (one entry per pass) when the
    recording has two or more passes, so the loss plot shows the user's own training loop.
    Loading anything else into the StepSession closes the recording.
    """

    sig_opening = Signal()
    """A recording is about to be opened (it may still fail to): views may hold their painting."""
    sig_opened = Signal()
    """A recording was opened or closed: views rebuild from ``recording``."""
    sig_pass = Signal(int)
    """The pass being stepped changed: its number (1-based), 0 when none."""

    def __init__(
        self,
        session: StepSession,
        parent: QObject | None = None,
        opening: PassOpening | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.opening = opening
        self.losses = TrainingSession(None, self)
        self._recording: Recording | None = None
        self._path = ""
        self._title = ""
        self._base: GraphSource | None = None
        self._current = 0
        self._source: GraphSource | None = None
        session.sig_loaded.connect(self._on_loaded)

    # ------------------------------------------------------------------ state

    @property
    def recording(self) -> Recording | None:
        """The open recording, or None."""
        return self._recording

    @property
    def path(self) -> str:
        """The file the recording came from ("" if it came from elsewhere)."""
        return self._path

    @property
    def title(self) -> str:
        """A short name for the recording (its script's or file's name)."""
        return self._title

    @property
    def current(self) -> int:
        """The number (1-based) of the pass being stepped, 0 when none."""
        return self._current

    @property
    def current_pass(self) -> RecordedPass | None:
        """The pass being stepped, or None."""
        if self._recording is None or not self._current:
            return None
        return self._recording.pass_at(self._current)

    @property
    def showing(self) -> bool:
        """Whether the StepSession is stepping a pass of this recording right now."""
        return self._source is not None and self.session.source is self._source

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems of the pass being stepped (none while something else is stepped)."""
        shown = self.current_pass if self.showing else None
        return () if shown is None else shown.problems

    def problems_at(self, position: int) -> tuple[Problem, ...]:
        """The problems that happen at timeline ``position`` of the pass being stepped."""
        return tuple(p for p in self.problems if p.position == position)

    # ------------------------------------------------------------------ loading

    def load_recording(
        self,
        recording: Recording,
        path: str = "",
        title: str = "",
        base: GraphSource | None = None,
    ) -> bool:
        """Open ``recording`` on its last pass; False, with the reason reported, if it cannot be.

        What was open stays open when the recording cannot be (no pass, a trace that does
        not step). ``base`` is what the recording was made from, where that can be built
        again (a script): the passes' sources name it.
        """
        name = title or recording.script or path or "the recording"
        if not recording.passes:
            errors = "; ".join(recording.errors)
            why = f": {errors}" if errors else ": the program never called backward()"
            self.session.report(f"Cannot open {name}: it recorded no pass{why}")
            return False
        self.sig_opening.emit()
        before = (self._recording, self._path, self._title, self._base, self._current, self._source)
        self._recording, self._path, self._title, self._base = recording, path, name, base
        if not self._step(len(recording)):
            (self._recording, self._path, self._title, self._base,
             self._current, self._source) = before  # fmt: skip
            return False
        if len(recording) >= 2:
            self.losses.show_saved_history({"loss": recording.losses()})
            self.losses.restore(self._current - 1)
        else:
            self.losses.clear()
        self.sig_opened.emit()
        self.sig_pass.emit(self._current)
        return True

    def open_pass(self, number: int) -> bool:
        """Step pass ``number`` (1-based; negative: from the end), at its end; False if not."""
        if not self._step(number):
            return False
        self.sig_pass.emit(self._current)
        return True

    def _step(self, number: int) -> bool:
        """Load pass ``number`` into the StepSession, without telling the pass views."""
        recording = self._recording
        if recording is None:
            return False
        try:
            chosen = recording.pass_at(number)
        except IndexError as exc:
            self.session.report(str(exc))
            return False
        total = len(recording)
        title = f"{self._title} · pass {chosen.index} of {total}"
        source = GraphSource("recording", self._path, title, self._base)
        previous = self._current, self._source
        self._current, self._source = chosen.index, source
        prepared = None if self.opening is None else self.opening.take(chosen.trace)
        if prepared is not None:
            self.session.load_timeline(prepared, source)  # walked to its end off this thread
        elif self.session.load_trace(chosen.trace, source):
            self.session.seek_end()  # as the pass finished: its grads, and every problem flagged
        else:
            self._current, self._source = previous
            return False
        if self.losses.history is not None:
            self.losses.restore(chosen.index - 1)
        return True

    def close(self) -> None:
        """Forget the recording (the StepSession keeps what it shows)."""
        if self._recording is None:
            return
        self._recording, self._path, self._title, self._base = None, "", "", None
        self._current, self._source = 0, None
        self.losses.clear()
        self.sig_opened.emit()
        self.sig_pass.emit(0)

    def _on_loaded(self) -> None:
        if self._recording is not None and not self.showing:
            self.close()  # something else is being stepped now
