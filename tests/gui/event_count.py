"""A counter of one kind of event a widget receives: a test that a change paints or lays out once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class EventCount(QObject):
    """Counts the ``kind`` events ``widget`` receives (Paint, LayoutRequest, UpdateRequest...)."""

    def __init__(self, widget: QWidget, kind: QEvent.Type) -> None:
        super().__init__(widget)
        self.kind = kind
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:
        """Count, never filter."""
        self.count += event.type() == self.kind
        return False
