"""One ``backward()`` call of the user's program, recorded from its start to its trace.

Lifecycle: created when ``backward()`` is entered (the graph under the root is frozen
into ids, data and grads read); fed the calls of the user's sort and each ``_backward``
while it runs; ``end()`` when it returns; ``finish()`` once the program has gone on to its
next pass (or stopped), so the data its update loop wrote become the pass's UPDATE phase.
"""

from __future__ import annotations

import math
import types
from dataclasses import dataclass
from typing import Any

from engine.autograd.graph import Graph
from engine.autograd.ops import entry, exponent
from engine.explain.diagnoses import diagnose
from engine.sources.program.collector import collector_paused
from engine.sources.program.columns import PassColumns, read_floats
from engine.sources.program.recording import RecordedPass
from engine.sources.program.source_text import call_site_text, code_text, function_text
from engine.sources.program.step_watch import StepWatch
from engine.sources.program.topo_watch import TopoWatch
from engine.trace import event_text as text
from engine.trace.events import BACKWARD, FORWARD, TOPO, UPDATE
from engine.trace.recorded import RecordedNode, SourceText, UserCode
from engine.trace.recorder import CREATE, PUPDATE, SEED, ZERO
from engine.trace.trace import Trace

Update = tuple[float, float, float | None]  # a parameter's data before, after, and its grad


@dataclass(frozen=True)
class EndState:
    """What a finished pass left behind, for the next pass to compare against."""

    index: int
    ids: dict[int, int]
    nodes: tuple[Any, ...]
    grads: list[float]

    def grad_left(self, obj: Any) -> float | None:
        """The grad this pass left on ``obj``, or None if ``obj`` was not one of its nodes."""
        i = self.ids.get(id(obj))
        return None if i is None or self.nodes[i] is not obj else self.grads[i]


class PassRecorder:
    """The events of one pass as they happen, and the live nodes they are about."""

    def __init__(self, index: int, graph: Graph, frame: types.FrameType, previous: Any):
        self.index = index
        self.graph = graph
        self.frame = frame
        nodes = graph.nodes
        self.ids = {id(o): i for i, o in enumerate(nodes)}
        n = len(nodes)
        self.initial_data = tuple(read_floats(nodes, "data"))
        grads = read_floats(nodes, "grad")
        self.shadow: list[float | None] = [None if g == 0.0 else g for g in grads]
        self.zeroed_between: list[int] = []
        self.left_by: dict[int, int] = {}
        if previous is not None:
            self._compare_with(previous, grads)
        self.initial_grad = tuple(self.shadow)
        self.cols = PassColumns([CREATE] * n, list(range(n)), [0] * n)
        self.ranges = {FORWARD: range(n)}
        self.seed: tuple[float | None, float] = (self.shadow[graph.root], grads[graph.root])
        self.topo = TopoWatch(self.cols, self.ids, nodes, graph.children)
        self.steps = StepWatch(self.cols, graph, self.shadow, self._end_topo)
        self.steps.install()
        self.error = ""
        self.end_grads: list[float] = []
        self.end_data: list[float] = []
        self.user_code = UserCode(code_text(frame.f_code), call_site=call_site_text(frame.f_back))

    def _compare_with(self, previous: EndState, grads: list[float]) -> None:
        """Nodes kept from the previous pass: zeroed since (ZeroGrad) or left as they were."""
        for i, obj in enumerate(self.graph.nodes):
            left = previous.grad_left(obj)
            if left is None or left == 0.0:
                continue
            if grads[i] == 0.0:
                self.shadow[i] = left
                self.zeroed_between.append(i)
            elif grads[i] == left:
                self.left_by[i] = previous.index

    # --------------------------------------------------------------------- while running

    def method_step(self, frame: types.FrameType, node: int) -> Any:
        """A ``_backward`` method on a class with no instance attribute to wrap."""
        self.steps.before(node, frame.f_code)
        frame.f_trace_lines = False

        def on_event(_frame: types.FrameType, event: str, _arg: Any) -> Any:
            if event == "return":
                self.steps.after(node)
            return on_event

        return on_event

    def _end_topo(self) -> None:
        """The first ``_backward`` is about to run: the zeroing and seeding done before it."""
        with collector_paused():
            self._zeroing_and_seeding()

    def _zeroing_and_seeding(self) -> None:
        self.topo.flush()
        cols, shadow, root = self.cols, self.shadow, self.graph.root
        self.ranges[TOPO] = range(self.ranges[FORWARD].stop, len(cols))
        start = len(cols)
        for j, i in enumerate(self.zeroed_between):
            cols.add(ZERO, i, j)
            shadow[i] = 0.0
        grads = read_floats(self.graph.nodes, "grad")
        for i, g in enumerate(grads):
            was = shadow[i]
            if g == was or (g == 0.0 and was is None) or i == root:
                continue
            if g == 0.0 and i not in self.zeroed_between:
                cols.add(ZERO, i, len(self.zeroed_between))
            else:
                cols.warnings.append(  # names only here: a 66,000-node graph takes 0.1 s
                    f"{self.graph.names[i]}.grad was set to {text.fmt(g)} before the first "
                    "_backward ran, outside any _backward"
                )
            shadow[i] = g
        g = grads[root]
        if g != (shadow[root] or 0.0):
            self.seed = (shadow[root], g)
            cols.add(SEED, root, 0)
            shadow[root] = g
        self.ranges[BACKWARD] = range(start, start)

    def end(self, error: str = "") -> None:
        """``backward()`` returned (or raised ``error``): put the functions back, check grads."""
        self.steps.uninstall()
        if not self.steps.started:
            self._end_topo()
        self.error = error
        cols = self.cols
        self.ranges[BACKWARD] = range(self.ranges[BACKWARD].start, len(cols))
        nodes = self.graph.nodes
        self.end_grads = read_floats(nodes, "grad")
        self.end_data = read_floats(nodes, "data")
        for i, (got, want) in enumerate(zip(self.end_grads, self.shadow, strict=True)):
            if got == want or (want is None and got == 0.0):
                continue  # nearly every node: no call made
            if not text.close(got, 0.0 if want is None else want):
                cols.warnings.append(
                    f"{self.graph.names[i]}.grad ended as {text.fmt(got)}, not "
                    f"{text.fmt(want)}: written outside the _backward of any node that uses it"
                )

    def end_state(self) -> EndState:
        """What this pass left, for the next one."""
        return EndState(self.index, self.ids, self.graph.nodes, self.end_grads)

    # ----------------------------------------------------------------------- finishing

    def finish(self) -> RecordedPass:
        """Read the data the program wrote since ``end()``; build the trace; diagnose it."""
        updates, params, lr = self._updates()
        trace = Trace(
            graph=self._recorded_graph(),
            initial_data=self.initial_data,
            initial_grad=self.initial_grad,
            params=params,
            lr=lr,
            kind=self.cols.kind,
            node=self.cols.node,
            arg=self.cols.arg,
            step_start=self.cols.step_start,
            step_grad=self.cols.step_grad,
            w_child=self.cols.w_child,
            w_before=self.cols.w_before,
            w_after=self.cols.w_after,
            stray=self.cols.stray,
            seed=self.seed,
            update=updates,
            ranges=self.ranges,
            warnings=tuple(self.cols.warnings),
            user_code=UserCode(
                self.user_code.backward,
                self.topo.source,
                self.topo.topo_name,
                self.topo.visited_name,
                self.user_code.call_site,
            ),
        )
        root = self.graph.root
        return RecordedPass(
            index=self.index,
            root=trace.names[root],
            loss=self.initial_data[root],
            nodes=len(self.graph),
            problems=diagnose(trace, self.left_by),
            trace=trace,
        )

    def _updates(self) -> tuple[tuple[Update, ...], tuple[int, ...], float | None]:
        """The data writes since ``end()`` as ParamUpdate events, with the lr they imply."""
        cols, nodes = self.cols, self.graph.nodes
        start = len(cols)
        updates: list[Update] = []
        params: list[int] = []
        for i, obj in enumerate(nodes):
            before, after = self.end_data[i], float(obj.data)
            if after != before and not (math.isnan(after) and math.isnan(before)):
                cols.add(PUPDATE, i, len(updates))
                updates.append((before, after, self.end_grads[i]))
                params.append(i)
        if updates:
            self.ranges[UPDATE] = range(start, len(cols))
        return tuple(updates), tuple(params), _implied_lr(updates)

    def _recorded_graph(self) -> Graph:
        """The graph with placeholder nodes: what the recording keeps of the user's objects."""
        g, functions = self.graph, self.steps.functions
        forward: dict[tuple[type, str], SourceText | None] = {}
        nodes = []
        for i, obj in enumerate(g.nodes):
            key = (type(obj), g.ops[i])
            if key not in forward:
                forward[key] = forward_text(*key)
            fn = functions.get(i)
            back = code_text(fn) if isinstance(fn, types.CodeType) else function_text(fn)
            nodes.append(
                RecordedNode(
                    g.labels[i],
                    g.ops[i],
                    self.initial_data[i],
                    self.end_grads[i],
                    type(obj).__name__,
                    forward[key],
                    None if fn is None else back,
                )
            )
        return Graph(tuple(nodes), g.children, g.ops, g.labels, g.root)


def forward_text(cls: type, op: str) -> SourceText | None:
    """The source of the method of ``cls`` that makes a node with ``op``."""
    if not op:
        method = getattr(cls, "__init__", None)
    elif exponent(op) is not None or op.startswith("**"):
        method = getattr(cls, "__pow__", None)
    else:
        known = entry(op)  # the op table names the method; an unknown op may be one's name
        method = getattr(cls, op if known is None else known.method, None)
    return None if method is None else function_text(method)


def _implied_lr(updates: list[Update]) -> float | None:
    """The one lr of ``p.data += -lr * p.grad`` that explains every update, if there is one."""
    rates = [(b - a) / g for b, a, g in updates if g]
    if not rates or any(not math.isfinite(r) for r in rates):
        return None
    lr = rates[0]
    return lr if all(abs(r - lr) <= 1e-6 * max(1.0, abs(lr)) for r in rates) else None
