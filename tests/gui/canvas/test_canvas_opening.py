"""A pass's picture laid out on the reading thread: the same picture, no layout on the GUI thread."""

import threading

import numpy as np
import pytest
from PySide6.QtGui import QFont

from engine.sources.examples import get_example
from gui.canvas import edges as canvas_edges
from gui.canvas import graph_view
from gui.canvas.canvas_opening import CanvasOpening
from gui.canvas.graph_view import GraphView
from gui.canvas.node_design import NodeDesign
from gui.models.step_session import StepSession


@pytest.fixture
def collapsed(monkeypatch):
    """The lecture MLP is then big enough to open with its groups collapsed."""
    monkeypatch.setattr("gui.canvas.groups.FULL_BUDGET", 200)


def _view(qtbot, opening=None):
    session = StepSession()
    view = GraphView(session, opening=opening)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    return session, view


def _trace():
    session = StepSession()
    session.load(get_example("lecture-mlp").build())
    return session.timeline.trace


def _prepared_in_a_thread(opening, trace):
    thread = threading.Thread(target=opening.prepare, args=(trace,))
    thread.start()
    thread.join()


def _gui_thread_calls(monkeypatch, module, name):
    """Count the calls of ``module.name`` made on this (the GUI) thread."""
    calls, real = [], getattr(module, name)

    def counted(*args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            calls.append(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def _same_picture(a, b):
    for field in ("kind", "ref", "edges", "x", "y", "width", "height", "record_of", "op_of"):
        assert np.array_equal(getattr(a.drawn, field), getattr(b.drawn, field)), field
    assert np.array_equal(a.edges.pieces.ctrl, b.edges.pieces.ctrl)
    assert np.array_equal(a.edges.pieces.heads, b.edges.pieces.heads)
    assert [n.members for n in a.nodes] == [n.members for n in b.nodes]


def test_a_pass_laid_out_on_another_thread_opens_as_the_same_picture(qtbot, collapsed, monkeypatch):
    trace = _trace()
    here, plain = _view(qtbot)
    here.load_trace(trace, None)
    opening = CanvasOpening()
    _prepared_in_a_thread(opening, trace)
    layouts = _gui_thread_calls(monkeypatch, graph_view, "layout_graph")
    pieces = _gui_thread_calls(monkeypatch, canvas_edges, "edge_pieces")
    session, view = _view(qtbot, opening)
    session.load_trace(trace, None)
    assert view.collapsed and layouts == [] and pieces == []  # nothing laid out on this thread
    _same_picture(view, plain)
    assert opening.take(trace) is None  # handed over once
    view.expand(next(iter(view.collapsed)))  # later layouts are the GUI thread's, as before
    assert layouts == ["layout_graph"]


def test_a_picture_measured_otherwise_is_laid_out_again_on_the_gui_thread(
    qtbot, collapsed, monkeypatch
):
    trace = _trace()
    here, plain = _view(qtbot)
    here.load_trace(trace, None)

    def bigger() -> NodeDesign:
        font, bold = QFont("Sans"), QFont("Sans", -1, QFont.Weight.Bold)
        font.setPointSizeF(14.0)
        bold.setPointSizeF(14.0)
        return NodeDesign(font, bold)

    opening = CanvasOpening(bigger)
    _prepared_in_a_thread(opening, trace)
    layouts = _gui_thread_calls(monkeypatch, graph_view, "layout_graph")
    session, view = _view(qtbot, opening)
    session.load_trace(trace, None)
    assert layouts == ["layout_graph"]  # the prepared widths were not this view's
    _same_picture(view, plain)


def test_a_prepared_picture_is_for_its_own_pass_only(qtbot):
    first, second = _trace(), _trace()
    opening = CanvasOpening()
    opening.prepare(first)
    assert opening.take(second) is None
    prepared = opening.take(first)
    assert prepared is not None and prepared.trace is first
    assert opening.take(first) is None
