"""Watching the user's topological sort: each call of their ``build_topo``, each append.

A call of the sort function on a node is a TopoEnter if the user's ``topo`` list grew
during it and a TopoSkip if it did not (their ``visited`` check returned at once). Appends
are read off the list between calls, so they land in the order the user made them.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from typing import Any

from engine.autograd.value import topological_order
from engine.sources.program.columns import PassColumns
from engine.sources.program.source_text import code_text
from engine.trace.recorded import SourceText
from engine.trace.recorder import APPEND, ENTER, SKIP

_TOPO_NAMES = ("topo", "order", "nodes", "result")
_VISITED_NAMES = ("visited", "seen", "done")
_OWN_TOPO = topological_order.__code__
Tracer = Callable[[types.FrameType, str, Any], Any]


class TopoWatch:
    """The user's sort function as it runs: its call stack, their topo list and visited set."""

    def __init__(
        self,
        cols: PassColumns,
        ids: dict[int, int],
        nodes: Sequence[Any],
        children: Sequence[tuple[int, ...]],
    ):
        self.cols = cols
        self.ids = ids
        self.nodes = nodes
        self.children = children
        self.code: types.CodeType | None = None
        self.source: SourceText | None = None
        self.topo: list[Any] | None = None
        self.topo_name = ""
        self.visited: Any = None
        self.visited_name = ""
        self.seen = 0  # how much of the user's topo list has become events
        self.stack: list[list[Any]] = []  # [frame, node, event index, topo length, was visited]

    def node_of(self, obj: Any) -> int | None:
        """The id of ``obj`` in this pass's graph, or None if it is not one of its nodes."""
        i = self.ids.get(id(obj))
        return i if i is not None and self.nodes[i] is obj else None

    def on_call(self, frame: types.FrameType, node: int, caller_frame: Any) -> Tracer | None:
        """A call of the sort function on ``node``: record it; the tracer for its return."""
        if self.code is None:
            self.code = frame.f_code
            self.source = code_text(frame.f_code)
            if frame.f_code is _OWN_TOPO:  # gradstep's own iterative sort: replay its DFS
                self._own_sort(node)
                return None
            self._find_lists(frame, caller_frame)
        elif self.code is _OWN_TOPO:
            return None  # its DFS was replayed at the first call
        # Runs once per call of the user's sort (130,000 for the moons demo): the column
        # appends and the checks are written out, not called.
        topo, stack, cols = self.topo, self.stack, self.cols
        length = 0
        if topo is not None:
            length = len(topo)
            if length != self.seen:
                self.flush()
        at = len(cols.kind)
        cols.kind.append(SKIP)
        cols.node.append(node)
        cols.arg.append(stack[-1][1] if stack else -1)
        visited = self.visited
        was_visited = visited is not None and self._in_visited(self.nodes[node])
        stack.append([frame, node, at, length, was_visited])
        frame.f_trace_lines = False
        return self._on_event

    def is_running(self, frame: Any) -> bool:
        """Whether ``frame`` is the innermost running call of the sort function."""
        return bool(self.stack) and self.stack[-1][0] is frame

    def _on_event(self, frame: types.FrameType, event: str, arg: Any) -> Tracer | None:
        stack = self.stack
        if event == "return" and stack and stack[-1][0] is frame:
            _, _node, at, length, was_visited = stack.pop()
            topo = self.topo
            if topo is None and not stack and isinstance(arg, list):
                self._adopt_result(arg)
                topo = self.topo
            if topo is None:
                grew = not was_visited
            else:
                grew = len(topo) > length
                if len(topo) != self.seen:
                    self.flush()
            if grew:
                self.cols.kind[at] = ENTER
        return self._on_event

    def flush(self) -> None:
        """Turn what was appended to the user's topo list since last time into events."""
        topo = self.topo
        if topo is None:
            return
        n = len(topo)
        self.seen = min(self.seen, n)  # the user may have taken something off their list
        for j in range(self.seen, n):
            node = self.node_of(topo[j])
            if node is not None:
                self.cols.add(APPEND, node, j)
        self.seen = n

    def _adopt_result(self, result: list[Any]) -> None:
        """An iterative sort returned its list: its appends are all that can be seen."""
        self.topo, self.topo_name = result, "(returned list)"

    def _in_visited(self, obj: Any) -> bool:
        try:
            return self.visited is not None and obj in self.visited
        except TypeError:  # unhashable nodes in a set: no visited check can be read
            return False

    def _find_lists(self, frame: types.FrameType, caller_frame: Any) -> None:
        """Find the user's topo list and visited set among the sort's and its caller's names."""
        names: dict[str, Any] = {}
        for f in (caller_frame, frame):
            if f is not None:
                names.update(f.f_locals)
        lists = {k: v for k, v in names.items() if type(v) is list}
        sets = {k: v for k, v in names.items() if isinstance(v, (set, dict))}
        self.topo_name = _pick(lists, _TOPO_NAMES)
        self.visited_name = _pick(sets, _VISITED_NAMES)
        if self.topo_name:
            self.topo = lists[self.topo_name]
            self.seen = len(self.topo)
        if self.visited_name:
            self.visited = sets[self.visited_name]

    def _own_sort(self, root: int) -> None:
        """The DFS of engine.autograd.value.topological_order, event for event."""
        children, cols = self.children, self.cols
        visited = bytearray(len(children))
        visited[root] = 1
        cols.add(ENTER, root, -1)
        stack = [(root, iter(children[root]))]
        count = 0
        self.topo_name, self.visited_name = "topo", "visited"
        while stack:
            v, kids = stack[-1]
            for c in kids:
                if visited[c]:
                    cols.add(SKIP, c, v)
                else:
                    cols.add(ENTER, c, v)
                    visited[c] = 1
                    stack.append((c, iter(children[c])))
                    break
            else:
                stack.pop()
                cols.add(APPEND, v, count)
                count += 1


def _pick(found: dict[str, Any], preferred: tuple[str, ...]) -> str:
    for name in preferred:
        if name in found:
            return name
    return next(iter(found), "")
