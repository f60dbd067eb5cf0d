"""View → Layout in the real window: picking a layout moves the nodes; too big is refused."""

import numpy as np
import pytest

from engine.autograd.value import Value
from engine.drawing.layout import relayout
from engine.drawing.layout_names import LAYOUTS, MAX_FREE_NODES
from engine.sources.built import BuiltGraph, GraphSource
from tests.gui.windows import shown_window


@pytest.fixture
def window(qtbot):
    return shown_window(qtbot)


def _layout_action(window, name):
    return next(a for a in window.layout_group.actions() if a.data() == name)


def _item_positions(view):
    return np.array([[n.pos().x(), n.pos().y()] for n in view.nodes])


def _long_chain() -> Value:
    """A graph drawing just over MAX_FREE_NODES nodes (a record and an op per tanh)."""
    v = Value(0.5, label="x")
    for _ in range(MAX_FREE_NODES // 2 + 1):
        v = v.tanh()
    return v


def test_the_view_menu_offers_every_layout_with_layered_checked(window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    layout_menu = next(a.menu() for a in view_menu.actions() if a.text() == "La&yout")
    assert [a.data() for a in layout_menu.actions()] == list(LAYOUTS)
    assert _layout_action(window, "layered").isChecked()


def test_picking_spring_in_the_menu_moves_the_nodes_of_the_neuron(qtbot, window):
    view = window.graph_view
    before = _item_positions(view)
    _layout_action(window, "spring").trigger()
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10000)
    after = _item_positions(view)
    assert view.drawn.name == "spring" and _layout_action(window, "spring").isChecked()
    moved = np.hypot(*(after - before).T)
    assert (moved > 1).sum() >= len(view.nodes) // 2
    expected = relayout(view.drawn, "spring")
    assert np.allclose(after, np.column_stack([expected.x, expected.y]))


def test_a_graph_over_the_limit_refuses_spring_with_a_message(qtbot, window):
    view, session = window.graph_view, window.session
    session.load(BuiltGraph(_long_chain(), source=GraphSource("expression", "", "long chain")))
    assert len(view.drawn) > MAX_FREE_NODES
    before = _item_positions(view)
    with qtbot.waitSignal(session.sig_error) as error:
        _layout_action(window, "spring").trigger()
    assert f"handles up to 2,000 drawn nodes; this graph draws {len(view.drawn):,}" in error.args[0]
    assert view.layout_name == "layered" and view.drawn.name == "layered"
    assert _layout_action(window, "layered").isChecked()
    assert np.array_equal(_item_positions(view), before)
    assert "handles up to 2,000" in window.statusBar().currentMessage()


def test_a_graph_opened_in_spring_but_too_big_is_drawn_layered_and_says_so(qtbot, window):
    view, session = window.graph_view, window.session
    _layout_action(window, "spring").trigger()
    qtbot.waitUntil(lambda: not view.layout_pending(), timeout=10000)
    with qtbot.waitSignal(session.sig_error) as error:
        session.load(BuiltGraph(_long_chain(), source=GraphSource("expression", "", "long chain")))
    assert "Drawn layered" in error.args[0]
    assert view.drawn.name == "layered" and _layout_action(window, "layered").isChecked()
