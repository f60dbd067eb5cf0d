"""A step repaints what changed in the window's chrome, and no parent under it."""

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QApplication, QWidget

from engine.trace.trace import BACKWARD, FORWARD
from tests.gui.windows import shown_window


class Paints(QObject):
    """The region each watched widget was painted in, summed over what it watched."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.regions = {w: QRegion() for w in widgets}
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        """Record, never filter."""
        if event.type() == QEvent.Type.Paint and obj in self.regions:
            self.regions[obj] = self.regions[obj].united(event.region())
        return False


def settle() -> None:
    """What a step posted, run as the benchmark does."""
    for _ in range(3):
        QApplication.processEvents()


def test_a_step_paints_no_parent_under_the_position_labels_and_scrubber(qtbot):
    # Transparent, each label's new text (and the whole scrubber) was painted over the step
    # bar, the window centre, the status bar and the main window, every step
    window = shown_window(qtbot, "lecture-mlp")
    window.graph_view.set_follow(False)  # a follow scroll moves the scroll bars, over these
    window.session.seek_phase_start(BACKWARD)
    window.session.step()  # into the phase: its button turns bold, the bar is laid out
    settle()
    chrome = [window, window.centre, window.step_bar, window.statusBar()]
    changing = [window.step_bar.position_label, window.title_label, window.step_bar.scrubber]
    paints = Paints([*chrome, *changing])
    for _ in range(5):
        window.session.step()
        settle()
    for parent in chrome:
        for widget in changing:
            under = QRect(widget.mapTo(parent, QPoint(0, 0)), widget.size())
            assert not paints.regions[parent].intersects(under), (parent, widget)
    assert all(not paints.regions[w].isEmpty() for w in changing)  # yet they show the step


def test_a_step_repaints_the_scrubber_only_between_its_old_and_new_position(qtbot):
    window = shown_window(qtbot, "lecture-mlp")
    scrubber = window.step_bar.scrubber
    for phase in (FORWARD, BACKWARD):
        window.session.seek_phase_start(phase)
        window.session.step()  # into the phase: its button turns bold, the bar is laid out
        settle()
        before = scrubber.grab().toImage()
        paints = Paints([scrubber])
        window.session.step()
        settle()
        painted = paints.regions[scrubber]
        after = scrubber.grab().toImage()  # all of it, as a full repaint would draw it
        box = painted.boundingRect()
        assert 0 < box.width() <= 12 and box.height() == scrubber.height()
        # every pixel the step changed is inside what it repainted
        changed = [
            (x, y)
            for y in range(before.height())
            for x in range(before.width())
            if before.pixel(x, y) != after.pixel(x, y)
        ]
        assert changed and all(painted.contains(QPoint(x, y)) for x, y in changed)
