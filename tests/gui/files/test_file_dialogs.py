"""The file dialogs every caller asks a path of: what the user picked, '' when cancelled."""

from PySide6.QtWidgets import QFileDialog, QWidget

from gui.files.file_dialogs import open_path, save_path


def test_open_path_is_the_picked_file_or_nothing_when_cancelled(qtbot, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    asked = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a: asked.append(a) or ("/tmp/x.py", "")
    )
    assert open_path(parent, "Open", "Programs (*.py)") == "/tmp/x.py"
    assert asked == [(parent, "Open", "", "Programs (*.py)")]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: ("", ""))
    assert open_path(parent, "Open", "Programs (*.py)") == ""


def test_save_path_offers_the_suggested_name_and_is_the_named_file(qtbot, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    asked = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a: asked.append(a) or ("/tmp/g.png", "")
    )
    assert save_path(parent, "Export PNG", "graph.png", "PNG image (*.png)") == "/tmp/g.png"
    assert asked == [(parent, "Export PNG", "graph.png", "PNG image (*.png)")]
