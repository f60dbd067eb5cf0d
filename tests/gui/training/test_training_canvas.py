"""While training, the graph canvas shows the current parameter values (small graphs, live)."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui.canvas.graph_view import GraphView
from gui.canvas.items import fmt4
from gui.models.step_session import StepSession
from gui.models.training_session import TrainingSession
from gui.training.training_panel import TrainingPanel


@pytest.fixture
def window(qtbot):
    session = StepSession()
    view = GraphView(session)
    panel = TrainingPanel(TrainingSession(session))
    panel.training.live_canvas.sig_focus.connect(view.follow_node)  # as the window wires it
    for widget in (view, panel):
        qtbot.addWidget(widget)
        widget.show()
    view.resize(800, 500)
    panel.resize(520, 900)
    return view, panel


def start(qtbot, panel, name, steps):
    panel.settings_form.example_box.setCurrentIndex(panel.settings_form.example_box.findData(name))
    panel.settings_form.steps_box.setValue(steps)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)


def canvas_params(view):
    """The parameter values the canvas' nodes show, in the trainer's parameter order."""
    timeline = view.session.timeline
    nodes = timeline.trace.params
    texts = [view.item_for(n).text() for n in nodes]
    return np.array([timeline.data[n] for n in nodes]), texts


def test_the_canvas_shows_the_current_parameters_while_training(qtbot, window):
    view, panel = window
    training = panel.training
    start(qtbot, panel, "xor-network", 200_000)
    live = training.live_canvas
    qtbot.waitUntil(lambda: live.shown_step > 0, timeout=10_000)
    first = live.shown_step
    qtbot.waitUntil(lambda: live.shown_step > first, timeout=10_000)  # again, as it trains
    assert training.running and training.trainer.done >= live.shown_step
    shown, texts = canvas_params(view)
    current = training.history.params_at(live.shown_step)  # the parameters after that step
    np.testing.assert_array_equal(shown, current)
    assert all(f"data {fmt4(p)}" in text for p, text in zip(current, texts, strict=True))
    assert all(view.item_for(n).isVisible() for n in view.session.timeline.trace.params)
    first = view.item_for(view.session.timeline.trace.params[0])  # framed, not off-screen
    assert view.mapToScene(view.viewport().rect()).boundingRect().contains(first.scenePos())
    assert (
        view.session.title == f"xor-network: the model at step {live.shown_step}, live (sample 0)"
    )
    assert "the canvas shows the parameters as they train" in panel.status.text()
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    done, title = training.trainer.done, view.session.title
    qtbot.wait(100)
    assert view.session.title == title  # pausing leaves the canvas as training left it
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert view.session.title == f"xor-network: training step {done}"
    shown, _ = canvas_params(view)  # asked for: the whole step graph where training stopped
    np.testing.assert_array_equal(shown, training.history.params_at(done))
    assert view.session.timeline.position == 0  # to step through from the start


def _drawn_numbers(view):
    """The data and grad every drawn record shows."""
    return [item.text().split(" | ", 1)[-1] for item in view.nodes]


def test_the_lecture_mlp_canvas_numbers_change_in_place_while_training_without_a_reload(
    qtbot, window
):
    view, panel = window
    loads = []
    view.session.sig_loaded.connect(lambda: loads.append(view.session.timeline))
    start(qtbot, panel, "lecture-mlp", 200_000)
    live = panel.training.live_canvas
    qtbot.waitUntil(lambda: live.shown_step > 0, timeout=10_000)
    assert len(view.session.timeline.graph) > 100  # sample 0's graph: 120 nodes
    items, scene_items = list(view.nodes), len(view.scene().items())
    before, step = _drawn_numbers(view), live.shown_step
    qtbot.waitUntil(lambda: live.shown_step >= step + 3, timeout=10_000)  # three updates on
    after = _drawn_numbers(view)
    assert after != before  # the drawn numbers moved with the parameters
    assert len(loads) == 1  # laid out once, at the first update: never reloaded
    assert view.nodes == items and len(view.scene().items()) == scene_items
    shown, texts = canvas_params(view)
    np.testing.assert_array_equal(shown, panel.training.history.params_at(live.shown_step))
    assert all(f"data {fmt4(p)}" in text for p, text in zip(shown, texts, strict=True))
    assert view.session.title.endswith(f"step {live.shown_step}, live (sample 0)")
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)


def test_a_graph_too_big_to_lay_out_live_is_not_shown_and_the_status_line_says_so(qtbot, window):
    view, panel = window
    start(qtbot, panel, "moons", 100_000)
    qtbot.waitUntil(lambda: "the canvas is not live" in panel.status.text(), timeout=20_000)
    assert "one sample's graph has 1,662 nodes" in panel.status.text()
    assert panel.training.running and panel.training.trainer.done < 50
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert view.session.timeline is None and panel.training.live_canvas.shown_step == -1


@pytest.mark.parametrize("name", ["moons", "lecture-mlp"])
def test_the_open_example_stays_and_its_drawn_numbers_change_in_place_while_training(
    qtbot, window, name
):
    from engine.sources.examples import get_example

    view, panel = window
    assert view.session.load(get_example(name).build())
    loads = []
    view.session.sig_loaded.connect(lambda: loads.append(view.session.timeline))
    items, layout = list(view.nodes), view.drawn
    trace = view.session.timeline.trace
    start(qtbot, panel, name, 100_000)
    live = panel.training.live_canvas
    qtbot.waitUntil(lambda: live.shown_step > 0, timeout=20_000)
    timeline = view.session.timeline
    assert timeline.position == trace.phase_range("backward").stop  # data and grads shown
    before, step = [item.text() for item in view.nodes], live.shown_step
    qtbot.waitUntil(lambda: live.shown_step >= step + 2, timeout=20_000)
    after = [item.text() for item in view.nodes]
    assert not loads  # never reloaded: the same layout and the same items, new numbers
    assert view.drawn is layout and view.nodes == items
    assert view.session.timeline is timeline and timeline.graph is trace.graph
    assert after != before
    loss = view.item_for(trace.graph.root)
    assert "grad" in loss.text() and loss.text() in after
    shown = np.array([timeline.data[p] for p in trace.params])
    np.testing.assert_array_equal(shown, panel.training.history.params_at(live.shown_step))
    assert "the canvas shows the parameters as they train" in panel.status.text()
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
