"""A recording of the user's own program in the real window: passes, problems, files."""

import pytest
from PySide6.QtCore import Qt

from engine.sources.program.recording import load_recording
from gui.stepping.problems_panel import NO_RECORDING
from tests.gui.recordings import clean_neuron, open_file, order_bug, saved, training
from tests.gui.windows import shown_window


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Recording files of the order bug, a clean program and a 20-pass training loop."""
    folder = tmp_path_factory.mktemp("recordings")
    return {
        "order": saved(order_bug(folder), folder, "order_bug"),
        "clean": saved(clean_neuron(folder), folder, "clean"),
        "training": saved(training(folder, steps=20), folder, "train"),
    }


@pytest.fixture
def window(qtbot):
    return shown_window(qtbot, size=(1400, 900))


def _click_row(qtbot, table, row):
    rect = table.visualItemRect(table.item(row))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_an_order_bug_is_marked_where_it_happens_and_listed(window, files, qtbot):
    assert open_file(window, qtbot, files["order"])
    problems = window.recordings.problems
    assert problems and {p.kind for p in problems} == {"order"}
    first = problems[0]
    timeline = window.session.timeline
    # the step bar: one ✗ over each problem's step
    ticks = window.problem_ticks
    assert ticks.isVisible()
    width = window.step_bar.scrubber.width()
    expected = [(p.position - 0.5) / len(timeline) * width for p in problems]
    assert ticks.marks() == pytest.approx(expected)
    # the Problems panel lists it; a click goes to its step
    panel = window.recording_docks.problems.widget()
    assert panel.rows()[0] == (first.kind, first.label, first.position, first.text)
    assert panel.summary_text().startswith(f"✗ {len(problems)} problems")
    window.session.reset()
    _click_row(qtbot, panel.table, 0)
    assert timeline.position == first.position
    assert window.session.selected == first.node
    # the code panel says why, with the numbers; the canvas flags the node
    assert window.problem_note.isVisible()
    assert first.text in window.problem_note.text()
    assert "0.0" in window.problem_note.text()
    assert window.problem_flags.shown()[first.node] == "✗ order"
    window.session.back()  # before the bug: no flag, no reason
    assert first.node not in window.problem_flags.shown()
    assert not window.problem_note.isVisible()


def test_enter_on_a_problem_goes_to_its_step(window, files, qtbot):
    assert open_file(window, qtbot, files["order"])
    panel = window.recording_docks.problems.widget()
    last = window.recordings.problems[-1]
    window.session.reset()
    panel.table.setFocus()
    panel.table.setCurrentRow(len(panel.rows()) - 1)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.session.timeline.position == last.position


def test_a_20_pass_training_run_opens_on_its_last_pass_with_the_loss_of_each(window, files, qtbot):
    assert open_file(window, qtbot, files["training"])
    recording = window.recordings.recording
    assert window.recordings.current == 20
    assert window.session.timeline.trace is recording.passes[-1].trace
    assert "pass 20 of 20" in window.windowTitle()
    passes = window.recording_docks.passes.widget()
    assert passes.table.rowCount() == 20
    assert passes.row_texts(19)[:2] == ["20", recording.passes[-1].root]
    assert passes.row_texts(0)[4] == "0"  # the lecture's loop zeroes its grads: no problem
    plot = passes.loss_plot
    assert plot.isVisible()
    xs, ys = plot.curve.getData()
    assert list(xs) == list(range(1, 21))
    assert list(ys) == pytest.approx(recording.losses())
    plot.getPlotItem().vb.autoRange(padding=0.05)
    qtbot.wait(20)
    with qtbot.waitSignal(window.recordings.sig_pass):
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.point_position(2))
    assert window.recordings.current == 3
    assert window.session.timeline.trace is recording.passes[2].trace
    assert passes.table.selectedItems()[0].row() == 2
    assert plot.marker.data["x"][0] == 3
    qtbot.mouseClick(
        passes.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=passes.table.visualItemRect(passes.table.item(6, 0)).center(),
    )
    assert window.recordings.current == 7


def test_a_clean_program_shows_no_problems_found_and_no_mark(window, files, qtbot):
    assert open_file(window, qtbot, files["clean"])
    panel = window.recording_docks.problems.widget()
    assert panel.summary_text() == "No problems found in pass 1 of 1."
    assert "✗" not in panel.summary_text() and panel.rows() == []
    assert not window.problem_ticks.isVisible()
    assert window.problem_flags.shown() == {}
    assert not window.problem_note.isVisible()
    docks = window.recording_docks
    assert docks.problems.isVisible() and not docks.passes.isVisible()  # one pass: no list
    docks.passes.show()  # View > Passes
    passes = docks.passes.widget()
    assert passes.table.rowCount() == 1 and not passes.loss_plot.isVisible()


def test_a_truncated_file_is_a_clear_message_and_keeps_what_was_open(
    window, files, tmp_path, qtbot
):
    before = window.session.timeline
    cut = tmp_path / "cut.gradstep-rec.json"
    cut.write_text(files["order"].read_text()[:-100])
    assert not open_file(window, qtbot, cut)
    message = window.documents.error_dialog.message_label.text()
    assert "cut.gradstep-rec.json" in message and "truncated" in message
    assert window.session.timeline is before
    assert window.recordings.recording is None


def test_save_recording_writes_what_opens_again(window, files, tmp_path, qtbot):
    save = window.documents.recording_files.save_action
    assert not save.isEnabled()  # nothing recorded is open
    assert open_file(window, qtbot, files["training"])
    assert save.isEnabled()
    out = tmp_path / "copy.gradstep-rec.json"
    assert window.documents.recording_files.save_to(str(out))
    assert load_recording(out).losses() == window.recordings.recording.losses()
    assert open_file(window, qtbot, out)
    assert window.recordings.path == str(out)


def test_opening_an_example_after_a_recording_takes_its_marks_away(window, files, qtbot):
    assert open_file(window, qtbot, files["order"])
    window.load_example("neuron")
    assert window.recordings.recording is None
    assert not window.problem_ticks.isVisible()
    assert window.problem_flags.flags == {}
    panel = window.recording_docks.problems.widget()
    assert panel.rows() == [] and "Open a recording" in panel.summary_text()


def test_a_recording_file_is_listed_as_recent_at_once_and_written_after_its_open(
    window, files, qtbot
):
    from gui.files.recent_files import RecentFiles

    path = str(files["clean"])
    window.documents.recent.clear()  # written at once: nothing on disk
    opened = window.documents.recording_files.sig_done
    on_disk = []
    opened.connect(lambda _: on_disk.append(RecentFiles().paths()[:1]))
    assert open_file(window, qtbot, files["clean"])
    assert window.documents.recent.paths()[0] == path  # the menu lists it at once
    assert on_disk == [[]]  # the open's own call wrote nothing to disk
    qtbot.waitUntil(lambda: RecentFiles().paths()[:1] == [path])


def test_the_problems_panel_is_built_when_its_dock_first_shows_and_says_what_it_is_for(window):
    docks = window.recording_docks
    assert docks.problems.widget() is None  # not with the window: no recording yet
    docks.toggle_actions()[1].trigger()  # View > Problems
    panel = docks.problems.widget()
    assert panel is not None and panel.isVisible()
    assert panel.summary_text() == NO_RECORDING
    docks.problems.hide()
    docks.problems.show()
    assert docks.problems.widget() is panel  # built once
