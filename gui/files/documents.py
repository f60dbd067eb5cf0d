"""The main window's files: open anything (File > Open, recent files, drops), the watched script.

Each kind of file has its own handler: sessions (SessionFiles), recordings (RecordingFiles),
programs run in a worker (ProgramFiles); expressions are typed in the ExpressionDock. Where the
open graph came from is the StepSession's ``source``, carried by every graph loaded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QGraphicsView, QLabel, QMainWindow, QMenu, QWidget

from engine.sources.built import BuiltGraph, GraphSource
from engine.sources.examples import get_example
from engine.sources.file_kinds import (
    NOTEBOOK_SUFFIX,
    RECORDING_SUFFIX,
    SESSION_SUFFIX,
    is_recording_path,
    is_session_path,
)
from gui.files.expression_dock import ExpressionDock
from gui.files.file_dialogs import open_path
from gui.files.file_watch import FileWatch
from gui.files.program_files import ProgramFiles
from gui.files.recent_files import RecentFiles
from gui.files.recording_files import RecordingFiles
from gui.files.run_progress import RunProgressBar
from gui.files.script_sessions import ScriptSessions
from gui.files.session_files import SessionFiles
from gui.models.recording_session import RecordingSession
from gui.models.run_session import RunSession
from gui.models.step_session import StepSession
from gui.models.training_session import TrainingSession

if TYPE_CHECKING:  # the gallery and the error dialog are imported when first opened
    from gui.files.examples_dialog import ExamplesDialog
    from gui.files.script_error_dialog import ScriptErrorDialog

OPEN_FILTER = (
    f"Programs, sessions and recordings (*.py *{NOTEBOOK_SUFFIX} *{SESSION_SUFFIX} "
    f"*{RECORDING_SUFFIX});;All files (*)"
)
PROGRAM_SUFFIXES = (".py", NOTEBOOK_SUFFIX)
#: The status note once the graph shows other numbers than it was built with (training).
REFRESHED_NOTE = "numbers from the training run (the note as built is in the tooltip)"


class Documents(QObject):
    """What is open in a main window, where it came from, and the file actions for it.

    ``window`` hosts the editor dock, the note in its status bar, the actions' shortcuts and
    the dialogs; ``session`` is what gets loaded; ``graph_view``'s zoom and centre and
    ``training``'s history are saved with a session and restored from one. Recording files
    open into ``recordings``; scripts and notebooks run in a worker through ``runs``.
    """

    sig_error = Signal(str)
    """A file could not be opened or saved: the message the error dialog shows."""

    def __init__(
        self,
        window: QMainWindow,
        session: StepSession,
        graph_view: QGraphicsView,
        training: TrainingSession,
        recent: RecentFiles | None = None,
        *,
        recordings: RecordingSession | None = None,
        runs: RunSession | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.graph_view = graph_view
        self.training = training
        self.recent = recent or RecentFiles(parent=self)
        self.watch = FileWatch(self)
        self.recordings = recordings or RecordingSession(session, self)
        self.recording_files = RecordingFiles(window, self.recordings, self.show_error, self.recent)
        self.runs = runs or RunSession(self)
        self.programs = ProgramFiles(
            self.runs,
            self.recordings,
            self.watch,
            recent=self.recent,
            show_error=self.show_error,
            show_note=self.show_note,
            parent=self,
        )
        self.script_sessions = ScriptSessions(
            self.programs, self.recording_files, graph_view, training, self.show_note
        )
        self.error_dialog: ScriptErrorDialog | None = None
        self.examples_dialog: ExamplesDialog | None = None
        self.dock = ExpressionDock(window)
        self.editor = self.dock.editor
        self.sessions = SessionFiles(
            window,
            session,
            graph_view,
            training,
            load=self.load,
            expressions=self.dock,
            recording_files=self.recording_files,
            script_sessions=self.script_sessions,
            recent=self.recent,
            show_error=self.show_error,
        )
        self.note_label = QLabel(window)
        self.note_label.setObjectName("note_label")
        window.statusBar().addWidget(self.note_label, 1)  # hidden while a message shows
        self.run_progress = RunProgressBar(self.runs, window)
        window.statusBar().addPermanentWidget(self.run_progress)
        self._build_actions()
        self.editor.sig_built.connect(self.load)
        self.watch.sig_changed.connect(self._on_script_changed)
        self.session.sig_loaded.connect(self._on_loaded)
        self.session.sig_refreshed.connect(self._on_refreshed)
        window.setAcceptDrops(True)
        # Child widgets that take drops themselves (the graph view, text fields) would
        # swallow a dropped file: watch them too.
        for widget in [window, *window.findChildren(QWidget)]:
            if widget.acceptDrops():
                widget.installEventFilter(self)

    @property
    def source(self) -> GraphSource | None:
        """Where the open graph came from (None: nothing open, or a graph of unknown origin)."""
        return self.session.source

    # ------------------------------------------------------------------ menus

    def _build_actions(self) -> None:
        def action(text: str, keys: str, slot: Callable[[], object]) -> QAction:
            act = QAction(text, self.window)
            if keys:
                act.setShortcut(QKeySequence(keys))
            act.triggered.connect(slot)
            self.window.addAction(act)  # shortcuts work with the menu bar hidden too
            return act

        self.open_action = action("&Open…", "Ctrl+O", self._on_open)
        self.examples_action = action("Browse &Examples…", "Ctrl+Shift+E", self.show_examples)
        self.recent_menu = QMenu("Open &Recent", self.window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()

    def fill_file_menu(self, file_menu: QMenu) -> None:
        """Put Open, Open Recent, Save Session, Browse Examples and the editor in ``file_menu``."""
        file_menu.addAction(self.open_action)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.sessions.save_action)
        file_menu.addAction(self.recording_files.save_action)
        file_menu.addSeparator()
        file_menu.addAction(self.examples_action)
        file_menu.addAction(self.dock.toggle_action)
        file_menu.addSeparator()

    def _fill_recent(self) -> None:
        self.recent.fill_menu(self.recent_menu, self.open_path)

    # ------------------------------------------------------------------ opening

    def open_path(self, path: str) -> bool:
        """Open a session (``.gradstep.json``), a recording, or run a program (anything else).

        A script or notebook runs in a worker: True means it started, and its recording
        opens when the run is over (``programs.sig_done``). A recording file is read in a
        thread: True means reading started, and it opens once read
        (``recording_files.sig_done``).
        """
        if not os.path.isfile(path):
            self.recent.remove(path)  # a recent file that was moved or deleted
            self.show_error(f"Cannot open {path}: there is no such file.")
            return False
        if is_session_path(path):
            return self.sessions.open_session(path)
        if is_recording_path(path):
            return self.recording_files.open_recording(path)
        return self.open_script(path)

    def open_script(self, path: str) -> bool:
        """Run a script or notebook in a worker; True once started (the outcome comes later).

        Its recording opens on its last pass; if it fails, the reason is shown in a dialog
        and what was open stays open.
        """
        return self.programs.open_program(path)

    def open_example(self, name: str) -> bool:
        """Build the named example and load it; False (with the error shown) if it fails."""
        try:
            built = get_example(name).build()
        except Exception as exc:  # an example that fails to build is shown, not fatal
            self.session.report(f"Cannot build example {name!r}: {exc}")
            return False
        return self.load(built)

    def load(self, built: BuiltGraph) -> bool:
        """Load a built graph into the session and show its note; False if it cannot be."""
        loaded = self.session.load(built)
        if loaded:  # the example's note, e.g. the parabola's nudge-by-h slope
            self.show_note(built.note)
        return loaded

    def remember(self, source: GraphSource | None) -> None:
        """Make a graph the command line opened the user's own, as if opened in the window.

        A script (or the recording of a script's run) joins the recent files; an expression
        goes into the editor.
        """
        source = None if source is None else source.rebuildable
        if source is None:
            return
        if source.kind == "script":
            self.recent.add(source.ref)
        elif source.kind == "expression":
            self.editor.set_text(source.ref)

    def show_note(self, note: str, details: str = "") -> None:
        """Show a note in the status bar (``details``, else the full text, in its tooltip)."""
        self.note_label.setToolTip(details or note)
        self.note_label.setText(note)

    def open_expression(self, text: str) -> bool:
        """Put ``text`` in the expression editor and build it (errors show in the editor)."""
        self.dock.show_text(text)
        built = self.editor.build()
        return built is not None and self.source is built.source

    # ------------------------------------------------------------------ handlers

    def show_error(self, message: str, details: str = "") -> None:
        """A window-modal dialog with ``message`` and, if given, a traceback; never blocks."""
        self.sig_error.emit(message)
        if self.error_dialog is not None:
            self.error_dialog.close()
        # imported on first use: QDialog and its buttons' types (with their enums) are built
        # at their first import, and the first frame of the window shows no dialog
        from gui.files.script_error_dialog import ScriptErrorDialog  # noqa: PLC0415

        self.error_dialog = ScriptErrorDialog(message, details, self.window)
        self.error_dialog.open()

    def show_examples(self) -> ExamplesDialog:
        """Open the examples gallery; choosing one loads it."""
        # imported on first use: the first frame of the window does not need the gallery
        from gui.files.examples_dialog import ExamplesDialog  # noqa: PLC0415

        self.examples_dialog = ExamplesDialog(self.window)
        self.examples_dialog.sig_chosen.connect(self._on_example_chosen)
        self.examples_dialog.sig_script_chosen.connect(self.open_script)
        self.examples_dialog.open()
        return self.examples_dialog

    def _on_example_chosen(self, name: str) -> None:
        self.open_example(name)

    def _on_open(self) -> None:
        path = open_path(self.window, "Open", OPEN_FILTER)
        if path:
            self.open_path(path)

    def _on_script_changed(self, path: str) -> None:
        self.programs.reload(path)

    def _on_loaded(self) -> None:
        # A script is watched while it is what is open (also when a session was built from it).
        origin = None if self.source is None else self.source.rebuildable
        if origin is not None and origin.kind == "script":
            self.watch.watch(origin.ref)
        else:
            self.watch.unwatch()

    def _on_refreshed(self) -> None:
        # New numbers (a live canvas while training): a note written when the graph was
        # built ("loss = 7.72979") no longer describes what is drawn.
        note = self.note_label.text()
        if note and note != REFRESHED_NOTE:
            self.show_note(REFRESHED_NOTE, f"as built: {note}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take a dragged script or session anywhere over the window; open it when dropped."""
        kinds = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
        if event.type() not in kinds or not isinstance(event, (QDragMoveEvent, QDropEvent)):
            return super().eventFilter(watched, event)
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        ours = (is_session_path, is_recording_path, lambda p: p.lower().endswith(PROGRAM_SUFFIXES))
        paths = [p for p in paths if any(test(p) for test in ours)]
        if not paths:
            return False  # not ours: text dropped into the editor stays text
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.open_path(paths[0])
        return True
