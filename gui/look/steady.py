"""Widgets whose text changes every step without re-laying out the whole window.

A QLabel's new text calls ``updateGeometry()``, and every layout it sits in activates and
calls it again on its parent, up to the main window: the window re-laid itself out ~3 times
per step. Qt stops that chain at a widget of fixed size and at a scroll area.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QLabel, QScrollArea, QWidget


class SteadyLabel(QLabel):
    """A one-line label of fixed size, fitted to the longest text it will show, opaque."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._longest = ""
        # Filling its own background in the window's colour, as every parent under it does:
        # a new text then repaints the label alone, not each parent up to the window.
        self.setAutoFillBackground(True)

    def fit_longest(self, text: str) -> None:
        """Size the label for ``text``; shorter texts then change nothing but its pixels."""
        if text != self._longest:
            self._longest = text
            self._fix_size()

    def _fix_size(self) -> None:
        shown = self.text()
        self.setText(self._longest)  # QLabel measures its own text (margins, indent, frame)
        hint = self.sizeHint()
        self.setText(shown)
        if hint != self.size() or self.minimumSize() != self.maximumSize():
            self.setFixedSize(hint)

    def changeEvent(self, event: QEvent) -> None:
        """Measure again in a new font or style."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self._longest:
            self._fix_size()


class SelectableLabel(QLabel):
    """A label whose text can be selected with the mouse, repainted once per new text.

    Such a label draws through a text control that lays the new text out while painting,
    and the layout asks to repaint the label: every panel was painted twice per step, in
    two frames. The paint draws the text just laid out, so that request is dropped.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint, with the text control's requests for another frame held back."""
        control = self._text_control()
        if control is None:
            super().paintEvent(event)
            return
        was = control.blockSignals(True)
        try:
            super().paintEvent(event)
        finally:
            control.blockSignals(was)

    def _text_control(self) -> QObject | None:
        """QLabel's private text control (a child QObject), there while text is selectable."""
        for child in self.children():
            if child.metaObject().className() == "QWidgetTextControl":
                return child
        return None


class SteadyArea(QScrollArea):
    """A frameless area around panels whose text changes: their re-layout stops here.

    With ``fit_height`` the area asks its parent for the height its contents need, and
    only when that grows (``reset_height`` starts again, e.g. for a new graph): a step
    whose text needs fewer lines leaves the window as it is, instead of moving every
    widget below and beside it; a new width measures afresh. Without, it scrolls its
    contents when they do not fit.
    """

    def __init__(self, content: QWidget, *, fit_height: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._fit = fit_height
        self._height = 0
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if fit_height:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)

    def reset_height(self) -> None:
        """Take just the height the contents need now (they may need less than before)."""
        self._height = 0
        self._grow()
        self.updateGeometry()

    def needed_height(self) -> int:
        """The height the contents need at the area's width."""
        content = self.widget()
        width = self.viewport().width()
        if isinstance(content, QLabel) and content.wordWrap():
            # Its minimum is one line, never more than its height at a width; measuring it
            # lays the new text out three times more (a code panel title: 50 us a step)
            return content.heightForWidth(width)
        if content.hasHeightForWidth():
            need = content.heightForWidth(width)
        else:
            need = content.sizeHint().height()
        return max(need, content.minimumSizeHint().height())

    def _grow(self, need: int | None = None) -> bool:
        need = self.needed_height() if need is None else need
        if need <= self._height:
            return False
        self._height = need
        return True

    def settle(self) -> None:
        """Lay the contents out now, innermost first, and fit them to the area.

        For a panel whose text changed in a step: laid out by posted events, the contents
        moved and resized after the window's repaint, and were painted again in a second
        frame (every label of the inspector, every step).
        """
        if not self.isVisible():
            return  # a hidden panel (presentation) is laid out when it shows
        content = self.widget()
        # Innermost first: each widget laid out asks its parent, by a posted event, to follow
        for widget in reversed([content, *content.findChildren(QWidget)]):
            QCoreApplication.sendPostedEvents(widget, QEvent.Type.LayoutRequest)
        QCoreApplication.sendPostedEvents(self.viewport(), QEvent.Type.LayoutRequest)
        show_scroll_bars(self)

    def viewportEvent(self, event: QEvent) -> bool:
        """The contents were laid out again: ask for more room only if they need it."""
        if event.type() == QEvent.Type.LayoutRequest:
            need = self.needed_height() if self._fit else 0
            if self._fit and self._grow(need):
                self.updateGeometry()
            elif self._fit and self._still_fitted(need):
                return True  # QScrollArea would measure the contents again, to the same size
            elif not self._fit and self._keep_scroll_bar():
                return True  # QScrollArea would measure the contents at many widths
        return super().viewportEvent(event)

    def _still_fitted(self, need: int) -> bool:
        """Fitting, the contents fill the viewport and ``need`` no more: nothing to resize.

        QScrollArea would size them to the viewport again, measuring each new text twice
        more (a word-wrapped title: 6 layouts of its text a step, now 4).
        """
        content, viewport = self.widget(), self.viewport()
        return content.size() == viewport.size() and need <= viewport.height()

    def _keep_scroll_bar(self) -> bool:
        """Scrolling: if the scroll bar stays as it is, size the contents here; True if so.

        QScrollArea asks the contents' height at the widths with and without a bar, and
        shown, one pixel narrower at a time while it still overflows: each wrapped text
        was laid out again at each width. Only a bar to show or hide needs that search.
        """
        content, viewport = self.widget(), self.viewport()
        if content.width() != viewport.width():
            return False
        need = self.needed_height()
        bar = self.verticalScrollBar()
        if bar.isVisible() != (need > viewport.height()):
            return False
        height = max(need, viewport.height())
        if content.height() != height:
            content.resize(viewport.width(), height)
        bar.setPageStep(viewport.height())
        bar.setRange(0, height - viewport.height())
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Another width: measure afresh (wrapped text needs more or fewer lines)."""
        super().resizeEvent(event)
        if self._fit and event.size().width() != event.oldSize().width():
            height = self._height
            self._height = 0
            self._grow()
            if self._height != height:
                self.updateGeometry()

    def sizeHint(self) -> QSize:
        """The contents' width; the height they have needed (fit) or theirs."""
        hint = self.widget().sizeHint()
        return QSize(hint.width(), self._height) if self._fit else hint

    def minimumSizeHint(self) -> QSize:
        """Fitting: never less than the height the contents have needed."""
        if not self._fit:
            return super().minimumSizeHint()
        return QSize(self.widget().minimumSizeHint().width(), self._height)


def show_scroll_bars(area: QAbstractScrollArea) -> None:
    """Show or hide ``area``'s scroll bars for its new contents now, not after the repaint.

    A scroll area does it in a queued call and a layout request of its own: when the new
    contents crossed its height, it was painted again in a second frame. A bar it shows
    asks for its paint by a posted event too, which came after the window's repaint: the
    bar and the strip under it were painted again in a second frame (the code panel's
    editor, on 11% of a 4,824-node graph's forward steps); it is asked now.
    """
    for kind in (QEvent.Type.MetaCall, QEvent.Type.LayoutRequest):
        QCoreApplication.sendPostedEvents(area, kind)
    bars = area.verticalScrollBar(), area.horizontalScrollBar()
    paint_in_this_frame(w for bar in bars for w in (bar, bar.parentWidget()))  # and containers


def paint_in_this_frame(widgets: Iterable[QWidget]) -> None:
    """Deliver the paint requests ``widgets`` posted when shown, before the window's repaint.

    A widget shown asks for its paint by a posted event that comes after the repaint the
    step asked for: without this it is painted again, alone, in a second frame.
    """
    for widget in widgets:
        QCoreApplication.sendPostedEvents(widget, QEvent.Type.UpdateLater)
