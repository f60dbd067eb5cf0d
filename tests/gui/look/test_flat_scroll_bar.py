"""The flat scroll bar: drawn where the style places its parts, behaving as the style's bar."""

import os

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOptionSlider

from engine.sources.examples import get_example
from engine.trace.events import BACKWARD
from gui.look.flat_scroll_bar import (
    ARROW_INK,
    HANDLE_INK,
    PRESSED_INK,
    FlatScrollBar,
    ink,
)
from tests.fresh_python import run_python
from tests.gui.canvas.views import shown_view


def make_bar(qtbot) -> FlatScrollBar:
    """A shown vertical bar, 14x400, a third of its range in view, scrolled a little."""
    bar = FlatScrollBar(Qt.Orientation.Vertical)
    qtbot.addWidget(bar)
    bar.resize(14, 400)
    bar.setRange(0, 1000)
    bar.setPageStep(500)
    bar.setValue(200)
    bar.show()
    qtbot.waitExposed(bar)
    return bar


def part(bar: FlatScrollBar, which: QStyle.SubControl):
    """The rect the style gives ``which`` in ``bar``."""
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    return bar.part_rect(option, which)


def pixel(bar: FlatScrollBar, at: QPoint) -> QColor:
    """The colour ``bar`` paints at ``at``."""
    image = bar.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return QColor(image.pixel(at))


def test_the_handle_arrows_and_groove_are_painted_where_the_style_places_them(qtbot):
    bar = make_bar(qtbot)
    palette = bar.palette()
    handle = part(bar, QStyle.SubControl.SC_ScrollBarSlider)
    below = part(bar, QStyle.SubControl.SC_ScrollBarAddPage)
    arrow = part(bar, QStyle.SubControl.SC_ScrollBarAddLine)
    assert not handle.isEmpty() and not below.isEmpty()
    assert pixel(bar, handle.center()) == ink(palette, HANDLE_INK)
    assert pixel(bar, below.center()) == palette.color(QPalette.ColorRole.Window)
    if not arrow.isEmpty():  # Fusion has arrow buttons; the arrow's middle is inked
        assert pixel(bar, arrow.center()) == ink(palette, ARROW_INK)


def test_a_click_below_the_handle_pages_down_and_a_drag_moves_it(qtbot):
    bar = make_bar(qtbot)
    qtbot.mouseClick(
        bar,
        Qt.MouseButton.LeftButton,
        pos=part(bar, QStyle.SubControl.SC_ScrollBarAddPage).center(),
    )
    qtbot.waitUntil(lambda: bar.value() == 700)  # one page (500) further
    bar.setValue(0)
    start = part(bar, QStyle.SubControl.SC_ScrollBarSlider).center()
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=start)
    assert bar.isSliderDown()
    assert pixel(bar, start) == ink(bar.palette(), PRESSED_INK)
    qtbot.mouseMove(bar, start + QPoint(0, 60))
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 60))
    assert bar.value() > 0 and not bar.isSliderDown()


class ScrollBarDrawCount(QProxyStyle):
    """The style's scroll bar drawing, counted."""

    def __init__(self) -> None:
        super().__init__("Fusion")
        self.drawn = 0

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        """Count scroll bars, draw everything."""
        self.drawn += control == QStyle.ComplexControl.CC_ScrollBar
        super().drawComplexControl(control, option, painter, widget)


class PaintCount(QObject):
    """Paint events of the widgets it filters."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, _obj, event) -> bool:
        """Count, never filter."""
        self.paints += event.type() == QEvent.Type.Paint
        return False


def test_follow_steps_repaint_the_canvas_scroll_bars_without_the_styles_slow_drawing(qtbot):
    session, view = shown_view(qtbot, get_example("lecture-mlp").build(), look_ahead=False)
    style, painted = ScrollBarDrawCount(), PaintCount()
    for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
        assert isinstance(bar, FlatScrollBar)
        bar.setStyle(style)
        bar.installEventFilter(painted)
    session.seek_phase_start(BACKWARD)
    values = set()
    for _ in range(40):
        session.step()
        qtbot.wait(1)
        values.add((view.horizontalScrollBar().value(), view.verticalScrollBar().value()))
    assert len(values) > 1 and painted.paints > 0  # the view followed, the bars repainted
    assert style.drawn == 0


def test_a_moved_canvas_bar_paints_itself_alone_not_the_widgets_under_it(qtbot):
    session, view = shown_view(qtbot, get_example("lecture-mlp").build(), look_ahead=False)
    qtbot.waitExposed(view)
    qtbot.wait(10)  # the bars are shown once the graph gives them a range
    bars, under = PaintCount(), PaintCount()
    for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
        assert bar.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # set in, still opaque
        bar.installEventFilter(bars)
        bar.parentWidget().installEventFilter(under)  # the view's bar container
    view.installEventFilter(under)  # the view's own frame
    session.seek_phase_start(BACKWARD)
    for _ in range(40):
        session.step()
        qtbot.wait(1)
    assert bars.paints > 0 and under.paints == 0


#: A bar in a fresh interpreter: whether QStyle is built at import, at its show, at its paint.
STYLE_BUILT = """
import PySide6.QtWidgets as widgets
from PySide6.QtCore import Qt
from gui.look.flat_scroll_bar import FlatScrollBar
app = widgets.QApplication([])
seen = ["QStyle" in vars(widgets)]
painted = []

class Watched(FlatScrollBar):
    def paintEvent(self, event):
        painted.append("QStyle" in vars(widgets))
        super().paintEvent(event)

bar = Watched(Qt.Orientation.Vertical)
bar.setRange(0, 100)
bar.resize(14, 200)
bar.show()
seen.append("QStyle" in vars(widgets))
bar.grab()  # paints it
print(*seen, painted[:1])
"""


def test_qstyle_is_built_when_a_bar_first_shows_not_at_import_nor_in_its_paint():
    # built in a paint, the GC the build ran collected a view left unreferenced by a test,
    # and the bar it was painting with it (a crash)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    assert run_python(STYLE_BUILT, env=env).split() == ["False", "True", "[True]"]
