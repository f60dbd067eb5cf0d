"""Steps at a lecturer's pace, presented: step + repaint with and without idle-time look-ahead.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/presented_pace.py [--steps 80]

stepping_frame.py steps back to back, which leaves the window no idle time; a lecturer's
clicks leave some. Here each step follows a pause (PAUSE_S, the event loop running), on
the 4,824-node graph presented at 1920x1080 with follow on. The same steps are timed with
the canvas's look-ahead (edge tiles and node pictures made while idle) and with it held
off, in one run, so the two distributions share the machine's load. A step's time is as
in stepping_frame.py: from ``session.step()`` until the window has painted it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QApplication
from stepping_frame import (
    big_graph,
    describe,
    load_average,
    open_window,
    quiet_qt_message,
    settle,
    timed_step,
)

from engine.trace.events import BACKWARD, FORWARD

PAUSE_S = 0.25  # between clicks: a fast lecturer


def pause(seconds: float) -> None:
    """Run the event loop for ``seconds`` (timers fire: the window is idle, not blocked)."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def paced(app, window, phase: str, steps: int, look_ahead: bool):
    """Per step after a pause each, from ``phase``'s start: clock and GUI thread CPU (ms).

    And the edge pieces the steps' repaints stroked, and the nodes they painted from a
    node picture and that made one.
    """
    session, view = window.session, window.graph_view
    view.look_ahead.enabled = look_ahead
    view.edges.tiles.clear()
    view.pictures.clear()
    QPixmapCache.clear()  # the nodes' pictures too: each run starts as cold as the first
    session.seek_phase_start(phase)
    view.frame()
    settle(app)
    times, cpu, stroked = [], [], 0
    hits, misses = view.pictures.hits, view.pictures.misses
    for _ in range(steps):
        pause(PAUSE_S)
        ms, cpu_ms = timed_step(app, session)
        times.append(ms)
        cpu.append(cpu_ms)
        stroked += view.edges.painted
    view.look_ahead.enabled = True
    return times, cpu, stroked, (view.pictures.hits - hits, view.pictures.misses - misses)


def main() -> None:
    """Print the distributions, look-ahead on and off, forward and backward."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=80, help="steps per figure")
    args = parser.parse_args()
    qInstallMessageHandler(quiet_qt_message)
    app = QApplication.instance() or QApplication([])
    window, _opened = open_window(app, big_graph(), "1920x1080", True)
    print(
        f"4,824 drawn nodes, 1920x1080 presentation, follow on, a step every {PAUSE_S} s, "
        f"{load_average()}"
    )
    for phase in (FORWARD, BACKWARD):
        for on in (True, False):
            times, cpu, stroked, (hits, misses) = paced(app, window, phase, args.steps, on)
            name = f"{phase}, look-ahead {'on ' if on else 'off'}"
            print(
                f"  {describe(name, times)}; {stroked:,} edge pieces stroked in repaints; "
                f"nodes painted: {hits} from a node picture, {misses} directly"
            )
            # CPU time leaves out the wait for a core after each pause on a shared machine
            print(f"    GUI thread CPU: {describe('same steps', cpu)}")
    print(f"  {load_average()}")
    window.close()


if __name__ == "__main__":
    main()
