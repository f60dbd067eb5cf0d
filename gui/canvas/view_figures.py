"""What the canvas shows, measured on screen: the figures ``--export-json`` adds to a screenshot.

The tests assert readability through these same functions, so what they check is what a
scripted export reports.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

from engine.drawing.layout import RECORD
from engine.trace.events import BackwardStep
from gui.canvas.graph_view import GraphView


def _on_screen(view: GraphView, rect: QRectF) -> QRectF:
    """A scene rect in viewport pixels."""
    return view.mapFromScene(rect).boundingRect().toRectF()


def visible_values(view: GraphView) -> list[int]:
    """Ids of the values whose own record box lies wholly inside the graph view."""
    lay = view.drawn
    if lay is None:
        return []
    area = QRectF(view.viewport().rect())
    shown = []
    for item in view.nodes:
        if item.kind != RECORD:
            continue
        box = item.mapRectToScene(item.box())
        if area.contains(_on_screen(view, box)):
            shown.append(item.value)
    return sorted(shown)


def node_centres(view: GraphView) -> dict[int, tuple[float, float]]:
    """Per value: the centre of the box that draws it (its record or its group), in view pixels.

    Values that are not drawn (hidden by a focus) are left out.
    """
    lay = view.drawn
    if lay is None:
        return {}
    centres = {}
    for v, d in enumerate(lay.record_of.tolist()):
        if d >= 0:
            p = view.mapFromScene(view.nodes[d].scenePos())
            centres[v] = (float(p.x()), float(p.y()))
    return centres


def event_ids(view: GraphView) -> tuple[int | None, list[int]]:
    """The current event's node (None before the first step) and the grads it writes."""
    timeline = view.session.timeline
    event = None if timeline is None else timeline.current
    if event is None:
        return None, []
    writes = list(event.changed) if isinstance(event, BackwardStep) else []
    return event.node, writes


def view_figures(view: GraphView) -> dict:
    """The export contract's figures: view size, node text size, what is visible, the event."""
    vp = view.viewport().rect()
    node, writes = event_ids(view)
    return {
        "view": {
            "size": [vp.width(), vp.height()],
            "text_px": round(view.text_px(), 2),
            "visible": visible_values(view),
        },
        "event_node": node,
        "event_writes": writes,
        "centres": {v: (round(x, 1), round(y, 1)) for v, (x, y) in node_centres(view).items()},
    }
