"""Readable at the sizes people use: whole small graphs and node text size, measured on screen.

Every figure comes from gui.canvas.view_figures, the code ``--export-json`` reports with.
"""

import pytest

from engine.trace.events import BackwardStep
from gui.app.main_window import MainWindow
from gui.canvas.view_figures import view_figures

SMALL_EXAMPLES = (
    "expression",
    "neuron",
    "accumulate",
    "parabola",
    "house-price",
    "tree-linear",
    "tree-two-layer",
)


def _window(qtbot, size, *, presenting=False):
    window = MainWindow()
    window.remember = False
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    if presenting:
        window.set_presentation(True, fullscreen=False)  # offscreen screens are 800x600
        qtbot.wait(10)
    return window


def _worst_over_every_step(window, example):
    """The fewest value nodes wholly visible, and the smallest node text, over every step."""
    assert window.load_example(example)
    timeline = window.session.timeline
    fewest, smallest = len(timeline.graph), float("inf")
    for position in range(len(timeline) + 1):
        window.session.seek(position)
        view = view_figures(window.graph_view)["view"]
        fewest = min(fewest, len(view["visible"]))
        smallest = min(smallest, view["text_px"])
    return fewest, smallest, len(timeline.graph)


@pytest.mark.parametrize("example", SMALL_EXAMPLES)
def test_small_examples_are_whole_with_node_text_of_11px_at_every_step_at_1280x800(qtbot, example):
    window = _window(qtbot, (1280, 800))
    fewest, smallest, values = _worst_over_every_step(window, example)
    assert fewest == values
    assert smallest >= 11.0


def test_the_neuron_is_whole_and_readable_at_1024x768(qtbot):
    window = _window(qtbot, (1024, 768))
    fewest, smallest, values = _worst_over_every_step(window, "neuron")
    assert (fewest, values) == (10, 10)
    assert smallest >= 11.0


@pytest.mark.parametrize(("size", "least_px"), [((1920, 1080), 24.0), ((1024, 768), 16.0)])
def test_presentation_shows_the_whole_neuron_with_hall_sized_node_text(qtbot, size, least_px):
    window = _window(qtbot, size, presenting=True)
    fewest, smallest, values = _worst_over_every_step(window, "neuron")
    assert fewest == values
    assert smallest >= least_px


def test_a_big_graph_follows_the_event_its_node_and_every_write_that_fits(qtbot):
    window = _window(qtbot, (1280, 800))
    window.load_example("lecture-mlp")
    view, timeline = window.graph_view, window.session.timeline
    window.session.seek(timeline.trace.phase_range("backward").start)
    whole_events = 0
    for _ in range(150):
        window.session.step()
        figures = view_figures(view)
        visible = set(figures["view"]["visible"])
        assert figures["event_node"] in visible
        assert figures["view"]["text_px"] >= 11.0
        event = timeline.current
        if isinstance(event, BackwardStep):
            fits = view.scale_to_show(view.event_rect(event.node)) >= view.min_scale()
            if fits:  # else a write is farther away than the view holds at 11 px
                assert set(figures["event_writes"]) <= visible
                whole_events += 1
    assert whole_events > 20


def test_the_event_writes_come_into_view_when_they_fit(qtbot):
    window = _window(qtbot, (1280, 800))
    window.load_example("lecture-mlp")
    view = window.graph_view
    timeline = window.session.timeline
    for position in timeline.trace.phase_range("backward"):
        window.session.seek(position + 1)
        event = timeline.current
        if isinstance(event, BackwardStep) and len(event.changed) == 2:
            rect = view.event_rect(event.node)
            if view.scale_to_show(rect) >= view.min_scale():
                break
    else:
        pytest.fail("no two-write step of the lecture MLP fits the view")
    view.centerOn(view.bounds.topLeft())  # looking elsewhere, as after a pan by hand
    window.session.back()
    window.session.step()
    figures = view_figures(view)
    assert {figures["event_node"], *figures["event_writes"]} <= set(figures["view"]["visible"])
