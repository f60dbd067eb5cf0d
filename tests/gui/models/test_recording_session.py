"""RecordingSession: a recording opens on its last pass; picking a pass steps it."""

import pytest

from engine.sources.examples import get_example
from engine.sources.program.recording import Recording
from gui.models.recording_session import RecordingSession
from gui.models.step_session import StepSession
from tests.gui.recordings import clean_neuron, order_bug, training


@pytest.fixture
def models(qtbot):
    session = StepSession()
    return session, RecordingSession(session)


def test_a_recording_opens_on_its_last_pass_with_the_losses_of_every_pass(models, tmp_path):
    session, recordings = models
    recording = training(tmp_path, steps=5)
    assert recordings.load_recording(recording, "run.gradstep-rec.json", "train.py")
    assert recordings.current == 5
    assert session.timeline.trace is recording.passes[-1].trace
    assert (session.source.kind, session.source.ref) == ("recording", "run.gradstep-rec.json")
    assert session.title == "train.py · pass 5 of 5"
    assert list(recordings.losses.history.loss) == recording.losses()
    assert recordings.losses.restored_step == 4


def test_picking_a_pass_loads_its_trace_and_says_which(models, tmp_path, qtbot):
    session, recordings = models
    recording = training(tmp_path, steps=4)
    recordings.load_recording(recording)
    with qtbot.waitSignal(recordings.sig_pass) as picked:
        assert recordings.open_pass(2)
    assert picked.args == [2]
    assert session.timeline.trace is recording.passes[1].trace
    assert recordings.losses.restored_step == 1
    assert not recordings.open_pass(9)
    assert recordings.current == 2


def test_problems_are_those_of_the_pass_being_stepped_only(models, tmp_path):
    _session, recordings = models
    recording = order_bug(tmp_path)
    recordings.load_recording(recording)
    (recorded,) = recording.passes
    assert recordings.problems == recorded.problems
    first = recorded.problems[0]
    assert recordings.problems_at(first.position) == (first,)
    assert recordings.problems_at(0) == ()


def test_loading_something_else_closes_the_recording(models, tmp_path, qtbot):
    session, recordings = models
    recordings.load_recording(order_bug(tmp_path))
    with qtbot.waitSignal(recordings.sig_opened):
        session.load(get_example("neuron").build())
    assert recordings.recording is None and recordings.problems == ()
    assert recordings.losses.history is None


def test_a_recording_without_passes_is_refused_and_keeps_what_was_open(models, tmp_path, qtbot):
    session, recordings = models
    recordings.load_recording(clean_neuron(tmp_path))
    before = session.timeline
    with qtbot.waitSignal(session.sig_error) as error:
        assert not recordings.load_recording(Recording((), ("backward() raised KeyError",)))
    assert "recorded no pass" in error.args[0] and "KeyError" in error.args[0]
    assert session.timeline is before and recordings.current == 1
