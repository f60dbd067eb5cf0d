"""The step bar: buttons, play, speed and the phase-coloured scrubber move the session."""

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication

from engine.autograd.value import Value
from engine.sources.built import BuiltGraph
from engine.sources.examples import get_example
from engine.trace.trace import BACKWARD, FORWARD, TOPO, UPDATE
from gui.models.player import SPEEDS, Player
from gui.models.step_session import StepSession
from gui.stepping.step_bar import StepBar
from tests.gui.event_count import EventCount

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def bar(qtbot):
    session = StepSession()
    session.load(get_example("neuron").build())
    widget = StepBar(session, Player(session))
    qtbot.addWidget(widget)
    widget.resize(1000, 80)
    widget.show()
    return widget


def timeline(bar):
    return bar._session.timeline


def test_step_and_back_buttons_move_one_event(qtbot, bar):
    qtbot.mouseClick(bar.step_button, LEFT)
    qtbot.mouseClick(bar.step_button, LEFT)
    assert timeline(bar).position == 2
    qtbot.mouseClick(bar.back_button, LEFT)
    assert timeline(bar).position == 1
    assert bar.position_label.text() == "step 1 / 41 · forward"


def test_buttons_are_disabled_at_the_ends(qtbot, bar):
    assert not bar.back_button.isEnabled() and not bar.reset_button.isEnabled()
    bar._session.seek_end()
    assert not bar.step_button.isEnabled() and not bar.run_button.isEnabled()
    qtbot.mouseClick(bar.reset_button, LEFT)
    assert timeline(bar).position == 0
    assert bar.position_label.text() == "step 0 / 41 · start"


def test_phase_buttons_show_the_first_event_of_their_phase(qtbot, bar):
    trace = timeline(bar).trace
    qtbot.mouseClick(bar.phase_buttons[BACKWARD], LEFT)
    assert timeline(bar).position == trace.phase_range(BACKWARD).start + 1
    assert bar.position_label.text().endswith("· backward")
    qtbot.mouseClick(bar.phase_buttons[TOPO], LEFT)
    assert timeline(bar).phase == TOPO
    qtbot.mouseClick(bar.phase_buttons[FORWARD], LEFT)
    assert timeline(bar).position == 1  # the forward pass's first node


def test_forward_at_step_0_starts_the_forward_pass(qtbot, bar):
    assert timeline(bar).position == 0
    qtbot.mouseClick(bar.phase_buttons[FORWARD], LEFT)
    assert timeline(bar).position == 1
    assert timeline(bar).phase == FORWARD and timeline(bar).current is not None


def test_update_button_is_disabled_without_parameters(bar):
    assert not bar.phase_buttons[UPDATE].isEnabled()
    assert bar.phase_buttons[BACKWARD].isEnabled()


def test_run_goes_to_the_end_of_the_phase_then_of_the_next(qtbot, bar):
    trace = timeline(bar).trace
    qtbot.mouseClick(bar.run_button, LEFT)
    assert timeline(bar).position == trace.phase_range(FORWARD).stop
    qtbot.mouseClick(bar.run_button, LEFT)
    assert timeline(bar).position == trace.phase_range(TOPO).stop


def test_play_steps_by_itself_and_stops_at_the_end(qtbot, bar):
    bar.speed.setCurrentIndex(SPEEDS.index(1000))
    qtbot.mouseClick(bar.play_button, LEFT)
    assert bar.player.playing
    assert bar.play_button.text() == "❚❚ Pause"
    qtbot.waitUntil(lambda: not bar.player.playing, timeout=3000)
    assert timeline(bar).position == len(timeline(bar))
    assert bar.play_button.text() == "▶ Play"


def test_pause_stops_playing_where_it_is(qtbot, bar):
    bar.speed.setCurrentIndex(SPEEDS.index(30))
    bar.player.toggle()
    qtbot.waitUntil(lambda: timeline(bar).position >= 2, timeout=3000)
    bar.player.toggle()
    here = timeline(bar).position
    qtbot.wait(150)
    assert timeline(bar).position == here < len(timeline(bar))


def test_clicking_the_scrubber_seeks_there(qtbot, bar):
    scrubber = bar.scrubber
    qtbot.mouseClick(scrubber, LEFT, pos=QPoint(scrubber.width() // 2, scrubber.height() // 2))
    assert abs(timeline(bar).position - 20) <= 1
    qtbot.mouseClick(scrubber, LEFT, pos=QPoint(scrubber.width() - 1, 5))
    assert timeline(bar).position == len(timeline(bar))


def chain_bar(qtbot, terms: int) -> StepBar:
    """A step bar over the sum of ``terms`` numbers, added one at a time (a long timeline)."""
    total = Value(0.0, label="s0")
    for i in range(terms):
        total = total + Value(float(i), label=f"x{i}")
    session = StepSession()
    session.load(BuiltGraph(total))
    bar = StepBar(session, Player(session))
    qtbot.addWidget(bar)
    return bar


def test_position_words_use_thousands_separators(qtbot):
    bar = chain_bar(qtbot, 400)
    session = bar._session
    session.seek_phase_end(BACKWARD)
    n = len(session.timeline)
    assert n > 1000
    assert bar.position_label.text() == f"step {n:,} / {n:,} · backward"
    assert "," in bar.position_label.text()


def test_a_step_within_a_phase_sets_no_button_again(bar):
    session = bar._session
    session.seek(2)
    applied = bar.applied
    for _ in range(5):
        session.step()
    assert bar.applied == applied  # position words change; buttons, marks and play do not
    assert bar.position_label.text() == "step 7 / 41 · forward"
    session.seek_phase_start(BACKWARD)
    session.step()
    assert bar.applied == applied + 1  # another phase: its button marked
    assert bar.phase_buttons[BACKWARD].styleSheet()
    assert not bar.phase_buttons[FORWARD].styleSheet()


def test_a_put_away_bar_catches_up_when_shown(qtbot, bar):
    session = bar._session
    bar.hide()  # presenting hides it
    applied = bar.applied
    session.seek_end()
    assert bar.applied == applied and bar.step_button.isEnabled()  # nothing set while away
    bar.show()
    assert bar.position_label.text().startswith("step 41 / 41 · ")
    assert not bar.step_button.isEnabled() and not bar.run_button.isEnabled()


def long_bar(qtbot, width: int) -> StepBar:
    """A step bar over a timeline of more steps than its scrubber has pixels."""
    widget = chain_bar(qtbot, 300)
    widget.resize(width, 80)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_steps_on_one_pixel_column_do_not_repaint_the_scrubber(qtbot):
    bar = long_bar(qtbot, 1400)
    session, scrubber = bar._session, bar.scrubber
    n, w = len(session.timeline), scrubber.width()
    assert n > 2 * w > 400
    session.seek(n // 2)
    qtbot.wait(20)
    paints = EventCount(scrubber, QEvent.Type.Paint)
    moved = 0
    for _ in range(100):
        before = round(session.timeline.position / n * w)
        session.step()
        moved += round(session.timeline.position / n * w) != before
        for _ in range(3):
            QApplication.processEvents()
    assert 0 < moved < 50, (n, w, session.timeline.position)
    assert 0 < paints.count <= moved  # at most one paint per new column, none for the same


def test_positions_on_one_pixel_column_draw_the_same_pixels(qtbot):
    bar = long_bar(qtbot, 1400)
    session, scrubber = bar._session, bar.scrubber
    n, w = len(session.timeline), scrubber.width()
    seen: dict[int, tuple[int, bytes]] = {}
    compared = 0
    for position in range(n + 1):
        session.seek(position)
        column = round(position / n * w)
        image = scrubber.grab().toImage()
        pixels = bytes(image.constBits())
        if column in seen:
            assert pixels == seen[column][1], (position, seen[column][0])
            compared += 1
        else:
            seen[column] = position, pixels
    assert compared > n // 2
