"""Trace and timeline speed on micrograd's moons demo batch (about 66,000 Values).

Prints: a plain forward+backward of the graph, recording its trace (and the ratio), seeking
from the start to the end and back, and the trace's memory per node. The machine is shared:
every figure is min / median / max of its repeats, ratios taken within each interleaved pair,
by wall time and by CPU time (which leaves out waiting for a core).
Run: .venv/bin/python tests/benchmarks/trace_speed.py [repeats]
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.sources.example_models import build_moons
from engine.trace.timeline import Timeline
from engine.trace.trace import record


def _runs(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        gc.collect()
        times.append(fn())
    return times


def _ms(times: list[float]) -> str:
    """Min / median / max in milliseconds."""
    return " / ".join(f"{f(times) * 1e3:7.1f}" for f in (min, statistics.median, max)) + " ms"


def _x(ratios: list[float]) -> str:
    """Min / median / max of ratios."""
    return " / ".join(f"{f(ratios):.2f}" for f in (min, statistics.median, max)) + "x"


def _forward_backward() -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    built = build_moons()
    built.root.backward()
    return time.perf_counter() - t0, time.process_time() - c0


def _forward() -> float:
    t0 = time.perf_counter()
    build_moons()
    return time.perf_counter() - t0


def _record() -> tuple[float, float]:
    built = build_moons()
    t0, c0 = time.perf_counter(), time.process_time()
    trace = record(built.root, params=built.params, lr=built.lr)
    elapsed = time.perf_counter() - t0, time.process_time() - c0
    del trace  # freeing it is not part of recording
    return elapsed


def _seek_round_trip(timeline: Timeline) -> tuple[float, float]:
    t0 = time.perf_counter()
    timeline.seek(len(timeline))
    t1 = time.perf_counter()
    timeline.seek(0)
    return t1 - t0, time.perf_counter() - t1


def _trace_memory() -> tuple[int, int, int]:
    """Bytes held by a trace beyond its graph's objects, its node count, its event count."""
    built = build_moons()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    trace = record(built.root, params=built.params, lr=built.lr)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return held, len(trace.graph), len(trace)


def _ratio(repeats: int, gc_on: bool) -> None:
    """Forward+backward against recording, interleaved so both see the same machine load."""
    if gc_on:
        gc.enable()
    else:
        gc.disable()  # the engine makes no reference cycles: collecting finds nothing
    fwd = _runs(_forward, repeats)
    pairs = [(_forward_backward(), _record()) for _ in range(repeats)]
    print(f"  cyclic garbage collector {'on' if gc_on else 'off'} (min / median / max):")
    print(f"    forward (build the graph)      {_ms(fwd)}")
    for k, clock in enumerate(("wall", "CPU")):
        fwd_bwd, rec = [p[0][k] for p in pairs], [p[1][k] for p in pairs]
        print(f"    forward + backward             {_ms(fwd_bwd)} ({clock} time)")
        print(f"    record trace (graph built)     {_ms(rec)} ({clock} time)")
        ratios = [r / f for f, r in zip(fwd_bwd, rec, strict=True)]
        print(f"      = {_x(ratios)} fwd+bwd, pair by pair ({clock} time)")


def _micrograd_moons():
    """The same moons batch built with micrograd 0.1.0 (children in sets, closures)."""
    from micrograd import nn as mg_nn
    from micrograd.engine import Value as MgValue

    from engine.sources.datasets import make_moons

    random.seed(1337)
    points, labels = make_moons(n_samples=100, noise=0.1, seed=1337)
    model = mg_nn.MLP(2, [16, 16, 1])
    scores = [model([MgValue(float(v)) for v in row]) for row in points]
    signs = [1.0 if v > 0 else -1.0 for v in labels]
    margins = [(1 + -y * s).relu() for y, s in zip(signs, scores, strict=True)]
    loss = sum(margins) * (1.0 / len(margins)) + 1e-4 * sum(p * p for p in model.parameters())
    return loss, model.parameters()


def _micrograd_ratio(repeats: int) -> None:
    """Recording a foreign engine's graph: micrograd 0.1.0's own moons batch."""
    try:
        import micrograd  # noqa: F401
    except ImportError:
        print("  micrograd 0.1.0 not installed: foreign-engine figures skipped")
        return
    gc.disable()
    pairs = []
    for _ in range(repeats):
        c0 = time.process_time()
        loss, _ = _micrograd_moons()
        loss.backward()
        fwd_bwd = time.process_time() - c0
        loss, params = _micrograd_moons()
        c0 = time.process_time()
        trace = record(loss, params=params, lr=1.0)
        pairs.append((fwd_bwd, time.process_time() - c0))
        del trace
    print("  micrograd 0.1.0 moons batch, garbage collector off (min / median / max, CPU time):")
    print(f"    forward + backward             {_ms([p[0] for p in pairs])}")
    print(f"    record trace (graph built)     {_ms([p[1] for p in pairs])}")
    print(f"      = {_x([r / f for f, r in pairs])} fwd+bwd, pair by pair")


def main() -> None:
    """Print the figures."""
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    built = build_moons()
    trace = record(built.root, params=built.params, lr=built.lr)
    print(
        f"moons batch: {len(trace.graph):,} nodes, {len(trace):,} events, {repeats} repeats; "
        f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    for gc_on in (True, False):
        _ratio(repeats, gc_on)
    _micrograd_ratio(repeats)
    gc.disable()
    timeline = Timeline(trace)
    trips = [_seek_round_trip(timeline) for _ in range(repeats)]
    print(f"  seek 0 → end                     {_ms([t[0] for t in trips])}")
    print(f"  seek end → 0                     {_ms([t[1] for t in trips])}")
    print(f"  round trip                       {_ms([t[0] + t[1] for t in trips])}")
    singles = []
    for _ in range(repeats):
        timeline.seek(0)
        t0 = time.perf_counter()
        for _ in range(1000):
            timeline.step()
        singles.append(time.perf_counter() - t0)
    print(f"  1,000 single steps               {_ms(singles)}")
    gc.enable()
    held, nodes, events = _trace_memory()
    print(
        f"  trace memory                     {held / 2**20:8.1f} MiB = {held / nodes:.0f} B/node, "
        f"{held / events:.0f} B/event"
    )


if __name__ == "__main__":
    main()
