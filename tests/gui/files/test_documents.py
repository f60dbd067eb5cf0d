"""The window's files: open scripts, examples, expressions, recent files, drops, the watched script."""

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.gui.files.conftest import origin
from tests.gui.programs import RUN_MS, run_in_window

SCRIPTS = Path(__file__).resolve().parents[3] / "resources" / "examples"


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
    window.documents.dock.toggle_action.trigger()
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
    assert window.documents.sessions.save_to(str(tmp_path / "t.gradstep.json"))


def test_command_line_script_is_watched_remembered_and_can_be_saved(window, tmp_path):
    from engine.sources.expr import build_expression
    from gui.app.cli.options import parse_args
    from gui.app.cli.program import open_program
    from gui.app.window_opening import open_recorded_pass

    path = str(SCRIPTS / "parabola.py")
    # what gui.app.launch does for FILE: run it in a worker, open its recording
    assert open_recorded_pass(window, open_program(parse_args([path])))
    window.documents.remember(window.session.source)
    assert window.documents.watch.path == path
    assert window.documents.recent.paths()[0] == path
    assert window.documents.sessions.save_to(str(tmp_path / "p.gradstep.json"))
    window.load_built(build_expression("a = 1"))  # --expr
    window.documents.remember(window.session.source)
    assert window.documents.watch.path is None
    assert window.documents.editor.text() == "a = 1"


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


def test_examples_dialog_can_open_the_example_as_a_script(window, qtbot):
    dialog = window.documents.show_examples()
    dialog.select("xor-network")
    with qtbot.waitSignal(window.documents.programs.sig_done, timeout=RUN_MS) as done:
        dialog.script_button.click()
    assert done.args == [True]
    assert window.session.title == "xor_network.py · pass 1 of 1"
    script = str(SCRIPTS / "xor_network.py")
    assert origin(window.documents.source.rebuildable) == ("script", script)
