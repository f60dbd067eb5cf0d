"""How long the real window's event loop stalls while a user's program runs and opens.

The window (offscreen) opens two programs through File > Open's path
(``documents.open_path``): micrograd 0.1.0's moons step (one full-batch step, about 65,000
Values, as tests/benchmarks/worker_run.py writes it) and the lecture's 20-step MLP training
loop. A 5 ms timer ticks in the window's event loop the whole time; a gap between ticks is
how long a user could not interact. Two parts, printed apart:
- "run + read": from File > Open until the run's result reaches the GUI thread: the worker
  runs the program, writes the recording, the runner's thread reads it back;
- "open": the one GUI-thread call that opens the recording (pass list, problems, canvas
  built for the last pass), timed on its own.
Peer in the same run: the same recording file read in a thread while the timer ticks,
written the older way (one JSON document, one ``json.loads``).
Run: ``.venv/bin/python tests/benchmarks/recording_stall.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRADSTEP_SETTINGS", os.path.join(tempfile.mkdtemp(), "settings.ini"))

from worker_run import MOONS  # noqa: E402

from engine.sources.program.recording import load_recording  # noqa: E402
from tests.engine.sources.program.programs import lecture_value, training_loop  # noqa: E402

TICK_MS = 5


def _percentiles(gaps: list[float]) -> str:
    ordered = sorted(gaps)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return (
        f"median {statistics.median(ordered):6.1f} ms  p95 {at(0.95):6.1f}  p99 {at(0.99):6.1f}  "
        f"max {ordered[-1]:6.1f}  (n={len(ordered)} gaps)"
    )


def _open_in_window(window: object, path: Path) -> tuple[list[float], float, bool]:
    """Gaps of the 5 ms timer during run + read, and the GUI-thread open call's duration."""
    from PySide6.QtCore import QEventLoop, QTimer

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1e3)
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    opened: list[bool] = []
    open_ms: list[float] = []
    loop = QEventLoop()
    programs = window.documents.programs
    finished_at: list[float] = []

    def on_finished(_result: object) -> None:  # before ProgramFiles opens the recording
        finished_at.append(time.perf_counter())
        timer.stop()

    def on_done(ok: bool) -> None:
        open_ms.append((time.perf_counter() - finished_at[0]) * 1e3)
        opened.append(ok)
        loop.quit()

    # ours first, then ProgramFiles' handler (which opens the recording) moved after it
    window.runs.sig_finished.connect(on_finished)
    window.runs.sig_finished.disconnect(programs._on_finished)
    window.runs.sig_finished.connect(programs._on_finished)
    programs.sig_done.connect(on_done)
    timer.start()
    last[0] = time.perf_counter()
    window.documents.open_path(str(path))
    loop.exec()
    programs.sig_done.disconnect(on_done)
    window.runs.sig_finished.disconnect(on_finished)
    return gaps, open_ms[0], opened[0]


def _peer(path: Path) -> tuple[list[float], list[float]]:
    """Timer gaps while a thread reads the recording: chunked (ours) vs one json.loads."""
    from engine.sources.program.recording import save_recording

    recording = load_recording(path)
    chunked = path.with_name("chunked.gradstep-rec.json")
    plain = path.with_name("plain.gradstep-rec.json")
    save_recording(recording, chunked)
    plain.write_text(json.dumps(recording.to_dict(), separators=(",", ":")))

    def gaps_while(body: object) -> list[float]:
        gaps = []
        thread = threading.Thread(target=body)
        last = time.perf_counter()
        thread.start()
        while thread.is_alive():
            time.sleep(TICK_MS / 1e3)
            now = time.perf_counter()
            gaps.append((now - last) * 1e3)
            last = now
        return gaps

    return (
        gaps_while(lambda: load_recording(chunked)),
        gaps_while(lambda: json.loads(plain.read_text())),
    )


def main() -> None:
    """Open each program ``--repeats`` times in one window; print the gap distributions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from gui.app.main_window import MainWindow

    app = QApplication.instance() or QApplication([])  # noqa: F841  (the window needs it)
    window = MainWindow()
    window.remember = False
    window.resize(1280, 800)
    window.show()
    window.load_example("neuron")
    folder = Path(tempfile.mkdtemp(prefix="gradstep-stall-"))
    programs = {
        "moons step (65k Values)": MOONS,
        "lecture 20-pass loop": lecture_value() + training_loop(20),
    }
    for name, source in programs.items():
        path = folder / (name.split()[0] + ".py")
        path.write_text(source)
        run_gaps, opens = [], []
        for _ in range(args.repeats):
            window.load_example("neuron")
            gaps, open_ms, ok = _open_in_window(window, path)
            assert ok, window.documents.error_dialog.message_label.text()
            run_gaps += gaps
            opens.append(open_ms)
        print(f"{name}, {args.repeats} runs:")
        print(f"  run + read, 5 ms timer gaps: {_percentiles(run_gaps)}")
        print(
            f"  open on the GUI thread (canvas included): median {statistics.median(opens):.0f} "
            f"ms, min {min(opens):.0f}, max {max(opens):.0f}"
        )
        if name.startswith("moons"):
            from engine.sources.program.recording import save_recording

            file = folder / "moons.gradstep-rec.json"
            save_recording(window.recordings.recording, file)
            chunked, plain = _peer(file)
            print(f"  peer, reading it in a thread, chunked:     {_percentiles(chunked)}")
            print(f"  peer, reading it in a thread, one document: {_percentiles(plain)}")
    window.close()


if __name__ == "__main__":
    main()
