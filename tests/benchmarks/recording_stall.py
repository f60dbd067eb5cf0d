"""How long the real window's event loop stalls while a user's program runs and opens.

The window (offscreen) opens two programs through File > Open's path
(``documents.open_path``): micrograd 0.1.0's moons step (one full-batch step, about 65,000
Values, as tests/benchmarks/worker_run.py writes it) and the lecture's 20-step MLP training
loop. A 5 ms timer ticks in the window's event loop the whole time; a gap between ticks is
how long a user could not interact. Printed apart:
- "program runs": from File > Open until the runner starts reading the worker's recording
  (the worker runs the program and writes the recording);
- "result opened": from then until the recording is open and SETTLE_MS on (its first paint
  included): the runner's thread reads it and prepares its last pass, then one GUI-thread
  call opens it (its duration printed too);
- for moons, File > Open of the saved recording file: read in a thread, then opened;
- File > Open of a saved batch loss over 500 samples (~21,000 values, opened collapsed).
Peers in the same run: the saved file opened the older way (read and opened in one
GUI-thread call, nothing prepared); the file read in a thread, chunked (ours) vs one
``json.loads`` (the older file shape).
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import gui.app.first_frame  # noqa: E402, F401  numpy loaded as a launch loads it: one BLAS thread

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRADSTEP_SETTINGS", os.path.join(tempfile.mkdtemp(), "settings.ini"))

from gap_meter import TICK_MS, GapMeter, gap_distribution  # noqa: E402
from worker_run import MOONS  # noqa: E402

from engine.sources.program.recording import load_recording  # noqa: E402
from tests.engine.sources.program.programs import lecture_value, training_loop  # noqa: E402

SETTLE_MS = 150  # gaps counted this long after an open returns: work it left to later turns


def _run_in_window(window: object, path: Path) -> tuple[list[float], list[float], float, float]:
    """Gaps while the program runs and while its result opens, the GUI open call, CPU (ms).

    CPU: the most GUI-thread CPU time in one gap while the result opens (what a gap would
    be on an idle machine, or nearly: a core of one's own).
    """
    from PySide6.QtCore import QEventLoop

    from engine.sources.running.runner import ProgramRun

    reading_at: list[float] = []
    outcome = ProgramRun._outcome

    def timed_outcome(run: ProgramRun, returncode: int, out: str) -> object:
        reading_at.append(time.perf_counter())  # the worker is over: its recording is read
        return outcome(run, returncode, out)

    programs = window.documents.programs
    handled = programs._on_finished
    open_ms: list[float] = []
    opened: list[bool] = []

    timed_open = _timed(handled, open_ms)
    loop = QEventLoop()
    meter = GapMeter()
    window.runs.sig_finished.disconnect(handled)
    window.runs.sig_finished.connect(timed_open)
    programs.sig_done.connect(opened.append)
    programs.sig_done.connect(loop.quit)
    ProgramRun._outcome = timed_outcome
    try:
        meter.start()
        window.documents.open_path(str(path))
        loop.exec()
        meter.finish(SETTLE_MS)
    finally:
        ProgramRun._outcome = outcome
        window.runs.sig_finished.disconnect(timed_open)
        window.runs.sig_finished.connect(handled)
        programs.sig_done.disconnect(opened.append)
        programs.sig_done.disconnect(loop.quit)
    assert opened == [True], window.documents.error_dialog.message_label.text()
    runs, opening = meter.split(reading_at[0])
    return runs, opening, open_ms[0], meter.most_cpu_after(reading_at[0])


def _open_file_in_window(window: object, path: Path) -> tuple[list[float], float, float]:
    """Gaps from File > Open of a recording file until it is open, its GUI-thread call, CPU (ms).

    CPU: the most GUI-thread CPU time in one of those gaps.

    The meter ticks on till SETTLE_MS after it is open (the first paint included); the call
    is the one that opens the recording once read (the canvas built in it).
    """
    from PySide6.QtCore import QEventLoop

    files = window.documents.recording_files
    opened: list[bool] = []
    loop = QEventLoop()
    files.sig_done.connect(opened.append)
    files.sig_done.connect(loop.quit)
    recordings = window.recordings
    load, call_ms = recordings.load_recording, []

    recordings.load_recording = _timed(load, call_ms)
    meter = GapMeter()
    try:
        meter.start()
        window.documents.open_path(str(path))
        loop.exec()
        meter.finish(SETTLE_MS)
    finally:
        del recordings.load_recording  # the class's method again
        files.sig_done.disconnect(opened.append)
        files.sig_done.disconnect(loop.quit)
    assert opened == [True], window.documents.error_dialog.message_label.text()
    return [g for g, _ in meter.gaps], call_ms[0], max(meter.cpu)


def _timed(call: Callable[..., Any], into: list[float]) -> Callable[..., Any]:
    """``call``, appending how long each call took (ms) to ``into``."""

    def timed(*args: object) -> Any:
        started = time.perf_counter()
        done = call(*args)
        into.append((time.perf_counter() - started) * 1e3)
        return done

    return timed


def _open_file_the_older_way(window: object, path: Path) -> float:
    """One GUI-thread call that reads the file and opens it, as File > Open did (ms)."""
    started = time.perf_counter()
    recording = load_recording(path)
    assert window.recordings.load_recording(recording, str(path), path.name)
    return (time.perf_counter() - started) * 1e3


def _peer(path: Path) -> tuple[list[float], list[float]]:
    """Timer gaps while a thread reads the recording: chunked (ours) vs one json.loads.

    The cyclic GC is held off meanwhile, as the window holds it while it reads a file.
    """
    from engine.sources.program.recording import save_recording

    recording = load_recording(path)
    chunked = path.with_name("chunked.gradstep-rec.json")
    plain = path.with_name("plain.gradstep-rec.json")
    save_recording(recording, chunked)
    plain.write_text(json.dumps(recording.to_dict(), separators=(",", ":")))

    def gaps_while(body: object) -> list[float]:
        from gui.models.gc_hold import GC_HOLD

        gaps = []
        thread = threading.Thread(target=body)
        GC_HOLD.hold()  # as the window holds it while a file is read: no full pass in between
        try:
            last = time.perf_counter()
            thread.start()
            while thread.is_alive():
                time.sleep(TICK_MS / 1e3)
                now = time.perf_counter()
                gaps.append((now - last) * 1e3)
                last = now
        finally:
            GC_HOLD.release()
        return gaps

    return (
        gaps_while(lambda: load_recording(chunked)),
        gaps_while(lambda: json.loads(plain.read_text())),
    )


def main() -> None:
    """Open each program ``--repeats`` times in one window; print the gap distributions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only-batch", action="store_true", help="only the batch file's open")
    parser.add_argument(
        "--warm", action="store_true", help="warm up as a launch does after its first frame"
    )
    parser.add_argument("--only-lecture", action="store_true", help="only the lecture loop")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    from PySide6.QtWidgets import QApplication

    from gui.app.main_window import MainWindow

    app = QApplication.instance() or QApplication([])  # noqa: F841  (the window needs it)
    window = MainWindow()
    window.remember = False
    window.resize(1280, 800)
    window.show()
    window.load_example("neuron")
    if args.warm:
        _warm_up(window)
    folder = Path(tempfile.mkdtemp(prefix="gradstep-stall-"))
    programs = {
        "moons step (65k Values)": MOONS,
        "lecture 20-pass loop": lecture_value() + training_loop(20),
    }
    if args.only_lecture:
        del programs["moons step (65k Values)"]
    for name, source in programs.items() if not args.only_batch else ():
        path = folder / (name.split()[0] + ".py")
        path.write_text(source)
        running, opening, opens, worst, cpu = [], [], [], [], []
        for _ in range(args.repeats):
            window.load_example("neuron")
            runs, opened, open_ms, most_cpu = _run_in_window(window, path)
            cpu.append(most_cpu)
            running += runs
            opening += opened
            opens.append(open_ms)
            worst.append(max(opened))
        print(f"{name}, {args.repeats} runs, 5 ms timer gaps:")
        print(f"  while the program runs:   {gap_distribution(running)}")
        print(f"  while its result opens:   {gap_distribution(opening)}")
        print(
            f"  of which the GUI-thread open call: median {statistics.median(opens):.0f} ms, "
            f"min {min(opens):.0f}, max {max(opens):.0f}"
        )
        print(
            f"  the session's first open: GUI-thread call {opens[0]:.0f} ms, longest gap "
            f"{worst[0]:.0f} ms; later opens' longest gaps: {', '.join(f'{w:.0f}' for w in worst[1:])}"
        )
        print(
            f"  the most GUI-thread CPU in one gap: first open {cpu[0]:.0f} ms; later opens: "
            f"{', '.join(f'{c:.0f}' for c in cpu[1:])}"
        )
        if name.startswith("moons"):
            _files(window, folder, args.repeats)
    _batch_file(window, folder, args.repeats)
    window.close()


def _warm_up(window: object) -> None:
    """Start the warm-up as a launch does after its first frame; print the gaps until it ends.

    The warm-up imports none of Qt (gui/app/warm_up.py): the Passes and Problems panels' modules
    (pyqtgraph included) are imported on the GUI thread when the first program starts running
    (``RecordingDocks.load_panels_soon``), so they show among the gaps while it runs.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    from gui.app.warm_up import WarmUp

    settle = QEventLoop()  # the window's first frames are done, as at a launch's warm-up
    QTimer.singleShot(500, settle.quit)
    settle.exec()
    meter = GapMeter()
    meter.start()
    started = time.perf_counter()
    warm = WarmUp().start()
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: warm.wait(0) and loop.quit())
    poll.start(20)
    loop.exec()
    took = (time.perf_counter() - started) * 1e3
    meter.finish(SETTLE_MS)
    print(f"warm-up: {took:.0f} ms; 5 ms timer gaps: ", end="")
    print(gap_distribution([g for g, _ in meter.gaps]))


def _files(window: object, folder: Path, repeats: int) -> None:
    """File > Open of the saved moons recording, against the older ways of opening it."""
    from engine.sources.program.recording import save_recording

    file = folder / "moons.gradstep-rec.json"
    save_recording(window.recordings.recording, file)
    gaps, older, calls = [], [], []
    for _ in range(repeats):
        window.load_example("neuron")
        opened, call, _ = _open_file_in_window(window, file)
        gaps += opened
        calls.append(call)
        window.load_example("neuron")
        older.append(_open_file_the_older_way(window, file))
    print(f"  File > Open of its saved recording: {gap_distribution(gaps)}")
    print(f"    of which the GUI-thread open call: {_spread(calls)}")
    print(
        f"  peer, read and opened in one GUI-thread call (before): median "
        f"{statistics.median(older):.0f} ms, min {min(older):.0f}, max {max(older):.0f}"
    )
    chunked, plain = _peer(file)
    print(f"  peer, reading it in a thread (GC held), chunked:      {gap_distribution(chunked)}")
    print(f"  peer, reading it in a thread (GC held), one document: {gap_distribution(plain)}")


def _batch_file(window: object, folder: Path, repeats: int) -> None:
    """File > Open of a saved batch loss over 500 samples (~21,000 values, opened collapsed).

    The scenario of tests/gui/files/test_recording_files_read_in_a_thread.py.
    """
    from tests.gui.recordings import batch, saved

    file = saved(batch(folder, 500), folder, "batch")
    gaps, calls, worst, cpu = [], [], [], []
    for _ in range(repeats):
        window.load_example("neuron")
        opened, call, most_cpu = _open_file_in_window(window, file)
        gaps += opened
        calls.append(call)
        worst.append(max(opened))
        cpu.append(most_cpu)
    print(
        f"batch loss, 500 samples (~21,000 values, {len(window.graph_view.nodes)} drawn), ", end=""
    )
    print(f"File > Open, {repeats} runs, 5 ms timer gaps (first paint included):")
    print(f"  {gap_distribution(gaps)}")
    print(f"  longest gap per run: {_spread(worst)}")
    print(f"  the most GUI-thread CPU in one gap per run: {_spread(cpu)}")
    print(f"  the GUI-thread open call: {_spread(calls)}")


def _spread(ms: list[float]) -> str:
    """Min, median and max of ``ms``."""
    return f"min {min(ms):.0f} ms, median {statistics.median(ms):.0f}, max {max(ms):.0f}"


if __name__ == "__main__":
    main()
