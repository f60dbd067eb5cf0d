"""The expression editor in a dock at the window's bottom; what is typed is kept as a draft."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow

from gui.files.expression_editor import ExpressionEditor
from gui.files.recent_files import open_settings

EDITOR_HEIGHT = 170
DRAFT_KEY = "expression/draft"


class DraftKeeper:
    """Writes what is typed in ``editor`` to ``drafts`` as it changes, unless told not to.

    A plain object, not the dock: a signal connected to a method of a Python QObject
    subclass is delivered through that object's dynamic slot, and a textChanged or
    visibilityChanged sent while the dock is being destroyed found the slot gone
    ("Slot 'ExpressionDock::' not found", a teardown error seen once in seven test runs).
    """

    def __init__(self, editor: ExpressionEditor, drafts: QSettings) -> None:
        self.editor = editor
        self.drafts = drafts
        self.keep = True  # False while a scripted render shows an expression
        editor.set_text(str(drafts.value(DRAFT_KEY, "") or ""))
        editor.edit.textChanged.connect(self.on_changed)

    def on_changed(self) -> None:
        """Keep the editor's text as the draft."""
        if self.keep:
            self.drafts.setValue(DRAFT_KEY, self.editor.text())


class ExpressionDock(QDockWidget):
    """The ``editor`` docked in ``window``, hidden until asked for (``toggle_action``, Ctrl+E).

    The program being typed survives a restart (and a crash): it is kept in the settings as
    a draft.
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__("Expression", window)
        self._main_window = window
        self.setObjectName("expression_dock")
        self.editor = ExpressionEditor()
        self.setWidget(self.editor)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self)
        self.hide()
        self.toggle_action = self.toggleViewAction()
        self.toggle_action.setText("E&xpression Editor")
        self.toggle_action.setShortcut(QKeySequence("Ctrl+E"))
        window.addAction(self.toggle_action)  # the shortcut works with the menu bar hidden too
        self._draft = DraftKeeper(self.editor, open_settings())

    def show_text(self, text: str, *, keep_draft: bool = True) -> None:
        """Put ``text`` in the editor and show the dock; ``keep_draft=False`` leaves the draft."""
        self._draft.keep = keep_draft
        try:
            self.editor.set_text(text)
        finally:
            self._draft.keep = True
        self.show()

    def showEvent(self, event: QShowEvent) -> None:
        """Docked, open a few lines high; the rest of the height stays with the graph."""
        super().showEvent(event)
        if not self.isFloating():
            self._main_window.resizeDocks([self], [EDITOR_HEIGHT], Qt.Orientation.Vertical)
