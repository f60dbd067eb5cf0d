"""Instructions from launch to the main window's first frame, counted by callgrind.

Start-up's wall time moves with the machine (its floor alone moved 0.24-0.35 s between
sessions); the instructions a launch executes do not. This runs startup.py's child (the
default example, bytecode cached, hash seed fixed, one BLAS thread) under
``valgrind --tool=callgrind`` and stops it the moment its first frame is done: what comes
after (the warm-up's imports on a thread) is not counted. With ``--against DIR`` another
checkout is counted the same way, one valgrind at a time.

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


def launch_instructions(root: Path, args: list[str]) -> int:
    """Instructions of one launch in ``root`` to its first painted frame."""
    env = {**child_env(), "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"}
    env["STARTUP_EXIT_AT_PAINT"] = "1"
    # untimed first: writes the bytecode cache
    subprocess.run(
        [sys.executable, "-c", CHILD, *args], cwd=root, env=env, capture_output=True, check=True
    )
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    cmd += [sys.executable, "-c", CHILD, *args]
    out = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=True)
    line = next(x for x in out.stderr.splitlines() if "Collected :" in x)
    return int(line.rsplit(":", 1)[1])


def main() -> int:
    """Count and print, in millions, for this checkout (and another, alternating)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--against", type=Path, help="another checkout, counted alternately")
    parser.add_argument("args", nargs="*", help="the launch's arguments (default: none)")
    opts = parser.parse_args()
    roots = [ROOT] + ([opts.against.resolve()] if opts.against else [])
    counts: dict[Path, list[int]] = {root: [] for root in roots}
    for _ in range(opts.runs):
        for root in roots:
            counts[root].append(launch_instructions(root, opts.args))
    for root, values in counts.items():
        each = ", ".join(f"{v / 1e6:,.1f}" for v in values)
        print(f"{root!s:<32} median {statistics.median(values) / 1e6:,.1f} M ({each})")
    if opts.against:
        mine, theirs = (statistics.median(counts[r]) for r in roots)
        print(f"this checkout / {opts.against}: {mine / theirs - 1:+.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
