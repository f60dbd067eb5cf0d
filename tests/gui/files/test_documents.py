"""The window's files: open scripts and sessions, save, drop, the editor dock, the watched script."""

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from gui.app.main_window import MainWindow
from tests.gui.programs import RUN_MS, run_in_window

SCRIPTS = Path(__file__).resolve().parents[3] / "resources" / "examples"


@pytest.fixture
def window(qtbot):
    win = MainWindow()
    win.remember = False
    qtbot.addWidget(win)
    win.documents.editor.set_text("")  # no draft left by an earlier test
    win.show()
    return win


def origin(source):
    """A graph source as (kind, ref)."""
    return source.kind, source.ref


def file_menu_texts(win):
    (menu,) = [a.menu() for a in win.menuBar().actions() if a.text() == "&File"]
    return [a.text() for a in menu.actions()]


def test_file_menu_offers_open_recent_save_examples_and_editor(window):
    texts = file_menu_texts(window)
    for text in ("&Open…", "Open &Recent", "&Save Session…", "Browse &Examples…",
                 "E&xpression Editor"):  # fmt: skip
        assert text in texts


def test_open_script_runs_it_in_a_worker_loads_its_graph_and_remembers_it(window, qtbot):
    docs = window.documents
    assert run_in_window(qtbot, window, SCRIPTS / "neuron.py", docs.open_script)
    assert window.session.title == "neuron.py · pass 1 of 1"
    assert origin(docs.source.rebuildable) == ("script", str(SCRIPTS / "neuron.py"))
    assert docs.recent.paths()[0] == str(SCRIPTS / "neuron.py")
    assert docs.watch.path == str(SCRIPTS / "neuron.py")


def test_script_error_shows_its_traceback_and_keeps_the_graph(window, tmp_path, qtbot):
    window.load_example("expression")
    before = window.session.timeline
    bad = tmp_path / "bad.py"
    bad.write_text("def build():\n    return 1 / 0\n")
    assert not run_in_window(qtbot, window, bad)
    dialog = window.documents.error_dialog
    assert dialog.isVisible()
    assert "bad.py raised ZeroDivisionError" in dialog.message_label.text()
    assert "line 2, in build" in dialog.message_label.text()
    assert f'File "{bad}", line 2, in build' in dialog.traceback_text()
    assert window.session.timeline is before
    dialog.close()
    assert run_in_window(qtbot, window, SCRIPTS / "parabola.py")  # still working


def test_session_round_trip_restores_source_and_position(window, tmp_path):
    window.load_example("house-price")
    window.session.seek(20)
    path = tmp_path / "lesson.gradstep.json"
    assert window.documents.save_to(str(path))
    window.load_example("neuron")
    assert window.documents.open_session(str(path))
    assert origin(window.documents.source) == ("session", str(path))
    assert origin(window.documents.source.rebuildable) == ("example", "house-price")
    assert window.session.timeline.position == 20
    assert window.session.title == "lesson"


def test_expression_session_restores_the_editor_text(window, tmp_path):
    docs = window.documents
    assert docs.open_expression("a = 2; b = a * a")
    path = tmp_path / "e.gradstep.json"
    assert docs.save_to(str(path))
    docs.editor.set_text("")
    assert docs.open_session(str(path))
    assert docs.editor.text() == "a = 2; b = a * a"
    assert docs.dock.isVisible()


def test_invalid_session_is_reported_and_changes_nothing(window, tmp_path):
    window.load_example("neuron")
    window.session.seek(3)
    before = window.session.timeline
    path = tmp_path / "broken.gradstep.json"
    path.write_text('{"format": "gradstep-session", "version": 1, "source": {"kind": "exa')
    assert not window.documents.open_session(str(path))
    assert "truncated" in window.documents.error_dialog.message_label.text()
    assert window.session.timeline is before and before.position == 3


def test_session_naming_an_unknown_example_changes_nothing(window, tmp_path):
    window.load_example("neuron")
    before = window.session.timeline
    path = tmp_path / "old.gradstep.json"
    path.write_text('{"format": "gradstep-session", "version": 1, '
                    '"source": {"kind": "example", "name": "gone"}}')  # fmt: skip
    assert not window.documents.open_session(str(path))
    assert "gone" in window.documents.error_dialog.message_label.text()
    assert window.session.timeline is before


@pytest.mark.parametrize("where", ["window", "graph", "editor"])
def test_dropping_a_script_anywhere_on_the_window_opens_it(window, where, qtbot):
    target = {
        "window": window,
        "graph": window.graph_view.viewport(),
        "editor": window.documents.editor.edit.viewport(),
    }[where]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SCRIPTS / "accumulate.py"))])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(target.rect().center(), actions, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(target.rect().center()), actions, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    with qtbot.waitSignal(window.documents.programs.sig_done, timeout=RUN_MS):
        QApplication.sendEvent(target, drop)
    assert window.session.title == "accumulate.py · pass 1 of 1"
    assert window.documents.editor.text() == ""  # not pasted as text


def test_dropped_text_that_is_not_a_file_is_left_alone(window):
    mime = QMimeData()
    mime.setText("x = 1")
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    assert not window.documents.eventFilter(window, enter)


def test_ctrl_enter_in_the_editor_dock_loads_the_expression(window, qtbot):
    window.documents.editor_action.trigger()
    editor = window.documents.editor
    assert editor.isVisible()
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "x = 3; y = x*x + 1")
    with qtbot.waitSignal(window.session.sig_loaded):
        qtbot.keyClick(editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.graph.nodes[window.session.timeline.graph.root].data == 10.0
    assert origin(window.documents.source) == ("expression", "x = 3; y = x*x + 1")


def test_edited_script_reloads_keeping_the_step_position(window, qtbot, tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("from engine.autograd.value import Value\nroot = Value(2.0) * Value(3.0)\n")
    assert run_in_window(qtbot, window, path)
    window.session.seek(4)
    with qtbot.waitSignal(window.documents.programs.sig_done, timeout=RUN_MS):
        path.write_text("from engine.autograd.value import Value\nroot = Value(5.0) * Value(3.0)\n")
    timeline = window.session.timeline
    assert timeline.graph.nodes[timeline.graph.root].data == 15.0
    assert timeline.position == 4


def test_examples_dialog_loads_the_chosen_example_and_it_can_be_saved(window, tmp_path):
    dialog = window.documents.show_examples()
    dialog.select("tree-linear")
    dialog._on_open()
    assert origin(window.documents.source) == ("example", "tree-linear")
    assert window.documents.save_to(str(tmp_path / "t.gradstep.json"))


def test_nothing_loaded_cannot_be_saved(window, tmp_path):
    assert not window.documents.save_to(str(tmp_path / "x.gradstep.json"))
    assert "Nothing to save" in window.documents.error_dialog.message_label.text()


def test_the_training_runs_history_is_saved_with_the_session(window, tmp_path):
    window.training.configure("xor-network", steps=3)
    window.training.trainer.run(3)
    window.load_example("house-price")
    path = tmp_path / "h.gradstep.json"
    assert window.documents.save_to(str(path))
    from engine.sources.session_file import load_session

    history = load_session(path).history
    assert history["loss"] == tuple(window.training.history.loss) and len(history["loss"]) == 3
    assert history["lr"] == tuple(window.training.history.lr)


def test_a_shown_saved_history_is_saved_again_nan_included(window, tmp_path):
    window.training.show_saved_history({"loss": [3.2761, None], "accuracy": [0.5, 1.0]})
    window.load_example("house-price")
    path = tmp_path / "h.gradstep.json"
    assert window.documents.save_to(str(path))
    from engine.sources.session_file import load_session

    history = load_session(path).history
    assert history["accuracy"] == (0.5, 1.0)
    assert history["loss"][0] == 3.2761 and history["loss"][1] != history["loss"][1]  # nan


def test_presentation_hides_the_editor_and_brings_it_back(window):
    window.documents.dock.show()
    window.set_presentation(True, fullscreen=False)
    assert not window.documents.dock.isVisible()
    window.set_presentation(False)
    assert window.documents.dock.isVisible()


def test_command_line_script_is_watched_remembered_and_can_be_saved(window, tmp_path):
    from engine.sources.expr import build_expression
    from gui.app.cli import parse_args
    from gui.app.cli_program import open_program
    from gui.app.launch import open_recorded_pass

    path = str(SCRIPTS / "parabola.py")
    # what gui.app.launch does for FILE: run it in a worker, open its recording
    assert open_recorded_pass(window, open_program(parse_args([path])))
    window.documents.remember(window.session.source)
    assert window.documents.watch.path == path
    assert window.documents.recent.paths()[0] == path
    assert window.documents.save_to(str(tmp_path / "p.gradstep.json"))
    window.load_built(build_expression("a = 1"))  # --expr
    window.documents.remember(window.session.source)
    assert window.documents.watch.path is None
    assert window.documents.editor.text() == "a = 1"


def test_typed_program_survives_a_restart_as_a_draft(qtbot):
    first = MainWindow()
    first.remember = False
    qtbot.addWidget(first)
    first.documents.editor.set_text("a = 2; b = a * 7")
    first.close()
    second = MainWindow()
    second.remember = False
    qtbot.addWidget(second)
    assert second.documents.editor.text() == "a = 2; b = a * 7"
    second.documents.editor.set_text("")  # leave the shared test settings clean


def test_session_restores_the_zoom_and_the_selected_node(window, tmp_path):
    window.load_example("neuron")
    window.graph_view.resetTransform()
    window.graph_view.scale(1.75, 1.75)
    window.session.select(2)
    path = tmp_path / "z.gradstep.json"
    assert window.documents.save_to(str(path))
    window.graph_view.resetTransform()
    window.load_example("expression")
    assert window.documents.open_session(str(path))
    assert window.graph_view.transform().m11() == pytest.approx(1.75)
    assert window.session.selected == 2


def test_parabola_note_with_both_slopes_is_shown_in_the_status_bar(window):
    window.load_example("parabola")
    text = window.documents.note_label.text()
    assert "14.000300000063248" in text and "x.grad = 14.0" in text
    window.load_example("neuron")
    assert window.documents.note_label.text() == ""


def test_a_recent_file_that_is_gone_is_reported_and_forgotten(window, tmp_path):
    gone = str(tmp_path / "gone.py")
    window.documents.recent.add(gone)
    assert not window.documents.open_path(gone)
    assert "no such file" in window.documents.error_dialog.message_label.text()
    assert gone not in window.documents.recent.paths()


def test_a_saved_sessions_training_history_shows_again_in_a_new_window(qtbot, window, tmp_path):
    window.training.configure("xor-network", steps=5)
    window.training.trainer.run(5)
    losses = np.array(window.training.history.loss)
    window.load_example("house-price")
    path = tmp_path / "h.gradstep.json"
    assert window.documents.save_to(str(path))
    fresh = MainWindow()
    fresh.remember = False
    qtbot.addWidget(fresh)
    fresh.show()
    assert fresh.training.history is None and not fresh.training_dock.isVisible()
    assert fresh.documents.open_session(str(path))
    assert fresh.training_dock.isVisible()  # the saved run is shown, not just kept
    panel = fresh.training_dock.widget()
    assert panel.loss_plot.drawn == 5
    np.testing.assert_array_equal(panel.loss_plot.curve.getData()[1], losses)
    assert "a saved run of 5 steps" in panel.status.text()
    assert panel.step_label.text().startswith(f"step 4: loss {losses[4]:.6g}")
    assert fresh.session.title == "h" and panel.training.trainer is None
    assert not panel.open_button.isEnabled()  # a saved run has no parameters to open
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)  # Train: a new run
    assert panel.training.trainer is not None and panel.training.saved_history is None
    panel.training.pause()
    assert panel.open_button.isEnabled()


def test_examples_dialog_can_open_the_example_as_a_script(window, qtbot):
    dialog = window.documents.show_examples()
    dialog.select("xor-network")
    with qtbot.waitSignal(window.documents.programs.sig_done, timeout=RUN_MS) as done:
        dialog.script_button.click()
    assert done.args == [True]
    assert window.session.title == "xor_network.py · pass 1 of 1"
    script = str(SCRIPTS / "xor_network.py")
    assert origin(window.documents.source.rebuildable) == ("script", script)


def test_save_and_reopen_keeps_the_parameters_the_graph_was_built_with(window, tmp_path):
    from engine.sources.session_file import load_session

    window.load_example("house-price")
    window.session.seek(len(window.session.timeline))  # after the update step
    path = tmp_path / "h.gradstep.json"
    assert window.documents.save_to(str(path))
    first = load_session(path).parameters
    assert first == (0.09, -0.9)  # seed 002's starting w and b, not the updated ones
    assert window.documents.open_session(str(path))
    window.session.seek(len(window.session.timeline))
    assert window.documents.save_to(str(path))
    assert load_session(path).parameters == first  # no SGD step per save/reopen cycle
