"""Session files (``.gradstep.json``): open one as it was saved, File > Save Session….

A session of an example or an expression is built again here with its saved parameters; a
script's session runs its script in a worker (ScriptSessions); a session that keeps a
recording opens that recording when nothing else can be opened.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGraphicsView, QMainWindow

from engine.sources.built import BuiltGraph
from engine.sources.expr_errors import ExpressionError
from engine.sources.file_kinds import SESSION_SUFFIX, is_session_path
from gui.files.document_state import apply_view, history_series, view_state
from gui.files.expression_dock import ExpressionDock
from gui.files.file_dialogs import save_path
from gui.files.recent_files import RecentFiles
from gui.files.recording_files import RecordingFiles
from gui.files.script_sessions import ScriptSessions
from gui.models.step_session import StepSession
from gui.models.training_session import TrainingSession

if TYPE_CHECKING:  # the session reader loads when a session is opened or saved
    from engine.sources.session_file import SavedSession


class SessionFiles:
    """Opens and saves the sessions of ``session``; problems go to ``show_error``.

    ``load`` loads a rebuilt graph (and shows its note); ``graph_view``'s zoom and centre
    and ``training``'s history are saved with a session and restored from one; an
    expression's session puts its text in ``expressions``.
    """

    def __init__(
        self,
        window: QMainWindow,
        session: StepSession,
        graph_view: QGraphicsView,
        training: TrainingSession,
        *,
        load: Callable[[BuiltGraph], bool],
        expressions: ExpressionDock,
        recording_files: RecordingFiles,
        script_sessions: ScriptSessions,
        recent: RecentFiles,
        show_error: Callable[[str], None],
    ) -> None:
        self.window = window
        self.session = session
        self.graph_view = graph_view
        self.training = training
        self.load = load
        self.expressions = expressions
        self.recording_files = recording_files
        self.script_sessions = script_sessions
        self.recent = recent
        self.show_error = show_error
        self.save_action = QAction("&Save Session…", window)
        self.save_action.setShortcut(QKeySequence("Ctrl+S"))
        self.save_action.triggered.connect(self._on_save)
        window.addAction(self.save_action)  # the shortcut works with the menu bar hidden too

    def open_session(self, path: str, *, remember: bool = True) -> bool:
        """Open a saved session; any problem is shown and nothing changes.

        ``remember=False`` (a scripted render) leaves the recent files and the draft alone.
        """
        from engine.sources.session_file import SessionFileError, load_session  # noqa: PLC0415
        from engine.sources.session_graph import build_session  # noqa: PLC0415

        state = None
        try:
            state = load_session(path)
            if state.kind == "script":  # the user's code: run in a worker, never here
                return self.script_sessions.open(state, path, remember=remember)
            built = None if state.kind == "recording" else build_session(state, path)
        except (SessionFileError, ExpressionError, KeyError) as error:
            if state is not None and state.recording is not None:  # the graph it kept, then
                return self._open_kept(state, path, str(error), remember=remember)
            self.show_error(f"Cannot open {os.path.basename(path)}: {error}")
            return False
        if built is None:
            return self._open_kept(state, path, remember=remember)
        if not self.load(built):
            return False
        self.session.seek(state.position)
        apply_view(self.graph_view, self.session, state.view)
        if state.history:  # the loss curve of the run the session was saved with
            self.training.show_saved_history(state.history)
        if state.kind == "expression":
            self.expressions.show_text(state.source, keep_draft=remember)
        if remember:
            self.recent.add(path)
        return True

    def _open_kept(
        self, state: SavedSession, path: str, why: str = "", *, remember: bool = True
    ) -> bool:
        """Open the recording a session keeps, at its pass, position and view."""
        if not self.script_sessions.open_kept(state, path, why):
            return False
        if remember:
            self.recent.add(path)
        return True

    def save_to(self, path: str) -> bool:
        """Save the current session to ``path``; False (with the reason shown) if it cannot."""
        from engine.sources.session_file import (  # noqa: PLC0415
            SavedSession,
            SessionFileError,
            save_session,
        )

        timeline = self.session.timeline
        source = self.session.source
        origin = None if source is None else source.rebuildable
        recording, number = self.recording_files.kept(timeline)
        if timeline is None or (origin is None and recording is None):
            self.show_error("Nothing to save: open an example, an expression or a script first.")
            return False
        kind, ref = ("recording", source.ref or source.title)
        if origin is not None:
            kind, ref = origin.kind, origin.ref
        # The data the graph was built with: record() leaves the live objects after the update.
        initial = timeline.trace.initial_data
        state = SavedSession(
            kind=kind,
            source=ref,
            parameters=tuple(float(initial[i]) for i in timeline.trace.params),
            lr=timeline.trace.lr,
            history=history_series(self.training.history),
            position=timeline.position,
            view=view_state(self.graph_view, self.session),
            recording=recording,
            recording_pass=number,
        )
        try:
            save_session(path, state)
        except SessionFileError as error:
            self.show_error(str(error))
            return False
        self.recent.add(path)
        return True

    def _on_save(self) -> None:
        filters = f"gradstep sessions (*{SESSION_SUFFIX})"
        path = save_path(self.window, "Save Session", f"session{SESSION_SUFFIX}", filters)
        if path:
            self.save_to(path if is_session_path(path) else path + SESSION_SUFFIX)
