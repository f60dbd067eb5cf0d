"""Memory of a long ``--train`` run: the process's RSS while the history is decimated.

Trains seed 000's lecture MLP in a child process for ``--seconds`` (default 20) with the
history budget set to ``--history-mb`` (default 4 MB, so decimation starts within seconds;
the app's budget is engine.training.runs.HISTORY_BYTES, 128 MB) and samples the child's
resident memory every 0.25 s. Prints the RSS distribution before and after the history
filled its budget, the steps taken and how many the history keeps.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from engine.training import runs
runs.HISTORY_BYTES = {budget}
t = runs.Trainer("lecture-mlp", steps=10**9)
end = time.monotonic() + {seconds}
while time.monotonic() < end:
    t.run(2000)
    print(json.dumps([t.done, len(t.history.loss), t.history.stride]), flush=True)
"""


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (Linux /proc)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def describe(values: list[float]) -> str:
    """Median, 95th percentile, min and max of ``values``."""
    a = np.array(values)
    return (f"median {np.median(a):.1f}, p95 {np.percentile(a, 95):.1f}, "
            f"min {a.min():.1f}, max {a.max():.1f} MB ({len(a)} samples)")  # fmt: skip


def main() -> None:
    """Run the child, sample its RSS, print the figures."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--history-mb", type=float, default=4.0)
    args = p.parse_args()
    budget = int(args.history_mb * 1024 * 1024)
    code = CHILD.format(root=os.path.abspath(ROOT), budget=budget, seconds=args.seconds)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    os.set_blocking(child.stdout.fileno(), False)
    filling, full, last = [], [], [0, 0, 1]
    while child.poll() is None:
        for line in child.stdout.readlines():
            last = json.loads(line)
        try:
            (full if last[2] > 1 else filling).append(rss_mb(child.pid))
        except OSError:
            break
        time.sleep(0.25)
    for line in child.stdout.readlines() if child.stdout else []:
        last = json.loads(line)
    done, kept, stride = last
    print(f"lecture MLP, history budget {args.history_mb:g} MB, {args.seconds:g} s: "
          f"{done:,} steps, history keeps {kept:,} (1 in {stride})")  # fmt: skip
    if filling:
        print(f"  RSS while the history fills:     {describe(filling)}")
    if full:
        print(f"  RSS once decimating:             {describe(full)}")
        print(f"  growth over the decimating part: {full[-1] - full[0]:+.1f} MB")


if __name__ == "__main__":
    main()
