"""The Problems panel fills a long list a batch at a time, and a short one at once, wrapped."""

import dataclasses

from engine.explain.diagnoses import Problem
from engine.sources.program.recording import Recording
from gui.models.recording_session import RecordingSession
from gui.models.step_session import StepSession
from gui.stepping.problems_panel import BATCH_ROWS, WRAPPED_UP_TO, ProblemsPanel
from tests.gui.recordings import order_bug


def _with_problems(folder, count):
    """The order bug's recording, its pass carrying ``count`` problems, one at each step."""
    recording = order_bug(folder)
    last = recording.passes[-1]
    steps = len(last.trace)
    problems = tuple(
        Problem("order", 0, f"v{i}", i % steps + 1, f"reason number {i}") for i in range(count)
    )
    return Recording((dataclasses.replace(last, problems=problems),), (), "many.py")


def _panel(qtbot, recording):
    session = StepSession()
    recordings = RecordingSession(session)
    panel = ProblemsPanel(session, recordings)
    qtbot.addWidget(panel)
    panel.show()
    assert recordings.load_recording(recording, "", "many.py")
    return session, panel


def test_thousands_of_problems_are_listed_a_batch_at_a_time_one_line_each(qtbot, tmp_path):
    count = 3 * BATCH_ROWS + 7
    session, panel = _panel(qtbot, _with_problems(tmp_path, count))
    assert panel.table.count() == BATCH_ROWS and panel.filling  # the rest comes later
    assert len(panel.rows()) == count
    assert panel.summary_text().startswith(f"✗ {count} problems")
    qtbot.waitUntil(lambda: not panel.filling, timeout=10_000)
    assert panel.table.count() == count
    assert panel.table.uniformItemSizes() and "\n" not in panel.row_text(count - 1)
    assert panel.row_text(count - 1).endswith(f"reason number {count - 1}")
    assert panel.table.item(count - 1).toolTip() == f"reason number {count - 1}"
    session.seek(5)
    assert panel.table.currentRow() == 4  # the first problem at step 5 is selected


def test_a_short_list_is_filled_at_once_with_each_reason_wrapped_under_its_heading(qtbot, tmp_path):
    _, panel = _panel(qtbot, _with_problems(tmp_path, WRAPPED_UP_TO))
    assert panel.table.count() == WRAPPED_UP_TO and not panel.filling
    assert not panel.table.uniformItemSizes() and panel.table.wordWrap()
    assert panel.row_text(0) == "✗ order · v0 · step 1\nreason number 0"
