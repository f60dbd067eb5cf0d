"""The expression editor dock: what is typed survives a restart as a draft."""

from PySide6.QtWidgets import QMainWindow

from gui.files.expression_dock import ExpressionDock


def docked(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    dock = ExpressionDock(window)
    window.show()
    return dock


def test_typed_program_survives_a_restart_as_a_draft(qtbot):
    first = docked(qtbot)
    first.editor.set_text("a = 2; b = a * 7")
    first.parentWidget().close()
    second = docked(qtbot)
    assert second.editor.text() == "a = 2; b = a * 7"
    second.editor.set_text("")  # leave the shared test settings clean


def test_text_shown_without_keeping_it_leaves_the_draft(qtbot):
    dock = docked(qtbot)
    dock.editor.set_text("a = 1")
    dock.show_text("b = 2", keep_draft=False)
    assert dock.isVisible() and dock.editor.text() == "b = 2"
    assert docked(qtbot).editor.text() == "a = 1"
    dock.show_text("")  # kept: leave the shared test settings clean
