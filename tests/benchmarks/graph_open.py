"""Graph canvas figures: open (layout + scene), one step's repaint, and graphviz on the same graph.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/graph_open.py
Each figure is min / median / max of its repeats (the machine is shared); "open" is
timeline + grouping + layout + scene from a recorded trace, up to the first paint of the
view, each time from a fresh recording (nothing computed on its graph yet); "with
recording" adds recording the trace (one run: the first open).
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


def timed(fn, repeat: int = 5) -> list[float]:
    """Seconds taken by each of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def spread(times: list[float], scale: float = 1e3, digits: int = 1) -> str:
    """Min/median/max of ``times`` (default: in ms)."""
    return "/".join(f"{f(times) * scale:.{digits}f}" for f in (min, statistics.median, max))


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


def open_and_step(name: str, root: Value, params=(), lr=None, *, with_dot: bool = True) -> None:
    """Print open time, step repaint times (1:1 and fitted) and graphviz's time for one graph."""
    session = StepSession()
    view = GraphView(session)
    view.resize(1280, 800)
    view.show()
    app = QApplication.instance()

    def painted() -> None:
        view.viewport().repaint()  # the first frame of what was opened
        app.processEvents()

    t = time.perf_counter()
    session.load(BuiltGraph(root, tuple(params), lr))  # record + timeline + view
    painted()
    cold = time.perf_counter() - t
    trace = session.timeline.trace
    graph = trace.graph
    drawn = len(graph) + sum(1 for k in graph.children if k)
    opened = []
    for _ in range(3):  # a fresh recording each time: nothing cached on its graph yet
        fresh = record(root, params=list(params) or None, lr=lr)
        opened += timed(lambda fresh=fresh: (session.load_trace(fresh, None), painted()), 1)
    trace = session.timeline.trace
    graph = trace.graph
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

    at_one = timed(step_repaint, repeat=30)
    view.fit()
    fitted = timed(step_repaint, repeat=30)
    fitted_full = timed(step_full_repaint, repeat=30)
    zooms = iter([1.1, 1 / 1.1] * 10)

    def zoom() -> None:
        view.zoom_by(next(zooms))
        view.viewport().repaint()

    zoomed = timed(zoom, repeat=10)

    def pan() -> None:
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 50)
        view.viewport().repaint()

    view.resetTransform()
    panned = timed(pan, repeat=10)
    dot = dot_seconds(graph) if with_dot else "dot: skipped (never finishes at this size)"
    print(
        f"{name}: {len(graph):,} values, {drawn:,} drawn nodes, {n_items:,} drawn after collapse; "
        f"open to first paint {spread(opened, 1, 3)} s (with recording the trace: {cold:.3f} "
        f"s); step+repaint {spread(at_one)} ms at 1:1, {spread(fitted)} ms fitted "
        f"({spread(fitted_full)} ms forcing a whole-viewport repaint); zoom notch from fitted "
        f"{spread(zoomed)} ms; pan+repaint {spread(panned)} ms; {dot}"
    )


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

        figures[mode] = timed(all_nodes, repeat=10)
    print(
        "update every node + repaint, lecture MLP (min/median/max): "
        + ", ".join(f"{m} {spread(t)} ms" for m, t in figures.items())
    )


def layout_figures() -> None:
    """Our layout vs networkx layered layout on the full moons batch (130k drawn nodes)."""
    graph = Graph.from_root(get_example("moons").build().root)
    t = time.perf_counter()
    lay = layout_graph(graph)
    ours = time.perf_counter() - t
    t = time.perf_counter()
    g = nx.DiGraph()
    g.add_edges_from((int(s), int(d)) for s, d in lay.edges.tolist())
    for layer, nodes in enumerate(nx.topological_generations(g)):
        for n in nodes:
            g.nodes[n]["layer"] = layer
    nx.multipartite_layout(g, subset_key="layer", align="vertical")
    theirs = time.perf_counter() - t
    print(
        f"layout of the full moons batch ({len(lay):,} drawn nodes): ours (layers + barycenter "
        f"+ placement) {ours:.2f} s; networkx generations + multipartite {theirs:.2f} s"
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
