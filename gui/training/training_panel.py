"""The training panel: pick a setup and settings, train live, travel back to any step."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.trace.trace import FORWARD
from engine.training.setups import SETUPS, TrainingSetup, get_setup
from gui.models.training_session import TrainingSession
from gui.training.decision_boundary import DecisionBoundary
from gui.training.loss_plot import SECOND_AXES, LossPlot

SCHEDULES = ("constant", "linear decay")
#: Graphs up to about this many nodes open in the stepper as soon as a step is picked.
AUTO_OPEN_LIMIT = 2000
FOLLOW_MS = 200  # redraw the decision boundary at most this often while training


class TrainingPanel(QWidget):
    """Settings, Train / Pause / Step / Reset, the loss plot, a step slider, the boundary."""

    def __init__(self, training: TrainingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.training = training
        self._build_settings()
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
        layout.addLayout(self.form)
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

    def _build_settings(self) -> None:
        self.example_box = QComboBox()
        for name, setup in SETUPS.items():
            self.example_box.addItem(setup.title, name)
        self.example_box.currentIndexChanged.connect(self._on_example_chosen)
        self.lr_edit = QLineEdit()
        self.schedule_box = QComboBox()
        self.schedule_box.addItems(SCHEDULES)
        self.schedule_box.currentIndexChanged.connect(self._on_schedule_chosen)
        self.lr_end_edit = QLineEdit()
        self.steps_box = QSpinBox()
        self.steps_box.setRange(1, 1_000_000)  # a run takes at least one step
        self.batch_box = QSpinBox()
        self.batch_box.setRange(1, 1_000_000)
        self.form = QFormLayout()
        self.form.addRow("Example", self.example_box)
        self.form.addRow("Learning rate", self.lr_edit)
        self.form.addRow("Schedule", self.schedule_box)
        self.form.addRow("Final learning rate", self.lr_end_edit)
        self.form.addRow("Steps", self.steps_box)
        self.form.addRow("Batch size", self.batch_box)

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
        self._fill_fields(get_setup(self.example_box.currentData()))
        self.apply_settings()

    def _fill_fields(self, setup: TrainingSetup) -> None:
        """Show a setup's own settings in the fields."""
        self.lr_edit.setText(repr(setup.lr))
        self.schedule_box.setCurrentIndex(1 if setup.lr_end is not None else 0)
        self.lr_end_edit.setText(repr(setup.lr_end if setup.lr_end is not None else setup.lr / 10))
        self.steps_box.setValue(setup.steps)
        self.batch_box.setValue(setup.n_samples)
        self._on_schedule_chosen()

    def _show_run_settings(self, setup: TrainingSetup, settings: dict[str, object]) -> None:
        """Show the settings a run was made with (``Trainer.settings``), so Reset repeats it."""
        self._fill_fields(setup)  # the final rate of a constant schedule: the setup's default
        self.lr_edit.setText(repr(settings["lr"]))
        if settings["decay"]:
            self.schedule_box.setCurrentIndex(1)
            self.lr_end_edit.setText(repr(settings["lr_end"]))
        else:
            self.schedule_box.setCurrentIndex(0)
        self.steps_box.setValue(int(settings["steps"]))
        self.batch_box.setValue(int(settings["batch_size"]))

    def _on_schedule_chosen(self) -> None:
        self.lr_end_edit.setEnabled(self.schedule_box.currentText() == "linear decay")

    def shown_settings(self) -> tuple[str, dict[str, object]]:
        """The example and the settings the fields show; ValueError if a number is not one."""
        lr = _number(self.lr_edit.text(), "learning rate")
        decay = self.schedule_box.currentText() == "linear decay"
        lr_end = _number(self.lr_end_edit.text(), "final learning rate") if decay else None
        settings = {
            "lr": lr,
            "decay": decay,
            "lr_end": lr_end,
            "steps": self.steps_box.value(),
            "batch_size": self.batch_box.value(),
        }
        return self.example_box.currentData(), settings

    def apply_settings(self) -> bool:
        """Start a new run of the chosen example with the settings shown (Reset)."""
        try:
            name, settings = self.shown_settings()
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
            if self.shown_settings() == self.training.settings:
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
        self.example_box.blockSignals(True)
        self.example_box.setCurrentIndex(self.example_box.findData(setup.name))
        self.example_box.blockSignals(False)
        self._show_run_settings(setup, self.training.settings[1])
        self.open_button.setEnabled(self.training.session is not None)
        self.boundary.set_setup(setup)
        self.boundary.setVisible(DecisionBoundary.applies_to(setup))
        self._set_slider(0, 0)
        self.status.setText(f"{setup.title}: ready")
        self._on_restored(0)

    def _show_saved_history(self) -> None:
        """A saved run: its curve and steps to look at; Train starts a new run."""
        h = self.training.history
        self._fill_fields(get_setup(self.example_box.currentData()))  # what Train would start
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


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"the {what} must be a number, got {text!r}") from None
