"""The user's programs through the real window: run in a worker, never in the app's process.

Each test opens a program as File > Open does and lets Qt's event loop run while the worker
works; the window must stay alive whatever the program does, and keep what was open when
the program fails.
"""

import json
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.app.main_window import MainWindow
from tests.engine.sources.program.programs import NEURON, lecture_value
from tests.gui.programs import RUN_MS, run_in_window

# gradstep's own Value, with the worker's process id in a node's label
PID_SCRIPT = """
import os
from engine.autograd.value import Value
x = Value(2.0, label=f"pid{os.getpid()}")
root = x * Value(3.0, label="w")
"""
ENDLESS = "from engine.autograd.value import Value\nwhile True:\n    pass\n"


@pytest.fixture
def window(qtbot):
    win = MainWindow()
    win.remember = False
    qtbot.addWidget(win)
    win.show()
    win.load_example("neuron")  # what was open before the program
    return win


def _kept_neuron(window):
    """The example opened before is still the graph stepped, and the window still works."""
    assert window.session.source.ref == "neuron"
    before = window.session.timeline.position
    window.step_action.trigger()
    return window.session.timeline.position == before + 1


def _failure_text(window):
    dialog = window.documents.error_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog.message_label.text()


def test_a_script_runs_in_a_worker_process_not_in_the_apps(window, qtbot, tmp_path):
    script = tmp_path / "pid.py"
    script.write_text(PID_SCRIPT)
    assert run_in_window(qtbot, window, script)
    labels = window.session.timeline.graph.labels
    (pid_label,) = [label for label in labels if label.startswith("pid")]
    assert int(pid_label.removeprefix("pid")) != os.getpid()
    assert window.recordings.title == "pid.py"


def test_a_notebook_opens_on_its_passes_and_says_which_cell_raised(window, qtbot, tmp_path):
    cells = ["import not_installed_anywhere", lecture_value(), NEURON]
    notebook = tmp_path / "lesson.ipynb"
    notebook.write_text(json.dumps({
        "cells": [{"cell_type": "code", "source": c, "metadata": {}, "outputs": [],
                   "execution_count": None} for c in cells],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }))  # fmt: skip
    assert run_in_window(qtbot, window, notebook)
    assert window.session.title == "lesson.ipynb · pass 1 of 1"
    note = window.documents.note_label.text()
    assert note.startswith("⚠ lesson.ipynb: cell 1 raised ModuleNotFoundError")
    assert "not_installed_anywhere" in window.documents.note_label.toolTip()


def test_a_script_that_calls_os_exit_leaves_the_window_alive_with_a_message(
    window, qtbot, tmp_path
):
    script = tmp_path / "quits.py"
    script.write_text("import os\nx = 1\nos._exit(3)\n")
    assert not run_in_window(qtbot, window, script)
    text = _failure_text(window)
    assert "quits.py called os._exit(3) at line 3" in text
    assert "What was open stays open" in text
    assert window.documents.note_label.text() == "⚠ quits.py called os._exit(3) at line 3"
    assert _kept_neuron(window)


def test_an_endless_loop_is_stopped_at_the_timeout_and_the_graph_stays(window, qtbot, tmp_path):
    window.set_program_timeout(1.0, remember=False)
    script = tmp_path / "loops.py"
    script.write_text(ENDLESS)
    assert not run_in_window(qtbot, window, script)
    text = _failure_text(window)
    assert "loops.py was still running after 1 s" in text and "line 2" in text
    assert _kept_neuron(window)


def test_cancel_stops_the_program_and_keeps_what_was_open(window, qtbot, tmp_path):
    script = tmp_path / "loops.py"
    script.write_text(ENDLESS)
    progress = window.documents.run_progress
    with qtbot.waitSignal(window.documents.programs.sig_done, timeout=RUN_MS) as done:
        window.documents.open_path(str(script))
        assert progress.isVisible() and progress.label.text().startswith("Running loops.py")
        assert _kept_neuron(window)  # the window steps while the program runs
        qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
    assert done.args == [False]
    assert not progress.isVisible()
    assert "loops.py was cancelled" in window.documents.note_label.text()
    assert window.documents.error_dialog is None
    assert _kept_neuron(window)


def test_esc_cancels_a_running_program(window, qtbot, tmp_path):
    script = tmp_path / "loops.py"
    script.write_text(ENDLESS)
    with qtbot.waitSignal(window.documents.programs.sig_done, timeout=RUN_MS) as done:
        window.documents.open_path(str(script))
        QTest.keyClick(window.graph_view.viewport(), Qt.Key.Key_Escape)
    assert done.args == [False]
    assert not window.leave_action.isEnabled()  # Esc is others' again


def test_a_failing_script_stays_watched_and_saving_the_fix_opens_it(window, qtbot, tmp_path):
    script = tmp_path / "mine.py"
    script.write_text("from engine.autograd.value import Value\nroot = Value(2.0) * oops\n")
    assert not run_in_window(qtbot, window, script)
    assert "mine.py raised NameError" in _failure_text(window)
    window.documents.error_dialog.close()
    assert window.documents.watch.path == str(script)
    with qtbot.waitSignal(window.documents.programs.sig_done, timeout=RUN_MS) as done:
        script.write_text("from engine.autograd.value import Value\nroot = Value(2.0) * 4.0\n")
    assert done.args == [True]
    graph = window.session.timeline.graph
    assert graph.nodes[graph.root].data == 8.0
