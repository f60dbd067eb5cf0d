"""The examples gallery: every built-in example with its one-line description."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.sources.examples import EXAMPLES, Example, example_script

NAME_ROLE = Qt.ItemDataRole.UserRole
SCRIPT_TIP = (
    "Open the example's script from resources/examples to read, copy and edit it "
    "(gradstep reloads it when it is saved)"
)


class ExamplesDialog(QDialog):
    """A list of the examples (title and description); Open, Enter or a double-click loads."""

    sig_chosen = Signal(str)
    """The user chose an example: its name (a key of ``engine.sources.examples.EXAMPLES``)."""
    sig_script_chosen = Signal(str)
    """The user chose to open an example's standalone script: its path."""

    def __init__(
        self, parent: QWidget | None = None, examples: Mapping[str, Example] = EXAMPLES
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Examples — gradstep")
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Example", "What it shows"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(True)
        for name, example in examples.items():
            item = QTreeWidgetItem([example.title, example.description])
            item.setData(0, NAME_ROLE, name)
            item.setToolTip(0, f"{example.title} ({name})")
            item.setToolTip(1, example.description)
            self.tree.addTopLevelItem(item)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 5px 6px; }")
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 24)  # room for the padding
        self.tree.setCurrentItem(self.tree.topLevelItem(0))
        intro = QLabel("Every model and number from the seed articles, ready to step through.")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.script_button = self.buttons.addButton(
            "Open as &Script", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.script_button.setToolTip(SCRIPT_TIP)
        self.script_button.clicked.connect(self._on_open_script)
        self.tree.currentItemChanged.connect(lambda *_: self._update_script_button())
        self._update_script_button()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_open)
        self.buttons.rejected.connect(self.reject)
        self.tree.itemActivated.connect(lambda _item, _col: self._on_open())
        rows = self.tree.topLevelItemCount()
        row_height = self.tree.sizeHintForRow(0) if rows else 24
        self.resize(900, min(720, 150 + rows * row_height))

    def chosen_name(self) -> str | None:
        """The name of the highlighted example, or None."""
        item = self.tree.currentItem()
        return None if item is None else str(item.data(0, NAME_ROLE))

    def select(self, name: str) -> None:
        """Highlight the example called ``name``."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, NAME_ROLE) == name:
                self.tree.setCurrentItem(item)
                return
        raise KeyError(name)

    def _update_script_button(self) -> None:
        name = self.chosen_name()
        self.script_button.setEnabled(name is not None and example_script(name) is not None)

    def _on_open_script(self) -> None:
        name = self.chosen_name()
        path = None if name is None else example_script(name)
        if path is None:
            return
        self.accept()
        self.sig_script_chosen.emit(str(path))

    def _on_open(self) -> None:
        name = self.chosen_name()
        if name is None:
            return
        self.accept()
        self.sig_chosen.emit(name)
