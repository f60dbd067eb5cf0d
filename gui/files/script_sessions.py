"""Sessions saved from a script or notebook: the script runs again in a worker, never here.

A session saved while a program's recording was open keeps that recording: it opens at
once, as saved, and the program runs again in a worker only to tell whether it still gives
that graph (weights drawn with no seed give another one each run). An older session that
keeps no recording opens when its program's run is over, on the pass, step and view saved.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGraphicsView

from engine.sources.built import GraphSource
from engine.sources.file_kinds import SESSION_SUFFIX
from engine.trace.trace import Trace
from gui.files.document_state import apply_view
from gui.files.program_files import ProgramFiles
from gui.files.recording_files import RecordingFiles
from gui.models.step_session import StepSession
from gui.models.training_session import TrainingSession

if TYPE_CHECKING:  # these load when a script's session is opened
    from engine.sources.program.recording import Recording
    from engine.sources.running.run_result import RunResult
    from engine.sources.session_file import SavedSession

KEPT_NOTE = "The graph kept in the session, as saved"


def same_graph(a: Trace, b: Trace) -> bool:
    """Whether two passes stepped the same graph: wiring, ops and the data it started from."""
    return (
        a.graph.children == b.graph.children
        and a.graph.ops == b.graph.ops
        and tuple(a.initial_data) == tuple(b.initial_data)
    )


class ScriptSessions:
    """Opens script sessions: the recording they keep, or their program run in a worker."""

    def __init__(
        self,
        programs: ProgramFiles,
        recording_files: RecordingFiles,
        graph_view: QGraphicsView,
        training: TrainingSession,
        show_note: Callable[[str, str], None],
    ) -> None:
        self.programs = programs
        self.recording_files = recording_files
        self.graph_view = graph_view
        self.training = training
        self.show_note = show_note

    @property
    def session(self) -> StepSession:
        """The StepSession the recordings load into."""
        return self.recording_files.recordings.session

    def open(self, state: SavedSession, path: str, *, remember: bool = True) -> bool:
        """Open a script's session; True when it opened, or its program started running."""
        script = state.source
        if state.recording is not None:
            if not self.open_kept(state, path):
                return False
            if remember:
                self.programs.recent.add(path)
            kept = state.recording.pass_at(state.recording_pass or -1)
            return self.programs.open_program(
                script, self._compare_with(kept.trace, kept.index, script), self._kept_because
            )
        if not os.path.isfile(script):
            self.programs.show_error(
                f"Cannot open {os.path.basename(path)}: its script {script} is not there", ""
            )
            return False
        return self.programs.open_program(script, self._land_saved(state, path, remember))

    def open_kept(self, state: SavedSession, path: str, why: str = "") -> bool:
        """Open the recording a session keeps, at its pass, position and view."""
        if not self.recording_files.open_kept(state, path):
            return False
        self.session.seek(state.position)
        apply_view(self.graph_view, self.session, state.view)
        if why:  # a script that no longer gives the saved graph (unseeded random weights)
            self.show_note(f"{KEPT_NOTE}: {why}", "")
        return True

    def _compare_with(
        self, kept: Trace, number: int, script: str
    ) -> Callable[[Recording, str], bool]:
        def land(recording: Recording, _program: str) -> bool:
            fresh = recording.pass_at(min(len(recording), number)).trace
            if not same_graph(fresh, kept):
                why = f"{os.path.basename(script)} gives another graph now (new random weights?)"
                self.show_note(f"{KEPT_NOTE}: {why}", "")
            return True  # the kept graph stays open either way

        return land

    def _kept_because(self, result: RunResult) -> bool:
        self.show_note(f"{KEPT_NOTE}: {result.failure_line()}", result.failure_line())
        return True

    def _land_saved(
        self, state: SavedSession, path: str, remember: bool
    ) -> Callable[[Recording, str], bool]:
        """Open a fresh run's recording as the session saved it: pass, step, view, history."""

        def land(recording: Recording, program: str) -> bool:
            recordings = self.recording_files.recordings
            title = os.path.basename(path).removesuffix(SESSION_SUFFIX)
            base = GraphSource("script", program, os.path.basename(program))
            if not recordings.load_recording(recording, path, title, base):
                return False
            if 0 < state.recording_pass < len(recording):
                recordings.open_pass(state.recording_pass)
            timeline = self.session.timeline
            if timeline is not None and state.position <= len(timeline):
                self.session.seek(state.position)
            apply_view(self.graph_view, self.session, state.view)
            if state.history and len(recording) < 2:  # a run's own losses show otherwise
                self.training.show_saved_history(state.history)
            if timeline is not None and not _same_parameters(timeline.trace, state):
                self.show_note(
                    f"{os.path.basename(program)} gives other parameters now than the "
                    "session saved; the graph is the one it gives now",
                    "",
                )
            if remember:
                self.programs.recent.add(path)
            return True

        return land


def _same_parameters(trace: Trace, state: SavedSession) -> bool:
    if not state.parameters:
        return True
    now = tuple(float(trace.initial_data[i]) for i in trace.params)
    return now == state.parameters
