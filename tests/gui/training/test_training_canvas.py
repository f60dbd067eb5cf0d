"""While training, the graph canvas shows the current parameter values (small graphs, live)."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui.canvas.graph_view import GraphView
from gui.canvas.items import fmt4
from gui.models.step_session import StepSession
from gui.models.training_session import TrainingSession
from gui.stepping.code_panel import CodePanel
from gui.stepping.inspector import Inspector
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


def _views(qtbot, session):
    """The views that read the session's numbers on each update: canvas, code, inspector."""
    views = GraphView(session), CodePanel(session), Inspector(session)
    for widget in views:
        qtbot.addWidget(widget)
        widget.show()
    views[0].resize(800, 500)
    return views


def _shown(views):
    """What the views show: every drawn item's text, the code panel's numbers, the inspector's."""
    view, code, inspector = views
    return [item.text() for item in view.nodes], code.numbers_text(), inspector.rows.plain_text()


def test_moons_updates_read_only_the_drawn_numbers_and_step_as_a_fresh_recompute(
    qtbot, monkeypatch
):
    from engine.sources.examples import get_example
    from engine.trace.columns import Column
    from engine.training.live_numbers import LiveNumbers
    from engine.training.runs import Trainer
    from gui.models import live_canvas
    from gui.models.live_canvas import LiveCanvas

    monkeypatch.setattr(live_canvas, "INTERVAL_SECONDS", 0.0)  # every tick may update
    monkeypatch.setattr(live_canvas, "REFRESH_SHARE", 0)
    session = StepSession()
    views = _views(qtbot, session)
    assert session.load(get_example("moons").build())
    recorded, live = session.timeline.trace, LiveCanvas(session)
    trainer = Trainer("moons", steps=10)
    trainer.prepare()
    for _ in range(4):  # the first update compiles the graph; the others read the run's
        trainer.run(1)
        while live.shown_step != trainer.done - 1:
            live.refresh_due(trainer)
        qtbot.wait(1)  # painted
    timeline, trace = session.timeline, session.timeline.trace
    assert live.follow_note == "read from the run"
    assert isinstance(timeline.data, Column) and isinstance(timeline.grad, Column)
    assert not {"w_before", "w_after"} & set(trace.__dict__)  # one step's writes read alone
    h, k = trainer.history, live.shown_step
    again = LiveNumbers(recorded).trace_at(h.params_at(k), lr=float(h.lr[h.index_of(k)]))
    fresh = StepSession()
    fresh_views = _views(qtbot, fresh)
    assert fresh.load_trace(again, session.source)
    end = recorded.phase_range("backward").stop
    for move in (
        lambda s: s.seek(end),
        lambda s: [s.back() for _ in range(3)],
        lambda s: s.seek_phase_end("forward"),
        lambda s: s.seek(len(recorded)),
    ):
        move(session)
        move(fresh)
        assert timeline.position == fresh.timeline.position
        assert timeline.data == fresh.timeline.data and timeline.grad == fresh.timeline.grad
        assert _shown(views) == _shown(fresh_views)
