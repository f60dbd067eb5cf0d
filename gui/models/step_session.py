"""The one QObject that owns the current Timeline and tells the views when it moves."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from engine.sources.built import BuiltGraph, GraphSource
from engine.trace.timeline import Timeline
from engine.trace.trace import Trace, record


class StepSession(QObject):
    """The stepping state of the window: a Timeline, the selected node, and signals."""

    sig_loaded = Signal()
    """A new timeline was loaded: views rebuild from ``session.timeline``."""
    sig_refreshed = Signal()
    """The same graph with new numbers (live while training): views update in place."""
    sig_moved = Signal(object)
    """The cursor moved; the argument is the set of node ids whose displayed state changed."""
    sig_selected = Signal(int)
    """A node was selected (its id), or -1 for no selection."""
    sig_error = Signal(str)
    """A message for the user (status bar or dialog): something could not be done."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self._source: GraphSource | None = None
        self._selected = -1

    # ------------------------------------------------------------------ state

    @property
    def timeline(self) -> Timeline | None:
        """The timeline being stepped, or None before anything is loaded."""
        return self._timeline

    @property
    def source(self) -> GraphSource | None:
        """Where the loaded graph came from (None before anything is loaded, or if not said)."""
        return self._source

    @property
    def title(self) -> str:
        """A short name for what is loaded (the example's title, a file name)."""
        return "" if self._source is None else self._source.title

    @property
    def selected(self) -> int:
        """The selected node id, or -1."""
        return self._selected

    # ------------------------------------------------------------------ loading

    def load(self, built: BuiltGraph) -> bool:
        """Record a built graph and load its trace; False, with sig_error, if it cannot be."""
        try:
            trace = record(built.root, params=list(built.params) or None, lr=built.lr)
        except ValueError as exc:  # TraceError / GraphError name the node at fault
            self.report(f"Cannot load {built.title or 'the graph'}: {exc}")
            return False
        return self.load_trace(trace, built.source)

    def load_trace(self, trace: Trace, source: GraphSource | None) -> bool:
        """Load a recorded trace; False, with sig_error, if it cannot be stepped."""
        try:
            timeline = Timeline(trace)
        except ValueError as exc:
            title = "the graph" if source is None else source.title
            self.report(f"Cannot load {title}: {exc}")
            return False
        self.load_timeline(timeline, source)
        return True

    def load_timeline(self, timeline: Timeline, source: GraphSource | None) -> None:
        """Load a timeline made (and moved) elsewhere: views build at its position.

        A timeline not at its start is then reported as a move that changed nothing the
        views just drew, so those following the cursor (highlights, flags) catch up.
        """
        self._timeline = timeline
        self._source = source
        self._selected = -1
        self.sig_loaded.emit()
        if timeline.position:
            self.sig_moved.emit(set())

    def refresh(self, trace: Trace, source: GraphSource | None) -> bool:
        """Show ``trace``'s numbers in place of the loaded ones, at the same position.

        Only for the graph already loaded (same nodes, ops and children): views then keep
        their layout and items. False if it is another graph: load it instead.
        """
        old = self._timeline
        if old is None or not _same_graph(old.trace, trace):
            return False
        try:
            old.renumber(trace)  # the same events: no replay up to the position
        except ValueError:
            timeline = Timeline(trace)
            timeline.seek(old.position)
            self._timeline = timeline
        self._source = source
        self.sig_refreshed.emit()
        return True

    def refresh_timeline(self, timeline: Timeline, source: GraphSource | None) -> bool:
        """Show ``timeline``, the loaded graph's with other numbers and moved elsewhere.

        Made and moved off the GUI thread (a long replay): views keep their layout and
        items, take the numbers (sig_refreshed), then the move (sig_moved, every node).
        False if it is another graph.
        """
        old = self._timeline
        if old is None or not _same_graph(old.trace, timeline.trace):
            return False
        self._timeline = timeline
        self._source = source
        self.sig_refreshed.emit()
        self.sig_moved.emit(set(range(len(timeline.graph))))
        return True

    def report(self, message: str) -> None:
        """Tell the user something could not be done (views show sig_error's message)."""
        self.sig_error.emit(message)

    # ------------------------------------------------------------------ moves

    def step(self) -> bool:
        """Apply the next event; False at the end."""
        return self._move(lambda t: t.step())

    def back(self) -> bool:
        """Undo the last event; False at the start."""
        return self._move(lambda t: t.back())

    def seek(self, position: int) -> bool:
        """Go to ``position`` (clamped to the timeline)."""
        return self._move(lambda t: t.seek(position))

    def seek_phase_start(self, phase: str) -> bool:
        """Go to the first event of ``phase`` (position 0 for the forward pass)."""
        return self._move(lambda t: t.seek_phase_start(phase))

    def seek_phase_end(self, phase: str) -> bool:
        """Go to just after the last event of ``phase``."""
        return self._move(lambda t: t.seek_phase_end(phase))

    def next_phase(self) -> bool:
        """Go to the next phase boundary."""
        return self._move(lambda t: t.next_phase())

    def previous_phase(self) -> bool:
        """Go to the previous phase boundary."""
        return self._move(lambda t: t.previous_phase())

    def reset(self) -> bool:
        """Go back to position 0, before the forward pass."""
        return self._move(lambda t: t.seek(0))

    def seek_end(self) -> bool:
        """Go to the end of the timeline."""
        return self._move(lambda t: t.seek(len(t)))

    def _move(self, move: Callable[[Timeline], set[int]]) -> bool:
        """Run one timeline move and emit sig_moved if the position changed."""
        timeline = self._timeline
        if timeline is None:
            return False
        before = timeline.position
        changed = move(timeline)
        if timeline.position == before:
            return False
        self.sig_moved.emit(changed)
        return True

    # ------------------------------------------------------------------ selection

    def select(self, node_id: int) -> None:
        """Select a node by id (-1 clears the selection); emits sig_selected when it changes."""
        timeline = self._timeline
        if timeline is None or not 0 <= node_id < len(timeline.graph):
            node_id = -1
        if node_id == self._selected:
            return
        self._selected = node_id
        self.sig_selected.emit(node_id)


def _same_graph(a: Trace, b: Trace) -> bool:
    """True if two traces record the same graph: its nodes, ops, children and names."""
    ga, gb = a.graph, b.graph
    if ga is gb and a.names is b.names:  # a trace renumbered from the other
        return len(a) == len(b)
    return (
        len(ga) == len(gb)
        and ga.ops == gb.ops
        and ga.children == gb.children
        and a.names == b.names
        and len(a) == len(b)
    )
