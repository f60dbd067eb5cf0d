"""The training settings form: an example, its learning rate and schedule, steps, batch size."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from engine.training.setups import SETUPS, TrainingSetup

SCHEDULES = ("constant", "linear decay")


class TrainingSettingsForm(QWidget):
    """The fields a run is made from: it shows and reads them; the panel starts the runs."""

    sig_example_chosen = Signal()
    """The user picked another example."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.example_box = QComboBox()
        # Long titles are elided rather than widening the dock (and the window) past a projector.
        policy = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        self.example_box.setSizeAdjustPolicy(policy)
        self.example_box.setMinimumContentsLength(14)
        for name, setup in SETUPS.items():
            self.example_box.addItem(setup.title, name)
        self.example_box.currentIndexChanged.connect(self._on_example_index)
        self.lr_edit = QLineEdit()
        self.schedule_box = QComboBox()
        self.schedule_box.addItems(SCHEDULES)
        self.schedule_box.currentIndexChanged.connect(self._on_schedule_chosen)
        self.lr_end_edit = QLineEdit()
        self.steps_box = QSpinBox()
        self.steps_box.setRange(1, 1_000_000)  # a run takes at least one step
        self.batch_box = QSpinBox()
        self.batch_box.setRange(1, 1_000_000)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)  # laid out as if it sat in the panel's own layout
        form.addRow("Example", self.example_box)
        form.addRow("Learning rate", self.lr_edit)
        form.addRow("Schedule", self.schedule_box)
        form.addRow("Final learning rate", self.lr_end_edit)
        form.addRow("Steps", self.steps_box)
        form.addRow("Batch size", self.batch_box)

    def example(self) -> str:
        """The name of the example chosen in the box."""
        return self.example_box.currentData()

    def select_example(self, name: str) -> None:
        """Show example ``name`` as chosen without telling anyone (a run brings its own)."""
        self.example_box.blockSignals(True)
        self.example_box.setCurrentIndex(self.example_box.findData(name))
        self.example_box.blockSignals(False)

    def fill(self, setup: TrainingSetup) -> None:
        """Show a setup's own settings in the fields."""
        self.lr_edit.setText(repr(setup.lr))
        self.schedule_box.setCurrentIndex(1 if setup.lr_end is not None else 0)
        self.lr_end_edit.setText(repr(setup.lr_end if setup.lr_end is not None else setup.lr / 10))
        self.steps_box.setValue(setup.steps)
        self.batch_box.setValue(setup.n_samples)
        self._on_schedule_chosen()

    def show_run(self, setup: TrainingSetup, settings: dict[str, object]) -> None:
        """Show the settings a run was made with (``Trainer.settings``), so Reset repeats it."""
        self.fill(setup)  # the final rate of a constant schedule: the setup's default
        self.lr_edit.setText(repr(settings["lr"]))
        if settings["decay"]:
            self.schedule_box.setCurrentIndex(1)
            self.lr_end_edit.setText(repr(settings["lr_end"]))
        else:
            self.schedule_box.setCurrentIndex(0)
        self.steps_box.setValue(int(settings["steps"]))
        self.batch_box.setValue(int(settings["batch_size"]))

    def shown(self) -> tuple[str, dict[str, object]]:
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
        return self.example(), settings

    def _on_example_index(self) -> None:
        self.sig_example_chosen.emit()

    def _on_schedule_chosen(self) -> None:
        self.lr_end_edit.setEnabled(self.schedule_box.currentText() == "linear decay")


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"the {what} must be a number, got {text!r}") from None
