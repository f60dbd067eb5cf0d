"""What a saved session keeps besides the graph: the training history and the canvas view."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGraphicsView

from gui.models.step_session import StepSession

if TYPE_CHECKING:  # a run's history: loaded with the trainer, not with the window
    from engine.training.history import History


def history_series(history: History | None) -> dict[str, tuple[float, ...]]:
    """A run's per-step series as a session saves them (nan where History.to_dict has None)."""
    if history is None or not len(history):
        return {}
    return {
        name: tuple(math.nan if v is None else float(v) for v in series)
        for name, series in history.to_dict().items()
    }


def view_state(graph_view: QGraphicsView, session: StepSession) -> dict[str, Any]:
    """The selected node, and the graph view's zoom and centre (scene coordinates)."""
    centre = graph_view.mapToScene(graph_view.viewport().rect().center())
    return {
        "selected": session.selected,
        "zoom": graph_view.transform().m11(),
        "center": (centre.x(), centre.y()),
    }


def apply_view(graph_view: QGraphicsView, session: StepSession, view: dict[str, Any]) -> None:
    """Restore what ``view_state`` saved; missing or odd entries are skipped."""
    zoom, centre = view.get("zoom"), view.get("center")
    if isinstance(zoom, float) and zoom > 0:
        graph_view.resetTransform()
        graph_view.scale(zoom, zoom)
        if isinstance(centre, tuple) and len(centre) == 2:
            graph_view.centerOn(*centre)
    selected = view.get("selected")
    if type(selected) is int:
        session.select(selected)
