import math

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QImage, QRegion

from engine.autograd.value import Value
from engine.sources.built import BuiltGraph
from engine.sources.examples import get_example
from engine.trace.events import BACKWARD, TOPO, BackwardStep
from gui.canvas.edges import GREYED, HOT, EdgeLayer
from gui.canvas.export import export_png, export_svg
from gui.canvas.graph_view import GraphView
from gui.canvas.items import NodeItem
from gui.models.step_session import StepSession


def _view(qtbot, name="neuron"):
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    built = get_example(name).build()
    session.load(built)
    return session, view


def _label(session, label):
    return session.timeline.graph.labels.index(label)


def _greyed(item):
    return item.isVisible() and item.opacity() < 0.5 and not item.is_created()


def test_the_whole_graph_shows_from_the_start_greyed_until_the_forward_pass_computes_it(qtbot):
    session, view = _view(qtbot)
    o, x1 = view.item_for(_label(session, "o")), view.item_for(_label(session, "x1"))
    assert all(_greyed(item) for item in view.nodes)
    assert x1.text() == "x1 | data — | grad —"  # no spoiler of the value to come
    session.step()
    assert x1.isVisible() and x1.opacity() == 1.0 and x1.text() == "x1 | data 2 | grad —"
    assert _greyed(o)
    session.seek_phase_end("forward")
    assert o.opacity() == 1.0 and o.is_created()
    session.back()
    assert _greyed(o) and o.text() == "o | data — | grad —"


def test_grad_not_computed_yet_reads_differently_from_zero(qtbot):
    session, view = _view(qtbot)
    x2 = _label(session, "w2")
    session.seek_phase_end("forward")
    assert view.item_for(x2).text().endswith("grad —")
    session.seek(len(session.timeline))
    assert view.item_for(x2).text().endswith("grad 0")


def test_backward_step_highlights_node_children_and_edges(qtbot):
    session, view = _view(qtbot)
    session.seek_phase_start(BACKWARD)
    while not (
        isinstance(session.timeline.current, BackwardStep) and session.timeline.current.op == "tanh"
    ):
        session.step()
    o, n = _label(session, "o"), _label(session, "n")
    assert view.item_for(o).is_current() and view.item_for(n).is_written()
    assert view.item_for(n).text().endswith("grad 1")
    assert n in view.state.flashing
    hot = np.flatnonzero(view.edges.style & HOT)
    lay = view.drawn
    pairs = {tuple(lay.edges[e].tolist()) for e in hot}
    assert pairs == {(lay.record_of[n], lay.op_of[o]), (lay.op_of[o], lay.record_of[o])}
    session.step()
    assert not view.item_for(o).is_current()


def test_topo_phase_marks_visited_and_appended_nodes(qtbot):
    session, view = _view(qtbot)
    session.seek_phase_end(TOPO)
    assert view.state.show_topo
    assert session.timeline.topo_index[_label(session, "o")] == len(session.timeline.graph) - 1


def test_a_plus_a_shows_two_contributions(qtbot):
    session, view = _view(qtbot, "accumulate")
    session.seek_phase_start(BACKWARD)
    while not (
        isinstance(session.timeline.current, BackwardStep) and session.timeline.current.writes
    ):
        session.step()
    assert view.state.written[_label(session, "a")] == [1.0, 1.0]
    assert view.item_for(_label(session, "a")).text().endswith("grad 2")
    lay, a, b = view.drawn, _label(session, "a"), _label(session, "b")
    twins = np.flatnonzero(
        (lay.edges[:, 0] == lay.record_of[a]) & (lay.edges[:, 1] == lay.op_of[b])
    )
    assert len(twins) == 2 and (view.edges.style[twins] & HOT).all()
    first, second = (view.edges.pieces.ctrl[view.edges.pieces.edge == e] for e in twins)
    assert np.allclose(second[:, [3, 5]] - first[:, [3, 5]], 7.0)  # drawn side by side


def test_click_on_a_node_selects_it(qtbot):
    session, view = _view(qtbot)
    session.seek_phase_end("forward")
    item = view.item_for(_label(session, "b"))
    pos = view.mapFromScene(item.scenePos())
    with qtbot.waitSignal(session.sig_selected) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [_label(session, "b")]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert session.selected == -1


def test_ctrl_f_finds_a_node_by_label(qtbot):
    session, view = _view(qtbot)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.find_bar.isVisible()
    qtbot.keyClicks(view.find_bar, "x2*")
    qtbot.keyClick(view.find_bar, Qt.Key.Key_Return)
    assert session.selected == _label(session, "x2*w2")


def test_zoom_keys_and_fit_change_the_scale(qtbot):
    _, view = _view(qtbot)
    view.fit()
    before = view.transform().m11()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.transform().m11() > before
    view.fit()
    assert math.isclose(view.transform().m11(), before)


def test_stepping_never_rebuilds_the_scene(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    items = list(view.scene().items())
    for _ in range(40):
        session.step()
    session.seek(len(session.timeline) // 2)
    assert list(view.scene().items()) == items


def test_nan_and_inf_are_drawn_in_the_warning_colour(qtbot):
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    x = Value(math.inf, label="x")
    session.load(BuiltGraph(x * 0.0))
    session.seek(len(session.timeline))
    item = view.item_for(session.timeline.graph.root)
    assert "nan" in item.text()
    assert item._pen().color().name() == view.graph_palette.warning


def test_empty_and_single_node_graphs_draw_without_error(qtbot):
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    session.load(BuiltGraph(Value(1.0, label="only")))
    session.seek(len(session.timeline))
    assert len(view.nodes) == 1 and view.item_for(0).isVisible()
    view.fit()


def test_big_graph_opens_collapsed_with_a_message(qtbot, monkeypatch):
    monkeypatch.setattr("gui.canvas.groups.FULL_BUDGET", 200)
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    messages = []
    session.sig_error.connect(messages.append)
    built = get_example("lecture-mlp").build()
    session.load(built)
    assert view.collapsed and len(view.nodes) < 200
    assert messages and "collapsed" in messages[0]
    group = next(iter(view.collapsed))
    view.expand(group)
    assert group not in view.collapsed and len(view.nodes) > 10


def test_theme_switch_repaints_with_the_new_palette(qtbot):
    _, view = _view(qtbot)
    view.set_theme("dark")
    assert view.state.palette.name == "dark"
    assert view.backgroundBrush().color().name() == view.graph_palette.background


def test_export_writes_png_and_svg_on_a_light_background(qtbot, tmp_path):
    session, view = _view(qtbot)
    view.set_theme("dark")
    session.seek(len(session.timeline))
    assert export_png(view, str(tmp_path / "g.png"))
    assert export_svg(view, str(tmp_path / "g.svg"))
    assert export_png(view, str(tmp_path / "v.png"), whole=False)
    image = QImage(str(tmp_path / "g.png"))
    assert not image.isNull() and image.pixelColor(1, 1).name() == "#ffffff"
    svg = (tmp_path / "g.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "</svg>" in svg
    assert view.graph_palette.name == "dark"


def test_node_items_are_top_level_and_one_layer_draws_every_edge(qtbot):
    _, view = _view(qtbot)
    assert all(item.parentItem() is None for item in [*view.nodes, view.edges])
    top = [type(i) for i in view.scene().items() if i.parentItem() is None]
    assert NodeItem in top and top.count(EdgeLayer) == 1
    assert not view.edges.childItems()
    assert set(view.edges.pieces.edge.tolist()) == set(range(len(view.drawn.edges)))


def test_edges_are_greyed_until_their_target_is_created(qtbot):
    session, view = _view(qtbot)
    assert (view.edges.style & GREYED).all()
    session.seek_phase_end("forward")
    assert not (view.edges.style & GREYED).any()
    session.back()
    root, lay = session.timeline.graph.root, view.drawn
    into_root = {*view.edges.into(lay.record_of[root]), *view.edges.into(lay.op_of[root])}
    assert set(np.flatnonzero(view.edges.style & GREYED).tolist()) == into_root


def test_the_edge_layer_strokes_only_the_pieces_near_the_exposed_rect(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    session.seek_phase_end("forward")
    qtbot.wait(10)  # the window shown and the scene indexed, as when a user looks
    view.viewport().repaint()
    whole_view = view.edges.painted
    seen = view.mapToScene(view.viewport().rect()).boundingRect().adjusted(40, 40, -40, -40)
    starts = view.edges.pieces.ctrl[:, :2].tolist()
    x, y = next(p for p in starts if seen.contains(QPointF(*p)))  # a piece starting in view
    near = view.mapFromScene(QPointF(x, y))
    view.viewport().repaint(QRect(near.x() - 20, near.y() - 20, 40, 40))
    corner = view.edges.painted
    pieces = len(view.edges.pieces.ctrl)
    assert 0 < corner < whole_view < pieces
    assert corner < pieces / 20


def test_the_edge_layer_strokes_two_far_apart_exposed_rects_not_the_view_between(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    session.seek_phase_end("forward")
    qtbot.wait(10)
    view.viewport().repaint()
    whole_view = view.edges.painted
    vp = view.viewport().rect()
    corners = QRegion(QRect(vp.topLeft(), QSize(60, 60)))
    corners += QRegion(QRect(vp.bottomRight() - QPoint(59, 59), QSize(60, 60)))
    view.viewport().repaint(corners)  # as after a diagonal follow scroll: two small strips
    two_corners = view.edges.painted
    assert two_corners < whole_view / 4  # the bounding rect of the two is the whole view


def test_zoomed_far_out_the_overview_replaces_the_items_and_clicks_still_select(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    session.seek(len(session.timeline))
    view.fit()
    view.grab()
    assert view.transform().m11() < 0.4
    assert view._overview.isVisible() and not view.nodes[0].isVisible()
    item = view.item_for(session.timeline.graph.root)
    pos = view.mapFromScene(item.scenePos())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert session.selected == session.timeline.graph.root
    view.resetTransform()
    view.grab()
    assert not view._overview.isVisible() and item.isVisible()


def test_visited_borders_show_in_the_sort_and_go_when_backward_starts(qtbot):
    session, view = _view(qtbot)
    x1 = view.item_for(_label(session, "x1"))
    session.seek_phase_end(TOPO)
    assert x1._pen().color().name() == view.graph_palette.visited
    session.step()
    assert session.timeline.phase == BACKWARD
    assert x1._pen().color().name() == view.graph_palette.border


def _wheel(view, delta):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    center = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        center,
        view.viewport().mapToGlobal(center),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(view.viewport(), event)


def test_wheel_zooms_in_and_out(qtbot):
    _, view = _view(qtbot)
    before = view.transform().m11()
    _wheel(view, 240)
    assert view.transform().m11() > before
    _wheel(view, -480)
    assert view.transform().m11() < before


def test_dragging_pans_without_selecting(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    session.seek(len(session.timeline))
    view.resetTransform()
    bar = view.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    start = bar.value()
    vp = view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(500, 300))
    for x in range(480, 299, -20):
        qtbot.mouseMove(vp, QPoint(x, 300))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    assert bar.value() > start
    assert session.selected == -1


def test_follow_mode_keeps_the_current_node_in_view(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    view.resetTransform()
    view.scale(1.5, 1.5)
    session.seek_phase_start(BACKWARD)
    for _ in range(30):
        session.step()
        item = view.item_for(session.timeline.current.node)
        box = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        assert view.viewport().rect().intersects(box)


def test_focus_on_ancestors_then_show_all(qtbot):
    session, view = _view(qtbot)
    n = _label(session, "n")
    view.focus_on(n, "ancestors")
    assert view.item_for(_label(session, "o")) is None
    assert view.item_for(_label(session, "x1")) is not None
    view.focus_on(-1, "all")
    assert view.item_for(_label(session, "o")) is not None


def test_single_sample_view_and_double_click_expands_a_group(qtbot):
    session, view = _view(qtbot, "lecture-mlp")
    view.single_sample(1)
    names = {view.groups[g].name for g in view.collapsed}
    assert "sample 1" not in names and "sample 0" in names
    session.seek(len(session.timeline))
    group_item = next(i for i in view.nodes if i.kind == 2 and "sample 0" in i.text())
    view.centerOn(group_item)
    pos = view.mapFromScene(group_item.sceneBoundingRect().center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert "sample 0" not in {view.groups[g].name for g in view.collapsed}


def test_colour_by_grad_shows_a_legend_and_tints_records(qtbot):
    session, view = _view(qtbot)
    session.seek(len(session.timeline))
    plain = view.item_for(_label(session, "x1"))._fill().name()
    view.set_color_by_grad(True)
    assert view.legend.isVisible() and "grad" in view.legend.text()
    assert view.item_for(_label(session, "x1"))._fill().name() != plain


def test_theme_switch_repaints_cached_items(qtbot):
    session, view = _view(qtbot)
    session.seek(len(session.timeline))
    item = view.item_for(_label(session, "x1"))
    center = view.mapFromScene(item.sceneBoundingRect().center() + QPointF(-60, 0))
    light = view.grab().toImage().pixelColor(center).name()
    view.set_theme("dark")
    dark = view.grab().toImage().pixelColor(center).name()
    assert light != dark


def test_show_all_is_refused_when_it_would_draw_too_much(qtbot, monkeypatch):
    monkeypatch.setattr("gui.canvas.groups.FULL_BUDGET", 2)
    monkeypatch.setattr("gui.canvas.groups.HARD_BUDGET", 4)
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    messages = []
    session.sig_error.connect(messages.append)
    built = get_example("lecture-mlp").build()
    session.load(BuiltGraph(built.root))
    assert view.visible_mask is not None and "nearest" in messages[0]
    view.focus_on(-1, "all")
    assert view.visible_mask is not None and "Too many" in messages[-1]
