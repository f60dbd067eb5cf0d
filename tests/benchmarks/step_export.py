"""Figures for Export Steps: per frame (render, PNG, GIF frame), GIF size, peak memory.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/step_export.py

Frames are rendered as --export-steps renders them: the window at 1920x1080 in presentation
mode, offscreen. Each per-frame figure includes the seek, the events it queued and the
re-framing; "png" is Qt's encode plus the file write; "gif frame" is the changed box's
256-colour palette, Pillow's encoding and the write. Peak memory is the process's maximum resident set size after all exports.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from gui.app.cli.step_range import SLIDE_SIZE
from gui.app.gif_stream import GifStream
from gui.app.main_window import MainWindow
from gui.app.step_export import GIF_FRAME_MS, render_frame, write_png

#: (example, first position, frames): a small graph's backward pass and the lecture MLP's.
RUNS = (("neuron", 0, 42), ("lecture-mlp", 1400, 100))


def distribution(name: str, times_ms: list[float]) -> None:
    """Print median, 95th percentile, min and max of ``times_ms``."""
    ts = sorted(times_ms)
    p95 = ts[min(len(ts) - 1, int(0.95 * len(ts)))]
    print(f"  {name}: n={len(ts)} median {statistics.median(ts):.1f} ms, p95 {p95:.1f}, "
          f"min {ts[0]:.1f}, max {ts[-1]:.1f}")  # fmt: skip


def peak_mb() -> float:
    """The process's peak resident set size so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_run(window: MainWindow, first: int, count: int, folder: Path) -> None:
    """Render ``count`` frames from ``first``, timing each part, then write the GIF."""
    render, png, palette = [], [], []
    gif = GifStream(str(folder / "steps.gif"), GIF_FRAME_MS)
    for index, position in enumerate(range(first, first + count)):
        t0 = time.perf_counter()
        image = render_frame(window, position)
        t1 = time.perf_counter()
        write_png(image, str(folder / f"frame-{index + 1:04d}.png"))
        t2 = time.perf_counter()
        gif.add(image)
        t3 = time.perf_counter()
        render.append((t1 - t0) * 1e3)
        png.append((t2 - t1) * 1e3)
        palette.append((t3 - t2) * 1e3)
    gif.close()
    distribution("render (seek + events + frame + grab)", render)
    distribution("png (encode + write)", png)
    distribution("gif frame (changed box, 256 colours, encode, write)", palette)
    size_mb = (folder / "steps.gif").stat().st_size / 1e6
    print(f"  gif: {count} frames, {size_mb:.1f} MB; peak memory so far {peak_mb():.0f} MB")


def main() -> None:
    """Export each run's frames and print the distributions."""
    app = QApplication.instance() or QApplication([])
    for example, first, count in RUNS:
        window = MainWindow()
        window.remember = False
        window.resize(*SLIDE_SIZE)
        window.load_example(example)
        window.show()
        window.set_presentation(True, fullscreen=False)
        app.processEvents()
        window.graph_view.finish_layout()
        print(f"{example}: {count} frames from step {first} at {SLIDE_SIZE[0]}x{SLIDE_SIZE[1]}")
        print(f"  peak memory with the window open: {peak_mb():.0f} MB")
        with tempfile.TemporaryDirectory(prefix="gradstep-bench-") as folder:
            export_run(window, first, count, Path(folder))
        window.close()
    print(f"peak resident memory: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
