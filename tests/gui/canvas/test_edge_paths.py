"""Edge pieces and arrowheads are made into paths once; later repaints join the kept paths.

Counted, not timed: a repaint of an area painted before makes no path, and the paths it
joins hold the very elements a path built afresh, one move and curve at a time, holds.
"""

import numpy as np
from PySide6.QtGui import QPainterPath

from engine.drawing.edge_pieces import EdgePieces, hull_boxes
from engine.trace.events import FORWARD
from gui.canvas.edge_paths import EdgePaths
from tests.gui.canvas.big_graph import big_graph
from tests.gui.canvas.views import shown_view, viewport_pixels


def _elements(path: QPainterPath) -> list[tuple]:
    return [(e.type.value, e.x, e.y) for e in map(path.elementAt, range(path.elementCount()))]


def _afresh(ctrl: np.ndarray, joined: list[bool]) -> QPainterPath:
    """The path of ``ctrl``'s cubics made a call per move and curve, ``joined`` unbroken."""
    path = QPainterPath()
    for (x0, y0, *rest), on in zip(ctrl.tolist(), joined, strict=True):
        if not on:
            path.moveTo(x0, y0)
        path.cubicTo(*rest)
    return path


def _pieces(ctrl: np.ndarray, edge: list[int]) -> EdgePieces:
    heads = np.array([[10.0, 0, 2, 4, 2, -4]])
    return EdgePieces(
        ctrl, hull_boxes(ctrl), np.array(edge), heads, hull_boxes(heads), np.array([0]), False
    )


def test_joined_piece_paths_hold_the_elements_of_a_path_made_afresh():
    a, b, c, d = (0.0, 0.0), (10.0, 5.0), (20.0, 0.0), (30.0, 5.0)
    ctrl = np.array([[*a, 2, 0, 8, 5, *b], [*b, 12, 5, 18, 0, *c], [*c, 22, 0, 28, 5, *d]])
    paths = EdgePaths(_pieces(ctrl, [0, 0, 1]))
    whole = paths.runs(np.arange(3), apart=False)
    assert len(whole) == 1 and _elements(whole[0]) == _elements(_afresh(ctrl, [0, 1, 0]))
    apart = paths.runs(np.arange(3), apart=True)  # one path per run of an edge's pieces
    assert [_elements(p) for p in apart] == [
        _elements(_afresh(ctrl[:2], [0, 1])),
        _elements(_afresh(ctrl[2:], [0])),
    ]
    gap = paths.runs(np.array([0, 2]), apart=False)[0]  # piece 1 not shown: 2 starts anew
    assert _elements(gap) == _elements(_afresh(ctrl[[0, 2]], [0, 0]))
    made = paths.made
    paths.runs(np.arange(3), apart=False)
    assert paths.made == made == 3  # each piece made once


def test_a_piece_after_one_that_is_a_point_starts_its_own_subpath():
    # Qt adds nothing for a curve that stays at one point: connecting the next piece to it
    # would connect it to whatever came before, with a line across the drawing.
    ctrl = np.array([[50.0, 50, 60, 50, 60, 60, 70, 60], [0.0] * 8, [0, 0, 5, 0, 5, 5, 9, 9.0]])
    path = EdgePaths(_pieces(ctrl, [0, 1, 1])).runs(np.arange(3), apart=False)[0]
    assert _elements(path) == _elements(_afresh(ctrl, [0, 0, 1]))


def test_a_piece_that_does_not_start_where_the_last_ended_does_not_continue_it():
    ctrl = np.array([[0.0, 0, 2, 0, 8, 5, 10, 5], [10.0, 6, 12, 6, 18, 0, 20, 0]])
    assert _pieces(ctrl, [0, 0]).continues().tolist() == [False, False]
    ctrl[1, 1] = 5.0
    assert _pieces(ctrl, [0, 0]).continues().tolist() == [False, True]


def test_arrowheads_are_closed_triangles_made_once():
    paths = EdgePaths(_pieces(np.zeros((0, 8)), []))
    path = paths.heads(np.array([0]))
    assert _elements(path) == [(0, 10.0, 0.0), (1, 2.0, 4.0), (1, 2.0, -4.0), (1, 10.0, 0.0)]
    paths.heads(np.array([0]))
    assert paths.made == 1


def test_a_second_repaint_of_the_same_view_makes_no_path_and_looks_the_same(qtbot):
    session, view = shown_view(qtbot, big_graph(), look_ahead=False)
    session.seek_phase_start(FORWARD)
    view.frame()
    for _ in range(5):
        session.step()
        qtbot.wait(1)
    first = viewport_pixels(view)
    made = view.edges.paths.made
    view.edges.update()
    second = viewport_pixels(view)
    assert view.edges.painted > 100  # the whole view's pieces stroked again
    assert view.edges.paths.made == made  # from paths kept by the first repaint
    assert np.array_equal(first, second)


def test_past_the_most_paths_kept_the_oldest_are_dropped_and_made_again_as_needed():
    ctrl = np.array([[float(i), 0, i, 1, i, 2, i, 3] for i in range(5)])
    paths = EdgePaths(_pieces(ctrl, [0, 1, 2, 3, 4]), most=3)
    paths.runs(np.array([0, 1]), apart=False)
    paths.runs(np.array([1, 2]), apart=False)
    assert (paths.made, paths.kept) == (3, 3)
    path = paths.runs(np.array([2, 3]), apart=False)[0]  # 0 and 1, made first, dropped
    assert (paths.made, paths.kept) == (4, 2)
    assert _elements(path) == _elements(_afresh(ctrl[2:4], [0, 0]))
    path = paths.runs(np.array([0, 1, 2, 3, 4]), apart=False)[0]  # more than the most
    assert (paths.made, paths.kept) == (9, 5)  # 2 and 3 dropped, then made again
    assert _elements(path) == _elements(_afresh(ctrl, [0, 0, 0, 0, 0]))
