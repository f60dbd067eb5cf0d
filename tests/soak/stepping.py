"""Stepping soak: random step/back/seek moves on the moons single-sample graph vs a linear replay.

The reference is one linear replay (``step()`` from 0 to the end) that snapshots the whole state
every ``CHECK_EVERY`` positions and at every phase boundary. The random walk compares the full
state whenever it lands on such a position, the cheap parts (position, topo length, current
node) after every move, and every ``DIFF_EVERY`` moves that the returned "changed" set covers
every node whose state really changed.

Run the full size: ``.venv/bin/python -m tests.soak.stepping`` (100,000 moves; ``make soak``).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from engine.autograd.graph import Graph
from engine.autograd.losses import svm_loss
from engine.autograd.nn import MLP
from engine.autograd.value import Value
from engine.sources.datasets import make_moons, signed_labels
from engine.sources.example_models import MOONS_LR, MOONS_SEED
from engine.trace.events import BACKWARD, PHASES
from engine.trace.timeline import Timeline
from engine.trace.trace import Trace, record

CHECK_EVERY = 50
DIFF_EVERY = 100

Snapshot = tuple


def build_single_sample() -> tuple[Value, list[Value]]:
    """The moons demo's model and loss (SVM + L2) on its first sample only."""
    points, labels = make_moons(n_samples=100, noise=0.1, seed=MOONS_SEED)
    model = MLP(2, [16, 16, 1], ("relu", "relu", "linear"), seed=MOONS_SEED)
    x = [Value(float(v), label=f"x[{j}]") for j, v in enumerate(points[0])]
    loss, _ = svm_loss([model(x)], signed_labels(labels[:1]), model.parameters(), alpha=1e-4)
    loss.label = "loss"
    return loss, model.parameters()


def snapshot(timeline) -> Snapshot:
    """Everything a view can read off the timeline at its position."""
    current = timeline.current
    return (
        timeline.position,
        tuple(timeline.data),
        tuple(timeline.grad),
        tuple(timeline.created),
        tuple(timeline.visited),
        tuple(timeline.topo),
        tuple(timeline.dfs_stack),
        tuple(timeline.topo_index),
        None if current is None else (type(current).__name__, current.node),
        timeline.phase,
    )


def _node_states(snap: Snapshot) -> list[tuple]:
    """Per node: (data, grad, created, visited, topo index), for the changed-set check."""
    return list(zip(snap[1], snap[2], snap[3], snap[4], snap[7], strict=True))


@dataclass
class Reference:
    """The linear replay: snapshots at check positions, and cheap facts at every position."""

    snapshots: dict[int, Snapshot]
    topo_len: list[int]
    current_node: list[int | None]


def linear_replay(trace: Trace, timeline_cls) -> Reference:
    """Step a fresh timeline from 0 to the end, one event at a time, recording the reference."""
    timeline = timeline_cls(trace)
    checks = {0, len(trace)}
    checks.update(range(0, len(trace) + 1, CHECK_EVERY))
    for phase in PHASES:
        r = trace.phase_range(phase)
        if r:
            checks.update((r.start, r.start + 1, r.stop))
    ref = Reference({}, [], [])
    for pos in range(len(trace) + 1):
        if pos:
            timeline.step()
        if pos in checks:
            ref.snapshots[pos] = snapshot(timeline)
        ref.topo_len.append(len(timeline.topo))
        current = timeline.current
        ref.current_node.append(None if current is None else current.node)
    assert timeline.position == len(trace)
    assert not timeline.step(), "step() at the end must not move"
    return ref


def _moves(timeline, rng: random.Random) -> list[tuple[int, str, Callable[[], set[int]]]]:
    """Weighted random moves: mostly single steps, some seeks near and far, phase jumps."""
    n = len(timeline)

    def near() -> set[int]:
        return timeline.seek(timeline.position + rng.randint(-60, 60))

    return [
        (40, "step", timeline.step),
        (30, "back", timeline.back),
        (10, "seek near", near),
        (5, "seek far", lambda: timeline.seek(rng.randint(-5, n + 5))),
        (4, "phase start", lambda: timeline.seek_phase_start(rng.choice(PHASES))),
        (4, "phase end", lambda: timeline.seek_phase_end(rng.choice(PHASES))),
        (4, "next phase", timeline.next_phase),
        (3, "previous phase", timeline.previous_phase),
    ]


def check_backward_end(trace: Trace, timeline_cls) -> None:
    """At the end of the backward phase the grads equal a fresh build's ``backward()``."""
    timeline = timeline_cls(trace)
    timeline.seek_phase_end(BACKWARD)
    root, _ = build_single_sample()
    root.backward()
    expected = [node.grad for node in Graph.from_root(root).nodes]
    got = timeline.grad
    for i, want in enumerate(expected):
        if got[i] is not None and got[i] != want:
            raise AssertionError(f"node {i}: grad {got[i]} after stepping, {want} from backward()")


def run(
    moves: int, seed: int = 0, *, verbose: bool = False, timeline_cls: type = Timeline
) -> dict[str, float]:
    """The soak: ``moves`` random moves, every check described above; returns its figures."""
    t0 = time.perf_counter()
    root, params = build_single_sample()
    trace = record(root, params=params, lr=MOONS_LR)
    ref = linear_replay(trace, timeline_cls)
    check_backward_end(trace, timeline_cls)
    t_ref = time.perf_counter() - t0
    rng = random.Random(seed)
    timeline = timeline_cls(trace)
    table = _moves(timeline, rng)
    weights = [w for w, _, _ in table]
    full_checks = diff_checks = 0
    for k in range(moves):
        _, name, move = rng.choices(table, weights)[0]
        before = snapshot(timeline) if k % DIFF_EVERY == 0 else None
        changed = move()
        pos = timeline.position
        assert 0 <= pos <= len(trace), f"move {k} ({name}): position {pos} out of range"
        assert len(timeline.topo) == ref.topo_len[pos], f"move {k} ({name}) at {pos}: topo"
        current = timeline.current
        node = None if current is None else current.node
        assert node == ref.current_node[pos], f"move {k} ({name}) at {pos}: current node"
        if pos in ref.snapshots:
            assert snapshot(timeline) == ref.snapshots[pos], f"move {k} ({name}): state at {pos}"
            full_checks += 1
        if before is not None:
            after = snapshot(timeline)
            pairs = zip(_node_states(before), _node_states(after), strict=True)
            really = {i for i, (a, b) in enumerate(pairs) if a != b}
            assert really <= changed, f"move {k} ({name}): unreported {sorted(really - changed)}"
            diff_checks += 1
        if verbose and k and k % 20_000 == 0:
            print(f"  {k:,} moves, {full_checks:,} full-state checks so far")
    return {
        "nodes": len(trace.graph),
        "events": len(trace),
        "moves": moves,
        "full_checks": full_checks,
        "diff_checks": diff_checks,
        "reference_s": t_ref,
        "total_s": time.perf_counter() - t0,
    }


def main() -> int:
    """Run the full-size soak and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    stats = run(args.moves, args.seed, verbose=True)
    print(
        f"stepping soak: {stats['moves']:,} random moves on the moons single-sample graph "
        f"({stats['nodes']:,} nodes, {stats['events']:,} events): state equal to the linear "
        f"replay at all {stats['full_checks']:,} full-state checks, changed sets complete at "
        f"{stats['diff_checks']:,} checks; reference {stats['reference_s']:.1f} s, "
        f"total {stats['total_s']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
