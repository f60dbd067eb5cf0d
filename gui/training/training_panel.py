"""The training panel: pick a setup and settings, train live, travel back to any step."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from engine.trace.trace import FORWARD
from engine.training.setups import get_setup
from gui.models.training_session import TrainingSession
from gui.training.decision_boundary import DecisionBoundary
from gui.training.loss_plot import SECOND_AXES, LossPlot
from gui.training.settings_form import TrainingSettingsForm

#: Graphs up to about this many nodes open in the stepper as soon as a step is picked.
AUTO_OPEN_LIMIT = 2000
FOLLOW_MS = 200  # redraw the decision boundary at most this often while training


class TrainingPanel(QWidget):
    """Settings, Train / Pause / Step / Reset, the loss plot, a step slider, the boundary."""

    def __init__(self, training: TrainingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.training = training
        self.settings_form = TrainingSettingsForm()
        self.settings_form.sig_example_chosen.connect(self._on_example_chosen)
        self._build_buttons()
        self.loss_plot = LossPlot(training)
        self.loss_plot.setMinimumHeight(180)
        self._build_plot_options()
        self._build_slider()
        self.boundary = DecisionBoundary()
        self.boundary.setMinimumHeight(200)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        # room for three lines from the start: a longer message must not resize (and so
        # re-render) the plots below it while training
        self.status.setMinimumHeight(3 * self.status.fontMetrics().lineSpacing() + 4)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.settings_form)
        layout.addLayout(self.buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.loss_plot, 2)
        layout.addLayout(self.plot_options)
        layout.addLayout(self.slider_row)
        layout.addWidget(self.open_button)
        layout.addWidget(self.boundary, 2)
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_MS)
        self._follow.timeout.connect(self._on_follow)
        training.sig_reset.connect(self._on_reset)
        training.sig_progress.connect(self._on_progress)
        training.sig_state.connect(self._on_state)
        training.sig_restored.connect(self._on_restored)
        training.sig_error.connect(self._on_error)
        training.live_canvas.sig_note.connect(self._on_canvas_note)
        self.loss_plot.sig_step_clicked.connect(self._on_step_picked)
        if training.history is None:
            self._on_example_chosen()
        else:  # built for a run already under way (after --train) or a saved run's history
            self._on_reset()
            last = len(training.history) - (training.trainer is None)  # saved: no model after
            self.slider.setMaximum(last)
            self.slider.setValue(training.restored_step)
            self._on_state(training.state)

    # ---------------------------------------------------------------- widgets

    def _build_buttons(self) -> None:
        self.train_button = QPushButton("Train")
        self.pause_button = QPushButton("Pause")
        self.step_button = QPushButton("Step")
        self.reset_button = QPushButton("Reset")
        self.train_button.clicked.connect(self._on_train)
        self.pause_button.clicked.connect(self.training.pause)
        self.step_button.clicked.connect(self._on_step)
        self.reset_button.clicked.connect(self.apply_settings)
        self.buttons = QHBoxLayout()
        for b in (self.train_button, self.pause_button, self.step_button, self.reset_button):
            self.buttons.addWidget(b)

    def _build_plot_options(self) -> None:
        self.second_box = QComboBox()
        self.second_box.addItems(SECOND_AXES)
        self.second_box.currentTextChanged.connect(self.loss_plot.set_second_axis)
        self.log_box = QCheckBox("Log scale")
        self.log_box.toggled.connect(self.loss_plot.set_log_scale)
        self.plot_options = QHBoxLayout()
        self.plot_options.addWidget(QLabel("Right axis"))
        self.plot_options.addWidget(self.second_box)
        self.plot_options.addWidget(self.log_box)
        self.plot_options.addStretch(1)

    def _build_slider(self) -> None:
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self._on_slider)
        self.slider.sliderReleased.connect(lambda: self._auto_open(self.slider.value()))
        self.step_label = QLabel("step 0")
        self.step_label.setMinimumWidth(220)
        self.slider_row = QHBoxLayout()
        self.slider_row.addWidget(self.slider, 1)
        self.slider_row.addWidget(self.step_label)
        self.open_button = QPushButton("Open this step in the stepper")
        self.open_button.clicked.connect(self._on_open)
        self.open_button.setEnabled(self.training.session is not None)

    # ---------------------------------------------------------------- settings

    def _on_example_chosen(self) -> None:
        self.settings_form.fill(get_setup(self.settings_form.example()))
        self.apply_settings()

    def apply_settings(self) -> bool:
        """Start a new run of the chosen example with the settings shown (Reset)."""
        try:
            name, settings = self.settings_form.shown()
        except ValueError as exc:
            self.training.report(f"Cannot train: {exc}")
            return False
        return self.training.configure(name, **settings)

    def _fresh_or_applied(self) -> bool:
        """Settings edited before the first step take effect; a run under way keeps its own."""
        t = self.training.trainer
        if t is not None and t.done > 0:
            return True
        try:
            if self.settings_form.shown() == self.training.settings:
                return True
        except ValueError:
            pass  # apply_settings shows the message
        return self.apply_settings()

    # ---------------------------------------------------------------- actions

    def _on_train(self) -> None:
        if self._fresh_or_applied():
            self.training.train()

    def _on_step(self) -> None:
        if self._fresh_or_applied():
            self.training.step_once()

    def _on_open(self) -> None:
        self.training.open_in_stepper(self.slider.value())

    def _on_step_picked(self, step: int) -> None:
        self.slider.setValue(step)
        self._auto_open(step)

    def _auto_open(self, step: int) -> None:
        setup = self.training.setup
        if setup is None or len(setup.initial_params()) * setup.n_samples > AUTO_OPEN_LIMIT:
            return
        if self.training.open_in_stepper(step):  # the forward pass done: every node has data
            self.training.session.seek_phase_end(FORWARD)

    # ---------------------------------------------------------------- updates

    def _on_reset(self) -> None:
        setup = self.training.setup
        if setup is None:
            self._show_saved_history()
            return
        # a run started elsewhere (--train, or before this panel was built) brings its own
        self.settings_form.select_example(setup.name)
        self.settings_form.show_run(setup, self.training.settings[1])
        self.open_button.setEnabled(self.training.session is not None)
        self.boundary.set_setup(setup)
        self.boundary.setVisible(DecisionBoundary.applies_to(setup))
        self._set_slider(0, 0)
        self.status.setText(f"{setup.title}: ready")
        self._on_restored(0)

    def _show_saved_history(self) -> None:
        """A saved run: its curve and steps to look at; Train starts a new run."""
        h = self.training.history
        self.settings_form.fill(get_setup(self.settings_form.example()))  # what Train would start
        self.open_button.setEnabled(False)  # no parameters to build a step's graph from
        self.boundary.set_setup(None)
        self.boundary.setVisible(False)
        self._set_slider(len(h) - 1, len(h) - 1)
        self.status.setText(
            f"a saved run of {len(h):,} steps (its parameters were not saved): "
            "Train starts a new run"
        )
        self._on_restored(len(h) - 1)

    def _set_slider(self, maximum: int, value: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setRange(0, maximum)
        self.slider.setValue(value)
        self.slider.blockSignals(False)

    def _on_progress(self, done: int) -> None:
        if self._follow.isActive():
            self.slider.setMaximum(done)
            return
        following = self.slider.value() == self.slider.maximum()
        self.slider.setMaximum(done)
        if following:
            self._follow.start()

    def _on_follow(self) -> None:
        self.slider.setValue(self.slider.maximum())
        if self.training.running:  # the step count, at the same few times a second
            self._show_status(self.training.state)

    def _on_state(self, state: str) -> None:
        t = self.training.trainer
        # the stepper keeps what it shows when training stops: the user opens a step by asking
        if state in ("paused", "finished", "stopped") and self._follow.isActive():
            self._follow.stop()
            self._on_follow()
        if state != "stopped" and t is not None:
            self._show_status(state)

    def _on_canvas_note(self, _note: str) -> None:
        if self.training.running:
            self._show_status(self.training.state)

    def _show_status(self, state: str) -> None:
        t, note = self.training.trainer, self.training.live_canvas.note
        running = state in ("running", "preparing")
        extra = f"; {note}" if note and running else ""
        if state in ("paused", "finished") and self.open_button.isEnabled():
            extra = f"; {self.open_button.text()} to step through it"
        self.status.setText(f"{state}: step {t.done:,} of {t.steps:,}{extra}")

    def _on_error(self, message: str) -> None:
        self.status.setText(message)

    def _on_slider(self, value: int) -> None:
        self.training.restore(value)

    def _on_restored(self, step: int) -> None:
        h = self.training.history
        if h is None:
            return
        i = h.index_of(step)
        if i is not None:
            acc = h.accuracy[i]
            extra = "" if math.isnan(acc) else f", accuracy {acc:.0%}"
            self.step_label.setText(f"step {step}: loss {h.loss[i]:.6g}{extra}")
        else:
            self.step_label.setText(f"step {step}: the model now")
        self.boundary.show_params(h.params_at(step))  # does nothing for data that is not 2-D
