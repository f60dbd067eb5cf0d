"""Training never freezes the window: a 5 ms timer keeps ticking while the model trains."""

import time

import pytest
from PySide6.QtCore import Qt, QTimer

from gui.canvas.graph_view import GraphView
from gui.models.step_session import StepSession
from gui.models.training_session import TrainingSession
from gui.training.training_panel import TrainingPanel

#: Generous, for a loaded CI machine: the issue's figure is 50 ms and
#: tests/benchmarks/training_speed.py prints the real one (about 20-30 ms here).
BOUND_SECONDS = 0.150


class GapMeter:
    """The longest gap between two ticks of a 5 ms timer."""

    def __init__(self):
        self.longest = 0.0
        self.ticks = 0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        """Measure from now on."""
        self._last = time.perf_counter()
        self.timer.start()

    def _on_tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self.ticks += 1
        self._last = now


@pytest.mark.parametrize(
    ("name", "steps"),
    [("xor-network", 6000), ("moons", 30)],  # canvas reloaded live; fast path compiled first
)
def test_training_with_plot_and_canvas_live_never_blocks_the_event_loop_long(qtbot, name, steps):
    session = StepSession()
    view = GraphView(session)
    panel = TrainingPanel(TrainingSession(session))
    for widget in (view, panel):
        qtbot.addWidget(widget)
        widget.show()
    view.resize(800, 500)
    panel.resize(520, 900)
    panel.settings_form.example_box.setCurrentIndex(panel.settings_form.example_box.findData(name))
    panel.settings_form.steps_box.setValue(steps)
    panel.second_box.setCurrentText("accuracy")
    qtbot.wait(50)
    meter = GapMeter()
    meter.start()
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.training.state == "finished", timeout=30_000)
    meter.timer.stop()
    assert panel.training.trainer.done == steps and panel.loss_plot.drawn > 0
    if name == "xor-network":  # the canvas really was reloaded while training
        assert panel.training.live_canvas.shown_step > 0
    assert meter.ticks > 10
    assert meter.longest < BOUND_SECONDS, f"the event loop was blocked {meter.longest:.3f} s"
