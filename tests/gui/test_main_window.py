from PySide6.QtWidgets import QMessageBox

from gui.main_window import MainWindow


def test_main_window_has_title_graph_area_and_about(qtbot, monkeypatch):
    window = MainWindow()
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda *args: shown.append(args[1:]))
    window.about_action.trigger()
    assert window.windowTitle() == "gradstep"
    assert window.centralWidget() is not None
    assert shown and "gradstep" in shown[0][0]
