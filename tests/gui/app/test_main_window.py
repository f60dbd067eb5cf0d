"""The main window: keys from any widget, buttons, and what the views show on every phase."""

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from engine.drawing.layout import RECORD
from engine.sources.examples import get_example
from engine.trace.trace import BACKWARD, FORWARD, TOPO, UPDATE, BackwardStep, fmt
from gui.app import main_window
from gui.app.main_window import MainWindow
from tests.gui.windows import shown_window

K = Qt.Key


@pytest.fixture
def window(qtbot):
    w = shown_window(qtbot, size=(1400, 900), active=True)
    w.graph_view.setFocus()
    return w


def names(window):
    return window.session.timeline.graph.names


def position(window):
    return window.session.timeline.position


def current_name(window):
    return names(window)[window.session.timeline.current.node]


def test_main_window_has_title_graph_area_and_about(qtbot, monkeypatch):
    window = MainWindow()
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda *args: shown.append(args[1:]))
    window.about_action.trigger()
    assert window.windowTitle() == "gradstep"
    assert window.centralWidget() is not None
    assert shown and "gradstep" in shown[0][0]


def test_loading_an_example_names_the_window(window):
    assert window.windowTitle() == "A single tanh neuron — gradstep"
    assert "step 0 / 41" in window.title_label.text()


def test_the_position_label_is_sized_once_a_load_not_at_each_step(window, monkeypatch):
    sized = []
    longest = main_window.longest_position_words
    monkeypatch.setattr(
        main_window, "longest_position_words", lambda s: (sized.append(1), longest(s))[1]
    )
    for _ in range(5):
        window.session.step()
    assert sized == []  # the timeline's length, hence the longest position, stays
    assert "step 5 / 41" in window.title_label.text()
    window.session.load(get_example("lecture-mlp").build())
    assert sized == [1]
    assert "step 0 / 1,730" in window.title_label.text()


@pytest.mark.parametrize("key", [K.Key_Right, K.Key_Space, K.Key_PageDown])
def test_step_keys_step_forward(qtbot, window, key):
    qtbot.keyClick(window.graph_view, key)
    assert position(window) == 1
    assert current_name(window) == "x1"


@pytest.mark.parametrize("key", [K.Key_Left, K.Key_PageUp])
def test_back_keys_step_back(qtbot, window, key):
    window.session.seek(5)
    qtbot.keyClick(window.graph_view, key)
    assert position(window) == 4


def test_keys_work_whatever_widget_has_focus(qtbot, window):
    for widget in (window.inspector, window.code_panel, window.step_bar, window.graph_view):
        widget.setFocus()
        before = position(window)
        qtbot.keyClick(QApplication.focusWidget() or widget, K.Key_Right)
        assert position(window) == before + 1, type(widget).__name__


def test_home_end_and_phase_keys(qtbot, window):
    trace = window.session.timeline.trace
    qtbot.keyClick(window.graph_view, K.Key_End)
    assert position(window) == len(trace)
    qtbot.keyClick(window.graph_view, K.Key_Home)
    assert position(window) == 0
    qtbot.keyClick(window.graph_view, K.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.phase == TOPO
    qtbot.keyClick(window.graph_view, K.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.phase == BACKWARD
    qtbot.keyClick(window.graph_view, K.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.phase == TOPO
    qtbot.keyClick(window.graph_view, K.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert position(window) == 0


def test_p_plays_and_pauses(qtbot, window):
    qtbot.keyClick(window.graph_view, K.Key_P)
    assert window.player.playing
    qtbot.waitUntil(lambda: position(window) >= 1, timeout=3000)
    qtbot.keyClick(window.graph_view, K.Key_P)
    assert not window.player.playing


def test_f_fits_the_graph(qtbot, window, monkeypatch):
    fitted = []
    monkeypatch.setattr(window.graph_view, "fit", lambda: fitted.append(True))
    qtbot.keyClick(window.graph_view, K.Key_F)
    assert fitted == [True]


def test_errors_show_in_the_status_bar(window):
    window.session.sig_error.emit("something broke")
    assert "something broke" in window.statusBar().currentMessage()
    assert not window.load_example("no-such-example")
    assert "no-such-example" in window.statusBar().currentMessage()


def test_stepping_the_neuron_through_every_phase_with_keys_and_buttons(qtbot, window):
    """Forward, topological sort and backward: code panel, inspector and canvas agree."""
    view, code, inspector = window.graph_view, window.code_panel, window.inspector
    n = names(window)
    # Forward: the step button creates x1; the inspector follows it.
    qtbot.mouseClick(window.step_bar.step_button, Qt.MouseButton.LeftButton)
    assert window.session.timeline.phase == FORWARD
    assert code.numbers_text() == "x1 = Value(2.0)"
    assert inspector.heading.text().startswith("x1")
    assert inspector.data_row.text() == "2.0"
    assert current_highlight(view) == n.index("x1")
    # The forward pass to the end: o = tanh(n).
    qtbot.mouseClick(window.step_bar.run_button, Qt.MouseButton.LeftButton)
    assert current_name(window) == "o"
    assert "tanh" in code.title.text()
    # Topological sort: build_topo(o) is entered first; the DFS stack shows it.
    qtbot.keyClick(view, K.Key_Right)
    assert window.session.timeline.phase == TOPO
    assert code.highlighted_lines() == ["        visited.add(v)"]
    assert "stack:   [o]" in code.dfs_text()
    assert current_highlight(view) == n.index("o")
    # Backward: seed, then o's _backward writes n.grad.
    qtbot.mouseClick(window.step_bar.phase_buttons[BACKWARD], Qt.MouseButton.LeftButton)
    assert code.numbers_text() == "o.grad = 1.0"
    qtbot.keyClick(view, K.Key_PageDown)
    event = window.session.timeline.current
    assert isinstance(event, BackwardStep) and current_name(window) == "o"
    assert "tanh" in code.source_text()
    assert code.highlighted_lines() and all(".grad" in s for s in code.highlighted_lines())
    assert code.numbers_text().startswith("n.grad += ")
    assert written_on_canvas(view) == {n.index("n")}
    window.session.select(n.index("n"))
    assert inspector.grad_row.text() == "1.0"
    assert view.item_for(n.index("n")).text().endswith("grad 1")
    # To the end: x1.grad = -3.0, checked numerically; back once more undoes nothing visible.
    qtbot.keyClick(view, K.Key_End)
    window.session.select(n.index("x1"))
    assert inspector.grad_row.text() == "-3.0"
    assert "✓" in inspector.check_row.text()
    qtbot.keyClick(view, K.Key_Home)
    assert inspector.grad_row.text() == "not computed yet"


def current_highlight(view):
    """The value node the canvas draws as current (read from its items)."""
    (value,) = [i.value for i in view.nodes if i.kind == RECORD and i.is_current()]
    return value


def written_on_canvas(view):
    """The value nodes the canvas draws as written by the current backward step."""
    return {i.value for i in view.nodes if i.kind == RECORD and i.is_written()}


def test_typing_in_a_text_field_does_not_step(qtbot, window):
    window.graph_view.show_find()
    field = window.graph_view.find_bar
    field.setFocus()
    qtbot.keyClicks(field, "x1 f p")
    qtbot.keyClick(field, K.Key_Left)
    assert field.text() == "x1 f p"
    assert position(window) == 0
    assert not window.player.playing


def test_ctrl_plus_and_minus_scale_fonts_from_any_widget(qtbot, window):
    base = QApplication.font().pointSizeF()
    qtbot.keyClick(window.graph_view, K.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.font_scale > 1.0
    assert QApplication.font().pointSizeF() > base
    window.inspector.setFocus()
    qtbot.keyClick(window.inspector, K.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.font_scale == pytest.approx(1.0)
    assert QApplication.font().pointSizeF() == pytest.approx(base)


def test_update_phase_of_an_example_with_parameters(qtbot, window):
    assert window.load_example("house-price")
    assert window.step_bar.phase_buttons[UPDATE].isEnabled()
    qtbot.mouseClick(window.step_bar.phase_buttons[UPDATE], Qt.MouseButton.LeftButton)
    event = window.session.timeline.current
    assert window.session.timeline.phase == UPDATE
    assert window.code_panel.highlighted_lines() == ["    p.data += -lr * p.grad"]
    assert window.code_panel.numbers_text() == event.text
    assert current_highlight(window.graph_view) == event.node
    assert window.inspector.data_row.text() == fmt(event.after)
    window.session.select(event.node)  # keep inspecting the parameter while stepping back
    qtbot.keyClick(window.graph_view, K.Key_Left)
    assert window.inspector.data_row.text() == fmt(event.before)


def test_stepping_does_not_lay_the_window_out_again(qtbot, window):
    requests = []

    class Requests(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.LayoutRequest and obj in (window, window.centre):
                requests.append(obj)
            return False

    spy = Requests(window)
    QApplication.instance().installEventFilter(spy)
    try:
        for _ in range(30):  # the forward pass, the sort and backward steps: texts of all lengths
            window.session.step()
            qtbot.wait(1)
        window.session.seek_phase_start(BACKWARD)
        qtbot.wait(1)
        requests.clear()
        for _ in range(20):
            window.session.step()
            qtbot.wait(1)
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert len(requests) <= 2  # once a longer line first shows, not once per step
