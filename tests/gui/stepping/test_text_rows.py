"""TextRows: titled rows of wrapped text, laid out once per new text and placed; their paints."""

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QWidget

from gui.stepping import text_rows
from gui.stepping.row_measures import Measures
from gui.stepping.text_rows import TextRows
from tests.gui.stepping.text_rows_widget import LINKS, shown_rows


@pytest.fixture
def rows(qtbot):
    return shown_rows(qtbot)


def test_a_new_text_is_laid_out_once_however_often_its_height_is_asked(rows):
    widget, _, data, _ = rows
    before = widget.layouts
    widget.set_text(data, "a much longer text that wraps over more than one line " * 3)
    for _ in range(5):
        widget.heightForWidth(widget.width())
        widget.sizeHint()
    widget.repaint()
    assert widget.layouts == before + 1
    widget.set_text(data, data.text())  # the same text again: nothing to lay out
    assert widget.layouts == before + 1


def test_a_new_text_at_the_same_width_does_not_lay_the_old_text_out_again(rows):
    # Setting a document's width re-lays what it holds even at the same width: each step
    # laid every changed row's old text out once more before its new text
    widget, _, data, _ = rows
    widget.set_text(data, "old " * 200)
    layouts = []
    data.doc.documentLayout().update.connect(lambda *_: layouts.append(data.doc.toPlainText()))
    widget.set_text(data, "new")
    assert layouts[-1] == "new" and not any("old" in text for text in layouts)


def test_a_longer_text_takes_more_height_and_the_rows_below_move_down(rows):
    widget, _, data, links = rows
    height, top = widget.heightForWidth(400), widget.text_rect(links).top()
    widget.set_text(data, "word " * 60)
    assert widget.heightForWidth(400) > height
    assert widget.text_rect(links).top() > top
    assert widget.text_rect(data).top() < widget.text_rect(links).top()


def test_narrow_rows_put_each_text_under_its_title_and_nothing_is_cut_off(rows):
    widget, _, data, links = rows
    widget.set_text(data, "-0.1241293 and a derivative text that is long")
    wide = widget.text_rect(data).left()
    widget.resize(widget.minimumSizeHint().width(), 400)
    QApplication.processEvents()
    assert wide > 0 and widget.text_left() == 0
    for row in (data, links):
        rect = widget.text_rect(row)
        assert rect.right() < widget.width()
        assert row.doc.documentLayout().documentSize().width() <= rect.width() + 1
    assert widget.text_rect(links).top() > widget.text_rect(data).bottom()


def test_a_hidden_widget_lays_its_new_texts_out_once_it_is_shown(qtbot, rows):
    widget, _, data, _ = rows
    widget.hide()
    laid = widget.layouts
    for text in ("1.0", "2.0 " * 40, "3.0 " * 50):  # presenting: the inspector is hidden
        widget.set_text(data, text)
    assert widget.layouts == laid
    widget.show()
    height = widget.heightForWidth(widget.width())
    assert widget.layouts == laid + 1
    assert widget.text_rect(data).height() > 2 * widget.fontMetrics().height()
    assert height == widget.text_rect(widget.rows[-1]).bottom() + 1


def _record_draws(widget, monkeypatch):
    """Lists that fill with the rows whose text, and the titles, each paint draws."""
    texts, titles = [], []
    draw_text, draw_title = widget.draw_text, widget._draw_title
    monkeypatch.setattr(
        widget, "draw_text", lambda p, row, c: (texts.append(row), draw_text(p, row, c))
    )
    monkeypatch.setattr(
        widget,
        "_draw_title",
        lambda p, r, title, c: (titles.append(title), draw_title(p, r, title, c)),
    )
    return texts, titles


def test_a_new_text_repaints_that_text_alone_not_the_other_rows_nor_its_title(rows, monkeypatch):
    widget, _, data, _ = rows
    QApplication.processEvents()
    texts, titles = _record_draws(widget, monkeypatch)
    widget.set_text(data, "3.0")  # the same height: only its text's place is repainted
    QApplication.processEvents()
    assert texts == [data] and titles == []
    widget.repaint()  # a whole repaint draws every title and text again
    assert titles == ["data", "used by"] and len(texts) == 4


def test_paints_share_one_context_until_the_palette_changes(rows):
    widget, _, data, _ = rows
    colour = widget.palette().color(widget.foregroundRole())
    kept = widget.paint_context(colour)
    widget.set_text(data, "2.0 and more")
    widget.repaint()
    assert widget.paint_context(colour) is kept
    palette = QPalette(widget.palette())
    palette.setColor(QPalette.ColorRole.WindowText, Qt.GlobalColor.red)
    widget.setPalette(palette)
    red = widget.palette().color(widget.foregroundRole())
    fresh = widget.paint_context(red)
    assert fresh is not kept and fresh.palette.color(QPalette.ColorRole.Text) == red


def test_a_row_of_another_height_repaints_from_it_down_not_the_rows_above(qtbot, monkeypatch):
    window = QWidget()  # in a window, as in the inspector (a window resized is repainted whole)
    qtbot.addWidget(window)
    widget = TextRows(window)
    heading = widget.add_row("", span=True)
    data = widget.add_row("data")
    links = widget.add_row("used by", rich=True)
    for row, text in ((heading, "x1"), (data, "2.0"), (links, LINKS)):
        widget.set_text(row, text)
    window.resize(400, 400)
    widget.resize(400, widget.heightForWidth(400))
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    texts, titles = _record_draws(widget, monkeypatch)
    widget.set_text(links, LINKS + ", and more words " * 8)  # the last row grows
    widget.resize(400, widget.heightForWidth(400))  # as the layout around does
    QApplication.processEvents()
    assert texts == [links] and titles == ["used by"]  # heading and data stay as painted
    texts.clear()
    titles.clear()
    widget.set_text(data, "a longer text " * 10)  # data grows: the links row moves down
    widget.resize(400, widget.heightForWidth(400))
    QApplication.processEvents()
    assert texts == [data, links] and titles == ["data", "used by"]


def test_each_title_is_laid_out_once_and_drawn_from_that_layout_at_every_paint(rows):
    widget, _, data, _ = rows
    widget.repaint()
    kept = dict(widget._titles)
    assert set(kept) == {"data", "used by"}
    widget.set_text(data, "a text " * 30)  # another height: the titles below are drawn again
    widget.resize(400, widget.heightForWidth(400))
    widget.repaint()
    assert all(widget._titles[title] is text for title, text in kept.items())
    assert kept["data"].text() == "data:"


def test_a_links_row_gets_the_link_colour_again_only_when_it_changes(qtbot, rows):
    widget, _heading, _data, links = rows
    sheets = []
    set_sheet = links.doc.setDefaultStyleSheet
    links.doc.setDefaultStyleSheet = lambda sheet: (sheets.append(sheet), set_sheet(sheet))
    for n in range(5):  # each step's new links, in the colour they had
        widget.set_text(links, f'<a href="{n}">n{n}</a>')
        widget.repaint()
    assert sheets == []
    assert links.plain_text() == "n4"
    palette = QPalette(widget.palette())
    palette.setColor(QPalette.ColorRole.Link, Qt.GlobalColor.red)
    widget.setPalette(palette)
    widget.repaint()
    assert sheets == ["a { color: #ff0000; }"]
    anchor = links.doc.begin().begin().fragment().charFormat()
    assert anchor.foreground().color().name() == "#ff0000"


def test_the_spacing_between_title_and_text_is_the_widgets_styles_layout_spacing(qtbot):
    class Spaced(QProxyStyle):
        def pixelMetric(self, metric, option=None, widget=None):
            spacings = {
                QStyle.PixelMetric.PM_LayoutHorizontalSpacing: 11,
                QStyle.PixelMetric.PM_LayoutVerticalSpacing: 13,
            }
            return spacings.get(metric, super().pixelMetric(metric, option, widget))

    widget = TextRows()
    qtbot.addWidget(widget)
    style = Spaced("Fusion")
    widget.setStyle(style)
    widget.set_text(widget.add_row("data"), "2.0")
    measures = widget._measured()
    assert (measures.hspace, measures.vspace) == (11, 13)
    assert widget.layout() is None  # asked through a layout that was never the widget's


def test_the_layout_spacing_is_asked_once_not_whenever_rows_show_or_hide(qtbot, monkeypatch):
    widget = TextRows()
    qtbot.addWidget(widget)
    asked = []
    real = text_rows.layout_spacings
    monkeypatch.setattr(text_rows, "layout_spacings", lambda w: asked.append(w) or real(w))
    row = widget.add_row("data")
    widget.set_text(widget.add_row("grad"), "1.0")
    for i in range(10):  # a row shown or hidden: measured again, the style's spacing kept
        widget.set_shown(row, i % 2 == 1)
        widget._measured()
    assert asked == [widget]  # across and down, once
    widget.setStyle(QProxyStyle("Fusion"))  # a new style may space otherwise: asked again
    widget._measured()
    assert asked == [widget, widget]


def test_measures_are_a_frozen_value_shown_as_their_dataclass_was():
    measures = Measures(titles=40, title_height=17, char=7, hspace=6, vspace=6)
    assert not dataclasses.is_dataclass(measures)  # no methods compiled at every launch's import
    assert measures == Measures(40, 17, 7, 6, 6) != Measures(40, 17, 7, 6, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        measures.char = 8
    assert repr(measures) == "Measures(titles=40, title_height=17, char=7, hspace=6, vspace=6)"
    assert (measures.text_left(400), measures.stacked(100)) == (46, True)
