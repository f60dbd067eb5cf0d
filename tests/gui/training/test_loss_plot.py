"""The loss plot: live points, second axis, log scale, NaN marker, click to pick a step."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.models.training_session import TrainingSession
from gui.training.loss_plot import LossPlot


@pytest.fixture
def trained(qtbot):
    training = TrainingSession()
    plot = LossPlot(training)
    qtbot.addWidget(plot)
    plot.resize(600, 400)
    plot.show()
    training.configure("lecture-mlp", steps=20)
    training.trainer.run(20)
    training.sig_progress.emit(20)
    return training, plot


def test_each_recorded_step_becomes_a_point(trained):
    training, plot = trained
    x, y = plot.curve.getData()
    np.testing.assert_array_equal(x, np.arange(20))
    np.testing.assert_array_equal(y, training.history.loss)


def test_the_second_axis_shows_accuracy_or_learning_rate(trained):
    training, plot = trained
    plot.set_second_axis("accuracy")
    assert plot.getPlotItem().getAxis("right").isVisible()
    np.testing.assert_array_equal(plot.second_curve.getData()[1], training.history.accuracy)
    plot.set_second_axis("learning rate")
    np.testing.assert_array_equal(plot.second_curve.getData()[1], [0.1] * 20)
    plot.set_second_axis("none")
    assert not plot.getPlotItem().getAxis("right").isVisible()
    with pytest.raises(ValueError, match="unknown second axis"):
        plot.set_second_axis("speed")


def test_log_scale_toggles(trained):
    _, plot = trained
    plot.set_log_scale(True)
    assert plot.getPlotItem().ctrl.logYCheck.isChecked()
    plot.set_log_scale(False)
    assert not plot.getPlotItem().ctrl.logYCheck.isChecked()


def test_clicking_a_point_emits_its_step_and_restores_the_model(qtbot, trained):
    training, plot = trained
    plot.sig_step_clicked.connect(training.restore)
    plot.getPlotItem().vb.autoRange(padding=0.05)
    qtbot.wait(20)
    with qtbot.waitSignal(plot.sig_step_clicked) as blocker:
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.point_position(12))
    assert blocker.args == [12]
    assert training.restored_step == 12
    assert plot.marker.data["x"][0] == 12


@pytest.fixture
def long_planned(qtbot):
    """700 steps taken of a planned 200,000."""
    training = TrainingSession()
    plot = LossPlot(training)
    qtbot.addWidget(plot)
    plot.resize(900, 400)
    plot.show()
    training.configure("house-price", steps=200_000)
    training.trainer.run(700)
    training.sig_progress.emit(700)
    qtbot.wait(20)
    return training, plot


def test_the_step_axis_follows_the_steps_taken_not_the_steps_planned(long_planned):
    _training, plot = long_planned
    (x0, x1), _ = plot.getPlotItem().vb.viewRange()
    assert x0 <= 0 and 699 <= x1 < 699 / 0.75 + 20
    first, last = plot.point_position(0), plot.point_position(699)
    assert last.x() - first.x() > 0.7 * plot.getPlotItem().vb.width()


def test_a_click_on_any_drawn_step_picks_exactly_that_step(qtbot, long_planned):
    _training, plot = long_planned
    picked = []
    plot.sig_step_clicked.connect(picked.append)
    steps = [0, 1, 2, 13, 350, 351, 698, 699]
    for step in steps:
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.point_position(step))
    assert picked == steps


def test_a_click_where_steps_share_a_pixel_picks_the_point_under_it(long_planned):
    training, plot = long_planned
    vb = plot.getPlotItem().vb
    vb.setXRange(0, 699, padding=0)
    vb.setYRange(0, float(training.history.loss[0]), padding=0)
    plot.resize(300, 400)  # about 3 steps per pixel
    from PySide6.QtCore import QPointF

    y = training.history.loss
    for step in (0, 1, 2, 3):  # the steep start: each step at its own height
        assert plot.step_at(QPointF(step, float(y[step]))) == step


def test_a_decimated_run_is_drawn_at_its_kept_steps_and_restores_the_nearest(qtbot, monkeypatch):
    from engine.training import runs

    monkeypatch.setattr(runs, "MIN_HISTORY_POINTS", 64)
    monkeypatch.setattr(runs, "HISTORY_BYTES", 64 * 8 * (2 + 4))
    from gui.models.step_session import StepSession

    training = TrainingSession(StepSession())
    plot = LossPlot(training)
    qtbot.addWidget(plot)
    plot.resize(900, 400)
    plot.show()
    training.configure("house-price", steps=5_000)
    training.trainer.run(5_000)
    training.sig_progress.emit(5_000)
    h = training.history
    assert h.decimated and len(h.loss) <= 64
    x, _y = plot.curve.getData()
    np.testing.assert_array_equal(x, h.steps)
    kept = int(h.steps[20])
    training.restore(kept + 1)
    assert training.restored_step == kept and plot.marker.data["x"][0] == kept
    picked = []
    plot.sig_step_clicked.connect(picked.append)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.point_position(kept))
    assert picked == [kept]
    assert training.open_in_stepper(kept + 1)  # a dropped step opens the nearest kept one
    assert training.session.title == f"house-price: training step {kept}"


def test_a_right_click_on_the_plot_opens_no_menu_and_none_is_built(qtbot, trained):
    _training, plot = trained
    plot.set_second_axis("accuracy")  # its view lies over the plot's: it met the click
    assert plot.getPlotItem().vb.menu is None
    assert plot.second_view.menu is None
    centre = plot.mapFromScene(plot.getPlotItem().vb.sceneBoundingRect().center())
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=centre)
    assert QApplication.activePopupWidget() is None
