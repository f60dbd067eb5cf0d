"""A TextRows widget of three rows (a heading, a value, links) shown for a test, and mouse drags."""

from PySide6.QtCore import QPoint, Qt

from gui.stepping.text_rows import TextRows

LINKS = '<a href="7">alpha</a>, <a href="9">beta</a>'


def shown_rows(qtbot) -> tuple:
    """A shown TextRows with a heading "x1", "data" 2.0 and "used by" links, and those rows."""
    widget = TextRows()
    qtbot.addWidget(widget)
    heading = widget.add_row("", span=True)
    data = widget.add_row("data")
    links = widget.add_row("used by", rich=True)
    widget.set_text(heading, "x1")
    widget.set_text(data, "2.0")
    widget.set_text(links, LINKS)
    widget.resize(400, widget.heightForWidth(400))
    widget.show()
    qtbot.waitExposed(widget)
    return widget, heading, data, links


def drag(qtbot, widget, start: QPoint, end: QPoint) -> None:
    """Press at ``start``, move to ``end`` with the button held, release there."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def drag_across(qtbot, widget, row) -> None:
    """Drag over ``row``'s whole text, from its first character to its right edge."""
    rect = widget.text_rect(row)
    drag(
        qtbot,
        widget,
        QPoint(rect.left() + 1, rect.center().y()),
        QPoint(rect.right(), rect.center().y()),
    )
