"""File → Export Steps…: choose two positions and where to write, then render with progress.

Frames are rendered by a second window of the same kind that is never put on screen, at
slide size in presentation mode, so the user's window keeps its size and position.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, Qt, QTemporaryDir
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from engine.trace.timeline import Timeline
from gui.app.cli.options import CliError
from gui.app.cli.step_range import MAX_FRAMES, SLIDE_SIZE, step_targets
from gui.app.step_export import StepExportError, export_steps
from gui.look.settings import Settings


class StepExportDialog(QDialog):
    """From/To positions and an output folder (or .gif file) for an export of steps."""

    def __init__(self, timeline: Timeline, out: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Steps")
        first, last = current_phase_span(timeline)
        self.first_box = _position_box(len(timeline), first)
        self.last_box = _position_box(len(timeline), last)
        self.out_edit = QLineEdit(out)
        self.out_edit.setToolTip("A folder (frame-0001.png … and steps.gif) or a .gif file")
        self.out_edit.setMinimumWidth(self.out_edit.fontMetrics().averageCharWidth() * 45)
        self.summary = QLabel()
        for changed in (self.first_box.valueChanged, self.last_box.valueChanged):
            changed.connect(self._show_summary)
        self.out_edit.textChanged.connect(self._show_summary)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("From step:", self.first_box)
        form.addRow("To step:", self.last_box)
        form.addRow("Write to:", out_row)
        form.addRow(self.summary)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._show_summary()

    def positions(self) -> range:
        """The chosen positions, From..To inclusive (empty if To is before From)."""
        return range(self.first_box.value(), self.last_box.value() + 1)

    def out(self) -> str:
        """The chosen folder or .gif path."""
        return self.out_edit.text().strip()

    def _show_summary(self) -> None:
        count = len(self.positions())
        width, height = SLIDE_SIZE
        what = "an animated GIF" if self.out().lower().endswith(".gif") else "PNG frames + a GIF"
        self.summary.setText(f"{count} frames at {width}×{height}, presentation look: {what}")

    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export Steps to folder", self.out())
        if folder:
            self.out_edit.setText(folder)


def _position_box(length: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, length)
    box.setValue(value)
    return box


def current_phase_span(timeline: Timeline) -> tuple[int, int]:
    """The positions from the start to the end of the current phase, at most MAX_FRAMES."""
    span = timeline.trace.phase_range(timeline.phase)
    if not len(span):
        return timeline.position, timeline.position
    return span.start, min(span.stop, span.start + MAX_FRAMES - 1)


def check_choice(positions: range, out: str) -> tuple[str | None, str]:
    """The folder and GIF path for this choice; ValueError with the reason if it is bad."""
    if not positions:
        raise ValueError("To must not be before From")
    if len(positions) > MAX_FRAMES:
        raise ValueError(f"{len(positions):,} frames, over the {MAX_FRAMES} an export writes")
    if not out:
        raise ValueError("choose a folder or a .gif file to write to")
    try:
        return step_targets(out)
    except CliError as exc:
        raise ValueError(str(exc).removeprefix("--export-steps: ")) from exc


def ask_export_steps(window: QMainWindow) -> bool:
    """Ask for a range and a place, then export it with progress; the outcome is shown."""
    timeline = window.session.timeline
    if timeline is None:
        window.session.report("Open a graph first: there are no steps to export")
        return False
    dialog = StepExportDialog(timeline, _suggested_out(window), window)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    window.activateWindow()
    return accepted and run_export(window, dialog.positions(), dialog.out())


def _suggested_out(window: QMainWindow) -> str:
    title = window.session.title or "steps"
    name = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-") or "steps"
    return os.path.join(os.path.expanduser("~"), f"{name}-steps")


def run_export(window: QMainWindow, positions: range, out: str) -> bool:
    """Render ``positions`` to ``out`` with a progress dialog (Cancel stops it); True if done."""
    try:
        folder, gif_path = check_choice(positions, out)
    except ValueError as exc:
        window.session.report(f"Cannot export steps: {exc}")
        return False
    progress = QProgressDialog("Rendering steps…", "Cancel", 0, len(positions), window)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setValue(0)

    def advance(done: int, total: int) -> bool:
        progress.setLabelText(f"Rendering step {positions[0] + done - 1} ({done} of {total})…")
        progress.setValue(done)
        return not progress.wasCanceled()

    slides = slide_window(window)
    try:
        finished = export_steps(slides, positions, folder, gif_path, advance)
    except StepExportError as exc:
        window.session.report(f"Cannot export steps: {exc}")
        return False
    finally:
        slides.close()
        slides.deleteLater()
        window.set_theme(window.theme_name)  # the slides' presentation look was app-wide
        progress.close()
    if not finished:
        window.statusBar().showMessage("Export Steps cancelled", 5000)
        return False
    where = folder or gif_path
    window.statusBar().showMessage(f"Exported {len(positions)} steps to {where}", 8000)
    return True


def slide_window(window: QMainWindow) -> QMainWindow:
    """A window like ``window`` on its graph, off screen, in presentation mode at slide size."""
    scratch = QTemporaryDir()  # its settings: never the user's, and nothing is kept
    slides = type(window)(settings=Settings(os.path.join(scratch.path(), "slides.ini")))
    slides.remember = False
    slides.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    slides.graph_view.set_layout(window.graph_view.layout_name)
    slides.resize(*SLIDE_SIZE)
    slides.session.load_trace(window.session.timeline.trace, window.session.source)
    slides.show()
    slides.set_presentation(True, fullscreen=False)
    QCoreApplication.processEvents()
    slides.graph_view.finish_layout()
    return slides
