"""Figures for a recording in the window: opening one, picking a pass, a step with problems.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/pass_switch.py

The recording is the lecture's 20-pass MLP training loop (398 nodes a pass), made once
in-process with observe(); each figure includes the repaint (processEvents) after it.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import gui.app.first_frame  # noqa: F401  numpy loaded as a launch loads it: one BLAS thread

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from gui.app.main_window import MainWindow
from tests.gui.recordings import order_bug, saved, training


def distribution(name: str, times_ms: list[float]) -> None:
    """Print median, 95th percentile, min and max of ``times_ms``."""
    ts = sorted(times_ms)
    p95 = ts[min(len(ts) - 1, int(0.95 * len(ts)))]
    print(f"{name}: n={len(ts)} median {statistics.median(ts):.1f} ms, p95 {p95:.1f}, "
          f"min {ts[0]:.1f}, max {ts[-1]:.1f}")  # fmt: skip


def timed(app: QApplication, action: Callable[[], object], repeats: int) -> list[float]:
    """Wall time of ``action`` plus the events it queued, ``repeats`` times, in ms."""
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        app.processEvents()
        out.append((time.perf_counter() - start) * 1e3)
    return out


def main() -> None:
    """Open, pick passes and step, printing distributions."""
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="gradstep-bench-"))
    train = saved(training(folder, 20), folder, "train")
    order = saved(order_bug(folder), folder, "order")
    window = MainWindow()
    window.remember = False
    window.resize(1280, 800)
    window.show()
    window.load_example("neuron")
    app.processEvents()
    docs, recordings, session = window.documents, window.recordings, window.session
    distribution("open the 20-pass recording (read, last pass, paint)",
                 timed(app, lambda: docs.open_path(str(train)), 5))  # fmt: skip
    passes = iter(range(10**6))
    distribution("pick a pass of 398 nodes",
                 timed(app, lambda: recordings.open_pass(1 + next(passes) % 20), 40))  # fmt: skip
    distribution("peer: load the lecture-mlp example (gradstep's own graph)",
                 timed(app, lambda: window.load_example("lecture-mlp"), 10))  # fmt: skip
    docs.open_path(str(order))
    session.reset()
    distribution("one step through the order bug's pass (to the start again at its end)",
                 timed(app, lambda: session.step() or session.reset(), 200))  # fmt: skip
    window.close()


if __name__ == "__main__":
    main()
