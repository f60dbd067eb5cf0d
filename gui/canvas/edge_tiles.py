"""The edge layer's strokes kept as device-pixel tiles at the current zoom, made as painted.

Back-to-back steps (a held key, a quick clicker) repaint much of what earlier steps
stroked: over 200 forward steps of the 4,824-node graph, each piece ~6 times. A repaint
strokes what its rect lacks (missing or stale tile pixels) in one render, keeps it in the
tiles and blits; the next repaint there blits (a restyled edge re-strokes only the tile
pixels under its own pieces). Between a lecturer's clicks the look-ahead also makes the
tiles of where the next steps go, so a far follow jump blits too.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QMargins, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion, QTransform

TILE = 256  # device px a side: 256 KB a tile
# Opaque, over the view's background: blitted as a copy, and a stroke blends over the very
# colour it blends over when drawn on the view (over transparent, then over the background,
# rounding moved ~2,000 colour values of a screenshot by 1-2 levels).
FORMAT = QImage.Format.Format_RGB32
PAD = 4  # px of a render's image around its clip (see _fill)
TILE_CACHE_MB = 64  # at most this many MB of tiles (~4.5 views at 1920x1080), oldest dropped
#: Renders the pieces near a scene rect with a painter set up for the tile (transform, clip).
Render = Callable[[QPainter, QRectF], None]


@dataclass(eq=False)
class Tile:
    """One tile's pixels (None until something was drawn in it) and the part that is valid."""

    image: QImage | None = None
    valid: QRegion = field(default_factory=QRegion)


class EdgeTiles:
    """A bounded cache of tiles holding what ``render`` strokes, at one scale and pixel phase.

    Tile (i, j) covers device pixels [i * TILE, (i + 1) * TILE) of the scene at the current
    scale, shifted by the fraction of a pixel the view's translation has: a view that scrolls
    by whole pixels keeps its tiles; a zoom, or a scroll by a fraction, starts afresh.
    """

    def __init__(self, budget_mb: float = TILE_CACHE_MB) -> None:
        self.max_tiles = max(1, int(budget_mb * 2**20 // (TILE * TILE * 4)))
        self._tiles: OrderedDict[tuple[int, int], Tile] = OrderedDict()
        self._key: tuple[float, float, float, float] | None = None
        self.background = QColor(Qt.GlobalColor.white)  # what the view draws under the edges
        self.rendered = 0  # tile areas rendered since the count was last reset

    def clear(self) -> None:
        """Forget every tile (the edges moved, or their colours changed)."""
        self._tiles.clear()

    def invalidate(self, box: tuple[float, float, float, float]) -> None:
        """Mark the tiles' pixels under scene ``box`` (left, top, right, bottom) stale."""
        if self._key is None or not self._tiles:
            return
        rect = self._device_rect(QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1]))
        for key in self._keys_over(rect):
            tile = self._tiles.get(key)
            if tile is not None:
                tile.valid -= QRegion(rect.translated(-key[0] * TILE, -key[1] * TILE))

    def paint(
        self, painter: QPainter, exposed: QRectF, render: Render, *, afresh: bool = False
    ) -> int:
        """Blit the tiles under ``exposed``, made now where missing or stale: in one render.

        ``afresh``: if anything under ``exposed`` must be rendered, render all of it (one
        render of the whole view is what a view shows whatever was painted before it).
        Returns how many stale areas were rendered (0 or 1).
        """
        self._take(painter.worldTransform())
        rect, shift, before = self._device_rect(exposed), self._shift(), self.rendered
        keys = self._keys_over(rect)
        self._fill(keys, rect, render, afresh=afresh)
        painter.save()
        painter.setWorldTransform(QTransform())  # tiles are device pixels already
        for i, j in keys:
            origin = QPoint(i * TILE, j * TILE)
            part = rect.intersected(QRect(origin, origin + QPoint(TILE - 1, TILE - 1)))
            tile = self._tiles[(i, j)]
            if tile.image is not None:
                painter.drawImage(part.translated(shift), tile.image, part.translated(-origin))
        painter.restore()
        return self.rendered - before

    def prerender(self, world: QTransform, scene: QRectF, render: Render, until: float) -> bool:
        """Render the tiles over ``scene`` whole, until ``time.perf_counter()`` passes ``until``.

        Returns whether every one of them is done.
        """
        self._take(world)
        for i, j in self._keys_over(self._device_rect(scene)):
            if time.perf_counter() > until:
                return False
            self._fill([(i, j)], QRect(i * TILE, j * TILE, TILE, TILE), render)
        return True

    def _take(self, world: QTransform) -> None:
        """Key the tiles to ``world``'s scale and pixel phase: forget them if those changed."""
        dx, dy = world.dx(), world.dy()
        key = (
            world.m11(),
            world.m22(),
            round(dx - math.floor(dx), 6),
            round(dy - math.floor(dy), 6),
        )
        if key != self._key:
            self.clear()
            self._key = key
        self._floor = (math.floor(dx), math.floor(dy))

    def _shift(self) -> QPoint:
        """Where tile space's origin is on the device now (the view's whole-pixel scroll)."""
        return QPoint(*self._floor)

    def _device_rect(self, scene: QRectF) -> QRect:
        """The tile-space pixels (whole, covering) of a ``scene`` rect."""
        sx, sy, fx, fy = self._key
        left, top = scene.left() * sx + fx, scene.top() * sy + fy
        right, bottom = scene.right() * sx + fx, scene.bottom() * sy + fy
        x0, y0 = math.floor(left), math.floor(top)
        return QRect(x0, y0, math.ceil(right) - x0, math.ceil(bottom) - y0)

    def _scene_rect(self, rect: QRect) -> QRectF:
        """The scene rect of tile-space pixels ``rect``."""
        sx, sy, fx, fy = self._key
        return QRectF(
            (rect.x() - fx) / sx, (rect.y() - fy) / sy, rect.width() / sx, rect.height() / sy
        )

    @staticmethod
    def _keys_over(rect: QRect) -> list[tuple[int, int]]:
        if rect.isEmpty():
            return []
        cols = range(rect.left() // TILE, rect.right() // TILE + 1)
        rows = range(rect.top() // TILE, rect.bottom() // TILE + 1)
        return [(i, j) for j in rows for i in cols]

    def _fill(
        self, keys: list[tuple[int, int]], need: QRect, render: Render, *, afresh: bool = False
    ) -> None:
        """Make tiles ``keys`` valid over ``need`` (tile space): the stale part rendered once.

        One render of the stale parts' bounding rect, copied into each tile it meets: a
        render per tile would stroke a piece once per tile it crosses (measured +65% a step
        when the look-ahead made tiles one by one), and a cut at each tile's edge.
        """
        stale = QRegion()
        for key in keys:
            tile = self._tiles.get(key)
            if tile is None:
                tile = self._tiles[key] = Tile()
            else:
                self._tiles.move_to_end(key)
            origin = QPoint(key[0] * TILE, key[1] * TILE)
            part = need.intersected(QRect(origin, origin + QPoint(TILE - 1, TILE - 1)))
            stale += QRegion(part) - tile.valid.translated(origin)
        while len(self._tiles) > self.max_tiles:  # the oldest go; those in use are newest
            self._tiles.popitem(last=False)
        if stale.isEmpty():
            return
        if afresh:
            stale = QRegion(need)
        # A restyled edge leaves many small stale rects; each render strokes every piece
        # near it again: one render of their bounding rect.
        r = stale.boundingRect()
        # The line drawer cuts lines a pixel or two outside its clip rect: a clip inside
        # the image cuts them where a view's clip does, and they are drawn the same.
        pad = QPoint(PAD, PAD)
        scratch = QImage(r.size().grownBy(QMargins(PAD, PAD, PAD, PAD)), FORMAT)
        scratch.fill(self.background)
        painter = QPainter(scratch)
        painter.setClipRect(QRect(pad, r.size()))
        sx, sy, fx, fy = self._key
        at = r.topLeft() - pad  # tile-space pixel at the scratch's origin
        painter.setTransform(QTransform(sx, 0, 0, sy, fx - at.x(), fy - at.y()))
        render(painter, self._scene_rect(r))
        painter.end()
        self.rendered += 1
        for i, j in self._keys_over(r):
            tile = self._tiles.get((i, j))
            if tile is not None:
                self._copy(tile, QPoint(i * TILE, j * TILE), scratch, r, at)

    @staticmethod
    def _copy(tile: Tile, origin: QPoint, scratch: QImage, r: QRect, at: QPoint) -> None:
        """Put ``scratch``'s pixels of tile-space ``r`` (its origin ``at``) in ``tile``."""
        part = r.intersected(QRect(origin, origin + QPoint(TILE - 1, TILE - 1)))
        if tile.image is None:
            tile.image = QImage(TILE, TILE, FORMAT)  # filled where it is made valid
        painter = QPainter(tile.image)
        painter.drawImage(part.translated(-origin), scratch, part.translated(-at))
        painter.end()
        tile.valid += QRegion(part.translated(-origin))
