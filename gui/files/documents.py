"""The main window's files: open scripts and sessions, save sessions, recent files, drops.

Also the expression editor dock and the watched script. Where the open graph came from is
the StepSession's ``source``, carried by every graph loaded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QGraphicsView,
    QLabel,
    QMainWindow,
    QMenu,
    QWidget,
)

from engine.sources.built import BuiltGraph, GraphSource
from engine.sources.examples import get_example
from engine.sources.expr import ExpressionError
from engine.sources.script_loader import ScriptError, load_script
from engine.sources.session_file import (
    SESSION_SUFFIX,
    SavedSession,
    SessionFileError,
    build_session,
    is_session_path,
    load_session,
    save_session,
)
from gui.files.document_state import apply_view, history_series, view_state
from gui.files.expression_editor import ExpressionEditor
from gui.files.file_watch import FileWatch, reload_keeping_position
from gui.files.recent_files import RecentFiles, open_settings
from gui.files.script_error_dialog import ScriptErrorDialog
from gui.models.step_session import StepSession
from gui.models.training_session import TrainingSession

if TYPE_CHECKING:  # the gallery is imported when first opened
    from gui.files.examples_dialog import ExamplesDialog

EDITOR_HEIGHT = 170
DRAFT_KEY = "expression/draft"
OPEN_FILTER = f"Scripts and sessions (*.py *{SESSION_SUFFIX});;All files (*)"


class Documents(QObject):
    """What is open in a main window, where it came from, and the file actions for it.

    ``window`` hosts the editor dock, the note in its status bar, the actions' shortcuts and
    the dialogs; ``session`` is what gets loaded; ``graph_view``'s zoom and centre and
    ``training``'s history are saved with a session and restored from one.
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
    ) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.graph_view = graph_view
        self.training = training
        self.recent = recent or RecentFiles(parent=self)
        self.watch = FileWatch(self)
        self.error_dialog: ScriptErrorDialog | None = None
        self.examples_dialog: ExamplesDialog | None = None
        self.editor = ExpressionEditor()
        self.dock = QDockWidget("Expression", window)
        self.dock.setObjectName("expression_dock")
        self.dock.setWidget(self.editor)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self._on_dock_visibility)
        self.note_label = QLabel(window)
        self.note_label.setObjectName("note_label")
        window.statusBar().addWidget(self.note_label, 1)  # hidden while a message shows
        self._build_actions()
        # The program being typed survives a restart (and a crash): kept as a draft.
        self._drafts = open_settings()
        self.editor.set_text(str(self._drafts.value(DRAFT_KEY, "") or ""))
        self.editor.edit.textChanged.connect(self._on_draft_changed)
        self.editor.sig_built.connect(self.load)
        self.watch.sig_changed.connect(self._on_script_changed)
        self.session.sig_loaded.connect(self._on_loaded)
        self._dock_before_presenting = False
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
        self.save_action = action("&Save Session…", "Ctrl+S", self._on_save)
        self.examples_action = action("Browse &Examples…", "Ctrl+Shift+E", self.show_examples)
        self.editor_action = self.dock.toggleViewAction()
        self.editor_action.setText("E&xpression Editor")
        self.editor_action.setShortcut(QKeySequence("Ctrl+E"))
        self.window.addAction(self.editor_action)
        self.recent_menu = QMenu("Open &Recent", self.window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()

    def fill_file_menu(self, file_menu: QMenu) -> None:
        """Put Open, Open Recent, Save Session, Browse Examples and the editor in ``file_menu``."""
        file_menu.addAction(self.open_action)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.save_action)
        file_menu.addSeparator()
        file_menu.addAction(self.examples_action)
        file_menu.addAction(self.editor_action)
        file_menu.addSeparator()

    def _fill_recent(self) -> None:
        self.recent.fill_menu(self.recent_menu, self.open_path)

    # ------------------------------------------------------------------ opening

    def open_path(self, path: str) -> bool:
        """Open a session (``.gradstep.json``) or a script (anything else)."""
        if not os.path.isfile(path):
            self.recent.remove(path)  # a recent file that was moved or deleted
            self.show_error(f"Cannot open {path}: there is no such file.")
            return False
        if is_session_path(path):
            return self.open_session(path)
        return self.open_script(path)

    def open_script(self, path: str) -> bool:
        """Run a script and load its graph; its traceback is shown in a dialog if it fails."""
        path = os.path.abspath(path)
        try:
            built = load_script(path)
        except ScriptError as error:
            self.show_error(error.message, error.traceback_text)
            return False
        if not self.load(built):
            return False
        self.recent.add(path)
        return True

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

        A script joins the recent files; an expression goes into the editor.
        """
        if source is None:
            return
        if source.kind == "script":
            self.recent.add(source.ref)
        elif source.kind == "expression":
            self.editor.set_text(source.ref)

    def show_note(self, note: str) -> None:
        """Show a loaded graph's note in the status bar (the full text in its tooltip)."""
        self.note_label.setToolTip(note)
        self.note_label.setText(note)

    def open_expression(self, text: str) -> bool:
        """Put ``text`` in the expression editor and build it (errors show in the editor)."""
        self.editor.set_text(text)
        self.dock.show()
        built = self.editor.build()
        return built is not None and self.source is built.source

    def open_session(self, path: str) -> bool:
        """Open a saved session; any problem is shown and nothing changes."""
        try:
            state = load_session(path)
            built = build_session(state, path)
        except (SessionFileError, ScriptError, ExpressionError, KeyError) as error:
            details = error.traceback_text if isinstance(error, ScriptError) else ""
            self.show_error(f"Cannot open {os.path.basename(path)}: {error}", details)
            return False
        if not self.load(built):
            return False
        self.session.seek(state.position)
        apply_view(self.graph_view, self.session, state.view)
        if state.history:  # the loss curve of the run the session was saved with
            self.training.show_saved_history(state.history)
        if state.kind == "expression":
            self.editor.set_text(state.source)
            self.dock.show()
        self.recent.add(path)
        return True

    # ------------------------------------------------------------------ saving

    def save_to(self, path: str) -> bool:
        """Save the current session to ``path``; False (with the reason shown) if it cannot."""
        timeline = self.session.timeline
        origin = None if self.source is None else self.source.rebuildable
        if timeline is None or origin is None:
            self.show_error("Nothing to save: open an example, an expression or a script first.")
            return False
        # The data the graph was built with: record() leaves the live objects after the update.
        initial = timeline.trace.initial_data
        state = SavedSession(
            kind=origin.kind,
            source=origin.ref,
            parameters=tuple(float(initial[i]) for i in timeline.trace.params),
            lr=timeline.trace.lr,
            history=history_series(self.training.history),
            position=timeline.position,
            view=view_state(self.graph_view, self.session),
        )
        try:
            save_session(path, state)
        except SessionFileError as error:
            self.show_error(str(error))
            return False
        self.recent.add(path)
        return True

    # ------------------------------------------------------------------ handlers

    def show_error(self, message: str, details: str = "") -> None:
        """A window-modal dialog with ``message`` and, if given, a traceback; never blocks."""
        self.sig_error.emit(message)
        if self.error_dialog is not None:
            self.error_dialog.close()
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

    def _on_draft_changed(self) -> None:
        self._drafts.setValue(DRAFT_KEY, self.editor.text())

    def set_presenting(self, on: bool) -> None:
        """Hide the editor dock in presentation mode, and bring it back afterwards."""
        # The projected slide shows the graph only.
        if on:
            self._dock_before_presenting = self.dock.isVisible()
            self.dock.hide()
        elif self._dock_before_presenting:
            self.dock.show()

    def _on_dock_visibility(self, visible: bool) -> None:
        if visible and not self.dock.isFloating():
            # A few lines of program; the rest of the height stays with the graph.
            self.window.resizeDocks([self.dock], [EDITOR_HEIGHT], Qt.Orientation.Vertical)

    def _on_example_chosen(self, name: str) -> None:
        self.open_example(name)

    def _on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open", "", OPEN_FILTER)
        if path:
            self.open_path(path)

    def _on_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save Session", f"session{SESSION_SUFFIX}",
            f"gradstep sessions (*{SESSION_SUFFIX})",
        )  # fmt: skip
        if path:
            self.save_to(path if is_session_path(path) else path + SESSION_SUFFIX)

    def _on_script_changed(self, path: str) -> None:
        reload_keeping_position(self.session, lambda: self.open_script(path))

    def _on_loaded(self) -> None:
        # A script is watched while it is what is open (also when a session was built from it).
        origin = None if self.source is None else self.source.rebuildable
        if origin is not None and origin.kind == "script":
            self.watch.watch(origin.ref)
        else:
            self.watch.unwatch()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take a dragged script or session anywhere over the window; open it when dropped."""
        kinds = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
        if event.type() not in kinds or not isinstance(event, (QDragMoveEvent, QDropEvent)):
            return super().eventFilter(watched, event)
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        paths = [p for p in paths if p.endswith(".py") or is_session_path(p)]
        if not paths:
            return False  # not ours: text dropped into the editor stays text
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.open_path(paths[0])
        return True
