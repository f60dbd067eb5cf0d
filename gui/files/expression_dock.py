"""The expression editor in a dock at the window's bottom; what is typed is kept as a draft."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from gui.files.expression_editor import ExpressionEditor
from gui.files.recent_files import open_settings

EDITOR_HEIGHT = 170
DRAFT_KEY = "expression/draft"


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
        self.visibilityChanged.connect(self._on_visibility)
        self.toggle_action = self.toggleViewAction()
        self.toggle_action.setText("E&xpression Editor")
        self.toggle_action.setShortcut(QKeySequence("Ctrl+E"))
        window.addAction(self.toggle_action)  # the shortcut works with the menu bar hidden too
        self._drafts = open_settings()
        self._keep_draft = True  # False while a scripted render shows an expression
        self.editor.set_text(str(self._drafts.value(DRAFT_KEY, "") or ""))
        self.editor.edit.textChanged.connect(self._on_draft_changed)

    def show_text(self, text: str, *, keep_draft: bool = True) -> None:
        """Put ``text`` in the editor and show the dock; ``keep_draft=False`` leaves the draft."""
        self._keep_draft = keep_draft
        try:
            self.editor.set_text(text)
        finally:
            self._keep_draft = True
        self.show()

    def _on_draft_changed(self) -> None:
        if self._keep_draft:
            self._drafts.setValue(DRAFT_KEY, self.editor.text())

    def _on_visibility(self, visible: bool) -> None:
        if visible and not self.isFloating():
            # A few lines of program; the rest of the height stays with the graph.
            self._main_window.resizeDocks([self], [EDITOR_HEIGHT], Qt.Orientation.Vertical)
