"""Instructions from launch to the main window's first frame, counted by callgrind.

Start-up's wall time moves with the machine (its floor alone moved 0.24-0.35 s between
sessions); the instructions a launch executes do not. This runs startup.py's child (the
default example, bytecode cached, hash seed fixed, one BLAS thread) under
``valgrind --tool=callgrind`` and stops it the moment its first frame is done: what comes
after (the warm-up's imports on a thread) is not counted. With ``--against DIR`` another
checkout is counted the same way, one valgrind at a time.

A launch forks a child that lays out its first graph with networkx while the window imports
Qt (engine/drawing/forked_layering.py); valgrind follows it. "window" is the GUI process's
count alone (what its critical path executes); "child" the forked children's, on the other
core; "total" both, what the machine executes for the launch. A launch forks that child only
with a core idle (fewer tasks runnable than cores, now and on average); the counts are of the work, not of the
load: the launches are told the machine is idle (``--load-as-is``: the real load decides).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/startup_instructions.py
[--against DIR] [--runs N] [-- ARGS...]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from startup import CHILD, ROOT, child_env

#: Put before the launch's code: start-up's modules imported as main() imports them first,
#: then the load an idle machine has (a checkout without a forked child is left as it is).
IDLE = """
import gui.app.launch
gui.app.launch.import_held()
try:
    import engine.drawing.forked_layering as forked
    forked.machine_load = lambda: (0.0, 1)
except ImportError:
    pass
"""


def launch_instructions(root: Path, args: list[str], code: str = IDLE + CHILD) -> tuple[int, int]:
    """Instructions of one launch in ``root`` to its first frame: the window's, its children's."""
    env = {**child_env(), "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"}
    env["STARTUP_EXIT_AT_PAINT"] = "1"
    # untimed first: writes the bytecode cache
    subprocess.run(
        [sys.executable, "-c", code, *args], cwd=root, env=env, capture_output=True, check=True
    )
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    # a forked child starts with its parent's counts (~430 M here): zeroed where only a
    # child goes, Python's after-fork hook, so it reports its own work alone
    cmd.append("--zero-before=PyOS_AfterFork_Child")
    cmd += [sys.executable, "-c", code, *args]
    with subprocess.Popen(cmd, cwd=root, env=env, stderr=subprocess.PIPE, text=True) as run:
        _, err = run.communicate()
    if run.returncode != 0:
        raise SystemExit(f"the launch failed under valgrind:\n{err[-3000:]}")
    window = children = 0
    for line in err.splitlines():  # "==PID== Collected : N", one per process valgrind ran
        if "Collected :" in line:
            count = int(line.rsplit(":", 1)[1])
            if line.startswith(f"=={run.pid}=="):  # valgrind runs python in its own process
                window += count
            else:
                children += count
    return window, children


def main() -> int:
    """Count and print, in millions, for this checkout (and another, alternating)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--against", type=Path, help="another checkout, counted alternately")
    parser.add_argument(
        "--load-as-is", action="store_true", help="the real load decides whether a child forks"
    )
    parser.add_argument("args", nargs="*", help="the launch's arguments (default: none)")
    opts = parser.parse_args()
    code = CHILD if opts.load_as_is else IDLE + CHILD
    roots = [ROOT] + ([opts.against.resolve()] if opts.against else [])
    counts: dict[Path, list[tuple[int, int]]] = {root: [] for root in roots}
    for _ in range(opts.runs):
        for root in roots:
            counts[root].append(launch_instructions(root, opts.args, code))
    for root, values in counts.items():
        for name, of in (("window", 0), ("child", 1), ("total", None)):
            each = [v[of] if of is not None else sum(v) for v in values]
            listed = ", ".join(f"{v / 1e6:,.1f}" for v in each)
            print(
                f"{root!s:<32} {name:<6} median {statistics.median(each) / 1e6:,.1f} M ({listed})"
            )
    if opts.against:
        for name, of in (("window", 0), ("total", None)):
            mine, theirs = (
                statistics.median(v[of] if of is not None else sum(v) for v in counts[r])
                for r in roots
            )
            print(f"{name}: this checkout / {opts.against}: {mine / theirs - 1:+.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
