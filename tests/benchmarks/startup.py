"""Start-up time: launch to main window painted (targets: 0.4 s median; moons 1.5 s).

Measurements, each repeated and interleaved (min / median / max printed):
- in-process: a fresh interpreter runs gui.app.launch.main() as main.py does; the harness
  imports no Qt itself (Qt slows every import after it, so importing it early would move
  gradstep's cost), and once launch imports Qt it notes the QApplication's creation and
  watches each window shown (not every object: see timed_application) for its first Paint
  event. "Painted" is when that frame is done: the event loop's next timer after it. Time
  from the parent's Popen, which includes building, recording and laying out the default
  example: the first frame shows it;
- the same with ``--example moons``: micrograd's full moons batch (65,814 Values) built,
  its trace recorded, grouped, laid out and painted;
- the floors (tests/benchmarks/startup_floor.py): a script importing only numpy (one
  OpenBLAS thread, as start-up loads it) and PySide6 that paints a QGraphicsView the
  window's size; what no change inside gradstep can go below. The floor with networkx
  imported too is printed beside it, but no longer bounds gradstep: a launch's first graph
  is laid out by networkx in a child forked while the window imports Qt
  (engine/drawing/forked_layering.py), so its networkx import is off the critical path;
- with ``--against DIR``: another checkout's window (and moons) painted, for a before/after
  in one run;
- end to end: ``main.py --example lecture-mlp --goto backward --screenshot OUT.png`` wall
  time, launch to exit with the PNG written (and the same for ``--command``, e.g. the bundle).
Python's bytecode cache is on for the children (a first, untimed launch writes it), as on
a user's second launch; a first launch after a source checkout also compiles every module
(about 0.15-0.3 s more here).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/startup.py [--runs N]
[--against DIR]``
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from startup_floor import FLOOR, FLOOR_WITH_NETWORKX

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
TARGET_S = 0.4
MOONS_TARGET_S = 1.5
#: The exit status fails only past this (a window that long in coming is broken, not slow):
#: the targets above are printed, and a shared machine's load can miss them.
FAIL_S = 1.5
# The end-to-end run opens a real graph: the lecture MLP's loss, at the start of backward.
SHOT_ARGS = ["--example", "lecture-mlp", "--goto", "backward"]

CHILD = r"""
import os, sys, time
t_start = time.time()
import importlib.machinery
marks = {}

def timed_application(widgets):
    # Defined once launch imports Qt: a QApplication that notes its creation, and a show()
    # that watches each window it shows for its first Paint. That Paint begins the frame;
    # the frame is done when the event loop next runs a timer: "painted" is noted there.
    # Only windows are watched: a filter on the whole application would see every event of
    # every object, and the first for an object of a class PySide6 has no binding for makes
    # it create every type it had left for later (~12 ms here) - a cost launch need not pay.
    from PySide6.QtCore import QEvent, QObject, QTimer

    def frame_done():
        marks["painted"] = time.time()
        marks["cpu"] = time.process_time()
        times = os.times()  # children reaped by then: the forked layering's child
        marks["children_cpu"] = times.children_user + times.children_system
        if os.environ.get("STARTUP_EXIT_AT_PAINT"):  # startup_instructions.py: count to here
            os._exit(0)
        widgets.QApplication.instance().quit()

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and "paint_began" not in marks:
                marks["paint_began"] = time.time()
                QTimer.singleShot(0, frame_done)
            return False

    real_show = widgets.QWidget.show

    def show(self):
        if self.isWindow():
            marks.setdefault("spy", FirstPaint())
            self.installEventFilter(marks["spy"])
        real_show(self)

    widgets.QWidget.show = show

    class TimedApplication(widgets.QApplication):
        def __init__(self, *args):
            super().__init__(*args)
            marks["qt_app"] = time.time()

    return TimedApplication

class WatchQt:
    # The harness imports no Qt itself, so gradstep imports Qt when and where main.py's
    # launch does; when PySide6.QtWidgets is first loaded, its QApplication is swapped.
    def find_spec(self, name, path=None, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        real_exec = spec.loader.exec_module

        def exec_module(module):
            real_exec(module)
            module.QApplication = timed_application(module)

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, WatchQt())
import gui.app.launch
# what main() imports first (GC held); a checkout before it imported all with gui.app.launch
getattr(gui.app.launch, "import_held", lambda: None)()
t_import = time.time()
try:
    gui.app.launch.main(sys.argv[1:])
except SystemExit:
    pass
nan = float("nan")
print(f"{t_start!r} {marks.get('qt_app', nan)!r} {t_import!r} {marks.get('paint_began', nan)!r}")
print(f"{marks.get('painted', nan)!r} {marks.get('cpu', nan)!r} {marks.get('children_cpu', nan)!r}")
"""


def child_env() -> dict[str, str]:
    """The children's environment: offscreen unless told otherwise, bytecode cache on."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(code: str, args: tuple[str, ...], root: Path, *, timeout: float) -> str:
    """``python -c code args`` in ``root`` with the children's environment: its stdout.

    A child that fails stops the benchmark with the end of its stderr.
    """
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=root,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"the launch failed:\n{out.stderr[-3000:]}")
    return out.stdout


def run_in_process(
    args: tuple[str, ...] = (), root: Path = ROOT, code: str = CHILD
) -> dict[str, float]:
    """One launch of gui.app.launch.main(args) in ``root``; seconds from Popen to each milestone."""
    t0 = time.time()
    out = run_child(code, args, root, timeout=60)
    *_, t_start, t_qt, t_import, t_began, t_paint, cpu, kids = (float(x) for x in out.split())
    if math.isnan(t_paint):
        raise SystemExit(f"no window painted, or Qt imported before launch:\n{out.stderr[-3000:]}")
    return {
        "interpreter": t_start - t0,
        "qt_app": t_qt - t0,
        "imports": t_import - t0,
        "paint_began": t_began - t0,
        "painted": t_paint - t0,
        "cpu": cpu,
        "cpu_children": cpu + kids,
    }


def screenshot_supported() -> bool:
    """Whether main.py's command line knows --screenshot yet."""
    try:
        help_text = subprocess.run(
            [sys.executable, "main.py", "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,  # a main.py without a command line just opens the window
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return "--screenshot" in help_text.stdout


def run_screenshot(command: list[str]) -> float:
    """Wall time of ``command --screenshot OUT.png``; fails if no PNG was written."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "startup.png"
        t0 = time.perf_counter()
        subprocess.run(
            [*command, *SHOT_ARGS, "--screenshot", str(out)],
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            timeout=120,
            check=True,
        )
        elapsed = time.perf_counter() - t0
        if not out.is_file() or out.stat().st_size < 1000:
            raise SystemExit(f"{command} --screenshot wrote no usable PNG")
    return elapsed


def checkouts_parser(doc: str) -> argparse.ArgumentParser:
    """Options ``--runs`` (per checkout) and ``--against`` (another checkout, run in turns)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--against", type=Path, help="another checkout (e.g. main's), run interleaved"
    )
    return parser


def load_averages() -> str:
    """The machine's 1, 5 and 15 minute load averages (it is shared)."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def interleaved(against: Path | None, runs: int, once: Callable[[Path], T]) -> dict[Path, list[T]]:
    """``once(root)`` ``runs`` times for this checkout and ``against``'s, taking turns.

    Each checkout runs once untimed first (it writes its bytecode cache); taking turns, all
    see the same machine load.
    """
    roots = [ROOT] + ([against.resolve()] if against else [])
    for root in roots:
        once(root)
    results: dict[Path, list[T]] = {root: [] for root in roots}
    for _ in range(runs):
        for root in roots:
            results[root].append(once(root))
    return results


def ms_spread(values: list[float]) -> str:
    """Min / median / max of ``values``, whole milliseconds."""
    lo, mid, hi = min(values), statistics.median(values), max(values)
    return f"min {lo:.0f}  median {mid:.0f}  max {hi:.0f} ms"


def summary(name: str, values: list[float]) -> str:
    """One printed line: min / median / max of the runs."""
    lo, mid, hi = min(values), statistics.median(values), max(values)
    return f"{name:<40} min {lo:6.3f}  median {mid:6.3f}  max {hi:6.3f} s"


def main() -> int:
    """Measure and print; exit code 1 when the median launch-to-paint is past FAIL_S."""
    parser = checkouts_parser(__doc__)
    parser.add_argument("--command", nargs="+", help="measure this launcher's --screenshot too")
    args = parser.parse_args()
    load = load_averages()
    roots = [ROOT] + ([args.against.resolve()] if args.against else [])
    for root in roots:
        run_in_process(root=root)  # untimed: writes the bytecode cache
    runs, moons, floor, floor_nx, other, other_moons = [], [], [], [], [], []
    for _ in range(args.runs):  # interleaved, so all see the same load
        runs.append(run_in_process())
        moons.append(run_in_process(("--example", "moons")))
        floor.append(run_in_process(code=FLOOR))
        floor_nx.append(run_in_process(code=FLOOR_WITH_NETWORKX))
        if args.against:
            other.append(run_in_process(root=roots[1]))
            other_moons.append(run_in_process(("--example", "moons"), root=roots[1]))
    print(
        f"gradstep start-up, {args.runs} runs, QT_QPA_PLATFORM=offscreen, {os.cpu_count()} "
        f"cores, load average {load} at the start, "
        f"{load_averages()} after the launches; bytecode cached"
    )
    for key, label in (
        ("interpreter", "python started"),
        ("imports", "start-up's modules imported"),
        ("qt_app", "QApplication created"),
        ("paint_began", "first paint event"),
        ("painted", "main window first painted"),
    ):
        print(summary(f"launch -> {label}", [r[key] for r in runs]))
    print(summary("launch -> moons painted (recording incl.)", [r["painted"] for r in moons]))
    print(summary("floor: numpy+Qt, a view painted", [r["painted"] for r in floor]))
    print(summary("  with networkx too (no longer a bound)", [r["painted"] for r in floor_nx]))
    if args.against:
        print(summary(f"{args.against}: window painted", [r["painted"] for r in other]))
        print(summary("  its moons painted", [r["painted"] for r in other_moons]))
        # launched back to back, a pair shares the machine's load: its ratio moves less
        ratios = [o["painted"] / r["painted"] for r, o in zip(runs, other, strict=True)]
        lo, mid, hi = min(ratios), statistics.median(ratios), max(ratios)
        print(
            f"{'pair by pair, its time / this one':<40} min {lo:6.2f}  median {mid:6.2f}  max {hi:6.2f} x"
        )
    # CPU time (the child's threads, to the first paint) moves less with the machine's load
    # a forked child's CPU is counted once reaped (the layering's: before the first frame)
    print(summary("CPU time to main window painted", [r["cpu"] for r in runs]))
    print(summary("  with its reaped children's", [r["cpu_children"] for r in runs]))
    forked = sum(r["cpu_children"] > r["cpu"] for r in runs)  # only with a core idle
    print(f"{'  launches that forked a layering child':<40} {forked} of {len(runs)}")
    print(summary("CPU time to floor painted", [r["cpu"] for r in floor]))
    if args.against:
        print(summary(f"CPU time, {args.against}", [r["cpu"] for r in other]))
        print(summary("  with its reaped children's", [r["cpu_children"] for r in other]))
    painted = statistics.median(r["painted"] for r in runs)
    moons_painted = statistics.median(r["painted"] for r in moons)
    if screenshot_supported():
        shots = [run_screenshot([sys.executable, "main.py"]) for _ in range(args.runs)]
        print(summary("main.py lecture MLP --screenshot", shots))
    else:
        print("main.py --screenshot: not supported by the command line yet")
    if args.command:
        shots = [run_screenshot(args.command) for _ in range(args.runs)]
        print(summary(f"{Path(args.command[0]).name} lecture MLP --screenshot", shots))
    ok = painted <= TARGET_S and moons_painted <= MOONS_TARGET_S
    print(
        f"targets (medians): window painted within {TARGET_S} s of launch ({painted:.3f} s), "
        f"moons within {MOONS_TARGET_S} s ({moons_painted:.3f} s): {'OK' if ok else 'MISSED'}"
    )
    return 0 if painted <= FAIL_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
