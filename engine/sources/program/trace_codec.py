"""A recorded pass's Trace as JSON-able data and back, without the user's objects.

Floats JSON cannot hold (nan, inf) are written as the strings "NaN", "Infinity" and
"-Infinity"; a grad that was never computed is null. Source texts are stored once per
trace and referred to by index from the nodes.
"""

from __future__ import annotations

import math
from typing import Any

from engine.autograd.graph import Graph
from engine.trace.events import PHASES, GradWrite
from engine.trace.recorded import RecordedNode, SourceText, UserCode
from engine.trace.trace import Trace

_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class RecordingFormatError(ValueError):
    """A recording file that cannot be read: the message says what is wrong."""


def json_number(x: float | None) -> float | str | None:
    """A float as JSON holds it: nan and inf as strings; None stays None."""
    if x is None or math.isfinite(x):
        return x
    return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")


def _in(x: Any) -> float | None:
    """The float ``json_number`` wrote."""
    if x is None:
        return None
    if isinstance(x, str):
        if x not in _SPECIAL:
            raise RecordingFormatError(f"{x!r} is not a number")
        return _SPECIAL[x]
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise RecordingFormatError(f"{x!r} is not a number")
    return float(x)


def number_from_json(x: Any) -> float:
    """A float ``json_number`` wrote; RecordingFormatError for anything else (null included)."""
    value = _in(x)
    if value is None:
        raise RecordingFormatError("a value that must be a number is null")
    return value


def _floats_out(xs: Any) -> list[Any]:
    xs = list(xs)
    try:
        if all(map(math.isfinite, xs)):
            return xs
    except TypeError:  # a None among them
        pass
    return [json_number(x) for x in xs]


#: Items converted per C call: a reading thread lets the GUI thread take the GIL between two.
PIECE = 8192


def _each(convert: Any, xs: Any) -> list[Any]:
    """``list(map(convert, xs))``, a piece at a time.

    Over a moons trace's 325,000 events one call would hold the GIL for 5-20 ms: a loop
    in C gives it up at no point.
    """
    out: list[Any] = []
    for start in range(0, len(xs), PIECE):
        out.extend(map(convert, xs[start : start + PIECE]))
    return out


def _floats_in(xs: Any) -> list[Any]:
    return [_in(x) for x in xs]


def _required(xs: Any) -> list[float]:
    out = _floats_in(xs)
    if None in out:
        raise RecordingFormatError("a value that must be a number is null")
    return out  # type: ignore[return-value]


class _Sources:
    """Source texts numbered once each, for the nodes to refer to."""

    def __init__(self) -> None:
        self.table: list[dict[str, Any]] = []
        self.index: dict[int, int] = {}

    def ref(self, src: SourceText | None) -> int | None:
        if src is None:
            return None
        key = id(src)
        if key not in self.index:
            self.index[key] = len(self.table)
            self.table.append({"name": src.name, "lines": list(src.lines), "where": src.where})
        return self.index[key]


def _source_in(data: Any) -> SourceText | None:
    if data is None:
        return None
    return SourceText(str(data["name"]), tuple(map(str, data["lines"])), str(data["where"]))


def trace_to_dict(trace: Trace) -> dict[str, Any]:
    """Everything stepping ``trace`` needs, as JSON-able data."""
    g = trace.graph
    sources = _Sources()
    nodes = [_node_out(n, sources) for n in g.nodes]
    code = trace.user_code
    user = None
    if code is not None:
        user = {
            "backward": sources.ref(code.backward),
            "topo": sources.ref(code.topo),
            "topo_list": code.topo_list,
            "visited_set": code.visited_set,
            "call_site": sources.ref(code.call_site),
        }
    return {
        "graph": {
            "labels": list(g.labels),
            "ops": list(g.ops),
            "children": [list(c) for c in g.children],
            "root": g.root,
            "nodes": nodes,
        },
        "sources": sources.table,
        "user_code": user,
        "initial_data": _floats_out(trace.initial_data),
        "initial_grad": _floats_out(trace.initial_grad),
        "params": list(trace.params),
        "lr": json_number(trace.lr),
        "kind": list(trace.kind),
        "node": list(trace.node),
        "arg": list(trace.arg),
        "step_start": list(trace.step_start),
        "step_grad": _floats_out(trace.step_grad),
        "w_child": list(trace.w_child),
        "w_before": _floats_out(trace.w_before),
        "w_after": _floats_out(trace.w_after),
        "stray": {
            str(k): [[w.child, json_number(w.before), json_number(w.after)] for w in ws]
            for k, ws in trace.stray.items()
        },
        "seed": [json_number(trace.seed[0]), json_number(trace.seed[1])],
        "update": [[json_number(b), json_number(a), json_number(g)] for b, a, g in trace.update],
        "ranges": {phase: [r.start, r.stop] for phase, r in trace.ranges.items()},
        "warnings": list(trace.warnings),
    }


def _node_out(node: Any, sources: _Sources) -> dict[str, Any]:
    return {
        "data": json_number(float(node.data)),
        "grad": json_number(float(node.grad)),
        "type": getattr(node, "type_name", type(node).__name__),
        "forward": sources.ref(getattr(node, "forward_code", None)),
        "backward": sources.ref(getattr(node, "backward_code", None)),
    }


def trace_from_dict(data: Any) -> Trace:
    """The Trace ``trace_to_dict`` wrote; RecordingFormatError if the data is malformed."""
    try:
        return _trace_from_dict(data)
    except RecordingFormatError:
        raise
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise RecordingFormatError(f"malformed trace: {exc!r}") from None


def _trace_from_dict(data: dict[str, Any]) -> Trace:
    sources = [_source_in(s) for s in data["sources"]]

    def src(ref: Any) -> SourceText | None:
        return None if ref is None else sources[int(ref)]

    g = data["graph"]
    labels, ops = tuple(_each(str, g["labels"])), tuple(_each(str, g["ops"]))
    nodes = tuple(
        RecordedNode(
            label,
            op,
            _in(n["data"]) or 0.0,
            _in(n["grad"]) or 0.0,
            str(n["type"]),
            src(n["forward"]),
            src(n["backward"]),
        )
        for label, op, n in zip(labels, ops, g["nodes"], strict=True)
    )
    children = tuple(tuple(map(int, c)) for c in g["children"])
    _check_graph(children, int(g["root"]))
    graph = Graph(nodes, children, ops, labels, int(g["root"]))
    user = data.get("user_code")
    code = None
    if user is not None:
        code = UserCode(
            src(user["backward"]),
            src(user["topo"]),
            str(user["topo_list"]),
            str(user["visited_set"]),
            src(user["call_site"]),
        )
    ranges = {str(k): range(int(v[0]), int(v[1])) for k, v in data["ranges"].items()}
    if not set(ranges) <= set(PHASES):
        raise RecordingFormatError(f"unknown phases in {sorted(ranges)}")
    seed = data["seed"]
    trace = Trace(
        graph=graph,
        initial_data=tuple(_required(data["initial_data"])),
        initial_grad=tuple(_floats_in(data["initial_grad"])),
        params=tuple(map(int, data["params"])),
        lr=_in(data["lr"]),
        kind=_each(int, data["kind"]),
        node=_each(int, data["node"]),
        arg=_each(int, data["arg"]),
        step_start=_each(int, data["step_start"]),
        step_grad=_floats_in(data["step_grad"]),
        w_child=_each(int, data["w_child"]),
        w_before=_floats_in(data["w_before"]),
        w_after=_required(data["w_after"]),
        stray={
            int(k): tuple(GradWrite(int(c), _in(b), _in(a) or 0.0) for c, b, a in ws)
            for k, ws in data["stray"].items()
        },
        seed=(_in(seed[0]), _in(seed[1]) or 0.0),
        update=tuple((_in(b) or 0.0, _in(a) or 0.0, _in(g)) for b, a, g in data["update"]),
        ranges=ranges,
        warnings=tuple(map(str, data["warnings"])),
        user_code=code,
    )
    _check_columns(trace)
    return trace


def _check_graph(children: tuple[tuple[int, ...], ...], root: int) -> None:
    n = len(children)
    if not 0 <= root < n:
        raise RecordingFormatError(f"root {root} is not a node of the {n}-node graph")
    for i, kids in enumerate(children):
        if any(not 0 <= c < i for c in kids):
            raise RecordingFormatError(f"node {i} has a child that does not come before it")


def _check_columns(trace: Trace) -> None:
    n, events = len(trace.graph), len(trace.kind)
    if not len(trace.node) == len(trace.arg) == events:
        raise RecordingFormatError("the event columns differ in length")
    if len(trace.initial_data) != n or len(trace.initial_grad) != n:
        raise RecordingFormatError("initial data or grads do not match the graph's nodes")
    if any(not 0 <= v < n for v in trace.node) or any(not 0 <= c < n for c in trace.w_child):
        raise RecordingFormatError("an event names a node that is not in the graph")
    if any(not 0 <= k < 8 for k in trace.kind):
        raise RecordingFormatError("an event has an unknown kind")
    if not len(trace.w_before) == len(trace.w_after) == len(trace.w_child):
        raise RecordingFormatError("the grad write columns differ in length")
    if len(trace.step_start) != len(trace.step_grad) + 1 and trace.step_grad:
        raise RecordingFormatError("step starts do not match the steps")
