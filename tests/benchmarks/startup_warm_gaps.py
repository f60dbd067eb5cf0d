"""How long the event loop is held while a launch's warm-up imports on its thread.

After the first frame, the warm-up (gui/app/warm_up.py) imports what first use needs on a
thread: networkx, which a launch leaves to
the forked child that lays out its first graph (engine/drawing/forked_layering.py). Those
imports hold the GIL for stretches the GUI thread waits out. A fresh interpreter launches
the window (offscreen, the default example) as main.py does; from its first frame a 5 ms
timer ticks in its event loop until the warm-up is done and SETTLE_MS on, and each gap
between ticks is a time a user's input would wait. Printed: the gaps' distribution over all
launches (median, 95th and 99th percentile, max), and the warm-up's wall time. With
``--against DIR`` another checkout is launched the same way, interleaved.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/startup_warm_gaps.py
[--runs N] [--against DIR]``
"""

from __future__ import annotations

import json
from pathlib import Path

from gap_meter import gap_distribution
from startup import checkouts_parser, interleaved, load_averages, ms_spread, run_child

BENCHMARKS = Path(__file__).resolve().parent
SETTLE_MS = 150

#: Launches the window; from its first frame, meters the event loop until the warm-up ends.
CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import gui.app.launch
gui.app.launch.import_held()
import gui.app.warm_up
from gap_meter import GapMeter
out = {}
start = gui.app.warm_up.WarmUp.start

def started(warm):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    meter = GapMeter()
    meter.start()
    began = time.perf_counter()
    start(warm)
    poll = QTimer(QApplication.instance())

    def on_poll():
        if warm.wait(0):
            poll.stop()
            out["warm_ms"] = (time.perf_counter() - began) * 1e3
            meter.finish(int(sys.argv[2]))
            out["gaps"] = [g for g, _ in meter.gaps]
            QApplication.quit()

    poll.timeout.connect(on_poll)
    poll.start(5)
    return warm

gui.app.warm_up.WarmUp.start = started
gui.app.launch.main([])
print(json.dumps(out))
"""


def launch(root: Path) -> dict:
    """One launch in ``root``: its warm-up's wall time and the timer gaps until it was done."""
    out = run_child(CHILD, (str(BENCHMARKS), str(SETTLE_MS)), root, timeout=120)
    return json.loads(out.splitlines()[-1])


def main() -> int:
    """Launch ``--runs`` times (interleaved with ``--against``'s) and print the distributions."""
    args = checkouts_parser(__doc__).parse_args()
    load = load_averages()
    results = interleaved(args.against, args.runs, launch)
    after = load_averages()
    print(f"warm-up after the first frame, {args.runs} launches each, load {load} -> {after}")
    for root, runs in results.items():
        print(f"{root}: 5 ms timer gaps {gap_distribution([g for r in runs for g in r['gaps']])}")
        print(
            f"{'':<4}warm-up wall time {ms_spread([r['warm_ms'] for r in runs])}; worst gap per "
            "launch: " + ", ".join(f"{max(r['gaps']):.0f}" for r in runs)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
