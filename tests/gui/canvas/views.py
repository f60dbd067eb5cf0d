"""A GraphView shown at the canvas tests' size, and what its viewport shows as pixels."""

import numpy as np
from PySide6.QtGui import QImage

from engine.sources.built import BuiltGraph
from gui.canvas.graph_view import GraphView
from gui.models.step_session import StepSession


def shown_view(qtbot, built: BuiltGraph, *, look_ahead: bool) -> tuple[StepSession, GraphView]:
    """``built`` loaded in a shown 1000x600 view, its idle-time look-ahead on or off."""
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    view.look_ahead.enabled = look_ahead
    session.load(built)
    return session, view


def viewport_pixels(view: GraphView) -> np.ndarray:
    """The viewport's pixels as a height x width x RGB array."""
    image = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return data[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[..., :3].copy()
