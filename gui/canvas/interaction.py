"""Mouse, keyboard and gesture handling of the graph canvas: zoom, select, find, group menus."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QMenu

from engine.drawing.layout import GROUP
from gui.canvas.items import NodeItem


class GraphInput:
    """Mouse, wheel, gesture and key handlers mixed into GraphView, in front of QGraphicsView's.

    Contract with its host, a QGraphicsView that provides: ``session``, ``drawn`` (the
    DrawnLayout or None), ``nodes`` (NodeItem per drawn node), ``_press`` (where a
    click started), ``zoom_by`` (GraphFraming), ``groups``, ``collapsed``, ``expand``,
    ``collapse``, ``focus_on``, ``single_sample`` and ``set_collapsed`` (GraphGroups), and
    ``find_bar`` and ``show_find`` (GraphOverlays). Selection goes through the session.
    """

    def wheelEvent(self, event) -> None:
        """Zoom around the mouse."""
        self.zoom_by(1.0015 ** event.angleDelta().y())

    def viewportEvent(self, event) -> bool:
        """Pinch-zoom on touchpads and touch screens."""
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                self.zoom_by(pinch.scaleFactor())
                return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event) -> None:
        """Remember where a click started (a drag pans, a click selects)."""
        self._press = event.position().toPoint()
        if event.button() == Qt.MouseButton.RightButton:
            self._context_menu(event.position().toPoint())
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        """Select the node under a click (not a drag)."""
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if self._press is not None and (pos - self._press).manhattanLength() < 5:
            node = self._node_at(pos)
            self.session.select(node.value if node is not None else -1)
        self._press = None

    def mouseDoubleClickEvent(self, event) -> None:
        """Double-click a group to expand it."""
        node = self._node_at(event.position().toPoint())
        if node is not None and node.kind == GROUP:
            self.expand(int(self.drawn.ref[node.d]))

    def _node_at(self, pos: QPoint) -> NodeItem | None:
        """The shown node under a viewport point, from the layout (works in the overview too)."""
        lay = self.drawn
        if lay is None:
            return None
        p = self.mapToScene(pos)
        hit = (np.abs(lay.x - p.x()) <= lay.width / 2) & (np.abs(lay.y - p.y()) <= lay.height / 2)
        found = np.flatnonzero(hit)
        return self.nodes[int(found[0])] if len(found) else None

    def _context_menu(self, pos: QPoint) -> None:
        """Expand/collapse groups, focus on a node's ancestors/descendants, single sample."""
        menu, node = QMenu(self), self._node_at(pos)
        if node is not None and node.kind == GROUP:
            g = int(self.drawn.ref[node.d])
            menu.addAction(f"Expand {self.groups[g].name}", lambda: self.expand(g))
        if node is not None:
            v = node.value
            for g, group in enumerate(self.groups):
                if g not in self.collapsed and v in group.members and len(group.members) > 1:
                    menu.addAction(f"Collapse {group.name}", lambda g=g: self.collapse(g))
            menu.addAction("Focus on ancestors", lambda: self.focus_on(v, "ancestors"))
            menu.addAction("Focus on descendants", lambda: self.focus_on(v, "descendants"))
        menu.addAction("Show all nodes", lambda: self.focus_on(-1, "all"))
        if any(g.kind == "sample" for g in self.groups):
            menu.addAction("Single sample (sample 0)", lambda: self.single_sample(0))
        menu.addAction("Expand all groups", lambda: self.set_collapsed(set()))
        menu.popup(self.viewport().mapToGlobal(pos))

    def keyPressEvent(self, event) -> None:
        """Ctrl +/- zoom, Ctrl+F finds, Escape closes the find bar; other keys go on."""
        key, ctrl = event.key(), event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if key == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.find_bar.hide()
            self.setFocus()
        elif ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif ctrl and key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif ctrl and key == Qt.Key.Key_F:
            self.show_find()
        else:
            super().keyPressEvent(event)
