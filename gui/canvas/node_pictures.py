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

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap, QTransform

from engine.drawing.layout import RECORD
from engine.drawing.node_sizes import fmt4
from gui.canvas.node_design import NodeDesign
from gui.canvas.node_paint import (
    BOX_MARGIN,
    Look,
    box_key,
    draw_box,
    draw_frame,
    draw_texts,
    frame_key,
)

PICTURES_MB = 64  # at most this many MB of pictures (~3 presented views of nodes), oldest dropped
IDENTITY = QTransform()
TX_SCALE = QTransform.TransformationType.TxScale.value  # a zoom and a pan, nothing more
NO_GRAD = fmt4(None)  # what a record shows for a grad not computed yet
ONCE_MAX = 5_000  # looks remembered as painted once (~3 MB of tuples), then forgotten


class NodePictures:
    """A bounded cache of node pictures keyed by look, zoom and place within a pixel.

    Pictures stand in for a node's paint only into Qt's item cache (a transparent pixmap
    at one device pixel per pixel): there a picture drawn over it is the same pixels as the
    node's paint, and a node painted there leaves its picture to copy. Anywhere else (an
    export, a high-dpi screen, a rotated view) nodes paint.
    """

    def __init__(self, budget_mb: float = PICTURES_MB) -> None:
        self.budget = int(budget_mb * 2**20)
        self._pictures: OrderedDict[tuple, tuple[QPixmap, int, int]] = OrderedDict()
        self._bytes = 0
        self._once: set[tuple] = set()  # the looks painted once (of the last ONCE_MAX)
        self.hits = self.misses = self.made = 0  # paints served, paints that made one, made ahead
        self.boxes = 0  # boxes drawn from a shared picture

    def __len__(self) -> int:
        return len(self._pictures)

    def clear(self) -> None:
        """Forget every picture."""
        self._pictures.clear()
        self._once.clear()
        self._bytes = 0

    def size_bytes(self) -> int:
        """The bytes the pictures hold (at most the budget)."""
        return self._bytes

    def paint(self, painter: QPainter, bounds: QRectF, look: Look, design: NodeDesign) -> bool:
        """Draw ``look`` for an item of ``bounds``: its picture, or paint it and keep a copy.

        Returns False where a picture would not be the same pixels: the caller paints.
        """
        device = painter.device()
        if not isinstance(device, QPixmap) or device.devicePixelRatioF() != 1.0:
            return False
        world, hints = painter.worldTransform(), painter.renderHints().value
        zoom = _zoom(world)  # taken once: a miss places its frame and box there too
        if zoom is None:
            return False
        place = _place_in(zoom, _edges(bounds), look, hints)
        if self._blit(painter, world, place):
            self.hits += 1
            return True
        self.misses += 1
        self._draw(painter, (world, zoom, hints), look, design)
        # Kept from its second paint: most records are painted once in a look (their own
        # label, numbers and highlight), and copying each cost more than the hits saved.
        if self._seen(place[0]):
            self._keep_drawn(painter, place)
        return True

    def prepare(
        self, world: QTransform, hints: QPainter.RenderHint, bounds: QRectF, look: Look, design
    ) -> bool:
        """Make ``look``'s picture for an item of ``bounds`` under ``world`` (False: it exists)."""
        place = _place(world, bounds, look, hints.value)
        if place is None or place[0] in self._pictures:
            return False
        key, x, y = place
        image = QImage(key[-2], key[-1], QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHints(painter.renderHints(), False)
        painter.setRenderHints(hints, True)  # as Qt sets up its item cache's painter
        painter.setWorldTransform(world * QTransform.fromTranslate(-x, -y))
        world = painter.worldTransform()
        self._draw(painter, (world, _zoom(world), hints.value), look, design)
        painter.end()
        self._keep(key, QPixmap.fromImage(image), 0, 0)
        self.made += 1
        return True

    def _blit(self, painter: QPainter, world: QTransform, place: tuple[tuple, int, int]) -> bool:
        """Draw the picture kept for ``place`` (painter's transform ``world``); False: none."""
        key, x, y = place
        kept = self._pictures.get(key)
        if kept is None:
            return False
        self._pictures.move_to_end(key)
        picture, dx, dy = kept
        painter.setWorldTransform(IDENTITY)
        painter.drawPixmap(x + dx, y + dy, picture)  # over Qt's transparent cache: the same
        painter.setWorldTransform(world)
        return True

    def _draw(self, painter: QPainter, at: At, look: Look, design) -> None:
        """Draw ``look`` onto a transparent device: its box (a record's frame), then its texts.

        A record's frame (its box, rule, captions and grad: ``draw_frame``) repeats where
        its whole look rarely does: every record of a size and roles whose grad is not
        computed yet has the same one, so such a frame is kept from its first paint (a far
        jump ahead of the forward pass paints dozens of them); one with a grad of its own,
        from its second, as looks are.
        """
        world, zoom, hints = at
        x, y, w, h = look.rect
        m = BOX_MARGIN  # the arithmetic of QRectF(*look.rect).adjusted(-m, -m, m, m)
        edges = (x - m, y - m, (x - m) + ((w + m) + m), (y - m) + ((h + m) + m))
        framed = look.kind == RECORD
        frame = _place_in(zoom, edges, frame_key(look), hints) if framed else None
        if frame is not None and self._blit(painter, world, frame):
            self.boxes += 1
        else:
            self._draw_box(painter, at, edges, look)
            if framed:
                draw_frame(painter, look, design)
                shared = look.texts.grad == NO_GRAD  # until the backward pass
                if frame is not None and (shared or self._seen(frame[0])):
                    self._keep_drawn(painter, frame)
        draw_texts(painter, look, design)

    def _draw_box(self, painter: QPainter, at: At, edges: Edges, look: Look) -> None:
        """Draw ``look``'s box (``edges``: with its antialiasing) from a picture, or keep one.

        The box (an antialiased rounded rect: 35-60 µs of a record's ~90-180 µs paint) is
        the same for every node of its size and roles. Its picture is copied from the item
        cache it was first drawn into: one made apart, at other device coordinates, differed
        in a corner pixel's antialiasing.
        """
        world, zoom, hints = at
        place = _place_in(zoom, edges, box_key(look), hints)
        if self._blit(painter, world, place):
            self.boxes += 1
        else:
            draw_box(painter, look)
            self._keep_drawn(painter, place)

    def _seen(self, key: tuple) -> bool:
        """Whether ``key`` was painted before (one of the last ONCE_MAX); remember it."""
        if key in self._once:
            return True
        self._once.add(key)
        if len(self._once) > ONCE_MAX:
            self._once = {key}
        return False

    def _keep_drawn(self, painter: QPainter, place: tuple[tuple, int, int] | None) -> None:
        """Keep what ``painter``'s device holds at ``place``: all that was drawn there."""
        device = painter.device()
        # Only into Qt's item cache, whole: it was transparent, and a part exposed (clipped)
        # holds only part of what was drawn
        if place is None or not isinstance(device, QPixmap) or painter.hasClipping():
            return
        key, x, y = place
        part = QRect(x, y, key[-2], key[-1]).intersected(device.rect())
        self._keep(key, device.copy(part), part.x() - x, part.y() - y)

    def _keep(self, key: tuple, picture: QPixmap, dx: int, dy: int) -> None:
        """Keep ``picture`` (top left ``dx``, ``dy`` px into ``key``'s place); drop the oldest."""
        self._pictures[key] = (picture, dx, dy)
        self._bytes += _bytes(picture)
        while self._bytes > self.budget and len(self._pictures) > 1:
            old, _, _ = self._pictures.popitem(last=False)[1]
            self._bytes -= _bytes(old)


def _bytes(picture: QPixmap) -> int:
    return picture.width() * picture.height() * 4


Zoom = tuple[float, float, float, float]  # a plain zoom's scales and offsets (sx, sy, tx, ty)
Edges = tuple[float, float, float, float]  # a rect's left, top, right and bottom
At = tuple[QTransform, Zoom, int]  # a painter's transform, as a Zoom, and its render hints


def _zoom(world: QTransform) -> Zoom | None:
    """``world``'s scales and offsets if it is a plain zoom and pan (None: anything more)."""
    if world.type().value > TX_SCALE:
        return None
    return world.m11(), world.m22(), world.dx(), world.dy()


def _edges(bounds: QRectF) -> Edges:
    """``bounds``' left, top, right and bottom."""
    return bounds.left(), bounds.top(), bounds.right(), bounds.bottom()


def _place(
    world: QTransform, bounds: QRectF, look: tuple, hints: int
) -> tuple[tuple, int, int] | None:
    """A picture's key and the device pixel its top left goes to (None: not a plain zoom)."""
    zoom = _zoom(world)
    return None if zoom is None else _place_in(zoom, _edges(bounds), look, hints)


def _place_in(zoom: Zoom, edges: Edges, look: tuple, hints: int) -> tuple[tuple, int, int]:
    """The key and top-left device pixel of the picture of ``edges`` under ``zoom``.

    The picture covers the item's device rect and a pixel around it (antialiasing); its key
    holds the look, the zoom, where the item falls within its first pixel, and its size.
    """
    sx, sy, tx, ty = zoom
    x0, y0, x1, y1 = edges
    left, right = sorted((x0 * sx + tx, x1 * sx + tx))
    top, bottom = sorted((y0 * sy + ty, y1 * sy + ty))
    x, y = math.floor(left) - 1, math.floor(top) - 1
    width, height = math.ceil(right) + 1 - x, math.ceil(bottom) + 1 - y
    # The place within a pixel, exactly: rounded (to 1e-6), a box's edge at 16.5703125 px
    # and one at 16.5703124999994 fell on either side of the rasteriser's 1/256 px grid
    phase = (tx - x, ty - y)
    return (look, sx, sy, phase, hints, width, height), x, y
