"""Sessions keep the recording when the graph cannot be built again from its source."""

import json

from gui.app.main_window import MainWindow
from tests.engine.sources.program.programs import lecture_value
from tests.gui.programs import RUN_MS, run_in_window
from tests.gui.recordings import open_file, saved, training

# The user's own Value class and weights drawn without a seed: every run is another graph.
UNSEEDED = """
import random
w = Value(random.uniform(-1, 1), label='w')
x = Value(2.0, label='x')
root = (w * x).tanh(); root.label = 'L'
"""


def _grads_at_end(win):
    win.session.seek_end()
    return list(win.session.timeline.grad), list(win.session.timeline.data)


def test_a_script_with_unseeded_weights_reopens_as_it_was_saved(window, tmp_path, qtbot):
    script = tmp_path / "unseeded.py"
    script.write_text(lecture_value() + UNSEEDED)
    assert run_in_window(qtbot, window, script)
    window.session.seek(9)
    saved_weight = window.session.timeline.trace.initial_data[0]
    expected = _grads_at_end(window)
    window.session.seek(9)
    path = tmp_path / "s.gradstep.json"
    assert window.documents.sessions.save_to(str(path))
    document = json.loads(path.read_text())
    assert document["version"] == 2 and document["source"]["kind"] == "script"
    assert document["recording"]["pass"] == 1

    other = MainWindow()
    other.remember = False
    qtbot.addWidget(other)
    # the kept graph opens at once; the script runs again in a worker, only to compare
    with qtbot.waitSignal(other.documents.programs.sig_done, timeout=RUN_MS):
        assert other.documents.sessions.open_session(str(path))
        assert other.session.timeline.position == 9
    assert other.session.timeline.position == 9
    assert other.session.timeline.trace.initial_data[0] == saved_weight
    assert "gives another graph now" in other.documents.note_label.text()
    assert "kept in the session" in other.documents.note_label.text()
    assert _grads_at_end(other) == expected
    # saved again, it still names the script and keeps the same graph
    again = tmp_path / "again.gradstep.json"
    assert other.documents.sessions.save_to(str(again))
    document = json.loads(again.read_text())
    assert document["source"] == {"kind": "script", "path": str(script)}
    assert document["recording"]["data"]["passes"][0]["loss"] == expected[1][-1]


def test_a_recording_session_opens_without_the_recording_file(window, tmp_path, qtbot):
    recording_file = saved(training(tmp_path, steps=3), tmp_path, "run")
    assert open_file(window, qtbot, recording_file)
    window.recordings.open_pass(2)
    window.session.seek(5)
    path = tmp_path / "r.gradstep.json"
    assert window.documents.sessions.save_to(str(path))
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
    window.documents.sessions.save_to(str(path))
    document = json.loads(path.read_text())
    assert document["version"] == 1 and "recording" not in document


def test_an_older_script_session_opens_once_its_script_has_run_in_a_worker(window, tmp_path, qtbot):
    script = tmp_path / "seeded.py"
    script.write_text(
        lecture_value() + UNSEEDED.replace("import random", "import random; random.seed(4)")
    )
    path = tmp_path / "old.gradstep.json"  # saved before sessions kept recordings: version 1
    path.write_text(json.dumps({
        "format": "gradstep-session", "version": 1,
        "source": {"kind": "script", "path": str(script)}, "position": 7,
    }))  # fmt: skip
    window.load_example("neuron")
    assert run_in_window(qtbot, window, path)
    assert window.session.title == "old · pass 1 of 1"
    assert window.session.timeline.position == 7
    assert window.documents.watch.path == str(script)  # saving the script runs it again


def test_a_script_session_whose_script_now_raises_opens_what_it_kept(window, tmp_path, qtbot):
    script = tmp_path / "fine.py"
    script.write_text(lecture_value() + UNSEEDED)
    assert run_in_window(qtbot, window, script)
    path = tmp_path / "s.gradstep.json"
    assert window.documents.sessions.save_to(str(path))
    script.write_text("raise RuntimeError('broken since')\n")
    window.load_example("neuron")
    with qtbot.waitSignal(window.documents.programs.sig_done, timeout=RUN_MS):
        assert window.documents.sessions.open_session(str(path))
    assert window.session.title == "s · pass 1 of 1"
    note = window.documents.note_label.text()
    assert "kept in the session" in note and "fine.py raised RuntimeError: broken since" in note
    assert window.documents.error_dialog is None  # said in the status bar, not a dialog
