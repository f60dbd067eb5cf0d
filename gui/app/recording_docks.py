"""The Passes and Problems docks: shown on the window's right when a recording opens."""

from __future__ import annotations

import importlib
import logging
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

from gui.app.paint_hold import PaintHold
from gui.models.recording_session import RecordingSession
from gui.models.step_session import StepSession

log = logging.getLogger(__name__)

#: The panels' modules, with pyqtgraph: what the first recording's open would import.
PANEL_MODULES = ("gui.training.passes_panel", "gui.stepping.problems_panel")
DOCK_SHARE = 0.25  # of the window's width: room for a problem's reason, a few words a line


class RecordingDocks:
    """The pass list (with the loss pass by pass) above the Problems panel, on the right.

    Both stay hidden until a recording is opened; the pass list comes up for a recording of
    two passes or more (View > Passes shows it for one). While a recording opens, the window's
    painting is held till the event loop's next turn (``paint_hold``): one paint shows it all.
    Both panels are built the first time their dock is shown, with the first recording that
    needs them: the pass list's loss plot imports pyqtgraph then (~0.15 s, on the GUI thread:
    see gui/app/warm_up.py for why not on a thread), and the Problems panel's QListWidget
    (PySide6 builds the type and every enum of it and its bases at first import) took ~5 ms of
    every launch's first frame. A program's run or a recording file's read imports them
    (``load_panels_soon``) while the worker runs or the file is read: the open that follows
    finds them loaded.
    """

    def __init__(
        self, window: QMainWindow, session: StepSession, recordings: RecordingSession
    ) -> None:
        self.recordings = recordings
        self.session = session
        self.window = window
        self.passes = QDockWidget("Passes", window)
        self.passes.setObjectName("passes_dock")
        self.problems = QDockWidget("Problems", window)
        self.problems.setObjectName("problems_dock")
        area = Qt.DockWidgetArea.RightDockWidgetArea
        window.addDockWidget(area, self.passes)
        window.splitDockWidget(self.passes, self.problems, Qt.Orientation.Vertical)
        for dock in (self.passes, self.problems):
            dock.hide()
        self.passes.visibilityChanged.connect(self._on_passes_visibility)
        self.problems.visibilityChanged.connect(self._on_problems_visibility)
        self.paint_hold = PaintHold(window)
        recordings.sig_opening.connect(self.paint_hold.hold)
        recordings.sig_opened.connect(self._on_opened)

    def toggle_actions(self) -> tuple:
        """View > Passes (Ctrl+Shift+P) and View > Problems (Ctrl+Shift+B)."""
        passes, problems = self.passes.toggleViewAction(), self.problems.toggleViewAction()
        passes.setText("&Passes")
        passes.setShortcut("Ctrl+Shift+P")
        problems.setText("Pro&blems")
        problems.setShortcut("Ctrl+Shift+B")
        return passes, problems

    def load_panels_soon(self, *_args: object) -> None:
        """Import the panels' modules in the event loop's next turn, if not yet imported.

        On the GUI thread (PySide6 sets Qt types up unsafely elsewhere: gui/app/warm_up.py),
        ~0.15-0.25 s once a session, spent while the worker runs the user's program (on the
        other core) or the file is read, not in the open that shows the result.
        """
        if not all(name in sys.modules for name in PANEL_MODULES):
            QTimer.singleShot(0, _import_panels)

    def _on_passes_visibility(self, visible: bool) -> None:
        if visible and self.passes.widget() is None:
            from gui.training.passes_panel import PassesPanel  # noqa: PLC0415 (see class doc)

            self.passes.setWidget(PassesPanel(self.recordings))

    def _on_problems_visibility(self, visible: bool) -> None:
        if visible and self.problems.widget() is None:
            from gui.stepping.problems_panel import ProblemsPanel  # noqa: PLC0415 (see class doc)

            self.problems.setWidget(ProblemsPanel(self.session, self.recordings))

    def _on_opened(self) -> None:
        self.paint_hold.extend()  # released after the timers the open kept waiting
        recording = self.recordings.recording
        if recording is None:
            return
        wanted = [self.problems] if len(recording) < 2 else [self.passes, self.problems]
        hidden = [dock for dock in wanted if not dock.isVisible()]
        for dock in hidden:
            dock.show()
        if not hidden:
            return  # as the user left them
        width = round(self.window.width() * DOCK_SHARE)
        self.window.resizeDocks(wanted, [width] * len(wanted), Qt.Orientation.Horizontal)
        if len(wanted) == 2:  # half the height each: the list and its loss plot need room
            half = max(1, self.window.height() // 2)
            self.window.resizeDocks(wanted, [half, half], Qt.Orientation.Vertical)


def _import_panels() -> None:
    for name in PANEL_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:  # logged; the dock's first show imports it again: shown there
            log.warning("could not import %s ahead: %s: %s", name, type(exc).__name__, exc)
