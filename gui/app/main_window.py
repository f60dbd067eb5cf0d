"""The main window: graph canvas, code panel, inspector, step bar, keys and presentation mode."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QFontMetrics, QShowEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

from engine.sources.built import BuiltGraph
from gui.app.recording_docks import RecordingDocks
from gui.app.training_dock import TrainingDock
from gui.app.window_centre import WindowCentre
from gui.app.window_keys import add_window_keys
from gui.app.window_menus import build_menus
from gui.canvas.canvas_opening import CanvasOpening
from gui.canvas.framing import HALL_MIN_TEXT_PX, MIN_TEXT_PX
from gui.canvas.graph_view import GraphView
from gui.canvas.problem_flags import ProblemFlags
from gui.files.documents import Documents
from gui.look.settings import Settings
from gui.look.steady import SteadyLabel
from gui.look.theme import (
    PRESENTATION_SCALE,
    apply_theme,
    clamp_scale,
    get_theme,
    remeasure_combo_boxes,
)
from gui.models.gc_settle import OpenSettle
from gui.models.pass_opening import PassOpening
from gui.models.player import Player
from gui.models.recording_session import RecordingSession
from gui.models.run_session import RunSession
from gui.models.step_session import StepSession
from gui.models.training_session import TrainingSession
from gui.stepping.code_panel import CodePanel
from gui.stepping.inspector import Inspector
from gui.stepping.problem_note import ProblemNote
from gui.stepping.problem_ticks import ProblemTicks
from gui.stepping.step_bar import StepBar, longest_position_words, position_words

ABOUT_TEXT = (
    "<b>gradstep</b><br>Step through backpropagation: the forward pass, the topological "
    "sort and every <tt>_backward</tt> call, forward and back."
)
PRESENTATION_THEME = "high-contrast"
FONT_STEP = 1.15


class MainWindow(QMainWindow):
    """gradstep's top-level window: builds the models and views and wires them, once."""

    def __init__(
        self,
        session: StepSession | None = None,
        settings: Settings | None = None,
        training: TrainingSession | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("gradstep")
        self.session = session or StepSession(self)
        self.player = Player(self.session, self)
        self.training = training or TrainingSession(self.session, self)
        # what opening a big recording costs is done on the thread that read it, the
        # canvas's layout and edges included
        self.canvas_opening = CanvasOpening()
        self.opening = PassOpening((self.canvas_opening.prepare,))
        self.recordings = RecordingSession(self.session, self, self.opening)
        self.settings = settings or Settings()
        self.theme_name = self.settings.theme
        self.font_scale = self.settings.font_scale
        self.presenting = False
        self._docks_before: list[QDockWidget] = []  # the docks presentation mode hid
        self.remember = True  # False: closing does not write the settings (scripted renders)
        # The user's scripts and notebooks run in a worker process, never in this one
        self.runs = RunSession(self, timeout=self.settings.program_timeout, opening=self.opening)
        self._build_widgets()
        add_window_keys(self)  # the Step menu's, text size, presentation; their guard
        # File > Open / Save Session / recent files, drops, the expression editor
        self.documents = Documents(
            self,
            self.session,
            self.graph_view,
            self.training,
            recordings=self.recordings,
            runs=self.runs,
        )
        # A recorded program: its passes, and its problems shown at the step where they happen
        self.recording_docks = RecordingDocks(self, self.session, self.recordings)
        # their panels import pyqtgraph while a program runs or a file is read, not at its open
        self.runs.sig_started.connect(self.recording_docks.load_panels_soon)
        self.documents.recording_files.sig_reading.connect(self.recording_docks.load_panels_soon)
        self.problem_flags = ProblemFlags(self.session, self.recordings, self.graph_view)
        self.problem_ticks = ProblemTicks(self.session, self.recordings, self.step_bar.scrubber)
        self.problem_note = ProblemNote(self.session, self.recordings)
        self.code_panel.add_line(self.problem_note)
        # Training: a dock with the training panel, shown from View > Training
        self.training_dock = TrainingDock(self, self.training)
        self.training.live_canvas.sig_focus.connect(self.graph_view.follow_node)
        # Whatever opens a graph, its objects are set aside from the GC once it is painted
        self.open_settle = OpenSettle(self.session, self.graph_view.viewport())
        build_menus(self)
        self.session.sig_error.connect(self._on_error)
        self.session.sig_loaded.connect(self._on_loaded)
        self.session.sig_refreshed.connect(self._on_loaded)  # a live graph's title moves on
        self.session.sig_moved.connect(self._on_moved)
        self.runs.sig_started.connect(self._on_run_started)
        self.runs.sig_finished.connect(self._on_run_finished)
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        self._apply_look()

    # ------------------------------------------------------------------ building

    def _build_widgets(self) -> None:
        self.graph_view = GraphView(self.session, opening=self.canvas_opening)
        self.code_panel = CodePanel(self.session)
        self.inspector = Inspector(self.session)
        self.step_bar = StepBar(self.session, self.player)
        self.centre = WindowCentre(
            self.graph_view, self.inspector, self.code_panel, self.step_bar, self
        )
        self._sized = False
        self.setCentralWidget(self.centre)
        self.title_label = SteadyLabel(self)  # the position in it changes every step
        self.statusBar().addPermanentWidget(self.title_label)

    # ------------------------------------------------------------------ loading

    def load_example(self, name: str) -> bool:
        """Build the named example and load it; False (with the error shown) if it fails."""
        return self.documents.open_example(name)

    def load_built(self, built: BuiltGraph) -> bool:
        """Load a built graph (root, params, learning rate, where it came from)."""
        return self.documents.load(built)

    # ------------------------------------------------------------------ look

    def set_theme(self, name: str) -> None:
        """Switch to the theme called ``name`` and remember it."""
        self.theme_name = get_theme(name).name
        for action in self.theme_group.actions():
            action.setChecked(action.data() == self.theme_name)
        self._apply_look()

    def bigger(self) -> None:
        """Scale every font up one step (and zoom the graph with it)."""
        self._scale_to(self.font_scale * FONT_STEP)

    def smaller(self) -> None:
        """Scale every font down one step (and zoom the graph with it)."""
        self._scale_to(self.font_scale / FONT_STEP)

    def normal_size(self) -> None:
        """Back to the normal font size."""
        self._scale_to(1.0)

    def _scale_to(self, scale: float) -> None:
        new = clamp_scale(scale)
        if new != self.font_scale:
            # The canvas's text is part of "the fonts": it grows with the rest.
            self.graph_view.zoom_by(new / self.font_scale)
            self.font_scale = new
            self._apply_look()

    def effective_scale(self) -> float:
        """The font scale in use (presentation mode enlarges it)."""
        return self.font_scale * (PRESENTATION_SCALE if self.presenting else 1.0)

    def _apply_look(self) -> None:
        app = QApplication.instance()
        name = PRESENTATION_THEME if self.presenting else self.theme_name
        if app is not None:
            apply_theme(app, get_theme(name), self.effective_scale())
            # once the font change has reached every widget (hidden ones get it late)
            QTimer.singleShot(0, lambda: remeasure_combo_boxes(self))
        # The status bar keeps its first height otherwise, clipping enlarged text.
        self.statusBar().setMinimumHeight(QFontMetrics(QApplication.font()).height() + 10)
        floor = HALL_MIN_TEXT_PX if self.presenting else MIN_TEXT_PX
        self.graph_view.set_reading(self.effective_scale(), floor * self.font_scale)
        self.graph_view.set_theme(name)

    def set_presentation(self, on: bool, *, fullscreen: bool = True) -> None:
        """Enter or leave presentation mode (fullscreen unless told otherwise)."""
        if on != self.presenting:
            self._hide_docks(on)
        self.presenting = on
        self.presentation_action.setChecked(on)
        self.leave_action.setEnabled(on or self.runs.running)
        self.menuBar().setVisible(not on)
        self.centre.set_presenting(on)
        self._apply_look()
        if on and fullscreen:
            self.showFullScreen()
        elif not on and self.isFullScreen():
            self.showNormal()
        # The graph's area changed size: frame it again once the layout has settled.
        QTimer.singleShot(0, self.graph_view.frame)

    def _hide_docks(self, hide: bool) -> None:
        """Presentation shows no dock (training, expression editor); leaving brings them back."""
        if hide:
            self._docks_before = [d for d in self.findChildren(QDockWidget) if d.isVisible()]
            for dock in self._docks_before:
                dock.hide()
        else:
            for dock in self._docks_before:
                dock.show()
            self._docks_before = []

    def toggle_presentation(self) -> None:
        """Presentation mode on or off."""
        self.set_presentation(not self.presenting)

    # ------------------------------------------------------------------ handlers

    def _on_escape(self) -> None:
        if self.runs.running:  # the first Esc stops the program; the next leaves presentation
            self.runs.cancel()
        elif self.presenting:
            self.set_presentation(False)

    def _on_run_started(self, _path: str) -> None:
        self.leave_action.setEnabled(True)

    def _on_run_finished(self, _result: object) -> None:
        self.leave_action.setEnabled(self.presenting)

    def set_program_timeout(self, seconds: float, *, remember: bool = True) -> None:
        """Give scripts and notebooks ``seconds`` to run; ``remember``: keep it in the settings."""
        self.runs.timeout = seconds
        if remember:
            self.settings.program_timeout = seconds

    def _on_error(self, message: str) -> None:
        self.statusBar().showMessage(f"⚠ {message}")

    def _on_loaded(self) -> None:
        title = self.session.title
        self.setWindowTitle(f"{title} — gradstep" if title else "gradstep")
        self.statusBar().clearMessage()
        # Sized for the longest position of this timeline: a step leaves its length as it is
        self.title_label.fit_longest(self._title_text(longest_position_words(self.session)))
        self._show_position()

    def _on_moved(self, _changed: object) -> None:
        self.statusBar().clearMessage()
        self._show_position()

    def _show_position(self) -> None:
        self.title_label.setText(self._title_text(position_words(self.session)))

    def _title_text(self, where: str) -> str:
        title = self.session.title
        return f"{title}  ·  {where}" if title else where

    def _on_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 (its enums: built on first use)

        QMessageBox.about(self, "About gradstep", ABOUT_TEXT)

    def showEvent(self, event: QShowEvent) -> None:
        """On first show, give the graph most of the room (the splitters then keep it)."""
        if not self._sized:
            self._sized = True
            self.centre.give_graph_the_room(self.width(), self.height())
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop playing and remember theme, font scale and geometry."""
        self.player.stop()
        if self.remember:
            if not self.presenting:
                self.settings.geometry = self.saveGeometry()
            self.settings.theme = self.theme_name
            self.settings.font_scale = self.font_scale
            self.settings.sync()
        self.key_guard.stop()
        super().closeEvent(event)
