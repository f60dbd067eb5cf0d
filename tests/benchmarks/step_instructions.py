"""Instructions per step + repaint in the real window (valgrind): a figure the load cannot move.

stepping_frame.py times steps, and on the shared 2-core machine its medians move by 30-50%
from run to run with what else runs, more than most changes to the canvas or the panels.
The machine instructions a step executes (``valgrind --tool=callgrind``) do not: this
counts a process that opens the window and steps WARM steps, then ``--steps`` more, less
one that stops after the WARM steps, and divides by ``--steps``. So the window's opening,
its first paint and what the first steps do once (Qt and PySide making their types and
enums on first use) are left out; everything a step then does is in: the step, every
view's update, the repaint and the offscreen platform's flush. A guide to what changed
between two versions (count both in one run), not a time: it leaves out cache misses and
waiting for a core. Same framing as stepping_frame.py: follow on, 1:1 at 1280x800, or
presented at 1920x1080 (``--presented``). Idle-time work is held off, as it would be
counted as the step's: under valgrind every step takes longer than the pauses that start
it. So is the end of a backward step's node flash (a 350 ms timer). That is the canvas's look-ahead (edge tiles and node pictures made 80 ms after a
step) and, on graphs over 1,000 values, the inspector's grad check made once stepping
pauses 150 ms (a user stepping on never waits on it); the lecture MLP's checks run in the
step itself, as they do for a user, and are counted. The 4,824-node graph is counted on
request (``--only big``).
Run: ``.venv/bin/python tests/benchmarks/step_instructions.py`` (about 10 minutes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from callgrind_count import child_instructions

ROOT = Path(__file__).resolve().parents[2]
WARM = 20  # steps before the counted ones, on both counts: cancels out
GRAPHS = {"mlp": "lecture MLP, 663 drawn nodes", "big": "4,824 drawn nodes"}
PHASES = ("forward", "backward")


def child(graph: str, phase: str, steps: int, presented: bool) -> None:
    """Open the window on ``graph``, step WARM + ``steps`` times from ``phase``'s start."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    from PySide6.QtWidgets import QApplication
    from stepping_frame import big_graph, open_window, settle  # the benchmark's own window

    import gui.canvas.graph_view
    import gui.canvas.look_ahead
    import gui.stepping.inspector
    from engine.sources.examples import get_example

    gui.stepping.inspector.LATE_CHECK_MS = 2**31 - 1  # the pause-time check: idle work (above)
    # A backward step's flash ends after FLASH_MS: stepped in real time (a few ms a step) it
    # never does within the run, but under valgrind its timer fires amid some steps, moving
    # a count by 2-3% from run to run. Held on, as in stepping_frame.py's timed steps.
    gui.canvas.graph_view.FLASH_MS = 2**31 - 1
    # The look-ahead held off from the start: held once the window is open, the tiles it
    # planned at the open went on being made in 4 ms slices of wall time into the counted
    # steps, more of them the slower valgrind ran (counts 26.4-30.4 M a step, one version)
    gui.canvas.look_ahead.LookAhead.enabled = False
    app = QApplication([])
    built = get_example("lecture-mlp").build() if graph == "mlp" else big_graph()
    size = "1920x1080" if presented else "1280x800"
    window, _opened = open_window(app, built, size, presenting=presented)
    session = window.session
    session.seek_phase_start(phase)
    window.graph_view.frame()
    settle(app)
    for _ in range(WARM + steps):
        if not session.step():
            session.back()
        settle(app)


def count(graph: str, phase: str, steps: int, presented: bool) -> int:
    """Instructions of a child process stepping WARM + ``steps`` times."""
    where = "presented" if presented else "1:1"
    return child_instructions(
        __file__, graph, phase, str(steps), where, QT_QPA_PLATFORM="offscreen"
    )


def per_step(graph: str, phase: str, steps: int, presented: bool) -> float:
    """Instructions of one step: (WARM + ``steps``) steps less WARM, over ``steps``."""
    with ThreadPoolExecutor(2) as pool:
        warm, counted = pool.map(lambda n: count(graph, phase, n, presented), (0, steps))
    return (counted - warm) / steps


def main() -> None:
    """Count each graph and phase; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60, help="counted steps per figure")
    parser.add_argument("--only", choices=tuple(GRAPHS), help="one graph only")
    parser.add_argument("--presented", action="store_true", help="presented at 1920x1080")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("step_instructions: valgrind is not installed; skipped")
        return
    print(f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"one step + repaint, follow on, "
        f"{'presented at 1920x1080' if args.presented else '1:1 at 1280x800'}; millions of instructions per step "
        f"(steps {WARM + 1}-{WARM + args.steps} of each phase; one count each: it does not vary)"
    )
    for graph, name in GRAPHS.items():
        if args.only == graph or (args.only is None and graph == "mlp"):
            for phase in PHASES:
                figure = per_step(graph, phase, args.steps, args.presented) / 1e6
                print(f"  {name:30s} {phase:9s} {figure:6.2f} M", flush=True)
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "presented")
    else:
        main()
