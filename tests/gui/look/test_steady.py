"""Steady widgets: text that changes every step re-lays out no more than the widget itself."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from gui.look.steady import SteadyArea, SteadyLabel


class LayoutRequests(QObject):
    """Counts the LayoutRequest events ``widget`` receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:
        """Count, never filter."""
        self.count += event.type() == QEvent.Type.LayoutRequest
        return False


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
    requests = LayoutRequests(window)
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
    requests = LayoutRequests(window)
    lines.setText("one again")
    qtbot.wait(20)
    assert area.height() == three and requests.count == 0
    area.reset_height()
    qtbot.waitUntil(lambda: area.height() < three)
