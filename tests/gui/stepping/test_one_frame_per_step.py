"""A step repaints the stepping panels once, in one frame: text laid out before the repaint."""

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QScrollBar, QWidget

from engine.sources.examples import get_example
from engine.trace.trace import BACKWARD, FORWARD
from gui.look.steady import SelectableLabel
from gui.look.theme import THEMES, apply_theme
from gui.models.step_session import StepSession
from gui.stepping.code_panel import CodePanel
from gui.stepping.inspector import Inspector
from gui.stepping.text_rows import TextRows


class Frames(QObject):
    """Counts the window's repaints (UpdateRequest) and the paints of each text widget in it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.repaints = 0
        self.paints: dict[QLabel, int] = {}
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        """Count, never filter."""
        if event.type() == QEvent.Type.UpdateRequest and obj is self.window:
            self.repaints += 1
        elif event.type() == QEvent.Type.Paint and isinstance(obj, (QLabel, TextRows)):
            self.paints[obj] = self.paints.get(obj, 0) + 1
        return False

    def stop(self) -> None:
        """Count no more."""
        QApplication.instance().removeEventFilter(self)


def visible_scroll_bars(window: QWidget) -> set[QScrollBar]:
    """The scroll bars shown in ``window`` (the inspector's and the editor's come and go)."""
    return {bar for bar in window.findChildren(QScrollBar) if bar.isVisible()}


def settle() -> None:
    """What a step posted, run as the benchmark does (the repaint, and anything it posts)."""
    for _ in range(3):
        QApplication.processEvents()


@pytest.fixture
def panels(qtbot):
    """The code panel and the inspector side by side in a shown window, on the lecture MLP."""
    apply_theme(QApplication.instance(), THEMES["light"], 1.0)  # the app's look, run alone or not
    session = StepSession()
    session.load(get_example("lecture-mlp").build())
    window = QWidget()
    row = QHBoxLayout(window)
    code, inspector = CodePanel(session), Inspector(session)
    row.addWidget(code, 2)
    row.addWidget(inspector, 1)
    qtbot.addWidget(window)
    window.resize(900, 300)  # the inspector's rows need more height than it has: it scrolls
    window.show()
    qtbot.waitExposed(window)
    settle()
    return session, window, code, inspector


@pytest.mark.parametrize("phase", [FORWARD, BACKWARD])
def test_each_step_repaints_the_window_once_and_each_panel_label_once(panels, phase):
    session, window, code, inspector = panels
    session.seek_phase_start(phase)
    settle()
    for _ in range(3):  # the longest texts of the phase have sized the panels
        session.step()
        settle()
    frames = Frames(window)
    steps, shown = 20, 0
    for _ in range(steps):
        before = visible_scroll_bars(window)
        session.step()
        settle()
        shown += bool(visible_scroll_bars(window) - before)
    frames.stop()
    # A scroll bar that appears is painted in the same frame too (it asked for its paint
    # by a posted event, which came after the window's repaint: a second frame)
    assert frames.repaints == steps, (frames.repaints, shown)
    labels = [code.numbers, inspector.rows]
    assert all(frames.paints.get(label, 0) <= steps for label in labels)
    assert frames.paints.get(code.numbers, 0) == steps  # its text changes every step


def test_a_line_added_under_the_numbers_is_laid_out_in_the_same_frame(qtbot):
    session = StepSession()
    session.load(get_example("lecture-mlp").build())
    code = CodePanel(session)
    note = SelectableLabel()  # as the problem note: it takes the step after the panel does
    note.setWordWrap(True)
    session.sig_moved.connect(
        lambda _changed: note.setText("one line" if session.timeline.position % 2 else "a\nb\nc")
    )
    code.add_line(note)
    qtbot.addWidget(code)
    code.resize(600, 400)
    code.show()
    qtbot.waitExposed(code)
    for _ in range(3):  # the note's three lines have grown the lines' area once
        session.step()
        settle()
    frames = Frames(code)
    for _ in range(10):
        session.step()
        settle()
    frames.stop()
    assert frames.repaints == 10


@pytest.mark.parametrize("phase", [FORWARD, BACKWARD])
def test_what_a_step_repaints_leaves_the_panels_as_a_whole_repaint_draws_them(panels, phase):
    # Each panel repaints only what changed or moved: the pixels on screen must be the
    # pixels a whole repaint draws (the offscreen platform's screen is the window's store).
    # The editor is left out: Fusion's frame corner differs by a pixel, as it did before.
    session, window, code, inspector = panels
    session.seek_phase_start(phase)
    settle()
    screen = window.screen()
    for _ in range(30):
        session.step()
        settle()
        shown = screen.grabWindow(window.winId()).toImage()
        whole = window.grab().toImage().convertToFormat(shown.format())
        for panel in (inspector, code.lines_area):
            rect = QRect(panel.mapTo(window, QPoint(0, 0)), panel.size())
            assert shown.copy(rect) == whole.copy(rect), session.timeline.position
