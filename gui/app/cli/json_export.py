"""``--export-json``: the graph at a position, with what the screenshot shows, as JSON.

Qt-free, like the whole gui.app.cli room: it runs where PySide6 cannot be imported.
"""

from __future__ import annotations

import json
import math

from engine.trace.timeline import Timeline
from engine.trace.trace import Trace
from gui.app.cli.opening import goto_position
from gui.app.cli.options import CliError, Options


def _number(x: float | None) -> float | str | None:
    """JSON-safe number: nan and inf become strings, None stays null."""
    if x is None or math.isfinite(x):
        return x
    return str(x)


def export_dict(timeline: Timeline, title: str) -> dict:
    """The graph at the timeline's position: nodes, edges and the current event's text."""
    g = timeline.graph
    names = g.names
    nodes = [
        {
            "id": i,
            "label": names[i],
            "op": g.ops[i],
            "data": _number(timeline.data[i]) if timeline.created[i] else None,
            "grad": _number(timeline.grad[i]),
        }
        for i in range(len(g))
    ]
    current = timeline.current
    return {
        "title": title,
        "position": timeline.position,
        "length": len(timeline),
        "phase": timeline.phase if timeline.position else "start",
        "event": None if current is None else current.text,
        "root": g.root,
        "nodes": nodes,
        "edges": [list(e) for e in g.edges()],
    }


def add_view(data: dict, figures: dict | None) -> dict:
    """``data`` with what the screenshot shows, measured by gui.canvas.view_figures.

    Adds "view" (size, text_px, visible), "event_node", "event_writes", and each node's
    drawn centre "x", "y" in view pixels (null when it is not drawn).
    """
    if figures is None:
        return data
    centres = figures["centres"]
    for node in data["nodes"]:
        node["x"], node["y"] = centres.get(node["id"], (None, None))
    return data | {k: figures[k] for k in ("view", "event_node", "event_writes")}


def write_json(
    timeline: Timeline,
    title: str,
    path: str,
    extra: dict | None = None,
    figures: dict | None = None,
) -> None:
    """Write ``export_dict`` (plus ``extra``, and ``figures`` by ``add_view``) to ``path``.

    CliError if it cannot be written.
    """
    data = add_view(export_dict(timeline, title) | (extra or {}), figures)
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
    except OSError as exc:
        raise CliError(f"--export-json: cannot write {path!r}: {exc.strerror or exc}") from exc


def write_trace_json(trace: Trace, title: str, start: int, opts: Options, extra: dict) -> None:
    """``--export-json`` of ``trace`` at ``--goto`` (else ``start``), plus ``extra`` entries."""
    timeline = Timeline(trace)
    timeline.seek(goto_position(timeline, opts.goto, start))
    write_json(timeline, title, opts.export_json, extra)
