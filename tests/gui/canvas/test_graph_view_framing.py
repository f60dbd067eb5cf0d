"""The canvas's framing: fit small graphs, open big ones readable at the active node, follow."""

import re

import pytest
from PySide6.QtCore import QPointF, Qt

from engine.sources.examples import get_example
from gui.canvas.framing import MAX_FIT, MIN_READABLE, READABLE
from gui.canvas.graph_view import GraphView
from gui.models.step_session import StepSession


def _view(qtbot, example, size=(1600, 900)):
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    built = get_example(example).build()
    session.load(built)
    return session, view


def _offset_from_centre(view, node):
    item = view.item_for(node)
    centre = QPointF(view.viewport().rect().center())
    return (QPointF(view.mapFromScene(item.scenePos())) - centre).manhattanLength()


def _on_screen(view, node):
    item = view.item_for(node)
    return view.viewport().rect().contains(view.mapFromScene(item.scenePos()))


@pytest.mark.parametrize(
    ("example", "size"), [("neuron", (1000, 500)), ("accumulate", (1600, 900))]
)
def test_a_small_graph_is_fitted_to_fill_the_view_up_to_twice_its_text_size(qtbot, example, size):
    session, view = _view(qtbot, example, size)
    session.seek(len(session.timeline))
    view.frame()
    whole = view.mapFromScene(view.scene().itemsBoundingRect()).boundingRect()
    vp = view.viewport().rect()
    assert view.rect().contains(whole)
    assert MIN_READABLE <= view.transform().m11() <= MAX_FIT
    fills = whole.width() > 0.8 * vp.width() or whole.height() > 0.8 * vp.height()
    assert fills or view.transform().m11() == pytest.approx(MAX_FIT)


def test_a_big_graph_opens_readable_at_the_loss_end_not_fitted(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    assert view.fit_scale() < MIN_READABLE  # fitted, its text would be dropped
    assert view.transform().m11() == pytest.approx(READABLE)
    assert _on_screen(view, session.timeline.graph.root)


def test_framing_a_big_graph_centres_the_active_node(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    session.seek(1500)
    view.fit()
    view.frame()
    assert view.transform().m11() == pytest.approx(READABLE)
    assert _offset_from_centre(view, session.timeline.current.node) < 10


def test_following_returns_to_a_readable_scale_unless_zoomed_by_hand(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    session.seek(1500)
    view.resetTransform()
    view.scale(0.2, 0.2)  # programmatic (e.g. a restored session), not by hand
    session.step()
    assert view.transform().m11() == pytest.approx(READABLE)
    assert _on_screen(view, session.timeline.current.node)
    view.zoom_by(0.3)  # by hand: follow pans but keeps the user's scale
    scale = view.transform().m11()
    for _ in range(40):
        session.step()
    assert view.transform().m11() == pytest.approx(scale)
    assert _on_screen(view, session.timeline.current.node)


def test_fit_shows_the_whole_picture_and_follow_keeps_it(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    view.fit()
    scale = view.transform().m11()
    assert scale < MIN_READABLE
    session.seek(1500)
    assert view.transform().m11() == pytest.approx(scale)


def test_zoom_to_current_centres_the_current_node_readably(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    session.seek(1500)
    view.zoom_by(0.2)
    assert view.zoom_to_current()
    assert view.transform().m11() == pytest.approx(READABLE)
    assert _offset_from_centre(view, session.timeline.current.node) < 10


def test_zoom_to_current_before_anything_is_active_centres_the_root(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    assert session.timeline.current is None
    view.fit()
    assert view.zoom_to_current()
    assert _on_screen(view, session.timeline.graph.root)


def test_a_collapsed_group_reads_as_what_it_is_with_its_numbers(qtbot, monkeypatch):
    monkeypatch.setattr("gui.canvas.groups.FULL_BUDGET", 200)
    session, view = _view(qtbot, "lecture-mlp")
    session.seek(len(session.timeline))
    groups = [n for n in view.nodes if n.kind == 2]
    assert groups
    texts = [g.text() for g in groups]
    titles = [t.split("\n")[0] for t in texts]  # "L2 term (41 squares) · 42 nodes"
    assert all(re.search(r"(\(\d[\d,]* nodes\)|· \d[\d,]* nodes)$", t) for t in titles), titles
    with_numbers = [t for t in texts if "\n" in t]
    assert with_numbers and all("data " in t and "grad " in t for t in with_numbers)


def _scrollbars(view):
    return view.horizontalScrollBar().isVisible() or view.verticalScrollBar().isVisible()


def test_an_empty_canvas_shows_a_hint_and_no_scrollbars(qtbot):
    view = GraphView(StepSession())
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    qtbot.waitExposed(view)
    assert not _scrollbars(view)
    assert view.message.isVisible() and "Open an example" in view.message.text()


def test_a_fitted_graph_has_no_scrollbars_and_its_start_hint_covers_no_node(qtbot):
    _, view = _view(qtbot, "neuron", (1000, 500))
    qtbot.wait(10)
    assert view.fitted and not _scrollbars(view)
    hint = view.message.geometry()
    assert view.message.isVisible()
    for item in view.nodes:
        assert not view.mapFromScene(item.sceneBoundingRect()).boundingRect().intersects(hint)


def test_expanding_a_group_keeps_the_zoom_and_its_place_on_screen(qtbot, monkeypatch):
    monkeypatch.setattr("gui.canvas.groups.FULL_BUDGET", 200)
    _, view = _view(qtbot, "lecture-mlp", (1000, 600))
    group_item = next(n for n in view.nodes if n.kind == 2)
    g = int(view.drawn.ref[group_item.d])
    head = view.groups[g].head
    view.centerOn(group_item)
    spot = view.mapFromScene(view.item_for(head).scenePos())
    scale = view.current_scale()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert g not in view.collapsed
    assert view.current_scale() == pytest.approx(scale)
    moved = view.mapFromScene(view.item_for(head).scenePos())
    assert (moved - spot).manhattanLength() < 30


@pytest.mark.parametrize(("follow", "panned_away"), [(True, False), (False, False), (True, True)])
def test_a_view_that_shrinks_keeps_a_followed_step_in_view(qtbot, follow, panned_away):
    session, view = _view(qtbot, "lecture-mlp", size=(900, 700))
    view.set_follow(follow)
    session.seek(1500)
    view.frame()  # the active node in the middle
    node = session.timeline.current.node
    if panned_away:  # the user looks elsewhere: a resize must not drag the view back
        view.centerOn(view.item_for(node).scenePos() + QPointF(0, 2000))
        assert not _on_screen(view, node)
    view.resize(900, 700 // 4)  # a panel below grew: the view's middle is now off screen
    seen = view.seen_rect()
    if follow and not panned_away:
        assert seen.intersects(view.item_for(node).sceneBoundingRect())
    else:  # nothing moves by itself: the node is left where it was
        assert not _on_screen(view, node)


def test_framing_at_a_step_inside_a_collapsed_group_shows_that_group(qtbot, monkeypatch):
    monkeypatch.setattr("gui.canvas.groups.FULL_BUDGET", 200)
    session, view = _view(qtbot, "lecture-mlp", size=(350, 250))  # too small to fit it all
    assert view.fit_scale() < view.min_scale()
    tl = session.timeline
    grouped = [
        step
        for step in range(1, len(tl), 7)
        if tl.trace[step].node >= 0 and view.item_for(tl.trace[step].node).kind == 2
    ]
    assert grouped, "no step runs inside a collapsed group"
    session.seek(grouped[len(grouped) // 2] + 1)  # the event at that index is current
    view.frame()  # what --goto N and opening a pass at a step do
    assert _on_screen(view, tl.current.node)


def test_a_collapsed_group_shows_no_data_before_its_output_is_computed(qtbot, monkeypatch):
    monkeypatch.setattr("gui.canvas.groups.FULL_BUDGET", 200)
    session, view = _view(qtbot, "lecture-mlp")
    tl = session.timeline
    groups = [n for n in view.nodes if n.kind == 2 and "\n" in n.text()]
    started = None  # a step where some group has begun but its output is not computed yet
    for step in range(len(tl)):
        session.seek(step)
        started = [g for g in groups if g.is_created() and not tl.created[g.value]]
        if started:
            break
    assert started, "no step has a group begun and not finished"
    assert all("data —" in g.text() for g in started), [g.text() for g in started]
    session.seek(len(tl))
    assert not any("data —" in g.text() for g in groups)
