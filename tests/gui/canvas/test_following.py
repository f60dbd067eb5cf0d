"""Following the walk moves the view less often, shows the current event, and goes where predicted.

Counted, not timed: the view's scroll position after each step of the lecture MLP's walk.
"""

import math

import pytest
from PySide6.QtCore import QRectF

from engine.sources.examples import get_example
from engine.trace.events import BACKWARD, FORWARD
from gui.canvas import pan_caches
from gui.canvas.following import event_values, followed_view, halves_free
from tests.gui.canvas.views import shown_view

STEPS = 120


def _walk(qtbot, phase: str):
    session, view = shown_view(qtbot, get_example("lecture-mlp").build(), look_ahead=False)
    session.seek_phase_start(phase)
    view.frame()
    qtbot.wait(1)
    return session, view


def _scroll(view) -> tuple[int, int]:
    return view.horizontalScrollBar().value(), view.verticalScrollBar().value()


def _pans(session, view, move, steps: int = STEPS) -> int:
    """How many of ``steps`` moves (``move``: session.step or session.back) scroll the view."""
    pans = 0
    for _ in range(steps):
        before = _scroll(view)
        move()
        pans += _scroll(view) != before
    return pans


@pytest.mark.parametrize("phase", [FORWARD, BACKWARD])
def test_following_the_walk_pans_on_under_two_fifths_of_its_steps(qtbot, phase):
    # Panning the least that shows each event: 61 of 120 forward steps and 80 of 120 backward
    # ones in this 1000x600 view (69 of 120 steps back); shown with the next events that
    # fit: 37 and 42 (38 back).
    session, view = _walk(qtbot, phase)
    assert _pans(session, view, session.step) < 0.4 * STEPS


def test_stepping_back_pans_on_under_two_fifths_of_its_steps(qtbot):
    session, view = _walk(qtbot, FORWARD)
    session.seek(session.timeline.trace.phase_range(FORWARD).start + STEPS)
    assert _pans(session, view, session.back) < 0.4 * STEPS


def _shows_the_event(view) -> bool:
    """The current node in view, with all it writes if they fit the view, else the nearest."""
    seen, node = view.seen_rect(), view.state.current
    if node < 0:
        return True  # back at the start: no event to show
    whole = view.event_rect(node)
    if view.scale_to_show(whole) >= view.current_scale():
        return seen.contains(whole)
    return seen.contains(view._values_rect([node]))


@pytest.mark.parametrize("phase", [FORWARD, BACKWARD])
def test_the_current_event_is_in_view_after_every_step_forward_and_back(qtbot, phase):
    session, view = _walk(qtbot, phase)
    for move in [session.step] * STEPS + [session.back] * STEPS:
        move()
        assert _shows_the_event(view)


@pytest.mark.parametrize(("phase", "back"), [(FORWARD, False), (BACKWARD, False), (FORWARD, True)])
def test_the_look_ahead_predicts_where_the_follow_goes(qtbot, phase, back):
    session, view = _walk(qtbot, phase)
    if back:
        session.seek(session.timeline.trace.phase_range(FORWARD).start + STEPS)
        session.back()
    checked = 0
    for _ in range(STEPS):
        plan, scale = view.look_ahead.regions(), view.current_scale()
        before = _scroll(view)
        session.back() if back else session.step()
        if _scroll(view) == before or view.current_scale() != scale:
            continue  # not moved, or zoomed out for a big event (the look-ahead makes neither)
        assert len(plan) > 1
        seen, predicted = view.seen_rect(), plan[1]
        assert abs(seen.left() - predicted.left()) * scale <= 1  # a device pixel's rounding
        assert abs(seen.top() - predicted.top()) * scale <= 1
        checked += 1
    assert checked >= 10


def test_a_view_shows_the_next_events_that_fit_and_stops_at_the_first_that_does_not():
    seen = QRectF(0, 0, 100, 100)
    current = QRectF(150, 10, 10, 10)
    ahead = [QRectF(170, 50, 10, 10), None, QRectF(120, 80, 10, 10), QRectF(400, 0, 10, 10)]
    ahead += [QRectF(140, 20, 5, 5)]  # fits, but after one that does not: its step pans anyway
    moved = followed_view(seen, current, ahead, 5)
    assert moved == QRectF(85, 0, 100, 100)  # 120..180 wide with its margins, the least pan
    assert followed_view(moved, QRectF(90, 10, 10, 10), ahead, 5) == moved  # in view: stays


def test_a_backward_event_shows_its_node_and_the_children_it_writes(qtbot):
    session, view = _walk(qtbot, BACKWARD)
    trace = session.timeline.trace
    i = next(i for i in trace.phase_range(BACKWARD) if len(event_values(trace, i)) > 2)
    session.seek(i + 1)
    assert set(event_values(trace, i)) == {view.state.current, *view.state.written}


def test_the_next_events_are_not_shown_where_that_would_move_the_view_further_than_its_size():
    seen, current = QRectF(0, 0, 100, 100), QRectF(150, 10, 10, 10)
    near, far = QRectF(170, 10, 10, 10), QRectF(195, 10, 10, 10)  # both fit with ``current``
    # Showing ``far`` too moves the view 110 of its 100 px: every pixel of it repainted.
    assert followed_view(seen, current, [near, far], 5) == QRectF(85, 0, 100, 100)
    # Where the current event alone is that far, the next ones are shown with it.
    assert (
        followed_view(seen, current.translated(200, 0), [near.translated(200, 0)], 5).left() == 285
    )


@pytest.mark.parametrize(
    ("needed", "least", "zoom"),
    [(0.5, 11 / 12, 12 / 13), (0.95, 0.5, 14 / 15), (0.8, 0.5, 0.8), (0.3, 0.25, 2 / 7)],
)
def test_the_follow_zooms_out_to_a_zoom_no_whole_pixel_falls_on_half_a_pixel(needed, least, zoom):
    got = halves_free(needed, least)
    assert math.isclose(got, zoom) and got >= least
    assert all(abs(n * got - math.floor(n * got) - 0.5) > 1e-6 for n in range(5000))


def test_after_zooming_out_for_a_big_event_a_pan_repaints_no_node(qtbot, monkeypatch):
    refreshed = []  # pans that had to repaint nodes their cached pixmaps would put 1 px off
    monkeypatch.setattr(pan_caches, "refresh_across_edges", lambda *pan: refreshed.append(pan))
    session, view = _walk(qtbot, BACKWARD)
    scales, pans = set(), 0
    for _ in range(STEPS):
        before = _scroll(view)
        session.step()
        scales.add(view.transform().m11())
        pans += view.transform().m11() < 1 and _scroll(view) != before
    assert min(scales) < 1 and pans > 10  # the walk zoomed out for an event, then panned on
    assert refreshed == []
