"""Graph canvas figures: open (layout + scene + first paint), a step's repaint, graphviz's time.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/graph_open.py
Each figure is a distribution over repeats (median, 90th percentile, min, max): the machine
is shared, and a user feels the typical case, not the best one. "open" is what a user waits
for: the timeline, the networkx layout, the scene and the first paint of the window.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import networkx as nx
from PySide6.QtWidgets import QApplication, QGraphicsView

from engine.autograd.graph import Graph
from engine.autograd.losses import sum_squared_error
from engine.autograd.nn import MLP
from engine.autograd.value import Value
from engine.drawing.layout import layout_graph
from engine.sources.built import BuiltGraph
from engine.sources.examples import get_example
from engine.trace.trace import record
from gui.canvas.graph_view import GraphView
from gui.models.step_session import StepSession


def timings(fn, repeat: int = 5) -> list[float]:
    """Seconds taken by each of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def spread(times: list[float], unit: str = "ms") -> str:
    """Median, 90th percentile, min and max of ``times`` (seconds), in ``unit``."""
    scale = 1e3 if unit == "ms" else 1.0
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    figures = (statistics.median(ordered), p90, ordered[0], ordered[-1])
    med, p90, low, high = (f"{x * scale:.3g}" for x in figures)
    return f"median {med} {unit} (p90 {p90}, min {low}, max {high}, n={len(times)})"


def mlp_loss(samples: int) -> Value:
    """The lecture MLP(3, [4, 4, 1]) with a sum of squared errors over ``samples`` inputs."""
    model = MLP(3, [4, 4, 1], seed=0)
    xs = [[(i % 7) / 3 - 1, (i % 5) / 2 - 1, (i % 3) - 1.0] for i in range(samples)]
    ys = [1.0 if i % 2 else -1.0 for i in range(samples)]
    return sum_squared_error([model(x) for x in xs], ys)


def dot_seconds(graph: Graph) -> str:
    """Time ``dot -Tsvg`` on draw_dot's source for the same graph (a 60 s cap)."""
    if shutil.which("dot") is None:
        return "dot not installed"
    lines = ["digraph { rankdir=LR;"]
    for v, kids in enumerate(graph.children):
        node = graph.nodes[v]
        lines.append(f'n{v} [shape=record,label="{{ {v} | data {node.data:.4f} | grad 0.0000 }}"];')
        if kids:
            lines.append(f'o{v} [label="{graph.ops[v]}"]; o{v} -> n{v};')
            lines += [f"n{c} -> o{v};" for c in kids]
    lines.append("}")
    with tempfile.NamedTemporaryFile("w", suffix=".dot", delete=False) as f:
        f.write("\n".join(lines))
    t = time.perf_counter()
    try:
        subprocess.run(["dot", "-Tsvg", f.name, "-o", os.devnull], check=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "dot: did not finish in 60 s"
    finally:
        os.unlink(f.name)
    return f"dot -Tsvg {time.perf_counter() - t:.2f} s"


def open_times(session, view, root, params, lr) -> tuple[list[float], list[float]]:
    """Seconds to open with recording the trace (3 opens), and from a fresh recording (5).

    Each runs to the first paint, which is part of what a user waits for; a fresh recording
    has nothing cached on its graph yet.
    """
    app = QApplication.instance()

    def painted() -> None:
        view.viewport().repaint()
        app.processEvents()

    def load_and_paint() -> None:
        session.load(BuiltGraph(root, tuple(params), lr))  # record + timeline + view
        painted()

    cold = timings(load_and_paint, repeat=3)
    opened = []
    for _ in range(5):
        fresh = record(root, params=list(params) or None, lr=lr)
        opened += timings(lambda fresh=fresh: (session.load_trace(fresh, None), painted()), 1)
    return cold, opened


def open_and_step(name: str, root: Value, params=(), lr=None, *, with_dot: bool = True) -> None:
    """Print open times, step repaint times (1:1 and fitted) and graphviz's time for one graph."""
    session = StepSession()
    view = GraphView(session)
    view.resize(1280, 800)
    view.show()
    app = QApplication.instance()
    app.processEvents()

    cold, opened = open_times(session, view, root, params, lr)
    trace = session.timeline.trace
    graph = trace.graph
    drawn = len(graph) + sum(1 for k in graph.children if k)
    app.processEvents()
    n_items = len(view.nodes)
    session.seek_phase_start("backward")
    view.resetTransform()  # 1:1, as when stepping with follow mode on

    def step_repaint() -> None:
        if not session.step():
            session.back()
        app.processEvents()  # the view repaints what the step changed

    def step_full_repaint() -> None:
        if not session.step():
            session.back()
        view.viewport().repaint()

    at_one = timings(step_repaint, repeat=30)
    view.fit()
    fitted = timings(step_repaint, repeat=30)
    fitted_full = timings(step_full_repaint, repeat=30)
    zooms = iter([1.1, 1 / 1.1] * 10)

    def zoom() -> None:
        view.zoom_by(next(zooms))
        view.viewport().repaint()

    zoomed = timings(zoom, repeat=10)

    def pan() -> None:
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 50)
        view.viewport().repaint()

    view.resetTransform()
    panned = timings(pan, repeat=10)
    dot = dot_seconds(graph) if with_dot else "dot: skipped (never finishes at this size)"
    print(f"{name}: {len(graph):,} values, {drawn:,} drawn nodes, {n_items:,} drawn after collapse")
    print(f"  open incl. first paint, from a fresh recording: {spread(opened, 's')}")
    print(f"  open incl. recording the trace and first paint: {spread(cold, 's')}")
    print(f"  step+repaint at 1:1: {spread(at_one)}")
    print(
        f"  step+repaint fitted: {spread(fitted)}; forcing a whole-viewport repaint: "
        f"{spread(fitted_full)}"
    )
    print(f"  zoom notch from fitted: {spread(zoomed)}; pan+repaint at 1:1: {spread(panned)}")
    print(f"  {dot}")


def update_modes() -> None:
    """Setting every node + repaint, QGraphicsView's default update mode vs FullViewportUpdate."""
    built = get_example("lecture-mlp").build()
    session = StepSession()
    view = GraphView(session)
    view.resize(1280, 800)
    view.show()
    session.load(built)
    view.resetTransform()
    session.seek_phase_start("backward")
    figures = {}
    for mode in ("MinimalViewportUpdate", "BoundingRectViewportUpdate", "FullViewportUpdate"):
        view.setViewportUpdateMode(getattr(QGraphicsView.ViewportUpdateMode, mode))

        def all_nodes() -> None:
            for node in view.nodes:
                node.update()
            QApplication.instance().processEvents()

        figures[mode] = timings(all_nodes, repeat=10)
    print("update every node + repaint, lecture MLP:")
    for mode, times in figures.items():
        print(f"  {mode}: {spread(times)}")


def layout_figures() -> None:
    """The layered layout of the full moons batch (130k drawn nodes), and networkx's share."""
    graph = Graph.from_root(get_example("moons").build().root)
    lay = layout_graph(graph)
    ours = timings(lambda: layout_graph(graph), repeat=3)

    def networkx_alone() -> None:
        g = nx.DiGraph()
        g.add_edges_from(lay.edges.tolist())
        layers = dict(enumerate(nx.topological_generations(g)))
        nx.multipartite_layout(g, subset_key=layers, align="vertical")

    theirs = timings(networkx_alone, repeat=3)
    print(f"layered layout of the full moons batch ({len(lay):,} drawn nodes):")
    print(
        f"  whole (networkx generations + multipartite, barycenter, placement): {spread(ours, 's')}"
    )
    print(
        f"  networkx's graph + topological_generations + multipartite alone: {spread(theirs, 's')}"
    )


def main() -> None:
    """Print every figure."""
    app = QApplication.instance() or QApplication([])
    built = get_example("lecture-mlp").build()
    open_and_step("lecture MLP loss", built.root, built.params, built.lr)
    open_and_step("MLP(3,[4,4,1]) SSE, 29 samples", mlp_loss(29))
    moons = get_example("moons").build()
    open_and_step("moons full batch", moons.root, moons.params, moons.lr, with_dot=False)
    update_modes()
    layout_figures()
    app.quit()


if __name__ == "__main__":
    main()
