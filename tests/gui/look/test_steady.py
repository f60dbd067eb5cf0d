"""Steady widgets: text that changes every step re-lays out and repaints only itself, once."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.look.steady import SelectableLabel, SteadyArea, SteadyLabel, show_scroll_bars
from tests.gui.event_count import EventCount


def window_with(qtbot, widget: QWidget) -> QWidget:
    """A shown window with ``widget`` in a splitter beside another label, as in the app."""
    window = QWidget()
    split = QSplitter(window)
    split.addWidget(widget)
    split.addWidget(QLabel("beside"))
    QVBoxLayout(window).addWidget(split)
    qtbot.addWidget(window)
    window.resize(500, 300)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)  # what showing posted has run
    return window


def test_a_steady_label_keeps_its_size_and_the_window_its_layout(qtbot):
    label = SteadyLabel()
    label.fit_longest("step 888 / 888 · backward")
    window = window_with(qtbot, label)
    size = label.size()
    requests = EventCount(window, QEvent.Type.LayoutRequest)
    for n in range(1, 30):
        label.setText(f"step {n} / 888 · forward")
        qtbot.wait(1)
    assert label.size() == size and requests.count == 0
    plain = QLabel("x")  # a plain label's new text re-lays out the window: the test can fail
    window.layout().addWidget(plain)
    qtbot.wait(1)
    requests.count = 0
    plain.setText("a longer text than before")
    qtbot.wait(1)
    assert requests.count > 0


def test_a_steady_label_fits_the_longest_text(qtbot):
    label = SteadyLabel()
    window = window_with(qtbot, label)
    label.fit_longest("a fairly long text to fit")
    label.setText("short")
    assert window.isVisible()
    assert label.width() >= label.fontMetrics().horizontalAdvance("a fairly long text to fit")


def test_a_fitting_area_grows_for_more_lines_and_keeps_its_height_for_fewer(qtbot):
    lines = QLabel("one line")
    lines.setWordWrap(True)
    area = SteadyArea(lines, fit_height=True)
    window = QWidget()  # as the code panel: a stretching editor above the area
    column = QVBoxLayout(window)
    column.addWidget(QPlainTextEdit(), 1)
    column.addWidget(area)
    qtbot.addWidget(window)
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)
    one = area.height()
    lines.setText("one\ntwo\nthree")
    qtbot.waitUntil(lambda: area.height() > one)
    three = area.height()
    requests = EventCount(window, QEvent.Type.LayoutRequest)
    lines.setText("one again")
    qtbot.wait(20)
    assert area.height() == three and requests.count == 0
    area.reset_height()
    qtbot.waitUntil(lambda: area.height() < three)


def frames_for_new_texts(qtbot, label: QLabel) -> int:
    """How many times the label's window repaints for 10 new texts, each fully processed.

    Of fixed size, as the code panel's numbers in their steady area: no layout asks the
    label for its size (and so lays its text out) before it paints.
    """
    label.setFixedSize(400, 40)
    window = window_with(qtbot, label)
    frames = EventCount(window, QEvent.Type.UpdateRequest)  # its repaints
    for n in range(10):
        label.setText(f"w{n}.grad += x{n}.data * n.grad  =  {n}.0 * 0.5")
        for _ in range(3):
            QApplication.processEvents()
    return frames.count


def test_a_selectable_label_repaints_once_per_new_text_where_qlabel_repaints_twice(qtbot):
    assert frames_for_new_texts(qtbot, SelectableLabel()) == 10
    plain = QLabel()  # Qt's own: its text control asks for a second frame (the test can fail)
    plain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    assert frames_for_new_texts(qtbot, plain) == 20


def test_a_selectable_label_still_selects(qtbot):
    label = SelectableLabel("w1.grad += 0.5")
    window = window_with(qtbot, label)
    label.setSelection(0, 7)
    assert label.selectedText() == "w1.grad" and window.isVisible()


def test_settle_fits_new_text_before_the_repaint_with_nothing_left_to_lay_out(qtbot):
    page = QWidget()  # as the inspector: rows in a widget in the area's contents
    rows = QWidget(page)
    row = QLabel("one line", rows)
    row.setWordWrap(True)
    QVBoxLayout(rows).addWidget(row)
    QVBoxLayout(page).addWidget(rows)
    area = SteadyArea(page, fit_height=False)
    window = window_with(qtbot, area)
    row.setText("many words " * 60)
    area.settle()
    requests = EventCount(page, QEvent.Type.LayoutRequest)
    moved = EventCount(rows, QEvent.Type.LayoutRequest)
    assert row.height() > row.fontMetrics().lineSpacing() * 2  # wrapped, laid out already
    for _ in range(3):
        QApplication.processEvents()
    assert window.isVisible() and requests.count == 0 and moved.count == 0


def test_a_scrolling_area_sizes_contents_that_keep_their_scroll_bar_itself(qtbot):
    label = QLabel("many words " * 80)
    label.setWordWrap(True)
    page = QWidget()
    QVBoxLayout(page).addWidget(label)
    area = SteadyArea(page, fit_height=False)
    window = window_with(qtbot, area)
    bar = area.verticalScrollBar()
    for words in (300, 250, 400):  # more and fewer lines, each still more than fits
        label.setText("many words " * words)
        area.settle()
        viewport = area.viewport()
        assert bar.isVisible() and page.width() == viewport.width()
        assert page.height() == page.heightForWidth(viewport.width()) > viewport.height()
        assert bar.maximum() == page.height() - viewport.height()
    label.setText("few")
    area.settle()
    QApplication.processEvents()
    assert window.isVisible() and not bar.isVisible()
    assert page.height() == area.viewport().height()


class MeasuredLabel(QLabel):
    """A word-wrapped label that counts how often its height and minimum size are asked."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.asked: list[str] = []

    def heightForWidth(self, width: int) -> int:
        """Counted."""
        self.asked.append("height")
        return super().heightForWidth(width)

    def minimumSizeHint(self):
        """Counted."""
        self.asked.append("minimum")
        return super().minimumSizeHint()


def test_a_fitting_area_measures_a_new_title_once(qtbot):
    title = MeasuredLabel("n1._backward()  [+]")
    area = SteadyArea(title, fit_height=True)
    window = QWidget()
    column = QVBoxLayout(window)
    column.addWidget(area)
    column.addWidget(QPlainTextEdit(), 1)
    qtbot.addWidget(window)
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)
    one = area.height()
    for n in range(2, 12):
        title.asked.clear()
        title.setText(f"n{n}._backward()  [+]")
        area.settle()
        # QScrollArea measured it again, and its minimum size three more layouts
        assert title.asked == ["height"]
        assert area.height() == one and title.size() == area.viewport().size()
    title.setText("a title long enough to wrap onto a second line in a 400 pixel window " * 2)
    area.settle()
    qtbot.waitUntil(lambda: area.height() > one)  # a longer title still gets its room
    assert title.height() == title.heightForWidth(area.viewport().width())


def test_a_scroll_bar_shown_for_new_text_is_painted_once_in_the_same_frame(qtbot):
    editor = QPlainTextEdit("one line")
    window = window_with(qtbot, editor)
    bar = editor.verticalScrollBar()
    assert not bar.isVisible()
    paints = EventCount(bar, QEvent.Type.Paint)
    repaints = EventCount(window, QEvent.Type.Paint)
    editor.setPlainText("\n".join(f"line {n}" for n in range(60)))
    show_scroll_bars(editor)
    assert bar.isVisible()
    for _ in range(3):
        QApplication.processEvents()
    # Shown, the bar asked for its paint by a posted event that came after the window's
    # repaint: it and the strip under it were painted again in a second frame
    assert paints.count == 1
    assert repaints.count <= 1
