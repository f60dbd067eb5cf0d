"""Figures for the examples: building each one, running its script, parsing, sessions.

"build" is the example's build() in this process. "script" is its resources/examples script
run as a user's program: the worker process started, the script run and its graph replayed,
the recording written, and read back here (no GUI, no first paint).

Run: .venv/bin/python tests/benchmarks/examples_load.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.autograd.value import topological_order
from engine.sources.examples import EXAMPLES
from engine.sources.expr import build_expression
from engine.sources.running.runner import run_program
from engine.sources.session_file import SavedSession, load_session, save_session

SCRIPTS = Path(__file__).resolve().parents[2] / "resources" / "examples"


RUNS = 5


def timed(fn: Callable[[], object], runs: int = RUNS) -> list[float]:
    """Wall time of ``runs`` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def spread(times: list[float], digits: int = 2) -> str:
    """Min/median/max of ``times``."""
    return "/".join(f"{f(times):.{digits}f}" for f in (min, statistics.median, max))


def run_script(path: Path) -> None:
    """Run ``path`` in the worker; a failure is an error, not a figure."""
    result = run_program(path)
    if not result.ok:
        raise SystemExit(f"{path.name}: {result.failure_line()}")


def main() -> None:
    """Print the figures."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"min/median/max of {RUNS} runs, ms; load average {load}")
    print(f"{'example':<16}{'nodes':>8}{'build':>22}{'script (worker)':>26}")
    for name, example in EXAMPLES.items():
        nodes = len(topological_order(example.build().root))
        script = SCRIPTS / f"{name.replace('-', '_')}.py"
        build = spread(timed(example.build))
        run = spread(timed(lambda s=script: run_script(s)), 1)
        print(f"{name:<16}{nodes:>8}{build:>22}{run:>26}")
    neuron = "x1 = 2; x2 = 0; w1 = -3; w2 = 1; b = 6.88; o = tanh(x1*w1 + x2*w2 + b)"
    print(f"expression: neuron program {spread(timed(lambda: build_expression(neuron)), 3)} ms")
    chain = "+".join(["x"] * 2000)
    ms = spread(timed(lambda: build_expression("x = 1\n" + chain)), 1)
    print(f"expression: 2,000-term chain {ms} ms")
    lines = "\n".join(f"v{i} = {i}.5" for i in range(5000))
    print(f"expression: 5,000 assignments {spread(timed(lambda: build_expression(lines)), 1)} ms")
    moons = EXAMPLES["moons"].build()
    state = SavedSession(
        "example", "moons", tuple(p.data for p in moons.params), 1.0,
        {"loss": tuple(float(i) for i in range(10_000))}, 100, {"zoom": 1.0},
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "moons.gradstep.json"
        save = spread(timed(lambda: save_session(path, state)), 1)
        load = spread(timed(lambda: load_session(path)), 1)
        size = path.stat().st_size
    print(f"session (337 params, 10,000-step history, {size:,} bytes): "
          f"save {save} ms, load {load} ms")  # fmt: skip


if __name__ == "__main__":
    main()
