"""Which engine source is executing at a timeline position, and which of its lines (Qt-free)."""

from __future__ import annotations

import inspect
import linecache
import os
import re
import textwrap
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from engine.autograd.frozen_record import FrozenRecord
from engine.autograd.op_text import ref
from engine.autograd.ops import entry
from engine.autograd.value import Value
from engine.trace import trace as tr
from engine.trace.recorded import RecordedNode, SourceText
from engine.trace.timeline import Timeline

# The project folder (above engine/), for short paths to our own sources.
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The algorithm the topological-sort events follow, as the seed article writes it; the engine
# runs an iterative equivalent (recursion fails past about 1,000 levels).
BUILD_TOPO = """\
topo = []
visited = set()
def build_topo(v):
    if v not in visited:
        visited.add(v)
        for child in v._prev:
            build_topo(child)
        topo.append(v)
build_topo(root)"""

TRAINING_STEP = """\
for p in params:
    p.grad = 0.0
loss.backward()
for p in params:
    p.data += -lr * p.grad"""

_GRAD_WRITE = re.compile(r"\.grad\s*[-+*/]?=")
_SEED = re.compile(r"\.grad\s*=\s*1")


class CodeView(FrozenRecord):
    """Source lines to show, which of them are executing, and where they come from."""

    title: str
    lines: tuple[str, ...]
    highlight: tuple[int, ...] = ()
    where: str = ""


# Where inspect.findsource looks back from a code object's first line for its definition
_DEFINITION = re.compile(r"^(\s*def\s)|(\s*async\s+def\s)|(.*(?<!\w)lambda(:|\s))|^(\s*@)")


def _source_lines(code: Any) -> tuple[list[str], int]:
    """``inspect.getsourcelines(code)`` for source that linecache has (a file, an exec'd text).

    inspect asks ``getmodule`` for the module's globals first, and it walks every loaded
    module: 17 ms a call in the app, a stall the first time each op's ``_backward`` shows.
    """
    linecache.checkcache(code.co_filename)  # a file edited since: read it again, as inspect
    lines = linecache.getlines(code.co_filename)
    first = code.co_firstlineno - 1
    if not lines or not 0 <= first < len(lines):
        return inspect.getsourcelines(code)  # inspect knows more places to look
    while first > 0 and not _DEFINITION.match(lines[first]):
        first -= 1
    return inspect.getblock(lines[first:]), first + 1


@lru_cache(maxsize=512)
def _source_of(code: Any) -> tuple[tuple[str, ...], str]:
    """Dedented source lines of a function's code object and ``file:line``."""
    lines, start = _source_lines(code)
    text = textwrap.dedent("".join(lines)).rstrip("\n")
    path = os.path.abspath(code.co_filename)
    if path.startswith(_ROOT + os.sep):  # our engine: a short path relative to the project
        path = os.path.relpath(path, _ROOT)
    return tuple(text.split("\n")), f"{path}:{start}"


def function_source(fn: Callable[..., Any]) -> tuple[tuple[str, ...], str]:
    """The source of a function (closures included); OSError/TypeError if there is none."""
    fn = inspect.unwrap(getattr(fn, "__func__", fn))
    return _source_of(fn.__code__)


def _matching(lines: tuple[str, ...], pattern: re.Pattern[str]) -> tuple[int, ...]:
    return tuple(i for i, line in enumerate(lines) if pattern.search(line))


def _first(lines: tuple[str, ...], needle: str) -> tuple[int, ...]:
    return tuple(i for i, line in enumerate(lines) if needle in line)[:1]


def _from_function(title: str, fn: Any, pattern: re.Pattern[str] | None, needle: str) -> CodeView:
    try:
        lines, where = function_source(fn)
    except (OSError, TypeError, AttributeError) as exc:
        return CodeView(title, (f"# source not available: {exc}",))
    marks = _matching(lines, pattern) if pattern else _first(lines, needle)
    if not marks and len(lines) == 1:  # a one-line lambda is the line that runs
        marks = (0,)
    return CodeView(title, lines, marks, where)


def _recorded(
    title: str, src: SourceText | None, pattern: re.Pattern[str] | None, needle: str
) -> CodeView:
    """A view of source text kept in a recording (the user's code need not exist here)."""
    if src is None:
        return CodeView(title, ("# the source was not available when this was recorded",))
    marks = _matching(src.lines, pattern) if pattern else _first(src.lines, needle)
    if not marks and len(src.lines) == 1:
        marks = (0,)
    return CodeView(title, src.lines, marks, src.where)


def _snippet(title: str, text: str, needle: str) -> CodeView:
    lines = tuple(text.split("\n"))
    return CodeView(title, lines, _first(lines, needle))


def _method_for_op(node: Any, op: str) -> Any:
    known = entry(op)  # the op table names the method; an unknown op may be a method's name
    return getattr(type(node), op if known is None else known.method, None)


def _forward_view(timeline: Timeline, node_id: int) -> CodeView:
    node = timeline.graph.nodes[node_id]
    op = timeline.graph.ops[node_id]
    if isinstance(node, RecordedNode):
        what = "a leaf is created" if not op else "forward"
        return _recorded(f"{node.type_name} · {what}", node.forward_code, None, "out =")
    cls = type(node).__name__
    if not op:
        return _from_function(
            f"{cls}.__init__ · a leaf is created", type(node).__init__, None, "self.data"
        )
    method = _method_for_op(node, op)
    if method is None:
        return CodeView(f"{cls} · op {op!r}", (f"# no method of {cls} found for op {op!r}",))
    return _from_function(f"{cls}.{method.__name__} · forward", method, None, "out =")


def _backward_view(timeline: Timeline, node_id: int) -> CodeView:
    node = timeline.graph.nodes[node_id]
    cls = type(node).__name__
    name = timeline.trace.names[node_id]
    if isinstance(node, RecordedNode):
        title = f"{name}._backward ({node.type_name})"
        return _recorded(title, node.backward_code, _GRAD_WRITE, "")
    if isinstance(node, Value):
        if node._grad_fn is None:
            return _from_function(
                f"{name} is a leaf: {cls}._backward does nothing",
                Value._backward,
                None,
                "if self._grad_fn",
            )
        op = timeline.graph.ops[node_id]
        title = f"{ref(name)}._backward()  [{op}]"
        return _from_function(title, node._grad_fn, _GRAD_WRITE, "")
    return _from_function(f"{ref(name)}._backward ({cls})", node._backward, _GRAD_WRITE, "")


def _seed_view(timeline: Timeline, node_id: int) -> CodeView:
    node = timeline.graph.nodes[node_id]
    user = timeline.trace.user_code
    if user is not None:
        return _recorded("backward() · seed", user.backward, _SEED, "")
    backward = getattr(type(node), "backward", None)
    if backward is None:
        return _snippet("root.grad = 1.0", "root.grad = 1.0", "grad")
    return _from_function(f"{type(node).__name__}.backward · seed", backward, _SEED, "")


_TOPO_LINES = {
    tr.TopoEnter: "visited.add(v)",
    tr.TopoSkip: "if v not in visited",
    tr.TopoAppend: "topo.append(v)",
}


def _topo_view(timeline: Timeline, event: tr.Event) -> CodeView:
    user = timeline.trace.user_code
    if user is not None and user.topo is not None:
        needle = _TOPO_LINES[type(event)]
        if isinstance(event, tr.TopoEnter) and user.visited_set:
            needle = f"{user.visited_set}.add"
        elif isinstance(event, tr.TopoAppend) and user.topo_list:
            needle = f"{user.topo_list}.append"
        return _recorded("your topological sort", user.topo, None, needle)
    return _snippet("build_topo · topological sort", BUILD_TOPO, _TOPO_LINES[type(event)])


_VIEWS: dict[type, Callable[[Timeline, Any], CodeView]] = {
    tr.Create: lambda t, e: _forward_view(t, e.node),
    tr.TopoEnter: _topo_view,
    tr.TopoSkip: _topo_view,
    tr.TopoAppend: _topo_view,
    tr.SeedGrad: lambda t, e: _seed_view(t, e.node),
    tr.BackwardStep: lambda t, e: _backward_view(t, e.node),
    tr.ZeroGrad: lambda t, _e: _loop_view(t, "zero the gradients", "p.grad = 0.0", ".grad = 0"),
    tr.ParamUpdate: lambda t, _e: _loop_view(t, "gradient descent update", "p.data +=", ".data"),
}


def _loop_view(timeline: Timeline, title: str, ours: str, theirs: str) -> CodeView:
    """The user's code around their ``backward()`` call for a recorded pass, else ours."""
    user = timeline.trace.user_code
    if user is not None and user.call_site is not None:
        return _recorded(f"your code around backward() · {title}", user.call_site, None, theirs)
    return _snippet(title, TRAINING_STEP, ours)


def code_view(timeline: Timeline) -> CodeView:
    """The source and executing lines for the timeline's current event."""
    event = timeline.current
    if event is None:
        return CodeView("Before the forward pass", ("# Step forward (→) to build the graph",))
    view = _VIEWS.get(type(event))
    return view(timeline, event) if view else CodeView(type(event).__name__, (event.text,))


def _names(names: Sequence[str], ids: list[int], limit: int) -> str:
    shown = [names[i] for i in ids[-limit:]] if limit else []
    prefix = f"… {len(ids) - limit:,} more" if len(ids) > limit else ""
    return ", ".join([prefix, *shown] if prefix else shown)


def _fitted(
    brackets: str, names: Sequence[str], ids: list[int], limit: int, fits: Callable[[str], bool]
) -> str:
    """The line with the newest entries that fit: older ones fold into "… N more"."""
    head, tail = brackets.split("|")
    for n in range(min(limit, len(ids)), 0, -1):
        line = f"{head}{_names(names, ids, n)}{tail}"
        if fits(line):
            return line
    return f"{head}{_names(names, ids, 0)}{tail}"


def dfs_state(
    timeline: Timeline, limit: int = 24, fits: Callable[[str], bool] = lambda _line: True
) -> tuple[str, str, str]:
    """The DFS stack, the visited set and the topo list, as three lines that ``fits`` takes."""
    names = timeline.trace.names
    visited = [i for i in range(len(timeline.graph)) if timeline.visited[i]]
    return (
        _fitted("stack:   [|]", names, list(timeline.dfs_stack), limit, fits),
        _fitted("visited: {|}", names, visited, limit, fits),
        _fitted("topo:    [|]", names, list(timeline.topo), limit, fits),
    )
