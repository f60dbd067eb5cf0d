"""The main window's files: open scripts and sessions, save sessions, recent files, drops.

Also the expression editor dock and the watched script, so MainWindow needs one line.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMenu,
    QWidget,
)

from engine.sources.built import BuiltGraph
from engine.sources.examples import EXAMPLES
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
from gui.files.document_state import apply_view, file_menu_of, training_history, view_state
from gui.files.examples_dialog import ExamplesDialog
from gui.files.expression_editor import ExpressionEditor
from gui.files.file_watch import FileWatch, reload_keeping_position
from gui.files.recent_files import RecentFiles, open_settings
from gui.files.script_error_dialog import ScriptErrorDialog

EDITOR_HEIGHT = 170
DRAFT_KEY = "expression/draft"
OPEN_FILTER = f"Scripts and sessions (*.py *{SESSION_SUFFIX});;All files (*)"


class Documents(QObject):
    """What is open in a MainWindow, where it came from, and the File menu entries for it."""

    def __init__(self, window: Any, recent: RecentFiles | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.recent = recent or RecentFiles(parent=self)
        self.watch = FileWatch(self)
        self.source: tuple[str, str] | None = None  # (kind, example name / text / path)
        self._pending: tuple[str, str] | None = None
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
        self.editor.sig_built.connect(self._on_expression_built)
        self.watch.sig_changed.connect(self._on_script_changed)
        self.session.sig_loaded.connect(self._on_loaded)
        presentation = getattr(window, "presentation_action", None)
        if isinstance(presentation, QAction):
            presentation.toggled.connect(self._on_presentation)
        self._dock_before_presenting = False
        window.setAcceptDrops(True)
        # Child widgets that take drops themselves (the graph view, text fields) would
        # swallow a dropped file: watch them too.
        for widget in [window, *window.findChildren(QWidget)]:
            if widget.acceptDrops():
                widget.installEventFilter(self)

    # ------------------------------------------------------------------ menus

    def _build_actions(self) -> None:
        def action(text: str, keys: str, slot: Any) -> QAction:
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
        file_menu = file_menu_of(self.window)
        first = file_menu.actions()[0] if file_menu.actions() else None
        for item in (self.open_action, self.recent_menu, self.save_action, None,
                     self.examples_action, self.editor_action, None):  # fmt: skip
            if item is None:
                file_menu.insertSeparator(first)
            elif isinstance(item, QMenu):
                file_menu.insertMenu(first, item)
            else:
                file_menu.insertAction(first, item)

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
        if not self._load(built, ("script", path), os.path.basename(path)):
            return False
        self.watch.watch(path)
        self.recent.add(path)
        return True

    def adopt(self, kind: str, source: str) -> None:
        """Record where the graph just loaded came from (the command line's FILE or --expr).

        Save Session, the recent files and the file watch then work for it too.
        """
        if kind == "script":
            source = os.path.abspath(source)
            self.watch.watch(source)
            self.recent.add(source)
        elif kind == "expression":
            self.editor.set_text(source)
        self.source = (kind, source)

    def show_note(self, note: str) -> None:
        """Show a loaded graph's note in the status bar (the full text in its tooltip)."""
        self.note_label.setToolTip(note)
        self.note_label.setText(note)

    def open_expression(self, text: str) -> bool:
        """Put ``text`` in the expression editor and build it (errors show in the editor)."""
        self.editor.set_text(text)
        self.dock.show()
        return self.editor.build() is not None and self.source == ("expression", text)

    def open_session(self, path: str) -> bool:
        """Open a saved session; any problem is shown and nothing changes."""
        try:
            state = load_session(path)
            built = build_session(state)
        except (SessionFileError, ScriptError, ExpressionError, KeyError) as error:
            details = getattr(error, "traceback_text", "")
            self.show_error(f"Cannot open {os.path.basename(path)}: {error}", details)
            return False
        title = os.path.basename(path).removesuffix(SESSION_SUFFIX)
        if not self._load(built, (state.kind, state.source), title):
            return False
        self.session.seek(state.position)
        apply_view(self.window, self.session, state.view)
        restore_history = getattr(self.window, "restore_training_history", None)
        if state.history and callable(restore_history):
            restore_history(dict(state.history))  # the training panel's hook, if it has one
        if state.kind == "expression":
            self.editor.set_text(state.source)
            self.dock.show()
        if state.kind == "script":
            self.watch.watch(state.source)
        self.recent.add(path)
        return True

    def _load(self, built: BuiltGraph, source: tuple[str, str], title: str) -> bool:
        self._pending = source
        try:
            loaded = bool(self.window.load_built(built, title))
        finally:
            self._pending = None
        if loaded and source[0] != "script":
            self.watch.unwatch()
        return loaded

    # ------------------------------------------------------------------ saving

    def save_to(self, path: str) -> bool:
        """Save the current session to ``path``; False (with the reason shown) if it cannot."""
        timeline = self.session.timeline
        if timeline is None or self.source is None:
            self.show_error("Nothing to save: open an example, an expression or a script first.")
            return False
        # The data the graph was built with: record() leaves the live objects after the update.
        initial = timeline.trace.initial_data
        state = SavedSession(
            kind=self.source[0],
            source=self.source[1],
            parameters=tuple(float(initial[i]) for i in timeline.trace.params),
            lr=timeline.trace.lr,
            history=training_history(self.window),
            position=timeline.position,
            view=view_state(self.window, self.session),
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
        if self.error_dialog is not None:
            self.error_dialog.close()
        self.error_dialog = ScriptErrorDialog(message, details, self.window)
        self.error_dialog.open()

    def show_examples(self) -> ExamplesDialog:
        """Open the examples gallery; choosing one loads it."""
        self.examples_dialog = ExamplesDialog(self.window)
        self.examples_dialog.sig_chosen.connect(self._on_example_chosen)
        self.examples_dialog.sig_script_chosen.connect(self.open_script)
        self.examples_dialog.open()
        return self.examples_dialog

    def _on_draft_changed(self) -> None:
        self._drafts.setValue(DRAFT_KEY, self.editor.text())

    def _on_presentation(self, on: bool) -> None:
        # The projected slide shows the graph only; the editor comes back afterwards.
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
        self.window.load_example(name)

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

    def _on_expression_built(self, built: BuiltGraph) -> None:
        self._load(built, ("expression", self.editor.text()), "Expression")

    def _on_script_changed(self, path: str) -> None:
        reload_keeping_position(self.session, lambda: self.open_script(path))

    def _on_loaded(self) -> None:
        if self._pending is not None:
            self.source = self._pending
            return
        # Loaded by someone else (the window's Examples menu, the CLI): find it by title.
        titles = {example.title: name for name, example in EXAMPLES.items()}
        name = titles.get(self.session.title)
        self.source = None if name is None else ("example", name)
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
