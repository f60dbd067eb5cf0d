"""Session files in the window: saved and opened again as they were, or refused unchanged."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.sources.session_file import load_session
from gui.app.main_window import MainWindow
from tests.gui.files.conftest import origin


def test_session_round_trip_restores_source_and_position(window, tmp_path):
    window.load_example("house-price")
    window.session.seek(20)
    path = tmp_path / "lesson.gradstep.json"
    assert window.documents.sessions.save_to(str(path))
    window.load_example("neuron")
    assert window.documents.sessions.open_session(str(path))
    assert origin(window.documents.source) == ("session", str(path))
    assert origin(window.documents.source.rebuildable) == ("example", "house-price")
    assert window.session.timeline.position == 20
    assert window.session.title == "lesson"


def test_expression_session_restores_the_editor_text(window, tmp_path):
    docs = window.documents
    assert docs.open_expression("a = 2; b = a * a")
    path = tmp_path / "e.gradstep.json"
    assert docs.sessions.save_to(str(path))
    docs.editor.set_text("")
    assert docs.sessions.open_session(str(path))
    assert docs.editor.text() == "a = 2; b = a * a"
    assert docs.dock.isVisible()


def test_invalid_session_is_reported_and_changes_nothing(window, tmp_path):
    window.load_example("neuron")
    window.session.seek(3)
    before = window.session.timeline
    path = tmp_path / "broken.gradstep.json"
    path.write_text('{"format": "gradstep-session", "version": 1, "source": {"kind": "exa')
    assert not window.documents.sessions.open_session(str(path))
    assert "truncated" in window.documents.error_dialog.message_label.text()
    assert window.session.timeline is before and before.position == 3


def test_session_naming_an_unknown_example_changes_nothing(window, tmp_path):
    window.load_example("neuron")
    before = window.session.timeline
    path = tmp_path / "old.gradstep.json"
    path.write_text('{"format": "gradstep-session", "version": 1, '
                    '"source": {"kind": "example", "name": "gone"}}')  # fmt: skip
    assert not window.documents.sessions.open_session(str(path))
    assert "gone" in window.documents.error_dialog.message_label.text()
    assert window.session.timeline is before


def test_nothing_loaded_cannot_be_saved(window, tmp_path):
    assert not window.documents.sessions.save_to(str(tmp_path / "x.gradstep.json"))
    assert "Nothing to save" in window.documents.error_dialog.message_label.text()


def test_the_training_runs_history_is_saved_with_the_session(window, tmp_path):
    window.training.configure("xor-network", steps=3)
    window.training.trainer.run(3)
    window.load_example("house-price")
    path = tmp_path / "h.gradstep.json"
    assert window.documents.sessions.save_to(str(path))
    history = load_session(path).history
    assert history["loss"] == tuple(window.training.history.loss) and len(history["loss"]) == 3
    assert history["lr"] == tuple(window.training.history.lr)


def test_a_shown_saved_history_is_saved_again_nan_included(window, tmp_path):
    window.training.show_saved_history({"loss": [3.2761, None], "accuracy": [0.5, 1.0]})
    window.load_example("house-price")
    path = tmp_path / "h.gradstep.json"
    assert window.documents.sessions.save_to(str(path))
    history = load_session(path).history
    assert history["accuracy"] == (0.5, 1.0)
    assert history["loss"][0] == 3.2761 and history["loss"][1] != history["loss"][1]  # nan


def test_session_restores_the_zoom_and_the_selected_node(window, tmp_path):
    window.load_example("neuron")
    window.graph_view.resetTransform()
    window.graph_view.scale(1.75, 1.75)
    window.session.select(2)
    path = tmp_path / "z.gradstep.json"
    assert window.documents.sessions.save_to(str(path))
    window.graph_view.resetTransform()
    window.load_example("expression")
    assert window.documents.sessions.open_session(str(path))
    assert window.graph_view.transform().m11() == pytest.approx(1.75)
    assert window.session.selected == 2


def test_a_saved_sessions_training_history_shows_again_in_a_new_window(qtbot, window, tmp_path):
    window.training.configure("xor-network", steps=5)
    window.training.trainer.run(5)
    losses = np.array(window.training.history.loss)
    window.load_example("house-price")
    path = tmp_path / "h.gradstep.json"
    assert window.documents.sessions.save_to(str(path))
    fresh = MainWindow()
    fresh.remember = False
    qtbot.addWidget(fresh)
    fresh.show()
    assert fresh.training.history is None and not fresh.training_dock.isVisible()
    assert fresh.documents.sessions.open_session(str(path))
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


def test_save_and_reopen_keeps_the_parameters_the_graph_was_built_with(window, tmp_path):
    window.load_example("house-price")
    window.session.seek(len(window.session.timeline))  # after the update step
    path = tmp_path / "h.gradstep.json"
    assert window.documents.sessions.save_to(str(path))
    first = load_session(path).parameters
    assert first == (0.09, -0.9)  # seed 002's starting w and b, not the updated ones
    assert window.documents.sessions.open_session(str(path))
    window.session.seek(len(window.session.timeline))
    assert window.documents.sessions.save_to(str(path))
    assert load_session(path).parameters == first  # no SGD step per save/reopen cycle
