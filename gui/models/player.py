"""Play: the StepSession steps by itself at a chosen speed, until the end or a pause."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from gui.models.step_session import StepSession

SPEEDS = (1, 2, 5, 10, 30, 100, 1000)
"""Play speeds in steps per second."""
DEFAULT_SPEED = 5
FRAME_MS = 16


class Player(QObject):
    """Steps ``session`` on a timer: one step per tick, or several per frame when fast."""

    sig_playing = Signal(bool)
    """Playing started (True) or stopped (False): at the end, on pause, or on a new load."""

    def __init__(self, session: StepSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._speed = DEFAULT_SPEED
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_tick)
        session.sig_loaded.connect(self.stop)

    @property
    def playing(self) -> bool:
        """True while playing."""
        return self._timer.isActive()

    @property
    def speed(self) -> int:
        """Steps per second."""
        return self._speed

    def set_speed(self, steps_per_second: int) -> None:
        """Play at this many steps per second (one of SPEEDS); takes effect at once."""
        if steps_per_second not in SPEEDS:
            raise ValueError(f"unknown speed {steps_per_second}; one of {SPEEDS}")
        self._speed = steps_per_second
        self._timer.setInterval(self._interval_ms())

    def toggle(self) -> None:
        """Start or pause playing (from the start again once at the end)."""
        if self.playing:
            self.stop()
            return
        timeline = self._session.timeline
        if timeline is None:
            return
        if timeline.position >= len(timeline):
            self._session.reset()
        self._timer.start(self._interval_ms())
        self.sig_playing.emit(True)

    def stop(self) -> None:
        """Stop playing (nothing happens if not playing)."""
        if self.playing:
            self._timer.stop()
            self.sig_playing.emit(False)

    def _fast(self) -> bool:
        return self._speed * FRAME_MS > 1000

    def _interval_ms(self) -> int:
        return FRAME_MS if self._fast() else round(1000 / self._speed)

    def _steps_per_tick(self) -> int:
        return max(1, round(self._speed * FRAME_MS / 1000)) if self._fast() else 1

    def _on_tick(self) -> None:
        timeline = self._session.timeline
        if timeline is None:
            self.stop()
            return
        k = self._steps_per_tick()
        moved = self._session.step() if k == 1 else self._session.seek(timeline.position + k)
        if not moved or timeline.position >= len(timeline):
            self.stop()
