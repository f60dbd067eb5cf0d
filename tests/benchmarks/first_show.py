"""The Training dock's first show after a launch's warm-up: what its first Ctrl+T costs.

The dock's panel and pyqtgraph load on first use, on the GUI thread: the warm-up's thread
imports nothing of Qt (gui/app/warm_up.py says why). Each run is a fresh interpreter: the
window is built and shown (offscreen), the warm-up runs to its end, then the dock is shown and
events are processed until it is painted. Printed: the show's wall and GUI-thread CPU time,
min / median / max over the runs (first paint of the dock included, the launch not). With
``--against DIR`` another checkout runs the same, interleaved.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/first_show.py
[--runs N] [--against DIR]``
"""

from __future__ import annotations

from pathlib import Path

from startup import checkouts_parser, interleaved, load_averages, ms_spread, run_child

#: Shows the Training dock once the warm-up is done; prints its wall and CPU ms.
CHILD = r"""
import time
import gui.app.first_frame  # numpy loaded as a launch loads it: one BLAS thread
from PySide6.QtWidgets import QApplication
from gui.app.main_window import MainWindow
from gui.app.warm_up import WarmUp
app = QApplication(["gradstep"])
window = MainWindow()
window.remember = False
window.show()
for _ in range(5):
    app.processEvents()
warm = WarmUp().start()
assert warm.wait(60), "the warm-up did not end"
for _ in range(5):
    app.processEvents()
t, c = time.perf_counter(), time.thread_time()
window.training_dock.show()
for _ in range(3):
    app.processEvents()
print((time.perf_counter() - t) * 1e3, (time.thread_time() - c) * 1e3)
"""


def show_once(root: Path) -> tuple[float, float]:
    """One fresh interpreter in ``root``: the dock's first show, wall and CPU ms."""
    wall, cpu = run_child(CHILD, (), root, timeout=120).split()[-2:]
    return float(wall), float(cpu)


def main() -> int:
    """Show the dock ``--runs`` times per checkout (interleaved) and print the distributions."""
    args = checkouts_parser(__doc__).parse_args()
    load = load_averages()
    results = interleaved(args.against, args.runs, show_once)
    print(f"Training dock's first show after the warm-up, {args.runs} runs each, load {load}")
    for root, runs in results.items():
        wall, cpu = ms_spread([w for w, _ in runs]), ms_spread([c for _, c in runs])
        print(f"{root}: wall {wall}; GUI-thread CPU {cpu}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
