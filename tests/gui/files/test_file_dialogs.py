"""The file dialogs every caller asks a path of: what the user picked, '' when cancelled."""

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.files.file_dialogs import open_path, save_path

OPEN = (open_path, "getOpenFileName", ("Open", "Programs (*.py)"), ("Open", "", "Programs (*.py)"))
SAVE = (
    save_path,
    "getSaveFileName",
    ("Export PNG", "graph.png", "PNG image (*.png)"),
    ("Export PNG", "graph.png", "PNG image (*.png)"),
)


@pytest.mark.parametrize("case", [OPEN, SAVE], ids=["open", "save"])
def test_a_dialog_gives_the_picked_path_or_nothing_when_cancelled(qtbot, monkeypatch, case):
    ask, method, args, forwarded = case
    parent = QWidget()
    qtbot.addWidget(parent)
    asked = []
    monkeypatch.setattr(QFileDialog, method, lambda *a: asked.append(a) or ("/tmp/x", ""))
    assert ask(parent, *args) == "/tmp/x"
    assert asked == [(parent, *forwarded)]
    monkeypatch.setattr(QFileDialog, method, lambda *a: ("", ""))
    assert ask(parent, *args) == ""
