"""The window's event-loop gaps while it trains, and what its live canvas does meanwhile.

``event_loop_gaps`` trains a setup in a real main window (its example open, the loss plot
and the canvas live) with a 5 ms timer running, and returns every gap and live update;
training_speed.py ``--stalls`` prints their distributions.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
import gui.app.first_frame  # noqa: F401  numpy loaded as a launch loads it: one BLAS thread

REPEATS = 3


def _window(app):
    """A main window with the training dock shown: canvas, code panel, inspector, panel."""
    import tempfile

    from gui.app.main_window import MainWindow
    from gui.look.settings import Settings

    window = MainWindow(settings=Settings(os.path.join(tempfile.mkdtemp(), "settings.ini")))
    window.remember = False
    window.resize(1400, 900)
    window.show()
    window.training_dock.toggleViewAction().trigger()
    app.processEvents()
    return window


def event_loop_gaps(name: str, steps: int, repeats: int = REPEATS) -> dict[str, list[float]]:
    """Every gap of a 5 ms QTimer while the window trains ``name``, pooled over ``repeats`` runs.

    The window opens the setup's example first (what ``--example NAME`` shows) and the
    canvas updates it live. Returns lists in seconds: "gaps" (between two timeouts: 5 ms
    when the loop is free), "cpu" (the GUI thread's CPU time within each gap: its own work,
    waits for a core left out), "walls" (each run), "first" and "updates" (the GUI thread's
    time of the first live update, which goes to the end of the backward pass, and of every
    later one), "thread" (per later update, computing its numbers in slices between chunks),
    "update_cpu" (the GUI thread's CPU time per later update: to swap it in, to compute it),
    "rates" (live updates per second of each run), "steady" (the same from the first update
    on), "until_first" (the Train click to the first update: the run's compile, the open
    graph's compile and match), "click" / "click_cpu" (the Train click's gap, its CPU time).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from engine.sources.examples import get_example

    app = QApplication.instance() or QApplication([])
    keys = "gaps cpu walls first updates thread rates click click_cpu update_cpu steady until_first"
    out: dict[str, list[float]] = {k: [] for k in keys.split()}
    for _ in range(repeats):
        window = _window(app)
        window.load_built(get_example(name).build())
        panel, training = window.training_dock.widget(), window.training
        panel.settings_form.example_box.setCurrentIndex(
            panel.settings_form.example_box.findData(name)
        )
        panel.settings_form.steps_box.setValue(steps)
        panel.second_box.setCurrentText("accuracy")
        app.processEvents()
        live = training.live_canvas
        gaps, cpu, last = [], [], [time.perf_counter(), time.thread_time(), -1]
        updates = []

        def tick(gaps=gaps, cpu=cpu, last=last, updates=updates, live=live) -> None:
            now, now_cpu = time.perf_counter(), time.thread_time()
            gaps.append(now - last[0])
            cpu.append(now_cpu - last[1])
            if live.shown_step != last[2] and live.shown_step >= 0:
                u = (live.refresh_seconds, live.compute_seconds, live.cpu_seconds, now)
                updates.append(u)
            last[:] = now, now_cpu, live.shown_step

        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(tick)
        loop = QEventLoop()
        training.sig_state.connect(
            lambda s, loop=loop: s in ("finished", "stopped") and loop.quit()
        )
        timer.start()
        t = time.perf_counter()
        QTimer.singleShot(0, panel.train_button.click)
        loop.exec()
        walls = time.perf_counter() - t
        timer.stop()
        _pool(out, gaps, cpu, updates, start=t, wall=walls)
        if live.note and not live.live:
            print(f"    ({live.note})")
        _close(window, app)
    return out


def _pool(out: dict, gaps: list, cpu: list, updates: list, *, start: float, wall: float) -> None:
    """Add one run's gaps and updates (each: swap, compute, CPU times, when) to ``out``."""
    out["gaps"] += gaps
    out["cpu"] += cpu
    out["click"].append(gaps[0])  # the Train click's gap: the first tick comes after it
    out["click_cpu"].append(cpu[0])
    out["walls"].append(wall)
    out["first"] += [u[0] for u in updates[:1]]
    out["updates"] += [u[0] for u in updates[1:]]
    out["thread"] += [u[1] for u in updates[1:]]
    out["update_cpu"] += [u[2] for u in updates[1:]]
    out["rates"].append(len(updates) / wall)
    if len(updates) > 1:  # once the canvas follows the run: its compile and match left out
        out["steady"].append((len(updates) - 1) / (start + wall - updates[0][3]))
        out["until_first"].append(updates[0][3] - start)


def _close(window, app) -> None:
    """Close and delete ``window`` now, not in the next run's first gap."""
    from PySide6.QtCore import QEvent

    window.close()
    window.deleteLater()
    app.processEvents()
    # processEvents leaves deferred deletes to the next event loop: the next run's first gap
    # (the Train click's) then counted ~10 ms of freeing this window
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
