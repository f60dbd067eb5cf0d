"""Titled rows of wrapped text in one widget: each new text is laid out once, not per size ask.

A word-wrapped QLabel lays its text out again for every size hint and height the layouts
around it ask for: 13-21 times per new text in a step of the inspector. Here each row's
text lives in a QTextDocument the widget owns, laid out when its text or width changes
(``layouts`` counts it), and every height asked for is read from that one layout.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QPalette,
    QRegion,
    QResizeEvent,
    QShowEvent,
    QStaticText,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.stepping.row_measures import NARROW_CHARS, PREFERRED_CHARS, Measures, layout_spacings
from gui.stepping.text_row import TextRow
from gui.stepping.text_selection import TextSelection


class TextRows(TextSelection):
    """Rows of "title: wrapped text", selectable and copyable, their links clickable."""

    sig_link_activated = Signal(str)
    """A link in a row was clicked: its href."""
    sig_text_left_changed = Signal(int)
    """Titled rows' texts begin elsewhere (under their titles when narrow): where."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[TextRow] = []
        self.layouts = 0
        """How many times a row's text has been laid out (a new text, or a new width)."""
        self._width = -1  # the width the rows are arranged for
        self._dirty = True  # arrange again, even at the same width
        self._height = 0
        self._left = 0
        self._changed_hidden = False
        self._measures: Measures | None = None
        self._spacings: tuple[int, int] | None = None  # the style's, kept until it changes
        self._titles: dict[str, QStaticText] = {}  # each title's text, laid out once
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        # A new height (most steps) repaints what _relay asks, not the whole widget
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)

    # ------------------------------------------------------------------ rows

    def add_row(self, title: str, *, rich: bool = False, span: bool = False) -> TextRow:
        """A new row at the bottom; ``span``: a heading over both columns, bold and larger."""
        row = TextRow(title, rich=rich, span=span)
        row.doc.setDefaultFont(self._row_font(row))
        self.rows.append(row)
        self._changed(geometry=True)
        return row

    def set_text(self, row: TextRow, text: str) -> None:
        """Show ``text`` in ``row``; the same text again changes nothing."""
        self.set_texts(((row, text),))

    def set_texts(self, texts: Iterable[tuple[TextRow, str]]) -> None:
        """Show new texts in several rows, placed once for all (a step's whole inspector)."""
        changed = [row for row, text in texts if row.replace(text)]
        for row in changed:
            self.forget_selection(row)
        if changed:
            self._relay(changed)

    def set_shown(self, row: TextRow, shown: bool) -> None:
        """Show or hide one row."""
        if row.shown != shown:
            row.shown = shown
            self.forget_selection(row)
            self._changed(geometry=True)

    def plain_text(self) -> str:
        """Every shown row as "title: text", one row a line (what Copy all copies)."""
        return "\n".join(
            f"{row.title}: {row.plain_text()}" if row.title else row.plain_text()
            for row in self.rows
            if row.shown
        )

    def text_rect(self, row: TextRow) -> QRect:
        """Where ``row``'s text is drawn, in this widget."""
        self._arrange(self.width())
        return QRect(row.rect)

    def text_left(self) -> int:
        """Where the texts of titled rows begin (under their titles when narrow)."""
        self._arrange(self.width())
        return self._measured().text_left(self.width())

    # ------------------------------------------------------------------ sizes

    def hasHeightForWidth(self) -> bool:
        """Wrapped text: the height depends on the width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The rows' height at ``width``, from the texts laid out at it."""
        self._arrange(width)
        return self._height

    def sizeHint(self) -> QSize:
        """The width it has (before: titles and PREFERRED_CHARS of text), the height there.

        A layout measures a height-for-width widget's hint at the hint's width: any other
        width than the one it has would lay every text out again, for a hint nobody uses
        once the rows are placed.
        """
        width = self._width
        if width <= 0:
            m = self._measured()
            width = m.titles + m.hspace + PREFERRED_CHARS * m.char
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        """Narrow: texts go under their titles rather than being cut off."""
        return QSize(NARROW_CHARS * self._measured().char, 0)

    # ------------------------------------------------------------------ drawing

    def paintEvent(self, event: QPaintEvent) -> None:
        """Titles and texts in the repainted region (a step's: its new texts, not the titles)."""
        self._arrange(self.width())
        painter, region = QPainter(self), event.region()
        colour = self.palette().color(self.foregroundRole())
        context, m = self.paint_context(colour), self._measured()
        stacked = m.stacked(self._width)
        for row in self.rows:
            titled = bool(row.title) and not row.span
            top = row.rect.top() - (m.title_height if titled and stacked else 0)
            band = QRect(0, top, self.width(), row.rect.bottom() + 1 - top)
            if not row.shown or not region.intersects(band):
                continue
            title = QRect(0, top, band.width(), m.title_height)
            beside = title if stacked else title.adjusted(0, 0, row.rect.left() - title.width(), 0)
            if titled and region.intersects(beside):
                self._draw_title(painter, title, row.title, colour)
            if region.intersects(row.rect):
                self.draw_text(painter, row, context)

    def _draw_title(self, painter: QPainter, rect: QRect, title: str, colour: QColor) -> None:
        # Kept, laid out once: drawText(rect, ...) laid each title out at every paint
        static = self._titles.get(title)
        if static is None:
            static = self._titles[title] = QStaticText(f"{title}:")
            static.setTextFormat(Qt.TextFormat.PlainText)
        painter.setFont(self.font())
        painter.setPen(colour)
        painter.drawStaticText(rect.topLeft(), static)

    def changeEvent(self, event: QEvent) -> None:
        """A new font lays every row out again; a new palette, the links (their colour)."""
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._spacings = None
            for row in self.rows:
                row.doc.setDefaultFont(self._row_font(row))
                row.forget_layout()
            self._changed(geometry=True)
        elif kind == QEvent.Type.PaletteChange:
            for row in self.rows:
                if row.rich:  # a link keeps the colour the palette had when it was parsed
                    row.forget_layout()
                    self._relay([row])
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """Texts set while hidden: the layouts around must ask the new heights."""
        super().showEvent(event)
        if self._changed_hidden:
            self._changed_hidden = False
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Arrange at the new width (wrapped texts take other heights)."""
        super().resizeEvent(event)
        if self._arrange(self.width()):
            self.updateGeometry()
        if event.size().width() != event.oldSize().width():
            self.update()  # rewrapped: static contents repaint only what a resize uncovers

    # ------------------------------------------------------------------ arranging

    def _relay(self, rows: list[TextRow]) -> None:
        """``rows`` have new texts (or colours): arrange again, repaint what changed or moved."""
        self.texts_changed()
        self._dirty = True
        if self._width < 0 or not self.isVisible():
            # Hidden (the inspector, presenting): laid out once shown, not at every step
            self._changed_hidden = True
            return
        before, height = [QRect(row.rect) for row in self.rows], self._height
        self._arrange(self._width)
        if self._height != height:
            self.updateGeometry()  # the layouts around need only the new height
        self.update(self._repainted(rows, before, height))

    def _repainted(self, rows: list[TextRow], before: list[QRect], height: int) -> QRegion:
        """The new texts' places, and all below the first row that moved or took another height.

        Rows above it stay (a step's new local derivative repainted the whole inspector).
        """
        region = QRegion()
        for row in rows:
            region += row.rect
        m = self._measured()
        for row, old in zip(self.rows, before, strict=True):
            if row.shown and row.rect != old:
                titled = bool(row.title) and not row.span and m.stacked(self._width)
                top = min(old.top(), row.rect.top()) - (m.title_height if titled else 0)
                region += QRect(0, top, self.width(), max(height, self._height) - top)
                break
        return region

    def _changed(self, *, geometry: bool) -> None:
        self._dirty = True
        self._measures = None
        if geometry:
            self.updateGeometry()
        self.update()
        self.texts_changed()

    def _arrange(self, width: int) -> bool:
        """Lay out what is new at ``width`` and place the rows; True if the height changed."""
        if (width == self._width and not self._dirty) or width <= 0:
            return False
        self._width, self._dirty = width, False
        m = self._measured()
        stacked, left = m.stacked(width), m.text_left(width)
        y, first = 0, True
        for row in (r for r in self.rows if r.shown):
            titled = bool(row.title) and not row.span
            y += 0 if first else m.vspace
            y += m.title_height if titled and stacked else 0
            x, first = 0 if row.span else left, False
            height = self._lay_out(row, width - x)
            if titled and not stacked:
                height = max(height, m.title_height)
            row.rect = QRect(x, y, width - x, height)
            y += height
        old, self._height = self._height, y
        if left != self._left:
            self._left = left
            self.sig_text_left_changed.emit(left)
        return old != y

    def _lay_out(self, row: TextRow, width: float) -> int:
        """The one place a row's text is laid out: only for a new text or width."""
        if row.needs_layout(width):
            self.layouts += 1
            link = self.palette().color(QPalette.ColorRole.Link).name() if row.rich else ""
            row.lay_out(width, link)
        return row.height()

    def _measured(self) -> Measures:
        """The widget's measures, kept until its font, style or shown titles change."""
        if self._measures is None:
            if self._spacings is None:  # asked through layouts: not at every new text
                self._spacings = layout_spacings(self)
            metrics = self.fontMetrics()
            titles = [r.title for r in self.rows if r.title and not r.span and r.shown]
            self._measures = Measures(
                titles=max((metrics.horizontalAdvance(f"{t}:") for t in titles), default=0),
                title_height=metrics.height() + 1,  # as a one-line label in this font
                char=metrics.averageCharWidth(),
                hspace=self._spacings[0],
                vspace=self._spacings[1],
            )
        return self._measures

    def _row_font(self, row: TextRow) -> QFont:
        font = QFont(self.font())
        if row.span:
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.3)
        return font

    def row_at(self, pos: QPointF) -> TextRow | None:
        """The shown row whose text is at ``pos`` (or on its line band)."""
        self._arrange(self.width())
        for row in self.rows:
            if row.shown and row.rect.top() <= pos.y() < row.rect.bottom() + 1:
                return row
        return None
