"""What a saved session takes from the window besides the graph: view, history, File menu."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtWidgets import QGraphicsView, QMainWindow, QMenu

from gui.models.step_session import StepSession


def training_history(window: Any) -> dict[str, tuple[float, ...]]:
    """The window's ``training_history()``, if it has one, as series of floats.

    It may return a mapping of series or an object with ``to_dict()`` (engine.training.history's
    History); None entries (non-finite values in History.to_dict) stand for nan.
    """
    provider = getattr(window, "training_history", None)
    history = provider() if callable(provider) else None
    if history is not None and hasattr(history, "to_dict"):
        history = history.to_dict()
    if not history:
        return {}
    return {
        str(name): tuple(math.nan if v is None else float(v) for v in series)
        for name, series in history.items()
    }


def view_state(window: Any, session: StepSession) -> dict[str, Any]:
    """The selected node, and the graph view's zoom and centre (scene coordinates)."""
    view: dict[str, Any] = {"selected": session.selected}
    graph_view = getattr(window, "graph_view", None)
    if isinstance(graph_view, QGraphicsView):
        centre = graph_view.mapToScene(graph_view.viewport().rect().center())
        view["zoom"] = graph_view.transform().m11()
        view["center"] = (centre.x(), centre.y())
    return view


def apply_view(window: Any, session: StepSession, view: dict[str, Any]) -> None:
    """Restore what ``view_state`` saved; missing or odd entries are skipped."""
    graph_view = getattr(window, "graph_view", None)
    zoom, centre = view.get("zoom"), view.get("center")
    if isinstance(graph_view, QGraphicsView) and isinstance(zoom, float) and zoom > 0:
        graph_view.resetTransform()
        graph_view.scale(zoom, zoom)
        if isinstance(centre, tuple) and len(centre) == 2:
            graph_view.centerOn(*centre)
    selected = view.get("selected")
    if type(selected) is int and hasattr(session, "select"):
        session.select(selected)


def file_menu_of(window: QMainWindow) -> QMenu:
    """The window's File menu (made if it has none)."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == "File":
            return menu
    return window.menuBar().addMenu("&File")
