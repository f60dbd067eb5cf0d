"""The loss plot: live points, second axis, log scale, NaN marker, click to pick a step."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

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
