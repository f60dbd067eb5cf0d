"""What a step asks to repaint: the rects of what changed, not the view between them."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QRectF
from PySide6.QtGui import QRegion

from engine.sources.examples import get_example
from engine.trace.events import BACKWARD, FORWARD
from gui.canvas.edge_strokes import joined_rects
from gui.canvas.graph_view import GraphView
from gui.models.step_session import StepSession


class _Regions(QObject):
    """The regions the viewport paints (its paint events'), joined since the last take."""

    def __init__(self, viewport) -> None:
        super().__init__(viewport)
        self.region = QRegion()
        viewport.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        """Collect, never filter."""
        if event.type() == event.Type.Paint:
            self.region += event.region()
        return False

    def take(self) -> QRegion:
        """The region painted since the last take."""
        region, self.region = self.region, QRegion()
        return region


def _area(region: QRegion) -> int:
    return sum(r.width() * r.height() for r in region)


def _view(qtbot, phase: str) -> tuple[StepSession, GraphView]:
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.look_ahead.enabled = False
    assert session.load(get_example("lecture-mlp").build())
    session.seek_phase_start(phase)
    view.frame()
    qtbot.waitExposed(view)
    qtbot.wait(1)
    return session, view


def _scroll(view: GraphView) -> tuple[int, int]:
    return view.horizontalScrollBar().value(), view.verticalScrollBar().value()


def test_a_forward_step_without_a_scroll_repaints_its_nodes_not_the_view_between(qtbot):
    session, view = _view(qtbot, FORWARD)
    regions = _Regions(view.viewport())
    vp = view.viewport().rect()
    still, apart = 0, 0
    for _ in range(40):
        before = _scroll(view)
        synced = []
        real = view._sync
        view._sync = lambda d, synced=synced, real=real: (synced.append(d), real(d))
        session.step()
        qtbot.wait(1)
        del view._sync
        painted = regions.take()
        if _scroll(view) != before:
            continue
        still += 1
        nodes = QRegion()
        for d in synced:
            rect = view.mapFromScene(view.nodes[d].sceneBoundingRect()).boundingRect()
            nodes += QRegion(rect.adjusted(-2, -2, 2, 2).intersected(vp))
        # the nodes it changed, with the pixel of antialiasing around each; nothing else
        assert _area(painted) <= _area(nodes), (list(painted), list(nodes))
        apart += _area(QRegion(nodes.boundingRect())) > 1.5 * _area(nodes)
    assert still >= 5 and apart >= 3  # steps whose nodes' bounding rect is mostly view


def test_a_backward_step_repaints_its_hot_edges_pieces_in_view_not_their_box(qtbot):
    session, view = _view(qtbot, BACKWARD)
    asked: list[QRectF] = []
    scene = view.scene()
    real = scene.update
    scene.update = lambda *rect: (asked.extend(rect), real(*rect))
    pieces = view.edges.pieces
    own = {_key(b) for b in [*pieces.box.tolist(), *pieces.head_box.tolist()]}
    hot_steps = 0
    for _ in range(60):
        session.step()
        seen = view.seen_rect()
        for rect in asked:  # a piece's or a head's box, with the pens' margin, and in view
            m = 3.0
            assert (
                _key((rect.left() + m, rect.top() + m, rect.right() - m, rect.bottom() - m)) in own
            )
            assert rect.intersects(seen)
        hot_steps += bool(asked)
        asked.clear()
    assert hot_steps >= 10


def _key(box) -> tuple[float, ...]:
    return tuple(round(x, 3) for x in box)


def test_a_regions_slivers_are_joined_into_the_rects_they_were_cut_from():
    side_by_side = QRegion(QRect(178, 147, 113, 85)) + QRegion(QRect(337, 167, 115, 86))
    assert len(list(side_by_side)) == 4  # cut into bands where either starts or ends
    assert sorted(joined_rects(list(side_by_side)), key=QRect.left) == [
        QRect(178, 147, 113, 85),
        QRect(337, 167, 115, 86),
    ]


def test_a_scrolled_in_strip_and_a_far_node_are_not_joined_into_the_view_between():
    strip, node = QRect(0, 0, 991, 80), QRect(400, 300, 110, 86)
    joined = joined_rects(list(QRegion(strip) + QRegion(node)))
    assert sorted(joined, key=QRect.top) == [strip, node]
    under = QRect(0, 82, 40, 40)  # just under the strip, but joined it would add ~40k px
    assert len(joined_rects([strip, under])) == 2
    close = [QRect(0, 0, 100, 20), QRect(0, 22, 100, 20)]  # joined adds 200 px < JOIN_PX
    assert joined_rects(close) == [QRect(0, 0, 100, 42)]
