"""networkx layouts: time to lay out each example, one glide frame, and networkx's import.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/layouts.py
Each figure is a distribution over repeats (median, 90th percentile, min, max). "layout"
is ``relayout`` alone (networkx + fitting the boxes), what the worker thread computes
before the nodes move; a glide frame is moving every item and edge plus one repaint.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from graph_open import mlp_loss, spread, timings
from PySide6.QtWidgets import QApplication

from engine.autograd.graph import Graph
from engine.drawing import grouping
from engine.drawing.layout import between, layout_graph, relayout
from engine.drawing.layout_names import LAYOUTS, MAX_FREE_NODES
from engine.sources.examples import get_example
from gui.canvas.graph_view import GraphView
from gui.models.step_session import StepSession

REPEATS = {"layered": 7, "spectral": 5, "shell": 5, "spring": 3, "kamada-kawai": 3}


def opened(graph: Graph):
    """The drawn graph as the canvas opens it (groups collapsed on big graphs)."""
    groups, collapsed, visible, _ = grouping.opening_view(graph, 6000, 20000)
    return layout_graph(graph, grouping.owner_array(graph, groups, collapsed), visible)


def layout_times() -> None:
    """Every layout on the examples people open, as the worker thread computes it."""
    graphs = {
        "neuron": Graph.from_root(get_example("neuron").build().root),
        "lecture MLP": Graph.from_root(get_example("lecture-mlp").build().root),
        "moons, collapsed": Graph.from_root(get_example("moons").build().root),
        "MLP SSE, 29 samples": Graph.from_root(mlp_loss(29)),
    }
    relayout(opened(graphs["neuron"]), "kamada-kawai")  # scipy's import, once, not timed
    for title, graph in graphs.items():
        base = opened(graph)
        print(f"{title} ({len(base):,} drawn nodes):")
        for name in LAYOUTS:
            if name != "layered" and len(base) > MAX_FREE_NODES:
                print(f"  {name}: refused (over {MAX_FREE_NODES:,} drawn nodes)")
                continue
            times = timings(lambda n=name, b=base: relayout(b, n), REPEATS[name])
            print(f"  {name}: {spread(times, 's')}")


def glide_frames() -> None:
    """One frame of the glide (every item and edge moved, then a repaint)."""
    app = QApplication.instance()
    for example in ("neuron", "xor-network", "lecture-mlp"):
        session = StepSession()
        view = GraphView(session)
        view.resize(1280, 800)
        view.show()
        built = get_example(example).build()
        session.load(built)
        session.seek_phase_end("backward")
        app.processEvents()
        start = view.drawn
        end = relayout(start, "spring")
        steps = iter([i / 20 for i in range(1, 21)] * 2)

        def frame(start=start, end=end, view=view, steps=steps) -> None:
            view._place(between(start, end, next(steps)))
            view.viewport().repaint()

        times = timings(frame, 30)
        print(f"glide frame, {example} ({len(start):,} drawn nodes): {spread(times)}")
        view.close()


def networkx_import() -> None:
    """What importing networkx adds to start-up (a fresh interpreter each time)."""
    code = "import time, numpy; t = time.perf_counter(); import networkx; print(time.perf_counter() - t)"
    times = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
        for _ in range(7)
    ]
    print(f"import networkx (numpy already imported): {spread(times)}")


def main() -> None:
    """Print every figure."""
    app = QApplication.instance() or QApplication([])
    layout_times()
    glide_frames()
    networkx_import()
    app.quit()


if __name__ == "__main__":
    main()
