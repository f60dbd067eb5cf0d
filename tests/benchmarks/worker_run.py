"""What running a user's program in the worker costs, and what it costs the caller's event loop.

Two user programs, written to files and run as ``gradstep FILE.py`` runs them:
- the lecture's 20-step MLP(3, [4, 4, 1]) training loop with seed 000's Value class;
- micrograd 0.1.0's moons demo, one full-batch step (about 65,000 Values), its own
  ``zero_grad``/``backward``/update.
For each, rounds alternate:
- "alone": ``python FILE.py`` in a subprocess, nothing watching (the user's own run);
- "worker": ``run_program(FILE)``: worker start, the run observed, the recording written,
  sent back and read here. Everything a user waits for before the first pass can open.
While each worker run is under way, a Qt event loop in this process ticks a 5 ms timer;
the longest gap between ticks is what the runner's threads (pipe readers, reading the
recording back) cost the caller's event loop. That is not a window repaint figure: no
window is drawn (the GUI that shows a run's progress is not built yet).
Run: ``.venv/bin/python tests/benchmarks/worker_run.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from engine.sources.running.runner import ProgramRun  # noqa: E402
from tests.engine.sources.program.programs import lecture_value, training_loop  # noqa: E402

MOONS = """
import random
from micrograd.engine import Value
from micrograd.nn import MLP
from engine.sources.datasets import make_moons, signed_labels

random.seed(1337)
model = MLP(2, [16, 16, 1])
points, labels = make_moons(100, noise=0.1, seed=1)
rows, ys = points.tolist(), signed_labels(labels)
inputs = [list(map(Value, row)) for row in rows]
scores = list(map(model, inputs))
losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(ys, scores)]
data_loss = sum(losses) * (1.0 / len(losses))
reg_loss = 1e-4 * sum(p * p for p in model.parameters())
total_loss = data_loss + reg_loss
model.zero_grad()
total_loss.backward()
for p in model.parameters():
    p.data -= 1.0 * p.grad
"""


def _distribution(values: list[float], unit: str = "ms") -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered):8.1f} {unit}   p90 {p90:8.1f}   "
        f"min {ordered[0]:8.1f}   max {ordered[-1]:8.1f}   (n={len(ordered)})"
    )


def _alone(path: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run([sys.executable, str(path)], check=True, env=env, capture_output=True)
    return (time.perf_counter() - start) * 1e3


def _in_worker(app: object, path: Path) -> tuple[float, float, int]:
    """Wall time of one worker run, the longest event-loop gap meanwhile, passes returned."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    run = ProgramRun(path, timeout=120)
    timer.start()
    start = time.perf_counter()
    run.start()
    while run.running:
        app.processEvents()
        time.sleep(0.001)
    took = (time.perf_counter() - start) * 1e3
    timer.stop()
    result = run.result
    assert result is not None and result.ok, result and result.failure_line()
    gaps = [(b - a) * 1e3 for a, b in itertools.pairwise(ticks)]
    return took, max(gaps, default=0.0), result.passes


def main() -> None:
    """Print the distributions for both programs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication([])
    folder = Path(tempfile.mkdtemp(prefix="gradstep-bench-"))
    programs = {
        "lecture MLP, 20-step loop": lecture_value() + training_loop(20),
        "micrograd moons, one step": MOONS,
    }
    for name, source in programs.items():
        path = folder / (name.split(",")[0].replace(" ", "_") + ".py")
        path.write_text(source, encoding="utf-8")
        alone, worker, stalls, passes = [], [], [], 0
        for _ in range(args.repeats):
            alone.append(_alone(path))
            took, stall, passes = _in_worker(app, path)
            worker.append(took)
            stalls.append(stall)
        print(f"{name} ({passes} pass(es))")
        print(f"  alone  (python FILE.py)      {_distribution(alone)}")
        print(f"  worker (run_program, read)   {_distribution(worker)}")
        ratio = [w / a for w, a in zip(worker, alone, strict=True)]
        print(f"  worker / alone, same round   {_distribution(ratio, 'x ')}")
        print(f"  longest 5 ms-timer gap here  {_distribution(stalls)}")


if __name__ == "__main__":
    main()
