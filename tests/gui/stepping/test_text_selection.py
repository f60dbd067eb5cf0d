"""TextRows' text as a user takes it: selecting, copying, links, and what a screen reader reads."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QGuiApplication, QPalette

from tests.gui.stepping.text_rows_widget import drag, drag_across, shown_rows


@pytest.fixture
def rows(qtbot):
    return shown_rows(qtbot)


def test_dragging_over_a_text_selects_it_and_ctrl_c_copies_it(qtbot, rows):
    widget, _, data, _ = rows
    widget.set_text(data, "2.0 and more")
    drag_across(qtbot, widget, data)
    assert widget.selected_text() == "2.0 and more"
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(widget, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "2.0 and more"


def test_double_click_selects_a_word(qtbot, rows):
    widget, _, data, _ = rows
    widget.set_text(data, "grad flows")
    rect = widget.text_rect(data)
    qtbot.mouseDClick(
        widget, Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 3, rect.center().y())
    )
    assert widget.selected_text() == "grad"


def test_a_new_text_drops_the_selection_in_its_row(qtbot, rows):
    widget, _, data, _ = rows
    drag_across(qtbot, widget, data)
    assert widget.selected_text() == "2.0"
    widget.set_text(data, "3.0")
    assert widget.selected_text() == ""


def test_copy_all_gives_every_shown_row_as_title_and_plain_text(rows):
    widget, _, data, _ = rows
    widget.copy_all()
    assert QGuiApplication.clipboard().text() == "x1\ndata: 2.0\nused by: alpha, beta"
    widget.set_shown(data, False)
    assert widget.plain_text() == "x1\nused by: alpha, beta"


def test_the_accessible_description_is_the_rows_text_while_a_screen_reader_is_active(rows):
    widget, _, data, _ = rows
    QAccessible.setActive(True)
    try:
        widget.set_text(data, "-3.0")
    finally:
        QAccessible.setActive(False)
    assert widget.accessibleDescription() == "x1\ndata: -3.0\nused by: alpha, beta"


def test_clicking_a_link_emits_its_href_and_a_drag_from_it_selects_instead(qtbot, rows):
    widget, _, _, links = rows
    rect = widget.text_rect(links)
    first = QPoint(rect.left() + 1, rect.center().y())
    with qtbot.waitSignal(widget.sig_link_activated) as clicked:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=first)
    assert clicked.args == ["7"]
    activated = []
    widget.sig_link_activated.connect(activated.append)
    drag(qtbot, widget, first, QPoint(rect.right(), rect.center().y()))
    assert activated == [] and widget.selected_text().startswith("alpha")


def test_links_take_the_palettes_link_colour_when_it_changes(qtbot, rows):
    widget, _, _, links = rows
    palette = QPalette(widget.palette())
    palette.setColor(QPalette.ColorRole.Link, Qt.GlobalColor.red)
    widget.setPalette(palette)
    image = widget.grab().toImage()
    rect = widget.text_rect(links)
    colours = {
        image.pixelColor(x, y).name()
        for x in range(rect.left(), rect.right())
        for y in range(rect.top(), rect.bottom())
    }
    assert "#ff0000" in colours


def test_a_paint_with_a_selection_leaves_the_kept_context_without_it(qtbot, rows):
    widget, _, data, _ = rows
    colour = widget.palette().color(widget.foregroundRole())
    drag_across(qtbot, widget, data)
    assert widget.selected_text()
    widget.repaint()
    assert widget.paint_context(colour).selections == []
