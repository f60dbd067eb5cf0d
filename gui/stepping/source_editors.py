"""The code panel's sources, one kept editor each: a step back into a function shows its editor.

A step shows another function on 150-180 of 200 steps, but among only 4-8 functions (the
ops' methods, ``__init__``, their ``_backward``s). Swapping kept documents into one editor
(``setDocument``) threw their line layouts away: each swap shaped the source's lines again
and reset the editor's scroll bars. A kept editor has them laid out, scrolled and marked.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QWidget

from gui.look.steady import paint_in_this_frame

KEEP = 16
"""Sources kept: more than a graph's ops and their ``_backward``s together, in practice."""


class SourceEditors(QFrame):
    """Shows a source in an editor kept per distinct text (KEEP newest), one shown at a time.

    No layout: showing another editor asks no layout above it to run again. The editors'
    frame is drawn here, once, and each editor fills its own background: showing one
    repaints it alone, not the frame (Fusion's, 0.56 M instructions) nor every widget
    under it up to the window. Its whole text area, on purpose: repainting only where
    either editor has lines or a marked line (192k -> 72k px a switch, lecture MLP at
    1280x800) cost more than it spared: 2.43 -> 2.83 M instructions a switch (callgrind),
    0.53 -> 0.66 ms GUI-thread CPU (median of 10).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editors: dict[tuple[str, ...], QPlainTextEdit] = {}  # oldest used first
        self._marks: dict[QPlainTextEdit, object] = {}  # what each editor was marked for
        self._shown: QPlainTextEdit | None = None
        self.made = 0
        """How many editors were made (a source not kept)."""

    def editor(self) -> QPlainTextEdit | None:
        """The editor shown."""
        return self._shown

    def editors(self) -> list[QPlainTextEdit]:
        """Every kept editor, the shown one among them."""
        return list(self._editors.values())

    def marks(self) -> object:
        """What the shown editor was last marked for (``set_marks``); None if never."""
        return self._marks.get(self._shown)

    def set_marks(self, marks: object) -> None:
        """Note what the shown editor is marked for now."""
        self._marks[self._shown] = marks

    def forget_marks(self) -> None:
        """Mark every editor again when next shown (new colours or fonts)."""
        self._marks.clear()

    def rewind(self) -> None:
        """The shown editor back at its top, its cursor at the start, as when first shown."""
        editor = self._shown
        editor.setTextCursor(QTextCursor(editor.document()))
        editor.verticalScrollBar().setValue(0)
        editor.horizontalScrollBar().setValue(0)

    def show_lines(self, lines: tuple[str, ...]) -> bool:
        """Show ``lines``; True if another editor is shown now."""
        editor = self._editors.pop(lines, None)
        if editor is None:
            editor = self._make(lines)
        self._editors[lines] = editor  # now the newest
        if len(self._editors) > KEEP:
            oldest = self._editors.pop(next(iter(self._editors)))
            self._marks.pop(oldest, None)
            oldest.deleteLater()
        if editor is self._shown:
            return False
        old, self._shown = self._shown, editor
        editor.show()
        if old is not None:
            old.hide()
        paint_in_this_frame((editor, *editor.findChildren(QWidget)))
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Every editor takes the whole area."""
        super().resizeEvent(event)
        for editor in self._editors.values():
            editor.setGeometry(self.contentsRect())

    def sizeHint(self) -> QSize:
        """The shown editor's in the frame (as an editor with its own frame asks)."""
        shown = self._shown
        return self._framed(shown.sizeHint()) if shown is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        """The shown editor's in the frame."""
        shown = self._shown
        if shown is None:
            return super().minimumSizeHint()
        return self._framed(shown.minimumSizeHint())

    def _framed(self, size: QSize) -> QSize:
        frame = 2 * self.frameWidth()
        return size + QSize(frame, frame)

    def _make(self, lines: tuple[str, ...]) -> QPlainTextEdit:
        editor = QPlainTextEdit(self)
        editor.hide()
        editor.setReadOnly(True)
        editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        # Read-only and unfocusable: the stepping keys must never be eaten by the editor.
        editor.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        editor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        editor.document().setUndoRedoEnabled(False)
        editor.setPlainText("\n".join(lines))
        if not self.made:  # the editor's own frame, drawn around them all
            self.setFrameStyle(editor.frameStyle())
            self.setLineWidth(editor.lineWidth())
            self.setMidLineWidth(editor.midLineWidth())
        editor.setFrameShape(QFrame.Shape.NoFrame)
        editor.setAutoFillBackground(True)  # opaque: nothing under it is painted first
        editor.setGeometry(self.contentsRect())
        self.made += 1
        return editor
