"""Opening a recorded pass prepared off the GUI thread: the same pass, at its end, once."""

import gc
import sys
import threading

from engine.trace.timeline import Timeline
from gui.models.gc_hold import GcHold
from gui.models.gil_share import SHARED_INTERVAL, GilShare
from gui.models.pass_opening import PassOpening
from gui.models.recording_session import RecordingSession
from gui.models.run_session import RunSession
from gui.models.step_session import StepSession
from tests.engine.sources.program.programs import lecture_value, training_loop
from tests.gui.programs import RUN_MS
from tests.gui.recordings import order_bug, training


def test_a_prepared_pass_is_its_timeline_at_its_end_handed_over_once(tmp_path):
    recording = training(tmp_path, steps=3)
    warmed = []
    opening = PassOpening((warmed.append,))
    thread = threading.Thread(target=opening.prepare, args=(recording,))
    thread.start()
    thread.join()
    last = recording.passes[-1].trace
    assert warmed == [last]
    assert opening.take(recording.passes[0].trace) is None  # only the last pass was prepared
    timeline = opening.take(last)
    assert isinstance(timeline, Timeline) and timeline.trace is last
    assert timeline.position == len(timeline)
    expected = Timeline(last)
    expected.seek(len(expected))
    assert timeline.grad == expected.grad and timeline.data == expected.data
    assert opening.take(last) is None  # once


def test_a_recording_opens_on_the_prepared_timeline_and_views_hear_a_move(tmp_path, qtbot):
    session = StepSession()
    opening = PassOpening()
    recordings = RecordingSession(session, None, opening)
    recording = order_bug(tmp_path)
    opening.prepare(recording)
    heard = []
    session.sig_loaded.connect(lambda: heard.append(("loaded", session.timeline.position)))
    session.sig_moved.connect(lambda changed: heard.append(("moved", changed)))
    assert recordings.load_recording(recording, "", "order_bug.py")
    timeline = session.timeline
    assert timeline.trace is recording.passes[-1].trace
    assert heard == [("loaded", len(timeline)), ("moved", set())]
    assert [p.kind for p in recordings.problems] == [p.kind for p in recording.passes[-1].problems]


def test_an_unprepared_pass_opens_as_before(tmp_path, qtbot):
    session = StepSession()
    recordings = RecordingSession(session, None, PassOpening())
    recording = training(tmp_path, steps=2)
    assert recordings.load_recording(recording, "", "train.py")
    assert session.timeline.position == len(session.timeline)
    assert recordings.open_pass(1)
    assert session.timeline.trace is recording.passes[0].trace


def test_a_run_prepares_its_last_pass_and_holds_the_gc_until_it_is_handled(tmp_path, qtbot):
    script = tmp_path / "train.py"
    script.write_text(lecture_value() + training_loop(2))
    opening = PassOpening()
    runs = RunSession(opening=opening)
    interval = sys.getswitchinterval()
    seen = []
    runs.sig_finished.connect(
        lambda result: seen.append(
            (gc.isenabled(), opening.take(result.recording.passes[-1].trace))
        )
    )
    with qtbot.waitSignal(runs.sig_finished, timeout=RUN_MS):
        runs.start(script)
        assert not gc.isenabled() and sys.getswitchinterval() <= SHARED_INTERVAL
    ((enabled_while_handled, timeline),) = seen
    assert not enabled_while_handled
    assert timeline is not None and timeline.position == len(timeline)
    assert gc.isenabled() and sys.getswitchinterval() == interval


def test_a_settled_gc_hold_sets_what_it_kept_aside_until_the_next_hold():
    hold = GcHold()
    kept = [[]]  # a container made while held
    hold.hold()
    hold.release(settle=True)
    try:
        assert gc.isenabled() and gc.get_freeze_count() > 0
        assert not any(g for g in gc.get_objects() if g is kept)  # out of the GC's reach
    finally:
        hold.hold()  # gives them back
        hold.release()
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_gil_share_requests_nest_and_the_last_puts_the_interval_back():
    share = GilShare()
    before = sys.getswitchinterval()
    share.share()
    share.share()
    share.release()
    assert share.shared and sys.getswitchinterval() <= SHARED_INTERVAL
    share.release()
    share.release()  # one too many: nothing
    assert not share.shared and sys.getswitchinterval() == before
