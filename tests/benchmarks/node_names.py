"""What naming unlabelled nodes by op and inputs (``a*b``) costs on the moons graph.

The peer, measured in the same run, is the op-and-id naming it replaced (``mul5``). Both
run once per graph opened. Run: ``.venv/bin/python tests/benchmarks/node_names.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.autograd.graph import Graph
from engine.autograd.op_text import fallback_name, node_names
from engine.sources.examples import get_example


def op_and_id(graph: Graph) -> tuple[str, ...]:
    """The names before: the label, else the op's word and the id."""
    return tuple(
        label or fallback_name(op, i, kids)
        for i, (label, op, kids) in enumerate(
            zip(graph.labels, graph.ops, graph.children, strict=True)
        )
    )


def main() -> None:
    """Time both namings alternately and print their distributions in milliseconds."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    graph = Graph.from_root(get_example("moons").build().root)
    times: dict[str, list[float]] = {"op and id (before)": [], "op and inputs (now)": []}
    for _ in range(rounds):
        for name, fn in (
            ("op and id (before)", lambda: op_and_id(graph)),
            ("op and inputs (now)", lambda: node_names(graph.labels, graph.ops, graph.children)),
        ):
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1e3)
    print(f"moons: {len(graph):,} nodes, {rounds} rounds (ms)")
    for name, xs in times.items():
        xs.sort()
        p90 = xs[int(0.9 * (len(xs) - 1))]
        print(
            f"  {name:<20} median {statistics.median(xs):6.1f}  p90 {p90:6.1f}  "
            f"min {xs[0]:6.1f}  max {xs[-1]:6.1f}"
        )


if __name__ == "__main__":
    main()
