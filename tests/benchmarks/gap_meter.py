"""A 5 ms timer in the event loop: the gaps between its ticks are how long the loop was held."""

from __future__ import annotations

import statistics
import time

TICK_MS = 5


class GapMeter:
    """A 5 ms timer in the window's event loop; each gap between ticks, with its end time."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[tuple[float, float]] = []
        self.cpu: list[float] = []  # the GUI thread's CPU time in each gap (ms): load aside
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        """Measure from now on."""
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self.timer.start()

    def _on_tick(self) -> None:
        now = time.perf_counter()
        cpu = time.thread_time()
        self.gaps.append(((now - self._last) * 1e3, now))
        self.cpu.append((cpu - self._last_cpu) * 1e3)
        self._last, self._last_cpu = now, cpu

    def finish(self, settle_ms: float) -> None:
        """Tick on for ``settle_ms``, so the call that ended the wait and what it left count; stop.

        An open may leave work to the event loop's next turns (its first paint, held till
        then): those gaps are the open's too.
        """
        from PySide6.QtCore import QEventLoop

        until = time.perf_counter() + settle_ms / 1e3
        loop = QEventLoop()

        def on_tick() -> None:
            if time.perf_counter() >= until:
                loop.quit()

        self.timer.timeout.connect(on_tick)
        loop.exec()
        self.timer.timeout.disconnect(on_tick)
        self.timer.stop()

    def split(self, at: float) -> tuple[list[float], list[float]]:
        """The gaps that ended before ``at``, and those after."""
        before = [g for g, end in self.gaps if end <= at]
        return before, [g for g, end in self.gaps if end > at]

    def most_cpu_after(self, at: float) -> float:
        """The most GUI-thread CPU time (ms) in one gap that ended after ``at``."""
        return max(c for c, (_, end) in zip(self.cpu, self.gaps, strict=True) if end > at)


def gap_distribution(gaps: list[float]) -> str:
    """Median, 95th and 99th percentile and max of timer ``gaps`` (ms), and how many."""
    ordered = sorted(gaps)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return (
        f"median {statistics.median(ordered):6.1f} ms  p95 {at(0.95):6.1f}  p99 {at(0.99):6.1f}  "
        f"max {ordered[-1]:6.1f}  (n={len(ordered)} gaps)"
    )
