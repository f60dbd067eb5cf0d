"""How big the drawn nodes are and how far apart they stand: what the layout is given.

The canvas measures its text and passes exact sizes; without it (engine tests, scripts)
``estimated_sizes`` guesses them from text lengths, as the one-line records of draw_dot.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.autograd.frozen_record import FrozenRecord
from engine.autograd.graph import Graph
from engine.trace.trace import Trace

ROW = 60.0  # estimated: vertical pitch between rows (room for the badge and "+=")
GAP = 40.0  # estimated: horizontal gap between layer columns
SMALL_GRAPH = 3000  # values; above this every record is sized for the longest number


class NodeSizes(FrozenRecord):
    """Per value, its record's and op node's width; shared heights, row pitch and gap."""

    record_width: Sequence[float]
    op_width: Sequence[float]
    record_height: float = 32.0
    op_height: float = 32.0
    group_width: float = 250.0  # "sample 17 (652 nodes)" and "data … · grad …"
    group_height: float = 40.0
    row: float = ROW
    gap: float = GAP


def estimated_sizes(graph: Graph) -> NodeSizes:
    """Sizes guessed from text lengths: a one-line ``label | data | grad`` record at 9 pt."""
    names, ops = graph.names, graph.ops
    record = [180.0 + min(max(7.0 * len(name) + 16.0, 36.0), 150.0) for name in names]
    op = [max(34.0, 8.0 * len(o) + 14.0) for o in ops]
    return NodeSizes(record, op)


def fmt4(x: float | None) -> str:
    """A number with 4 significant digits; "—" for a grad not computed yet."""
    if x is None:
        return "—"
    return f"{x:.4g}"


WIDEST_NUMBER = fmt4(-1.234e-05)  # the longest text fmt4 gives a finite number


def writes_text(terms: Sequence[float]) -> str:
    """The contributions one backward step adds to a grad: ``+= 1  += 1`` for ``a + a``."""
    return "  ".join(f"+= {fmt4(t)}" for t in terms)


def widest_texts(trace: Trace) -> tuple[list[str], list[str], list[str]]:
    """Per value, the longest data text, grad text and ``+=`` line it shows at any step.

    Every number a node can show is in the trace (initial values, zeroing, seed, writes,
    updates), so a record sized for these never clips. Past SMALL_GRAPH values every node
    gets WIDEST_NUMBER: walking every write of a huge trace costs more than it saves.
    """
    n = len(trace.graph)
    if n > SMALL_GRAPH:
        widest = [WIDEST_NUMBER] * n
        return widest, widest, [writes_text([-1.234e-05])] * n
    data = [fmt4(x) for x in trace.initial_data]
    grad = [fmt4(g) for g in trace.initial_grad]

    def widen(texts: list[str], v: int, x: float | None) -> None:
        t = fmt4(x)
        if len(t) > len(texts[v]):
            texts[v] = t

    for p, (_, after, _) in zip(trace.params, trace.update, strict=False):
        widen(data, p, after)
    for p in trace.params:
        widen(grad, p, 0.0)
    widen(grad, trace.graph.root, trace.seed[1])
    for child, before, after in zip(trace.w_child, trace.w_before, trace.w_after, strict=True):
        widen(grad, child, before)
        widen(grad, child, after)
    for writes in trace.stray.values():
        for w in writes:
            widen(grad, w.child, w.after)
    return data, grad, _widest_writes(trace)


def _widest_writes(trace: Trace) -> list[str]:
    """Per value, the longest ``+=`` line a backward step shows under it (the canvas's terms)."""
    lines = [""] * len(trace.graph)
    wc, wb, wa = trace.w_child, trace.w_before, trace.w_after
    for k in range(len(trace.step_start) - 1):
        terms: dict[int, list[float]] = {}
        for j in range(trace.step_start[k], trace.step_start[k + 1]):
            before = 0.0 if wb[j] is None else wb[j]
            terms.setdefault(wc[j], []).append(wa[j] - before)
        for child, ts in terms.items():
            text = writes_text(ts)
            if len(text) > len(lines[child]):
                lines[child] = text
    return lines
