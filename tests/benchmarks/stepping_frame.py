"""One step + its repaint in the real window, as a distribution over consecutive steps; play at 30/s.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/stepping_frame.py [--steps 200]

Each "step" figure is the time from ``session.step()`` (what Right does) until the window has
painted it: the step, every view's update (canvas, code panel, inspector, step bar) and the
repaint, forced by processing events until nothing more is pending. Below it, the GUI
thread's CPU time for the same steps: it leaves out the waits for a core that other
processes cause on a shared machine; and the cyclic GC's full (oldest-generation) passes
during them, counted with ``gc.callbacks``. Follow mode is on, at the default framing (1:1 at
1280x800 for both graphs, the presentation scale at 1920x1080). First paint and layout are
not included in the steps: the window is opened and painted before timing starts. The open
is timed apart, as a user's open after a launch runs (Examples menu: ``load_built`` called
from the event loop): the gaps of a 5 ms timer from the call until OPEN_WATCH_MS after it
returned, its first paint and what it leaves to later turns (the GC's settle) included.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import gui.app.first_frame  # noqa: F401  numpy loaded as a launch loads it: one BLAS thread

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "GRADSTEP_SETTINGS", os.path.join(os.environ.get("TMPDIR", "/tmp"), "gradstep-bench.ini")
)

from gap_meter import GapMeter
from gc_passes import FullPasses
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from engine.sources.built import BuiltGraph
from engine.sources.examples import get_example
from engine.trace.events import BACKWARD, FORWARD
from gui.app.first_frame import StartupHold
from gui.app.main_window import MainWindow
from tests.gui.canvas.big_graph import big_graph

PLAY_SPEED = 30
OPEN_WATCH_MS = 300  # gaps counted this long after an open returns: what it left to later turns
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"
"""The offscreen platform says this each time a window is shown: dozens of lines per run."""


def quiet_qt_message(_kind, _context, message: str) -> None:
    """Print Qt's messages as Qt would, all but the offscreen platform's OFFSCREEN_NOISE."""
    if message != OFFSCREEN_NOISE:
        print(message, file=sys.stderr)


def describe(name: str, ms: list[float]) -> str:
    """Median, 95th and 99th percentile, min and max of ``ms``."""
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return (
        f"{name}: median {statistics.median(ms):.1f} ms, p95 {q[94]:.1f}, p99 {q[98]:.1f}, "
        f"min {min(ms):.1f}, max {max(ms):.1f} (n={len(ms)})"
    )


def spread_of(px: list[int], whole: int) -> str:
    """Median, 95th percentile and mean of ``px`` as % of ``whole``, and how many are all of it."""
    q = statistics.quantiles(px, n=100, method="inclusive")
    pct = 100 / whole
    return (
        f"median {statistics.median(px) * pct:.1f}%, p95 {q[94] * pct:.1f}%, "
        f"mean {statistics.mean(px) * pct:.1f}%; whole view {sum(p >= whole for p in px)} "
        f"of {len(px)} steps"
    )


def load_average() -> str:
    """The 1-minute load average (the machine is shared)."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


class PaintCounter(QObject):
    """Counts paint events of a widget (and layout requests and repaints of ``window``)."""

    def __init__(self, widget, window=None) -> None:
        super().__init__(widget)
        self.widget = widget
        self.paints = 0
        self.layouts = 0  # the whole window laid out again
        self.syncs = 0  # the window's repaints (each paints every widget marked since the last)
        self.area = 0  # px the widget's paint events covered (their regions' rects)
        self.times: list[float] = []
        self.full_passes = FullPasses()
        widget.installEventFilter(self)
        if window is not None:
            window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        """Count, never filter."""
        if event.type() == QEvent.Type.Paint and obj is self.widget:
            self.paints += 1
            self.times.append(time.perf_counter() * 1e3)  # the paint starts now
            self.area += sum(r.width() * r.height() for r in event.region())
        elif event.type() == QEvent.Type.LayoutRequest:
            self.layouts += 1
        elif event.type() == QEvent.Type.UpdateRequest and obj is not self.widget:
            self.syncs += 1
        return False


def settle(app: QApplication) -> None:
    """Process events until what a step posted (scene updates, then repaints) has run."""
    for _ in range(3):
        app.processEvents()


def open_window(
    app: QApplication, built: BuiltGraph, size: str, presenting: bool
) -> tuple[MainWindow, str]:
    """A shown, painted main window with ``built`` loaded, framed as it opens; the open's gaps.

    The window is built as a launch builds it (the GC held until its first frame, then what
    start-up made set aside), so the open that follows is a user's open after a launch.
    """
    hold = StartupHold()
    window = MainWindow()
    window.remember = False
    w, h = (int(n) for n in size.split("x"))
    window.resize(w, h)
    window.show()
    for _ in range(2):
        settle(app)
    hold.release()
    opened = open_in_event_loop(window, built)
    if presenting:
        window.set_presentation(True, fullscreen=False)
        window.resize(w, h)
    for _ in range(5):
        settle(app)
    return window, opened


def open_in_event_loop(window: MainWindow, built: BuiltGraph) -> str:
    """Open ``built`` from the event loop, as the Examples menu does: the timer's gaps."""
    meter = GapMeter()
    called: list[float] = []  # the call's start and return (s)
    loop = QEventLoop()

    def open_it() -> None:
        called.append(time.perf_counter())
        window.load_built(built)
        called.append(time.perf_counter())
        loop.quit()

    with FullPasses() as passes:
        meter.start()
        QTimer.singleShot(0, open_it)
        loop.exec()
        meter.finish(OPEN_WATCH_MS)
    gaps = [g for g, _ in meter.gaps]
    after = [g for g, end in meter.gaps if end - g / 1e3 >= called[1]]  # begun once returned
    then = describe("gaps", after) if len(after) > 1 else f"gaps {after} ms"
    return (
        f"  open from the event loop: longest gap {max(gaps):.1f} ms (the call itself "
        f"{(called[1] - called[0]) * 1e3:.1f} ms), then {then}; {passes} "
        f"from the call until {OPEN_WATCH_MS} ms after it"
    )


def step_times(
    app, window, phase: str, steps: int
) -> tuple[list[float], list[float], list[int], PaintCounter, int]:
    """Per step from ``phase``'s start, step + views + repaint: ms (clock, GUI thread CPU), px.

    The px are the canvas area the step's repaint covered; last, how many steps moved the
    view (a follow pan: it repaints what it exposes).
    """
    session, view = window.session, window.graph_view
    session.seek_phase_start(phase)
    view.frame()
    settle(app)
    counter = PaintCounter(view.viewport(), window)
    times, cpu, area, pans = [], [], [], 0
    bars = (view.horizontalScrollBar(), view.verticalScrollBar())
    with counter.full_passes:
        for _ in range(steps):
            before, scrolled = counter.area, [bar.value() for bar in bars]
            ms, cpu_ms = timed_step(app, session)
            times.append(ms)
            cpu.append(cpu_ms)
            area.append(counter.area - before)
            pans += scrolled != [bar.value() for bar in bars]
    return times, cpu, area, counter, pans


def timed_step(app, session) -> tuple[float, float]:
    """One step (a step back at the end) until the window has painted it: clock, CPU (ms)."""
    t, c = time.perf_counter(), time.thread_time()
    if not session.step():
        session.back()
    settle(app)
    return (time.perf_counter() - t) * 1e3, (time.thread_time() - c) * 1e3


def stepping(app, name: str, built: BuiltGraph, size: str, *, presenting: bool, steps: int) -> None:
    """Print the step + repaint distribution, forward and backward, for one graph and size."""
    window, opened = open_window(app, built, size, presenting)
    view = window.graph_view
    where = f"{size}{' presentation' if presenting else ''}"
    print(
        f"{name}, {len(view.nodes):,} drawn nodes, {where}, follow on, scale "
        f"{view.current_scale():.2f}, {load_average()}"
    )
    print(opened)
    pictures = view.pictures
    for phase in (FORWARD, BACKWARD):
        hits, misses, boxes = pictures.hits, pictures.misses, pictures.boxes
        times, cpu, area, counts, pans = step_times(app, window, phase, steps)
        print(
            f"  {describe(f'{phase} step + repaint', times)}; canvas painted {counts.paints} "
            f"times, window laid out {counts.layouts} times, repainted {counts.syncs} times; "
            f"nodes: {pictures.hits - hits} from a shared picture, "
            f"{pictures.misses - misses} painted (a look painted twice is kept), "
            f"{pictures.boxes - boxes} of them on a box from a shared picture; "
            f"{counts.full_passes}"
        )
        # CPU time leaves out waiting for a core: on a shared machine, the work itself
        print(f"    GUI thread CPU: {describe('same steps', cpu)}")
        view_px = view.viewport().width() * view.viewport().height()
        print(
            f"    canvas area repainted, % of its {view_px:,} px: {spread_of(area, view_px)}; "
            f"the view panned on {pans} of {len(area)} steps"
        )
    window.close()
    window.deleteLater()
    settle(app)


def play(app, built: BuiltGraph, ticks: int) -> None:
    """Play at PLAY_SPEED steps/s in the running event loop: timer lateness and dropped frames.

    A tick's lateness is how much later than the timer's interval it came after the one
    before; a frame is dropped when a tick comes more than half an interval late (a step
    shown a whole frame later than it should be).
    """
    window, _opened = open_window(app, built, "1280x800", False)
    session = window.session
    session.seek_phase_start(FORWARD)
    settle(app)
    ticks_ms: list[float] = []
    loop = QEventLoop()

    def on_moved(_changed) -> None:
        ticks_ms.append(time.perf_counter() * 1e3)
        if len(ticks_ms) > ticks:
            window.player.stop()
            loop.quit()

    session.sig_moved.connect(on_moved)
    window.player.set_speed(PLAY_SPEED)
    window.player.toggle()
    QTimer.singleShot(round(ticks * 3000 / PLAY_SPEED), loop.quit)  # never hang
    loop.exec()
    window.player.stop()
    interval = 1000 / PLAY_SPEED
    late = [b - a - interval for a, b in itertools.pairwise(ticks_ms)]
    dropped = sum(t > interval / 2 for t in late)
    print(
        f"play at {PLAY_SPEED} steps/s, lecture MLP, 1280x800 (timer {window.player._interval_ms()} "
        f"ms): {describe('tick lateness', late)}; {dropped} of {len(late)} frames dropped "
        f"(a tick over {interval / 2:.0f} ms late); {load_average()}"
    )
    window.close()
    window.deleteLater()
    settle(app)


def main() -> None:
    """Print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="consecutive steps per figure")
    parser.add_argument("--only", choices=("mlp", "big", "play"), help="one graph only")
    args = parser.parse_args()
    qInstallMessageHandler(quiet_qt_message)  # this script only: the app keeps its warnings
    app = QApplication.instance() or QApplication([])
    graphs = {
        "mlp": ("lecture MLP", get_example("lecture-mlp").build),
        "big": ("MLP(3,[4,4,1]) SSE 29 samples", big_graph),
    }
    for key, (name, build) in graphs.items():
        if args.only in (None, key):
            for size, presenting in (("1280x800", False), ("1920x1080", True)):
                stepping(app, name, build(), size, presenting=presenting, steps=args.steps)
    if args.only in (None, "play"):
        play(app, get_example("lecture-mlp").build(), args.steps)


if __name__ == "__main__":
    main()
