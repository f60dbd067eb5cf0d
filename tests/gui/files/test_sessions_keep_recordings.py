"""Sessions keep the recording when the graph cannot be built again from its source."""

import json

import pytest

from gui.app.main_window import MainWindow
from tests.engine.sources.program.programs import lecture_value
from tests.gui.recordings import saved, training

# The user's own Value class and weights drawn without a seed: every run is another graph.
UNSEEDED = """
import random
w = Value(random.uniform(-1, 1), label='w')
x = Value(2.0, label='x')
root = (w * x).tanh(); root.label = 'L'
"""


@pytest.fixture
def window(qtbot):
    win = MainWindow()
    win.remember = False
    qtbot.addWidget(win)
    win.show()
    return win


def _grads_at_end(win):
    win.session.seek_end()
    return list(win.session.timeline.grad), list(win.session.timeline.data)


def test_a_script_with_unseeded_weights_reopens_as_it_was_saved(window, tmp_path, qtbot):
    script = tmp_path / "unseeded.py"
    script.write_text(lecture_value() + UNSEEDED)
    assert window.documents.open_script(str(script))
    window.session.seek(9)
    saved_weight = window.session.timeline.trace.initial_data[0]
    expected = _grads_at_end(window)
    window.session.seek(9)
    path = tmp_path / "s.gradstep.json"
    assert window.documents.save_to(str(path))
    document = json.loads(path.read_text())
    assert document["version"] == 2 and document["source"]["kind"] == "script"
    assert document["recording"]["pass"] == 1

    other = MainWindow()
    other.remember = False
    qtbot.addWidget(other)
    assert other.documents.open_session(str(path))
    assert other.session.timeline.position == 9
    assert other.session.timeline.trace.initial_data[0] == saved_weight
    assert "kept in the session" in other.documents.note_label.text()
    assert _grads_at_end(other) == expected
    # saved again, it still names the script and keeps the same graph
    again = tmp_path / "again.gradstep.json"
    assert other.documents.save_to(str(again))
    document = json.loads(again.read_text())
    assert document["source"] == {"kind": "script", "path": str(script)}
    assert document["recording"]["data"]["passes"][0]["loss"] == expected[1][-1]


def test_a_recording_session_opens_without_the_recording_file(window, tmp_path, qtbot):
    recording_file = saved(training(tmp_path, steps=3), tmp_path, "run")
    window.documents.open_path(str(recording_file))
    window.recordings.open_pass(2)
    window.session.seek(5)
    path = tmp_path / "r.gradstep.json"
    assert window.documents.save_to(str(path))
    recording_file.unlink()
    other = MainWindow()
    other.remember = False
    qtbot.addWidget(other)
    assert other.documents.open_path(str(path))
    assert (other.recordings.current, len(other.recordings.recording)) == (2, 3)
    assert other.session.timeline.position == 5


def test_a_session_of_gradsteps_own_values_keeps_no_recording(window, tmp_path):
    window.load_example("neuron")
    path = tmp_path / "n.gradstep.json"
    window.documents.save_to(str(path))
    document = json.loads(path.read_text())
    assert document["version"] == 1 and "recording" not in document
