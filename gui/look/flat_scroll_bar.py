"""A scroll bar painted flat in a few fills: Fusion takes ~1.3 ms to paint one.

A follow step on the canvas moves its scroll bars, and Fusion paints a 466 px bar in 1.3 ms
whether or not anything in it changed (its gradients and frames are not cached): about a
sixth of a whole lecture step. This bar paints the groove, the handle and the two arrows
as plain shapes in the palette's colours, ~0.04 ms, at the places the style gives them, so
clicks, drags and the arrows behave exactly as the style's own bar does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPolygonF, QShowEvent
from PySide6.QtWidgets import QScrollBar, QWidget

if TYPE_CHECKING:  # imported at a bar's first paint: PySide6 builds QStyle's every enum then
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

HANDLE_INK = 0.30  # the handle: this share of the text colour over the window colour
HOVER_INK = 0.45  # under the mouse
PRESSED_INK = 0.60  # dragged
ARROW_INK = 0.55
ARROW_SHARE = 0.3  # an arrow's half-width, as a share of its button's shorter side


def ink(palette: QPalette, share: float) -> QColor:
    """The window colour with ``share`` of the text colour mixed in."""
    back, fore = (
        palette.color(QPalette.ColorRole.Window),
        palette.color(QPalette.ColorRole.WindowText),
    )
    mix = [
        round(b + (f - b) * share)
        for b, f in zip(back.getRgb()[:3], fore.getRgb()[:3], strict=True)
    ]
    return QColor(*mix)


class FlatScrollBar(QScrollBar):
    """A QScrollBar that behaves as the style's and paints in ~0.04 ms (see module doc)."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # the groove fills it all
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)  # the handle lights under the mouse

    def showEvent(self, event: QShowEvent) -> None:
        """Opaque again: a scroll area given this bar copies its old bar's attributes onto it.

        Not opaque, each move of the canvas's bar painted the strip under it first in six
        widgets, the main window's included (0.7 times a follow step on 4,824 nodes).
        """
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        style_types()  # built before the first paint, not in it (see style_types)
        super().showEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Groove, handle, arrows: flat shapes where the style places them."""
        from PySide6.QtWidgets import QStyleOptionSlider  # noqa: PLC0415 (see TYPE_CHECKING)

        option = QStyleOptionSlider()
        self.initStyleOption(option)
        palette = self.palette()
        painter = QPainter(self)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Window))
        if self.maximum() > self.minimum():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            self._paint_handle(painter, option, palette)
            self._paint_arrows(painter, option, palette)
        painter.end()

    def part_rect(self, option: QStyleOptionSlider, part: QStyle.SubControl) -> QRect:
        """Where the style puts ``part`` (handle, arrow buttons) in this bar."""
        from PySide6.QtWidgets import QStyle  # noqa: PLC0415 (see TYPE_CHECKING)

        return self.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option, part, self)

    def _paint_handle(
        self, painter: QPainter, option: QStyleOptionSlider, palette: QPalette
    ) -> None:
        from PySide6.QtWidgets import QStyle  # noqa: PLC0415 (see TYPE_CHECKING)

        parts = QStyle.SubControl
        rect = self.part_rect(option, parts.SC_ScrollBarSlider)
        if rect.isEmpty():
            return
        if self.isSliderDown():
            share = PRESSED_INK
        elif (
            option.activeSubControls & parts.SC_ScrollBarSlider
            and option.state & QStyle.StateFlag.State_MouseOver
        ):
            share = HOVER_INK
        else:
            share = HANDLE_INK
        painter.setBrush(ink(palette, share))
        inset = rect.adjusted(2, 2, -2, -2)
        radius = min(inset.width(), inset.height()) / 2
        painter.drawRoundedRect(inset, radius, radius)

    def _paint_arrows(
        self, painter: QPainter, option: QStyleOptionSlider, palette: QPalette
    ) -> None:
        from PySide6.QtWidgets import QStyle  # noqa: PLC0415 (see TYPE_CHECKING)

        parts = QStyle.SubControl
        painter.setBrush(ink(palette, ARROW_INK))
        horizontal = self.orientation() == Qt.Orientation.Horizontal
        for part, sign in ((parts.SC_ScrollBarSubLine, -1), (parts.SC_ScrollBarAddLine, 1)):
            rect = self.part_rect(option, part)
            if not rect.isEmpty():
                painter.drawPolygon(arrow(rect, sign, horizontal))


def style_types() -> tuple[type[QStyle], type[QStyleOptionSlider]]:
    """QStyle and QStyleOptionSlider, imported when a bar first shows (none at the first frame).

    Not in a paint: building the types allocates enough to run the GC there, and a GC pass
    that collected a view left unreferenced (in a test) deleted the bar it was painting.
    """
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider  # noqa: PLC0415

    return QStyle, QStyleOptionSlider


def arrow(rect: QRect, sign: int, horizontal: bool) -> QPolygonF:
    """A triangle in ``rect`` pointing right/down (``sign`` 1) or left/up (-1)."""
    c = QRect(rect).toRectF().center()
    r = min(rect.width(), rect.height()) * ARROW_SHARE
    if horizontal:
        tip, back = QPointF(c.x() + sign * r, c.y()), c.x() - sign * r
        return QPolygonF([tip, QPointF(back, c.y() - r), QPointF(back, c.y() + r)])
    tip, back = QPointF(c.x(), c.y() + sign * r), c.y() - sign * r
    return QPolygonF([tip, QPointF(c.x() - r, back), QPointF(c.x() + r, back)])
