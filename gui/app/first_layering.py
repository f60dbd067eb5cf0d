"""The launch's first graph laid out by networkx in a forked child while the window imports Qt.

The child works out the drawn graph as the canvas opens it (the graph below the root, which
recording collects the same way; grouped and masked by ``opening_view`` with the canvas's
budgets) and hands the layered layout's networkx part (engine/drawing/forked_layering.py)
back. Node sizes need Qt's fonts; the networkx part does not. The layout uses the answer
only for identical input arrays: networkx lays out what is drawn, in the child.
"""

from __future__ import annotations

import sys

import numpy as np

from engine.autograd.graph import Graph
from engine.drawing import forked_layering, grouping
from engine.drawing.layered import networkx_layering
from engine.drawing.layout import GROUP, drawn_structure
from engine.sources.built import BuiltGraph
from gui.canvas.groups import FULL_BUDGET, HARD_BUDGET


def opening_inputs(built: BuiltGraph) -> tuple[int, np.ndarray, np.ndarray]:
    """What the canvas's first layout gives networkx for ``built``: node count, edges, groups."""
    # the graph alone: its whole recording took moons' child 180 ms where this takes 67 ms
    graph = Graph.from_root(built.root)
    groups, collapsed, visible, _ = grouping.opening_view(graph, FULL_BUDGET, HARD_BUDGET)
    owner = grouping.owner_array(graph, groups, collapsed)
    kind, _, edges, _, _ = drawn_structure(graph, owner, visible)
    return len(kind), edges, kind == GROUP


def start_first_layering(built: BuiltGraph) -> bool:
    """Fork the child that lays out ``built``'s opening picture; False if none could be.

    Only before Qt is imported: its threads (and a QApplication's state) must not be forked.
    """
    if "PySide6.QtCore" in sys.modules:
        return False
    return forked_layering.start(lambda: opening_inputs(built), networkx_layering)
