"""Training-step speed: gradstep's engine against micrograd 0.1.0, side by side in one run.

Two workloads, each step = forward pass, loss, zero grads, backward, SGD update:
- the lecture MLP(3, [4, 4, 1]) with tanh on seed 000's four samples, sum of squared errors,
  lr 0.1 (micrograd 0.1.0 has no tanh, so its side gets seed 000's tanh op, written the
  micrograd way);
- micrograd's moons demo: MLP(2, [16, 16, 1]), relu hidden layers, linear output, 100
  points, SVM max-margin loss + 1e-4 L2, full batch, lr = 1.0 - 0.9*k/100.
Each comparison runs twice: with the garbage collector as Python leaves it, and with it off
for both engines (the like-for-like of the engines' own work). With it off micrograd's
graphs, reference cycles, are never freed on its clock, while gradstep's are freed by
reference counting on its own; for moons a third run puts micrograd's one ``gc.collect()``
per step on its clock. A round starts with a collection so neither pays for the other's
garbage; rounds alternate the engines (other work shares this machine), and min / median /
max over the rounds are printed, with the ratio of the two engines within each round.
No compile and no warm-up are on the clock (one untimed step warms each engine up).
Before the clocks, two counts that do not depend on the machine's load: the objects the
cyclic collector tracks in one step's graph, and its passes per step by generation.
Run: ``.venv/bin/python tests/benchmarks/engine_speed.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.autograd.losses import sum_squared_error, svm_loss
from engine.autograd.nn import MLP
from engine.autograd.optim import SGD, LinearDecay
from engine.autograd.value import Value
from engine.sources.datasets import lecture_data, make_moons, signed_labels

try:
    import micrograd.engine as mg_engine
    import micrograd.nn as mg_nn
except ImportError:  # the bench extra is not installed
    mg_engine = mg_nn = None


# ------------------------------------------------------------------------ gradstep side


def gradstep_lecture():
    """A step function training the lecture MLP on seed 000's data with gradstep's engine."""
    xs, ys = lecture_data()
    model = MLP(3, [4, 4, 1], "tanh", seed=1)
    opt = SGD(model.parameters(), lr=0.1)

    def step():
        loss = sum_squared_error([model(x) for x in xs], ys)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return step


def gradstep_moons():
    """A step function for micrograd's moons demo written with gradstep's engine."""
    points, labels = make_moons(100, noise=0.1, seed=1)
    rows, ys = points.tolist(), signed_labels(labels)
    model = MLP(2, [16, 16, 1], ("relu", "relu", "linear"), seed=1337)
    opt = SGD(model.parameters(), lr=LinearDecay(1.0, 0.9, 100))

    def step():
        inputs = [[Value(v) for v in row] for row in rows]
        scores = [model(x) for x in inputs]
        loss, _accuracy = svm_loss(scores, ys, model.parameters(), alpha=1e-4)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return step


# ----------------------------------------------------------------------- micrograd side


def _mg_tanh(self):
    """Seed 000's tanh op for micrograd's Value, in micrograd's style (closure over out)."""
    x = self.data
    t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
    out = mg_engine.Value(t, (self,), "tanh")

    def _backward():
        self.grad += (1 - t**2) * out.grad

    out._backward = _backward
    return out


def micrograd_lecture():
    """The lecture step with micrograd 0.1.0 Values (plus seed 000's tanh), seed 000's code."""
    mg_engine.Value.tanh = _mg_tanh
    xs, ys = lecture_data()
    rng = random.Random(1)
    sizes = [3, 4, 4, 1]
    layers = [
        [
            (
                [mg_engine.Value(rng.uniform(-1, 1)) for _ in range(sizes[i])],
                mg_engine.Value(rng.uniform(-1, 1)),
            )
            for _ in range(sizes[i + 1])
        ]
        for i in range(3)
    ]
    params = [p for layer in layers for w, b in layer for p in (*w, b)]

    def forward(x):
        for layer in layers:
            x = [sum((wi * xi for wi, xi in zip(w, x, strict=True)), b).tanh() for w, b in layer]
        return x[0]

    def step():
        ypred = [forward(x) for x in xs]
        loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred, strict=True))
        for p in params:
            p.grad = 0.0
        loss.backward()
        for p in params:
            p.data += -0.1 * p.grad
        return loss

    return step


def micrograd_moons():
    """The moons demo step as micrograd writes it: its MLP, its SVM loss, its learning-rate schedule."""
    random.seed(1337)
    model = mg_nn.MLP(2, [16, 16, 1])
    points, labels = make_moons(100, noise=0.1, seed=1)
    rows, ys = points.tolist(), signed_labels(labels)
    k = 0

    def step():
        nonlocal k
        inputs = [list(map(mg_engine.Value, row)) for row in rows]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(ys, scores, strict=True)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        k += 1
        return total_loss

    return step


# ------------------------------------------------------------------------------ timing


def graph_size(root) -> int:
    """How many Values a step's loss graph holds (either engine)."""
    seen, stack = {id(root)}, [root]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def collector_load(step, steps: int) -> tuple[int, list[float]]:
    """GC-tracked objects one step's graph holds, and the collector's passes per step by generation.

    Both are counts (no clock): what the cyclic garbage collector is given to scan.
    """
    gc.collect()
    before = len(gc.get_objects())
    loss = step()  # the returned loss keeps its graph alive
    tracked = len(gc.get_objects()) - before
    del loss
    passes = [0, 0, 0]

    def count(phase: str, info: dict) -> None:
        if phase == "stop":
            passes[info["generation"]] += 1

    gc.collect()
    gc.callbacks.append(count)
    try:
        for _ in range(steps):
            step()
    finally:
        gc.callbacks.remove(count)
    return tracked, [n / steps for n in passes]


def per_step_seconds(
    step, steps: int, gc_on: bool, collect_each: bool = False
) -> tuple[float, float]:
    """Wall and CPU seconds per step over ``steps`` steps (freeing by reference counting included).

    The CPU time is this process's: on a shared machine it leaves out the time spent
    waiting for a core, so the two engines' ratio by CPU time is the steadier one.

    ``collect_each`` adds one ``gc.collect()`` per step to the clock: with the collector
    off, that is what freeing a graph of reference cycles (micrograd's) costs.
    """
    # The other engine's leftover cyclic garbage must not be collected on this one's clock.
    gc.collect()
    if not gc_on:
        gc.disable()
    try:
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(steps):
            step()
            if collect_each:
                gc.collect()
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        return wall / steps, cpu / steps
    finally:
        gc.enable()


def spread(values: list[float], scale: float = 1.0, unit: str = "") -> str:
    """Min / median / max of ``values``, each times ``scale``."""
    lo, mid, hi = (f(values) * scale for f in (min, statistics.median, max))
    return f"min {lo:8.3f}  median {mid:8.3f}  max {hi:8.3f}{unit}"


def compare(title: str, ours, theirs, *, steps: int, rounds: int, peer_collect: bool) -> None:
    """Time both engines in alternating rounds, GC on and off; print distributions and ratios."""
    ours_step, theirs_step = ours(), theirs()
    sizes = graph_size(ours_step()), graph_size(theirs_step())  # also warms up
    print(
        f"{title}  (Values per step {sizes[0]:,} / {sizes[1]:,}; {rounds} rounds x {steps} steps,"
    )
    print("  engines alternating round by round; ratio = micrograd / gradstep within a round)")
    for name, engine_step in (("gradstep", ours_step), ("micrograd", theirs_step)):
        tracked, passes = collector_load(engine_step, steps)
        per_gen = " / ".join(f"{n:.2f}" for n in passes)
        print(
            f"  {name:9s} GC-tracked objects in a step's graph {tracked:,}; "
            f"collections per step, generation 0 / 1 / 2: {per_gen}"
        )
    modes = [("GC on (as Python leaves it)", True, False), ("GC off", False, False)]
    if peer_collect:
        modes.append(("GC off, micrograd + one gc.collect() per step", False, True))
    for label, gc_on, collect_each in modes:
        ours_times, theirs_times = [], []
        for _ in range(rounds):
            ours_times.append(per_step_seconds(ours_step, steps, gc_on))
            theirs_times.append(per_step_seconds(theirs_step, steps, gc_on, collect_each))
        print(f"  {label}:")
        for k, clock in enumerate(("wall", "CPU")):
            ours_k, theirs_k = [t[k] for t in ours_times], [t[k] for t in theirs_times]
            ratios = [t / o for o, t in zip(ours_k, theirs_k, strict=True)]
            print(f"    gradstep   ms/step  {spread(ours_k, 1e3)}  ({clock} time)")
            print(f"    micrograd  ms/step  {spread(theirs_k, 1e3)}  ({clock} time)")
            print(f"    gradstep faster by  {spread(ratios, 1.0, 'x')}  ({clock} time)")


def main() -> None:
    """Run both comparisons and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if mg_engine is None:
        sys.exit("micrograd 0.1.0 is not installed: pip install -e '.[bench]'")
    print(f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    compare(
        "lecture MLP(3,[4,4,1]) tanh, 4 samples",
        gradstep_lecture,
        micrograd_lecture,
        steps=200,
        rounds=args.rounds,
        peer_collect=False,
    )
    compare(
        "moons demo MLP(2,[16,16,1]), 100 points, full batch",
        gradstep_moons,
        micrograd_moons,
        steps=3,
        rounds=args.rounds,
        peer_collect=True,
    )
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
