"""The training panel: Train, Pause, Step, Reset, bad settings, restoring a step."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui.models.step_session import StepSession
from gui.models.training_session import TrainingSession
from gui.training.training_panel import TrainingPanel


@pytest.fixture
def panel(qtbot):
    session = StepSession()
    widget = TrainingPanel(TrainingSession(session))
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show()
    return widget


def choose(panel, name):
    panel.settings_form.example_box.setCurrentIndex(panel.settings_form.example_box.findData(name))


def wait_state(qtbot, panel, *states):
    qtbot.waitUntil(lambda: panel.training.state in states, timeout=10_000)


def test_train_runs_every_step_and_the_curve_gets_the_points(qtbot, panel):
    choose(panel, "lecture-mlp")
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, panel, "finished")
    qtbot.waitUntil(lambda: panel.loss_plot.drawn == 50)
    _, y = panel.loss_plot.curve.getData()
    np.testing.assert_array_equal(y, panel.training.history.loss)
    assert panel.slider.maximum() == 50 and "finished: step 50 of 50" in panel.status.text()


def test_pause_stops_at_once_and_step_takes_exactly_one(qtbot, panel):
    choose(panel, "xor-network")
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.training.trainer.done > 0)
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    done = panel.training.trainer.done
    assert panel.training.state == "paused" and done < 1500
    qtbot.wait(50)
    assert panel.training.trainer.done == done
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, panel, "paused")
    qtbot.waitUntil(lambda: panel.training.trainer.done == done + 1)


def test_reset_starts_over(qtbot, panel):
    choose(panel, "house-price")
    qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.training.trainer.done == 1)
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert panel.training.trainer.done == 0 and panel.loss_plot.drawn == 0


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("lr_edit", "0", "learning rate must be above 0"),
        ("lr_edit", "nan", "learning rate must be a number"),
        ("lr_edit", "fast", "learning rate must be a number, got 'fast'"),
        ("batch_box", 5, "batch size 5 is larger than the 4 samples of lecture-mlp"),
    ],
)
def test_bad_settings_are_refused_with_a_message(qtbot, panel, field, text, message):
    choose(panel, "lecture-mlp")
    widget = getattr(panel.settings_form, field)
    widget.setText(text) if isinstance(text, str) else widget.setValue(text)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    assert message in panel.status.text()
    assert not panel.training.running


def test_an_exploding_loss_stops_marks_the_step_and_names_the_node(qtbot, panel):
    choose(panel, "house-price")
    panel.settings_form.lr_edit.setText("10")
    panel.settings_form.steps_box.setValue(1000)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, panel, "stopped")
    h = panel.training.history
    k = len(h) - 1
    assert f"stopped at step {k}" in panel.status.text() and "node loss" in panel.status.text()
    qtbot.waitUntil(lambda: panel.loss_plot.nan_step == k)
    assert panel.loss_plot.nan_line.isVisible() and panel.loss_plot.nan_line.value() == k
    assert np.all(np.isfinite(h.loss[:k])) and panel.slider.maximum() == k + 1


def test_moving_the_slider_restores_the_model_and_opens_the_step(qtbot, panel):
    choose(panel, "lecture-mlp")
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, panel, "finished")
    panel.slider.setValue(7)
    assert panel.training.restored_step == 7
    assert f"{panel.training.history.loss[7]:.6g}" in panel.step_label.text()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    timeline = panel.training.session.timeline
    assert panel.training.session.title == "lecture-mlp: training step 7"
    loss = timeline.graph.nodes[timeline.graph.root].data
    assert loss == pytest.approx(panel.training.history.loss[7], abs=1e-12)


def test_moons_shows_a_decision_boundary_that_follows_training(qtbot, panel):
    choose(panel, "moons")
    assert panel.boundary.isVisible()
    panel.settings_form.steps_box.setValue(30)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, panel, "finished")
    qtbot.waitUntil(lambda: panel.training.restored_step == 30)
    setup, params = panel.training.setup, panel.training.history.params_at(30)
    scores = panel.boundary.scores
    assert scores is not None and np.allclose(
        scores.ravel(), setup.predict(params, panel.boundary._grid)
    )
    choose(panel, "lecture-mlp")
    assert not panel.boundary.isVisible()


def test_the_main_window_docks_the_panel_and_opens_a_trained_step(qtbot, tmp_path):
    from gui.app.main_window import MainWindow
    from gui.look.settings import Settings

    window = MainWindow(settings=Settings(str(tmp_path / "settings.ini")))
    window.remember = False
    qtbot.addWidget(window)
    window.show()
    assert not window.training_dock.isVisible() and window.training_dock.widget() is None
    window.training_dock.toggleViewAction().trigger()
    assert window.training_dock.isVisible()
    panel = window.training_dock.widget()
    choose(panel, "house-price")
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, panel, "finished")
    panel.slider.setValue(3)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert window.session.title == "house-price: training step 3"
    assert window.session.timeline.trace.params


def test_pausing_leaves_the_graph_being_stepped_alone(qtbot, panel):
    session = panel.training.session
    from engine.sources.examples import get_example

    assert session.load(get_example("neuron").build())
    session.seek(12)
    choose(panel, "moons")  # too big for the live canvas: the stepper keeps the neuron
    panel.settings_form.steps_box.setValue(100_000)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.training.trainer.done > 2, timeout=20_000)
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert session.title == get_example("neuron").build().title and session.timeline.position == 12
    assert "Open this step in the stepper" in panel.status.text()


def test_a_finished_run_opens_in_the_stepper_when_asked(qtbot, panel):
    choose(panel, "xor-network")
    panel.settings_form.steps_box.setValue(40)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, panel, "finished")
    session = panel.training.session
    qtbot.wait(50)
    assert session.title != "xor-network: training step 40"
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert session.title == "xor-network: training step 40"
    params = panel.training.history.params_at(40)
    trace = session.timeline.trace
    names = trace.graph.names
    w1 = [trace.initial_data[i] for i, name in enumerate(names) if name == "W1[0,0]"]
    assert w1 == [params[0]]


def test_a_run_replaced_while_it_compiles_is_compiled_in_turn(qtbot, panel):
    choose(panel, "moons")
    panel.settings_form.steps_box.setValue(3)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    assert panel.training.state in ("preparing", "running", "finished")
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, panel, "finished")
    assert panel.training.trainer.done == 3 and panel.training.trainer.prepared


def test_the_steps_box_refuses_zero_itself(qtbot, panel):
    panel.settings_form.steps_box.setValue(0)
    assert (
        panel.settings_form.steps_box.value() == 1 and panel.settings_form.steps_box.minimum() == 1
    )
    panel.settings_form.steps_box.lineEdit().selectAll()
    qtbot.keyClicks(panel.settings_form.steps_box, "0")
    panel.settings_form.steps_box.interpretText()
    assert panel.settings_form.steps_box.value() == 1
    assert panel.apply_settings() and panel.training.trainer.steps == 1


def test_after_train_on_the_command_line_the_form_shows_the_run_and_reset_trains_again(
    qtbot, tmp_path
):
    from gui.app.cli.options import parse_args
    from gui.app.cli.training import training_run
    from gui.app.main_window import MainWindow
    from gui.look.settings import Settings

    run, built, finished = training_run(
        parse_args(["--example", "lecture-mlp", "--train", "50"]), "lecture"
    )
    window = MainWindow(settings=Settings(str(tmp_path / "settings.ini")))
    window.remember = False
    qtbot.addWidget(window)
    window.load_built(built)
    window.training.adopt(run)  # as launch does for --train
    window.show()
    window.training_dock.show()
    panel = window.training_dock.widget()
    assert finished and panel.settings_form.example_box.currentData() == "lecture-mlp"
    assert (panel.settings_form.lr_edit.text(), panel.settings_form.steps_box.value(), panel.settings_form.batch_box.value()) == (
        "0.1", 50, 4,
    )  # fmt: skip
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert panel.training.trainer is not run and panel.training.trainer.done == 0
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, panel, "finished")
    np.testing.assert_allclose(panel.training.history.loss, run.history.loss, rtol=1e-12)
