"""Training soak: 10,000 steps of the lecture MLP with the loss plot live; memory printed.

A real TrainingSession drives the steps in chunks on the Qt event loop while a shown LossPlot
redraws, as in the window. Resident memory (RSS) is printed at the start, every 1,000 steps
and at the end; the growth must stay under 50 MB. The longest gap between two ticks of a 5 ms
timer is printed too (how long the event loop was ever blocked).

Full size: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.soak.training`` (``make soak``).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import time

MAX_GROWTH_MB = 50.0


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; peak RSS elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


class _Monitor:
    """Ticks every 5 ms on the event loop: the longest gap, and RSS every ``every`` steps."""

    def __init__(self, training, every: int, start_mb: float):
        self.training = training
        self.every = every
        self.figures = {"start_mb": start_mb, "peak_mb": start_mb, "stall_ms": 0.0,
                        "stall_step": 0, "reports": 0}  # fmt: skip
        self.last = time.perf_counter()

    def restart(self) -> None:
        """Start measuring gaps from now."""
        self.last = time.perf_counter()

    def on_tick(self) -> None:
        """One timer tick: note the gap since the last one, report memory when due."""
        now, f = time.perf_counter(), self.figures
        history = self.training.history
        done = len(history) if history is not None else 0
        gap = (now - self.last) * 1e3
        if gap > f["stall_ms"]:
            f["stall_ms"], f["stall_step"] = gap, done
        self.last = now
        if done >= (f["reports"] + 1) * self.every:
            f["reports"] += 1
            mb = rss_mb()
            f["peak_mb"] = max(f["peak_mb"], mb)
            print(f"  step {done:>6,}: RSS {mb:7.1f} MB, loss {history.loss[-1]:.3g}")


def _train_live(training, monitor: _Monitor) -> float:
    """Train to the end inside an event loop with the monitor ticking; seconds taken."""
    from PySide6.QtCore import QEventLoop, QTimer

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(monitor.on_tick)
    loop = QEventLoop()
    training.sig_state.connect(lambda s: loop.quit() if s in ("finished", "stopped") else None)
    t0 = time.perf_counter()
    ticker.start()
    monitor.restart()
    if not training.train():
        raise RuntimeError("training did not start")
    loop.exec()
    ticker.stop()
    return time.perf_counter() - t0


def run(steps: int, *, fast: bool, report_every: int = 1000) -> dict[str, float]:
    """Train ``steps`` steps with the plot shown; returns memory, stall and count figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from gui.models.step_session import StepSession
    from gui.models.training_session import TrainingSession
    from gui.training.loss_plot import LossPlot

    app = QApplication.instance() or QApplication(["gradstep-soak"])
    training = TrainingSession(StepSession())
    plot = LossPlot(training)
    plot.resize(900, 500)
    plot.show()
    if not training.configure("lecture-mlp", steps=steps, fast=fast):
        raise RuntimeError("the lecture MLP setup was refused")
    app.processEvents()
    gc.collect()
    monitor = _Monitor(training, report_every, rss_mb())
    elapsed = _train_live(training, monitor)
    for _ in range(5):  # let the plot's last repaint happen
        app.processEvents()
        time.sleep(0.03)
    gc.collect()
    f = monitor.figures
    end = rss_mb()
    f.update(end_mb=end, peak_mb=max(f["peak_mb"], end), growth_mb=end - f["start_mb"],
             steps=len(training.history), plotted=plot.drawn, seconds=elapsed,
             stopped=training.trainer.stopped or "")  # fmt: skip
    plot.close()
    plot.deleteLater()
    training.deleteLater()
    return f


def main() -> int:
    """Run the soak (scalar engine unless --fast) and print; exit 1 if memory grew too much."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument(
        "--fast", action="store_true", help="numpy fast path, not the scalar engine"
    )
    args = parser.parse_args()
    engine = "fast path" if args.fast else "scalar engine"
    print(f"training soak: lecture MLP, {args.steps:,} steps, {engine}, loss plot shown")
    f = run(args.steps, fast=args.fast)
    print(
        f"training soak ({engine}): {f['steps']:,} steps in {f['seconds']:.1f} s, "
        f"{f['plotted']:,} points plotted; RSS start {f['start_mb']:.1f} MB, end "
        f"{f['end_mb']:.1f} MB, peak {f['peak_mb']:.1f} MB, growth {f['growth_mb']:+.1f} MB "
        f"(limit {MAX_GROWTH_MB:.0f}); longest event-loop gap {f['stall_ms']:.0f} ms (at step {f['stall_step']:,})"
    )
    ok = f["growth_mb"] < MAX_GROWTH_MB and f["steps"] == args.steps == f["plotted"]
    if f["stopped"]:
        print(f"  the run stopped: {f['stopped']}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
