"""Pictures of node looks in device pixels, shared by every node that looks the same.

A far follow jump on the presented 4,824-node graph paints 30-70 nodes for the first time,
0.2-0.3 ms each (text layout, elided labels, antialiased borders), into Qt's per-item
cache, which is per viewport and cannot be made ahead. A node's pixels depend only on its
``Look`` (gui.canvas.node_paint), the zoom and where within a device pixel it falls, and
a view's items keep their place within a pixel while it scrolls by whole pixels: a
picture made once serves every node of that look there (op nodes repeat by the hundred),
and pictures for the views the follow will pan to are made while the window is idle.
"""

from __future__ import annotations

import math
from collections import OrderedDict

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap, QTransform

from gui.canvas.node_design import NodeDesign
from gui.canvas.node_paint import Look, draw_look

PICTURES_MB = 64  # at most this many MB of pictures (~3 presented views of nodes), oldest dropped


class NodePictures:
    """A bounded cache of node pictures keyed by look, zoom and place within a pixel.

    Pictures stand in for a node's paint only into Qt's item cache (a transparent pixmap
    at one device pixel per pixel): there a picture drawn over it is the same pixels as the
    node's paint. Anywhere else (an export, a high-dpi screen, a rotated view) nodes paint.
    """

    def __init__(self, budget_mb: float = PICTURES_MB) -> None:
        self.budget = int(budget_mb * 2**20)
        self._pictures: OrderedDict[tuple, QImage] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = self.made = 0  # paints served, paints that made one, made ahead

    def __len__(self) -> int:
        return len(self._pictures)

    def clear(self) -> None:
        """Forget every picture."""
        self._pictures.clear()
        self._bytes = 0

    def size_bytes(self) -> int:
        """The bytes the pictures hold (at most the budget)."""
        return self._bytes

    def paint(self, painter: QPainter, bounds: QRectF, look: Look, design: NodeDesign) -> bool:
        """Draw ``look``'s picture (made now if missing) for an item of ``bounds``.

        Returns False where a picture would not be the same pixels: the caller paints.
        """
        device = painter.device()
        if not isinstance(device, QPixmap) or device.devicePixelRatioF() != 1.0:
            return False
        world = painter.worldTransform()
        place = _place(world, bounds, look, int(painter.renderHints().value))
        if place is None:
            return False
        key, x, y = place
        image = self._pictures.get(key)
        if image is None:
            self.misses += 1
            image = self._make(key, _at(world, x, y), painter.renderHints(), design)
        else:
            self.hits += 1
            self._pictures.move_to_end(key)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.drawImage(x, y, image)  # over Qt's transparent cache: the same pixels
        painter.restore()
        return True

    def prepare(
        self, world: QTransform, hints: QPainter.RenderHint, bounds: QRectF, look: Look, design
    ) -> bool:
        """Make ``look``'s picture for an item of ``bounds`` under ``world`` (False: it exists)."""
        place = _place(world, bounds, look, int(hints.value))
        if place is None or place[0] in self._pictures:
            return False
        self._make(place[0], _at(world, place[1], place[2]), hints, design)
        self.made += 1
        return True

    def _make(self, key: tuple, transform: QTransform, hints, design: NodeDesign) -> QImage:
        """Paint ``key``'s look into a new picture of its size under ``transform``; keep it."""
        width, height = key[-2], key[-1]
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHints(painter.renderHints(), False)
        painter.setRenderHints(hints, True)  # as Qt sets up its item cache's painter
        painter.setWorldTransform(transform)
        draw_look(painter, key[0], design)
        painter.end()
        self._pictures[key] = image
        self._bytes += image.sizeInBytes()
        while self._bytes > self.budget and len(self._pictures) > 1:
            _, old = self._pictures.popitem(last=False)
            self._bytes -= old.sizeInBytes()
        return image


def _place(
    world: QTransform, bounds: QRectF, look: Look, hints: int
) -> tuple[tuple, int, int] | None:
    """A picture's key and the device pixel its top left goes to (None: not a plain zoom).

    The picture covers the item's device rect and a pixel around it (antialiasing); its key
    holds the look, the zoom, where the item falls within its first pixel, and its size.
    """
    if world.type().value > QTransform.TransformationType.TxScale.value:
        return None
    r = world.mapRect(bounds)
    x, y = math.floor(r.left()) - 1, math.floor(r.top()) - 1
    width, height = math.ceil(r.right()) + 1 - x, math.ceil(r.bottom()) + 1 - y
    # The place within a pixel, rounded far below what the rasteriser resolves (1/64 px)
    phase = (round(world.dx() - x, 6), round(world.dy() - y, 6))
    return (look, world.m11(), world.m22(), phase, hints, width, height), x, y


def _at(world: QTransform, x: int, y: int) -> QTransform:
    """``world`` for a picture whose top left is device pixel (``x``, ``y``)."""
    return world * QTransform.fromTranslate(-x, -y)
