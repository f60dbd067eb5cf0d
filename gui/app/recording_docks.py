"""The Passes and Problems docks: shown on the window's right when a recording opens."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from gui.app.paint_hold import PaintHold
from gui.app.warm_up import WarmUp
from gui.models.recording_session import RecordingSession
from gui.models.step_session import StepSession

DOCK_SHARE = 0.25  # of the window's width: room for a problem's reason, a few words a line
AHEAD_POLL_MS = 50  # how often build_ahead asks whether the warm-up is done


class RecordingDocks:
    """The pass list (with the loss pass by pass) above the Problems panel, on the right.

    Both stay hidden until a recording is opened; the pass list comes up for a recording of
    two passes or more (View > Passes shows it for one). While a recording opens, the window's
    painting is held till the event loop's next turn (``paint_hold``): one paint shows it all.
    The pass list is built in idle time once the warm-up is done (``build_ahead``), or else the
    first time its dock is shown; its loss plot needs pyqtgraph, ~0.3 s to import, loaded on a
    thread after the first frame (gui/app/warm_up.py). The Problems panel is built the first
    time its dock is shown: its QListWidget (PySide6 builds the type and every enum of it and
    its bases at first import) took ~5 ms of every launch's first frame.
    """

    def __init__(
        self, window: QMainWindow, session: StepSession, recordings: RecordingSession
    ) -> None:
        self.recordings = recordings
        self.session = session
        self.window = window
        self.ahead: QWidget | None = None  # the pass list built ahead, till its dock first shows
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

    def build_ahead(self, warm_up: WarmUp) -> None:
        """Build the pass list (hidden) in idle time, once ``warm_up`` has imported its modules.

        Building it (~25 ms, its loss plot most) was part of the session's first multi-pass
        open; done ahead, that open only fills and shows it.
        """
        poll = QTimer(self.passes)
        poll.setInterval(AHEAD_POLL_MS)

        def on_poll() -> None:
            if not warm_up.wait(0):
                return
            poll.stop()
            poll.deleteLater()
            if warm_up.failed or self.passes.widget() is not None:
                return  # a failed import: its first show imports it again, and shows why not
            self._build_passes()
            # it takes a recording before its dock shows, as one built on that show does: the
            # window lays out the first open the same (and the canvas frames its step the same)
            self.recordings.sig_opened.disconnect(self._on_opened)
            self.recordings.sig_opened.connect(self._on_opened)

        poll.timeout.connect(on_poll)
        poll.start()

    def _build_passes(self) -> None:
        if self.ahead is not None:
            return
        from gui.training.passes_panel import PassesPanel  # noqa: PLC0415

        # kept off the dock till it shows: set on it then, as one built then is
        self.ahead = PassesPanel(self.recordings)

    def _on_passes_visibility(self, visible: bool) -> None:
        if visible and self.passes.widget() is None:
            self._build_passes()
            self.passes.setWidget(self.ahead)
            self.ahead = None

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
