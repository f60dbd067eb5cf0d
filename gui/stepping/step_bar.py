"""The step bar: phase buttons, step back / step / run to end of phase, play, and a scrubber."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from engine.trace.trace import PHASES
from gui.look.steady import SteadyLabel
from gui.look.theme import current_theme
from gui.models.player import SPEEDS, Player
from gui.models.step_session import StepSession
from gui.stepping.phase_scrubber import PhaseScrubber

PHASE_TITLES = {
    "forward": "Forward",
    "topo": "Topological sort",
    "backward": "Backward",
    "update": "Update",
}


def position_words(session: StepSession) -> str:
    """The cursor position in words, e.g. ``step 123 / 1,402 · backward``."""
    timeline = session.timeline
    if timeline is None:
        return "nothing loaded"
    where = "start" if timeline.position == 0 else timeline.phase
    return f"step {timeline.position:,} / {len(timeline):,} · {where}"


def longest_position_words(session: StepSession) -> str:
    """The widest text ``position_words`` can give for the loaded timeline (to size a label)."""
    timeline = session.timeline
    if timeline is None:
        return "nothing loaded"
    n = f"{len(timeline):,}"
    digits = "".join("8" if c.isdigit() else c for c in n)  # 8: the widest digit in most fonts
    return f"step {digits} / {n} · {max(PHASES, key=len)}"


class StepBar(QWidget):
    """Buttons, play control and phase-coloured scrubber over the StepSession's timeline."""

    def __init__(self, session: StepSession, player: Player, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.player = player
        self.phase_buttons: dict[str, QPushButton] = {}
        self._stale = False  # steps went by while it was put away
        self._applied: tuple | None = None  # the state the buttons show
        self.applied = 0
        """How many times the buttons were set (a new state: a phase, an end, play)."""
        self._build()
        session.sig_loaded.connect(self._on_loaded)
        session.sig_moved.connect(self._on_moved)
        player.sig_playing.connect(self._on_playing)
        self._on_loaded()

    def _button(self, text: str, tip: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        # Buttons never take focus, so the stepping keys always reach the window.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        # Two rows, phases beside the phase-coloured scrubber and the transport below, and
        # the scrubber gives way: the bar fits a 1024-pixel projector beside a side dock.
        phases = QHBoxLayout()
        for phase in PHASES:
            button = self._button(
                PHASE_TITLES[phase],
                f"Go to the first step of the {PHASE_TITLES[phase].lower()}",
                self._on_phase,
            )
            button.setProperty("phase", phase)
            self.phase_buttons[phase] = button
            phases.addWidget(button)
        s = self._session
        self.reset_button = self._button("|◀ Reset", "Back to the start (Home)", s.reset)
        self.back_button = self._button("◀ Back", "Step back (Left, PageUp)", s.back)
        self.step_button = self._button("Step ▶", "Step (Right, Space, PageDown)", s.step)
        self.run_button = self._button("End of phase ▶|", "Run to the end of the phase", self.run)
        self.play_button = self._button("▶ Play", "Play or pause (P)", self.player.toggle)
        transport = QHBoxLayout()
        for b in (self.reset_button, self.back_button, self.step_button, self.run_button):
            transport.addWidget(b)
        transport.addWidget(self.play_button)
        self.speed = QComboBox(self)
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed.setToolTip("Play speed")
        self.speed.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for sps in SPEEDS:
            self.speed.addItem(f"{sps:,} steps/s", sps)
        self.speed.setCurrentIndex(SPEEDS.index(self.player.speed))
        self.speed.currentIndexChanged.connect(self._on_speed)
        transport.addWidget(self.speed)
        transport.addStretch(1)
        self.position_label = SteadyLabel(self)  # its text changes every step
        self.scrubber = PhaseScrubber(self._session, self)
        self.scrubber.sig_seek.connect(self._session.seek)
        phases.addSpacing(6)
        phases.addWidget(self.scrubber, 1)
        phases.addWidget(self.position_label)
        col = QVBoxLayout(self)
        col.setContentsMargins(6, 2, 6, 4)
        col.addLayout(phases)
        col.addLayout(transport)

    # ------------------------------------------------------------------ actions

    def _on_phase(self) -> None:
        phase = self.sender().property("phase")
        self.show_phase(phase)

    def show_phase(self, phase: str) -> None:
        """Go to the first step of ``phase``, so its first event is the one displayed.

        For the forward pass that is step 1, the first node computed: at step 0 the
        Forward button then starts the pass instead of doing nothing.
        """
        timeline = self._session.timeline
        if timeline is None:
            return
        steps = timeline.trace.phase_range(phase)
        if len(steps):
            self._session.seek(steps.start + 1)

    def run(self) -> None:
        """Run to the end of the current phase (or of the next one, if already there)."""
        timeline = self._session.timeline
        if timeline is None:
            return
        for phase in PHASES[PHASES.index(timeline.phase) :]:
            if timeline.trace.phase_range(phase).stop > timeline.position:
                self._session.seek_phase_end(phase)
                return

    def _on_speed(self) -> None:
        self.player.set_speed(int(self.speed.currentData()))

    # ------------------------------------------------------------------ view

    def _on_loaded(self) -> None:
        self.position_label.fit_longest(longest_position_words(self._session))
        self._refresh()

    def _on_playing(self, _playing: bool) -> None:
        self._refresh()

    def _on_moved(self, _changed: object) -> None:
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        """Restyle at once in the new theme's colours and fonts (the scrubber, the phase buttons).

        A button with a style sheet keeps the palette and font it was polished with: the
        current phase's button is polished again, or it keeps the old theme until a step.
        """
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.scrubber.update()
            self._restyle_phase_buttons(repolish=True)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again (after presenting): the position it missed while put away."""
        super().showEvent(event)
        if self._stale:
            self._refresh()

    def _refresh(self) -> None:
        # Put away (presenting hides it): nothing of it is seen, it catches up when shown
        self._stale = self.isHidden() and self.testAttribute(
            Qt.WidgetAttribute.WA_WState_ExplicitShowHide
        )
        if self._stale:
            return
        self.position_label.setText(position_words(self._session))
        state = self._state()
        if state == self._applied:
            return  # a step within a phase: no button changes (9 enables, 4 checks, a text)
        self._applied = state
        self.applied += 1
        playing, loaded, at_start, at_end, phases, _current = state
        self.play_button.setText("❚❚ Pause" if playing else "▶ Play")
        self.back_button.setEnabled(not at_start)
        self.reset_button.setEnabled(not at_start)
        self.step_button.setEnabled(not at_end)
        self.run_button.setEnabled(not at_end)
        self.play_button.setEnabled(loaded)
        for button, has_steps in zip(self.phase_buttons.values(), phases, strict=True):
            button.setEnabled(has_steps)
            button.setChecked(False)
        self._restyle_phase_buttons()

    def _state(self) -> tuple[bool, bool, bool, bool, tuple[bool, ...], str | None]:
        """What the buttons show: playing, loaded, at the start or end, phases, current phase."""
        timeline = self._session.timeline
        loaded = timeline is not None
        at_start = not loaded or timeline.position == 0
        at_end = not loaded or timeline.position >= len(timeline)
        phases = tuple(
            loaded and len(timeline.trace.phase_range(phase)) > 0 for phase in self.phase_buttons
        )
        current = None if at_start else timeline.phase
        return self.player.playing, loaded, at_start, at_end, phases, current

    def _restyle_phase_buttons(self, *, repolish: bool = False) -> None:
        """Mark the current phase's button with its phase colour (in the current theme)."""
        timeline = self._session.timeline
        current = None if timeline is None or timeline.position == 0 else timeline.phase
        for phase, button in self.phase_buttons.items():
            style = self._phase_style(phase) if phase == current else ""
            if repolish or button.styleSheet() != style:
                button.setStyleSheet("")  # drops the old polish: palette and font follow the app
                button.setStyleSheet(style)

    @staticmethod
    def _phase_style(phase: str) -> str:
        color = current_theme().phase_color(phase).name()
        return f"QPushButton {{ border: 2px solid {color}; font-weight: bold; }}"
