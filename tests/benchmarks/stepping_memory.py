"""Memory while stepping: the window's RSS over thousands of Right presses on the lecture MLP.

Opens seed 000's lecture MLP in the main window (1,400 x 900, offscreen, follow on), steps
``--steps`` times as Right does (default 5,000; back to the start at the end of the trace)
with a repaint after each, and samples the process's resident memory and Python object count every
``--every`` presses. Runs it twice: with the canvas' pixmap cache at the app's limit
(gui/canvas/graph_view.pixmap_cache_kb: sized to the drawn graph) and at ``--small-cache-mb``: growth that stops in
the second run and not the first is the cache filling up to its limit, not a leak.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def rss_mb() -> float:
    """The resident memory of the running process in MB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(steps: int, every: int, cache_kb: int | None) -> None:
    """Step the window and print one line per sample: presses, RSS MB, objects."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, ROOT)
    from PySide6.QtGui import QPixmapCache
    from PySide6.QtWidgets import QApplication

    from engine.sources.examples import get_example
    from gui.app.main_window import MainWindow
    from gui.look.settings import Settings

    app = QApplication([])
    window = MainWindow(settings=Settings(os.path.join(tempfile.mkdtemp(), "settings.ini")))
    window.remember = False
    window.resize(1400, 900)
    window.show()
    window.load_built(get_example("lecture-mlp").build())
    if cache_kb is not None:
        QPixmapCache.setCacheLimit(cache_kb)
    app.processEvents()
    view, session = window.graph_view, window.session
    for k in range(steps + 1):
        if k % every == 0:
            gc.collect()
            print(k, f"{rss_mb():.1f}", len(gc.get_objects()), flush=True)
        if not session.step():
            session.reset()
        view.viewport().repaint()
        app.processEvents()


def run(steps: int, every: int, cache_kb: int | None) -> list[tuple[int, float, int]]:
    """The samples of one child run."""
    args = [sys.executable, __file__, "--child", str(steps), str(every), str(cache_kb or 0)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines() if line[:1].isdigit()]
    return [(int(k), float(mb), int(objects)) for k, mb, objects in rows]


def describe(name: str, rows: list[tuple[int, float, int]]) -> None:
    """Growth over each quarter of the run, MB per 100 presses, and the object counts."""
    print(f"  {name}:")
    q = max(1, len(rows) // 4)
    for a, b in zip(rows[::q], rows[q::q], strict=False):
        per100 = (b[1] - a[1]) / (b[0] - a[0]) * 100
        print(f"    presses {a[0]:>5,}-{b[0]:>5,}: RSS {a[1]:.1f} -> {b[1]:.1f} MB "
              f"({per100:+.2f} MB per 100), objects {a[2]:,} -> {b[2]:,}")  # fmt: skip


def main() -> None:
    """Run both children and print the growth."""
    if sys.argv[1:2] == ["--child"]:
        steps, every, cache_kb = map(int, sys.argv[2:5])
        child(steps, every, cache_kb or None)
        return
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--steps", type=int, default=5000)
    p.add_argument("--every", type=int, default=250)
    p.add_argument("--small-cache-mb", type=float, default=8)
    args = p.parse_args()
    print(f"stepping the lecture MLP in the window, {args.steps:,} Right presses with a repaint "
          f"each; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    describe("pixmap cache at the app's limit", run(args.steps, args.every, None))
    small = int(args.small_cache_mb * 1024)
    describe(
        f"pixmap cache limited to {args.small_cache_mb:g} MB", run(args.steps, args.every, small)
    )


if __name__ == "__main__":
    main()
