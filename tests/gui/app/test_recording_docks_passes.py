"""The pass list, built with the first multi-pass open: its last pass selected and in view."""

import sys

import pytest

import gui.app.recording_docks
from gui.training.passes_panel import PassesPanel
from tests.gui.recordings import open_file, saved, training
from tests.gui.windows import shown_window


@pytest.fixture(scope="module")
def train_file(tmp_path_factory):
    """A 20-pass training loop's recording file."""
    folder = tmp_path_factory.mktemp("recordings")
    return saved(training(folder, steps=20), folder, "train")


def test_the_pass_list_is_built_with_the_first_multi_pass_open_not_at_launch(qtbot, train_file):
    window = shown_window(qtbot, size=(1400, 900))
    docks = window.recording_docks
    assert docks.passes.widget() is None
    assert open_file(window, qtbot, train_file)
    panel = docks.passes.widget()
    assert isinstance(panel, PassesPanel) and docks.passes.isVisible()
    assert panel.table.rowCount() == 20 and panel.loss_plot.isVisible()


def _in_view(table, row: int) -> bool:
    rect = table.visualItemRect(table.item(row, 0))
    return rect.top() >= 0 and rect.bottom() < table.viewport().height()


def test_the_first_open_shows_its_last_pass_selected_and_in_view_as_later_opens_do(
    qtbot, train_file
):
    window = shown_window(qtbot)
    docks = window.recording_docks
    for _ in range(2):  # the first open, then a later one
        assert open_file(window, qtbot, train_file)
        table = docks.passes.widget().table
        qtbot.waitUntil(lambda t=table: t.viewport().height() < 400)  # laid out in its dock
        assert [i.row() for i in table.selectionModel().selectedRows()] == [19]
        assert _in_view(table, 19)
        window.load_example("neuron")


def test_a_list_scrolled_away_from_its_pass_stays_where_the_user_put_it_when_resized(
    qtbot, train_file
):
    window = shown_window(qtbot)
    assert open_file(window, qtbot, train_file)
    table = window.recording_docks.passes.widget().table
    table.scrollToTop()
    assert not _in_view(table, 19)
    table.resize(table.width(), table.height() + 30)
    assert table.verticalScrollBar().value() == 0
    table.scrollToBottom()
    table.resize(table.width(), table.height() - 60)  # its pass in view: kept in view
    assert _in_view(table, 19)


def test_a_program_run_or_a_recording_file_read_imports_the_panels_before_its_open(
    qtbot, train_file, monkeypatch
):
    # the panels' modules (pyqtgraph) load while the worker runs or the file is read, so the
    # open that shows the result imports nothing; stood in for by a module not yet loaded
    window = shown_window(qtbot)
    monkeypatch.setattr(gui.app.recording_docks, "PANEL_MODULES", ("json.tool",))
    for start in (
        lambda: window.runs.sig_started.emit("script.py"),
        lambda: window.documents.recording_files.open_recording(str(train_file)),
    ):
        sys.modules.pop("json.tool", None)
        start()
        assert "json.tool" not in sys.modules  # not in the call: the event loop's next turn
        qtbot.waitUntil(lambda: "json.tool" in sys.modules, timeout=5000)
    qtbot.waitUntil(lambda: window.recordings.recording is not None, timeout=10_000)


def test_a_panel_module_that_cannot_be_imported_ahead_is_logged_and_shown_at_first_use(
    qtbot, train_file, monkeypatch, caplog
):
    window = shown_window(qtbot)
    monkeypatch.setattr(gui.app.recording_docks, "PANEL_MODULES", ("gradstep_no_such_module",))
    window.runs.sig_started.emit("script.py")
    qtbot.waitUntil(lambda: "gradstep_no_such_module" in caplog.text, timeout=5000)
    assert "ModuleNotFoundError" in caplog.text
    assert open_file(window, qtbot, train_file)  # the window goes on: the open works
