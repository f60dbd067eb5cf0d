"""Selecting, copying and clicking links in texts a widget draws from its own documents."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAccessible,
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from gui.stepping.text_row import TextRow

Move = QTextCursor.MoveMode


class TextSelection(QWidget):
    """Mouse selection within one row's text, Ctrl+C and a Copy menu, links that click.

    A subclass has ``rows`` (each with ``doc``, ``rect`` and ``plain_text()``), finds the
    row at a point with ``row_at`` and emits ``sig_link_activated``.
    """

    rows: list[TextRow]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selected: TextRow | None = None
        self._anchor = self._position = 0
        self._pressed_link = ""
        self._press_point = QPoint()
        self._context = QAbstractTextDocumentLayout.PaintContext()
        self._context_key: tuple[int, int] | None = None  # the palette and colour it has
        self.setMouseTracking(True)  # the pointer shows a hand over a link
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # for Ctrl+C; Tab passes it by
        self.setCursor(Qt.CursorShape.IBeamCursor)

    def selected_text(self) -> str:
        """The text selected (plain), or ""."""
        row = self._selected
        if row is None or self._anchor == self._position:
            return ""
        cursor = self._cursor(row)
        return cursor.selection().toPlainText()

    def copy(self) -> None:
        """Put the selected text on the clipboard (nothing selected: nothing changes)."""
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def copy_all(self) -> None:
        """Put every shown row on the clipboard, as "title: text" lines."""
        QGuiApplication.clipboard().setText(self.plain_text())

    def forget_selection(self, row: TextRow) -> None:
        """``row`` has a new text: what was selected in it is gone."""
        if row is self._selected:
            self._selected = None
            self._anchor = self._position = 0

    def texts_changed(self) -> None:
        """Screen readers get the rows' text as the widget's description."""
        if QAccessible.isActive():  # only then: it reads every row's document back
            self.setAccessibleDescription(self.plain_text())

    def paint_context(self, colour: QColor) -> QAbstractTextDocumentLayout.PaintContext:
        """What ``draw_text`` draws every row of one paint with: texts in ``colour``.

        Kept from paint to paint (a palette copied twice a step) until the palette or colour
        changes; a paint must not change it (a selection's paint takes ``new_context``).
        """
        key = (self.palette().cacheKey(), colour.rgba())
        if key != self._context_key:
            self._context, self._context_key = self.new_context(colour), key
        return self._context

    def new_context(self, colour: QColor) -> QAbstractTextDocumentLayout.PaintContext:
        """A paint context of its own, texts in ``colour``."""
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.Text, colour)
        context.palette = palette
        return context

    def draw_text(
        self, painter: QPainter, row: TextRow, context: QAbstractTextDocumentLayout.PaintContext
    ) -> None:
        """Draw ``row``'s document at its place with ``context``, with the selection if in it."""
        if row is self._selected and self._anchor != self._position:
            palette = context.palette
            selection = QAbstractTextDocumentLayout.Selection()
            selection.cursor = self._cursor(row)
            selection.format.setBackground(palette.brush(QPalette.ColorRole.Highlight))
            selection.format.setForeground(palette.brush(QPalette.ColorRole.HighlightedText))
            context = self.new_context(palette.color(QPalette.ColorRole.Text))
            context.selections = [selection]
        offset = row.rect.topLeft()
        painter.translate(offset)
        row.doc.documentLayout().draw(painter, context)
        painter.translate(-offset)

    # ------------------------------------------------------------------ mouse and keys

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a selection in the row pressed; remember a link pressed."""
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        row = self.row_at(event.position())
        self._press_point = event.position().toPoint()
        self._pressed_link = self._link_at(row, event.position())
        self._selected = row
        if row is not None:
            self._anchor = self._position = self._hit(row, event.position())
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Extend the selection while pressed; a hand over links."""
        row = self._selected
        if event.buttons() & Qt.MouseButton.LeftButton and row is not None:
            moved = (event.position().toPoint() - self._press_point).manhattanLength()
            if moved >= QApplication.startDragDistance():
                self._pressed_link = ""  # a drag selects, it does not follow the link
            self._position = self._hit(row, event.position())
            self.update(row.rect)
            return
        link = self._link_at(self.row_at(event.position()), event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if link else Qt.CursorShape.IBeamCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click on a link (pressed and released on it, no drag) activates it."""
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        link, self._pressed_link = self._pressed_link, ""
        row = self.row_at(event.position())
        if link and self._anchor == self._position and self._link_at(row, event.position()) == link:
            self.sig_link_activated.emit(link)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Select the word under the pointer."""
        row = self.row_at(event.position())
        if row is None or event.button() != Qt.MouseButton.LeftButton:
            return
        cursor = QTextCursor(row.doc)
        cursor.setPosition(self._hit(row, event.position()))
        cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        self._selected, self._anchor, self._position = row, cursor.anchor(), cursor.position()
        self.update(row.rect)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+C (the platform's Copy) copies the selection; other keys go on."""
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Copy (the selection) and Copy all (every row)."""
        menu = QMenu(self)
        copy = menu.addAction("Copy", self.copy)
        copy.setEnabled(bool(self.selected_text()))
        menu.addAction("Copy all", self.copy_all)
        menu.exec(event.globalPos())

    # ------------------------------------------------------------------ helpers

    def _cursor(self, row: TextRow) -> QTextCursor:
        cursor = QTextCursor(row.doc)
        end = row.doc.characterCount() - 1
        cursor.setPosition(min(self._anchor, end))
        cursor.setPosition(min(self._position, end), Move.KeepAnchor)
        return cursor

    def _hit(self, row: TextRow, pos: QPointF) -> int:
        local = pos - QPointF(row.rect.topLeft())
        hit = row.doc.documentLayout().hitTest(local, Qt.HitTestAccuracy.FuzzyHit)
        return max(hit, 0)

    def _link_at(self, row: TextRow | None, pos: QPointF) -> str:
        if row is None or not row.rich:
            return ""
        return row.doc.documentLayout().anchorAt(pos - QPointF(row.rect.topLeft()))
