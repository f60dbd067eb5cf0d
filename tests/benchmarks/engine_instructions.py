"""Instructions per moons training step, gradstep's engine against micrograd 0.1.0 (valgrind).

On a shared machine the engines' times move by up to 2x from run to run, more than most
changes to the engine; the number of machine instructions a step executes does not (it
leaves out cache misses and waiting for a core, so it is a guide, not a time). Each figure
counts a process doing the work once (after a warm-up) under ``valgrind --tool=callgrind``
less one doing only the warm-up, so start-up is not on the count; the count is the same
from run to run (hash seed fixed, one BLAS thread), so each is measured once. The garbage
collector is off for both engines (micrograd's graphs, reference cycles, are then never
freed: not on its count; gradstep's are freed by reference counting: on its count).
gradstep's step is also split into its parts: building the graph (and freeing it), the
topological sort, the ``_backward`` calls. The step is ``engine_speed.py``'s moons step
(imported from it): MLP(2, [16, 16, 1]), 100 points, SVM loss + 1e-4 L2, forward, zero
grads, backward, SGD update.
Run: ``.venv/bin/python tests/benchmarks/engine_instructions.py`` (two to three minutes).
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from callgrind_count import child_instructions

ROOT = Path(__file__).resolve().parents[2]
PARTS = {
    ("gradstep", "step"): "one training step",
    ("micrograd", "step"): "one training step",
    ("gradstep", "build"): "  of which: build the graph and free it",
    ("gradstep", "sort"): "  of which: topological_order",
    ("gradstep", "backward"): "  of which: every _backward, in reverse order",
}


def _gradstep_part(part: str):
    """A function doing one part of gradstep's moons step once, on one graph."""
    from engine.autograd.losses import svm_loss
    from engine.autograd.nn import MLP
    from engine.autograd.value import Value, topological_order
    from engine.sources.datasets import make_moons, signed_labels

    points, labels = make_moons(100, noise=0.1, seed=1)
    rows, ys = points.tolist(), signed_labels(labels)
    model = MLP(2, [16, 16, 1], ("relu", "relu", "linear"), seed=1337)

    def build():
        inputs = [[Value(v) for v in row] for row in rows]
        return svm_loss([model(x) for x in inputs], ys, model.parameters(), alpha=1e-4)[0]

    loss = build()
    order = topological_order(loss)

    def backward():
        loss.grad = 1.0
        for node in reversed(order):
            grad_fn = node._grad_fn  # as Value.backward does
            if grad_fn is not None:
                grad_fn(node)

    return {"build": build, "sort": lambda: topological_order(loss), "backward": backward}[part]


def child(engine: str, part: str, times: int) -> None:
    """Do ``part`` ``times`` times with the collector off (the counted process)."""
    sys.path.insert(0, str(ROOT))
    from engine_speed import gradstep_moons, micrograd_moons  # the steps engine_speed times

    if part == "step":
        work = micrograd_moons() if engine == "micrograd" else gradstep_moons()
    else:
        work = _gradstep_part(part)
    work()  # warm-up, on both counts: cancels out
    gc.disable()
    for _ in range(times):
        work()


def count(engine: str, part: str, times: int) -> int:
    """Instructions of a child process doing ``part`` ``times`` times."""
    return child_instructions(__file__, engine, part, str(times))


def per_run(engine: str, part: str) -> int:
    """Instructions of one run of ``part``: a process doing it once less one doing it not."""
    with ThreadPoolExecutor(2) as pool:
        none, once = pool.map(lambda n: count(engine, part, n), (0, 1))
    return once - none


def main() -> None:
    """Count every part and print the table."""
    if shutil.which("valgrind") is None:
        print("engine_instructions: valgrind is not installed; skipped")
        return
    try:
        import micrograd  # noqa: F401
    except ImportError:
        print("engine_instructions: micrograd 0.1.0 is not installed (pip install -e '.[bench]')")
        return
    print(f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("moons step, collector off; millions of instructions (one count each: it does not vary)")
    counts = {key: per_run(*key) for key in PARTS}
    for (engine, part), what in PARTS.items():
        print(f"  {engine:9s} {what:44s} {counts[engine, part] / 1e6:8.1f} M")
    ratio = counts["micrograd", "step"] / counts["gradstep", "step"]
    print(f"  micrograd / gradstep, one step: {ratio:.2f}x")
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
