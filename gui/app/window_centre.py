"""The main window's centre: the graph beside the inspector, the code panel below, the step bar.

Presentation mode shows the graph and one line of code only: the inspector, step bar and
the graph's scroll bars go, and the code panel leaves its splitter to take just the height
its text needs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from gui.canvas.graph_view import GraphView
from gui.stepping.code_panel import CodePanel
from gui.stepping.inspector import Inspector
from gui.stepping.step_bar import StepBar

GRAPH_WIDTH = 0.79
"""The share of the window's width the graph gets on first show (the inspector the rest)."""
GRAPH_HEIGHT = 0.74
"""The share of the window's height the graph gets on first show (the code panel the rest)."""


class WindowCentre(QWidget):
    """Lays out the canvas and the stepping panels it is given; shows them for a hall."""

    def __init__(
        self,
        graph_view: GraphView,
        inspector: Inspector,
        code_panel: CodePanel,
        step_bar: StepBar,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.graph_view = graph_view
        self.inspector = inspector
        self.code_panel = code_panel
        self.step_bar = step_bar
        self.side_split = QSplitter(Qt.Orientation.Horizontal)
        self.side_split.addWidget(graph_view)
        self.side_split.addWidget(inspector)
        self.side_split.setStretchFactor(0, 1)
        self.main_split = QSplitter(Qt.Orientation.Vertical)
        self.main_split.addWidget(self.side_split)
        self.main_split.addWidget(code_panel)
        self.main_split.setStretchFactor(0, 1)
        self._split_sizes = [3, 1]
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.main_split, 1)
        self._layout.addWidget(step_bar)

    def give_graph_the_room(self, width: int, height: int) -> None:
        """Size the splitters for a window of ``width`` x ``height``: most of it to the graph."""
        self.side_split.setSizes([round(width * GRAPH_WIDTH), round(width * (1 - GRAPH_WIDTH))])
        self.main_split.setSizes([round(height * GRAPH_HEIGHT), round(height * (1 - GRAPH_HEIGHT))])

    def set_presenting(self, on: bool) -> None:
        """Show the graph and the code line only (``on``), or every panel as before."""
        self.inspector.setVisible(not on)
        self.step_bar.setVisible(not on)
        self.code_panel.set_compact(on)
        bars = Qt.ScrollBarPolicy.ScrollBarAlwaysOff if on else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        self.graph_view.setHorizontalScrollBarPolicy(bars)  # no chrome on the projected slide
        self.graph_view.setVerticalScrollBarPolicy(bars)
        if on and self.code_panel.parent() is self.main_split:
            self._split_sizes = self.main_split.sizes()
            # Out of the splitter, the code line takes just the height its text needs.
            self._layout.insertWidget(1, self.code_panel)
            self.code_panel.show()  # reparenting hides a widget
        elif not on and self.code_panel.parent() is not self.main_split:
            self.main_split.addWidget(self.code_panel)
            self.code_panel.show()
            self.main_split.setSizes(self._split_sizes)
