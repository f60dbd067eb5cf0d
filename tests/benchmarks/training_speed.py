"""Training speed: scalar engine, fast path and micrograd 0.1.0 side by side; GUI stalls.

Prints steps per second for micrograd's moons demo and seed 000's lecture MLP (the three
engines interleaved round by round, min / median / max), and the distribution of a 5 ms
timer's gaps while the window trains every setup (its example open, the loss plot and the
canvas live), with no extra load and with another process keeping a core busy, and what the
live canvas costs the GUI thread per update. ``--full`` also runs micrograd's 100
moons steps end to end (about 2 minutes); ``--stalls`` prints only the gaps, ``--rates``
only the rates; setup names (``--stalls moons``) measure the gaps of those setups only.
"""

from __future__ import annotations

import gc
import math
import os
import random
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.dirname(__file__))

from training_gaps import REPEATS, event_loop_gaps

from engine.training.runs import Trainer
from engine.training.setups import SETUPS, get_setup

RATE_ROUNDS = 5


def spread(values: list[float], fmt: str = ".1f") -> str:
    """Min / median / max of ``values``, joined by slashes."""
    return "/".join(format(f(values), fmt) for f in (min, statistics.median, max))


def ours_round(name: str, fast: bool, steps: int) -> tuple[float, float]:
    """(steps/s, compile seconds) of one fresh run; the rate leaves set-up and compile out."""
    trainer = Trainer(name, fast=fast, steps=steps)
    gc.collect()  # the last round's garbage (micrograd's cycles) is not this one's to collect
    t = time.perf_counter()
    trainer.prepare()  # the fast path's one-off compile; nothing for the scalar engine
    compile_s = time.perf_counter() - t
    t = time.perf_counter()
    trainer.run(steps)
    return steps / (time.perf_counter() - t), compile_s


def micrograd_rate(name: str, steps: int) -> float:
    """Steps per second of micrograd's own loop (model set-up included: it is tiny)."""
    gc.collect()
    t = time.perf_counter()
    micrograd_run(name, steps)
    return steps / (time.perf_counter() - t)


def micrograd_run(name: str, steps: int) -> list[float]:
    """Micrograd 0.1.0's own demo loop on our data; returns the losses."""
    from micrograd.engine import Value
    from micrograd.nn import MLP

    setup = get_setup(name)
    random.seed(1337)
    sizes = [16, 16, 1] if name == "moons" else [4, 4, 1]  # micrograd's MLP: relu hidden
    model = MLP(setup.xs.shape[1], sizes)
    losses = []
    for k in range(steps):
        inputs = [list(map(Value, row)) for row in setup.xs]
        scores = list(map(model, inputs))
        if name == "moons":
            margins = [(1 + -yi * s).relu() for yi, s in zip(setup.ys, scores, strict=True)]
            data_loss = sum(margins) * (1.0 / len(margins))
            loss = data_loss + 1e-4 * sum(p * p for p in model.parameters())
        else:
            loss = sum((s - y) ** 2 for s, y in zip(scores, setup.ys, strict=True))
        model.zero_grad()
        loss.backward()
        lr = 1.0 - 0.9 * k / 100 if name == "moons" else 0.1
        for p in model.parameters():
            p.data -= lr * p.grad
        losses.append(loss.data)
    return losses


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


#: Steps per run: a few seconds of training each, long enough for the live canvas to run.
STALL_STEPS = {"moons": 300, "xor-network": 20_000, "lecture-mlp": 10_000, "house-price": 20_000}
STALL_TARGET_MS = 50


def _ms(values: list[float]) -> list[float]:
    return [v * 1000 for v in values]


def dist(values: list[float], fmt: str = ".2f", ps: tuple = (95,), max_: bool = True) -> str:
    """Median, the ``ps`` percentiles and (``max_``) the maximum of ``values``."""
    out = [f"median {statistics.median(values):{fmt}}"]
    out += [f"p{p} {percentile(values, p):{fmt}}" for p in ps]
    return ", ".join(out + [f"max {max(values):{fmt}}"] * max_)


def print_stalls(loaded: bool) -> None:
    """Timer-gap distributions while training in the window, optionally with a core kept busy."""
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if loaded else None
    where = "another process keeping a core busy" if loaded else "no extra load"
    print(f"event-loop gaps of a 5 ms timer while the window trains each setup with its example "
          f"open and the canvas live (plot too), {where}; load average "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    try:
        for name in [a for a in sys.argv[1:] if a in SETUPS] or SETUPS:
            steps = STALL_STEPS.get(name, 10_000)
            r = event_loop_gaps(name, steps)
            ms, cpu_ms = _ms(r["gaps"]), _ms(r["cpu"])
            p99 = percentile(ms, 99)
            verdict = "OK" if p99 <= STALL_TARGET_MS else "MISSED"
            print(f"  {name} ({steps:,} steps, {REPEATS} runs, {len(ms):,} gaps, "
                  f"{statistics.median(r['walls']):.2f} s median per run): {dist(ms, '.1f', (95, 99))} "
                  f"ms; {sum(m > STALL_TARGET_MS for m in ms)} gaps over {STALL_TARGET_MS} ms; "
                  f"p99 target {STALL_TARGET_MS} ms: {verdict}")  # fmt: skip
            print(f"    GUI thread's CPU time within a gap: {dist(cpu_ms, '.1f', (95, 99))} ms")
            print(f"    the Train click's gap (min/median/max of runs): wall {spread(_ms(r['click']))}, "
                  f"GUI thread's CPU {spread(_ms(r['click_cpu']))} ms")  # fmt: skip
            up = _ms(r["updates"])
            if up:
                print(f"    live canvas: {spread(r['rates'])} updates/s over each whole run, "
                      f"{spread(r['steady'])} from its first update on (min/median/max of runs; "
                      f"the first {spread(r['until_first'], '.2f')} s after the click); GUI "
                      f"thread per update {dist(up)} ms over {len(up)} to swap numbers in, "
                      f"{statistics.median(_ms(r['thread'])):.1f} ms median to compute them; the "
                      f"first (goes to the end of the backward pass) {spread(_ms(r['first']))} "
                      f"ms")  # fmt: skip
                swap, compute = (_ms(c) for c in zip(*r["update_cpu"], strict=True))
                print(f"    the GUI thread's CPU time per update (waits for a core left out): swap "
                      f"in {dist(swap, max_=False)}; compute {dist(compute, max_=False)} ms")  # fmt: skip
            else:
                print("    live canvas: no update")
    finally:
        if busy is not None:
            busy.kill()
            busy.wait()


def print_rates(full: bool) -> None:
    """Steps per second: scalar engine, fast path and micrograd, rounds interleaved."""
    print(
        f"training steps per second, min/median/max of {RATE_ROUNDS} rounds (the three engines "
        f"interleaved round by round, a collection before each; set-up and the fast path's "
        f"compile not on the clock, garbage collector on); load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print("(micrograd 0.1.0 has no tanh: its lecture MLP is its own relu MLP(3, [4, 4, 1]))")
    for name, n_scalar, n_fast, n_micro in (("moons", 3, 50, 2), ("lecture-mlp", 200, 2000, 200)):
        scalar, fast, compiles, micro = [], [], [], []
        for _ in range(RATE_ROUNDS):
            scalar.append(ours_round(name, False, n_scalar)[0])
            rate, compile_s = ours_round(name, True, n_fast)
            fast.append(rate)
            compiles.append(compile_s * 1000)
            micro.append(micrograd_rate(name, n_micro))
        print(f"  {name}: scalar engine {spread(scalar, '.2f')}; fast path {spread(fast, '.0f')} "
              f"(compile {spread(compiles, '.0f')} ms, once per run); micrograd "
              f"{spread(micro, '.2f')}")  # fmt: skip
        fast_ratio = [f / m for f, m in zip(fast, micro, strict=True)]
        scalar_ratio = [r / m for r, m in zip(scalar, micro, strict=True)]
        print(f"    per round, fast path / micrograd {spread(fast_ratio, '.0f')}x, "
              f"scalar / micrograd {spread(scalar_ratio, '.2f')}x")  # fmt: skip
    if full:
        t = time.perf_counter()
        micrograd_run("moons", 100)
        print(f"  micrograd 0.1.0, moons, 100 steps end to end: {time.perf_counter() - t:.1f} s")
    runs = []
    for _ in range(REPEATS):
        gc.collect()
        t = time.perf_counter()
        run = Trainer("moons")
        run.prepare()
        compiled = time.perf_counter()
        run.run(100)
        done = time.perf_counter()
        runs.append((done - t, compiled - t, 100 / (done - compiled)))
    print(f"  moons, 100 full-batch steps, fast path, end to end incl. its compile: "
          f"{spread([r[0] for r in runs], '.2f')} s, of which compile "
          f"{spread([r[1] for r in runs], '.2f')} s; the steps alone {spread([r[2] for r in runs], '.0f')} "
          f"steps/s (final loss {run.history.loss[-1]:.4f}, accuracy "
          f"{run.history.accuracy[-1]:.0%})")  # fmt: skip


def main() -> None:
    """Print the figures."""
    if "--stalls" not in sys.argv:
        print_rates(full="--full" in sys.argv)
    if "--rates" not in sys.argv:
        print_stalls(loaded=False)
        print_stalls(loaded=True)


if __name__ == "__main__":
    main()
