"""The edge layer's strokes kept as device-pixel tiles at the current zoom, made while idle.

A far follow jump on the presented 4,824-node graph strokes the whole view's edges, 5-13 ms
of its 15-30. Between a lecturer's clicks the window is idle: the tiles of the view and of
where the next steps will take it are stroked then, and a repaint over tiles that all
exist blits them (a restyled edge re-strokes only the tile pixels under its own pieces).
A repaint over any missing tile strokes directly, as without tiles: stroking a cold view
tile by tile would stroke each piece once per tile it crosses (measured: +65% per step).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QRegion, QTransform

TILE = 256  # device px a side: 256 KB a tile
TILE_CACHE_MB = 64  # at most this many MB of tiles (~4.5 views at 1920x1080), oldest dropped
#: Renders the pieces near a scene rect with a painter set up for the tile (transform, clip).
Render = Callable[[QPainter, QRectF], None]


class Tile:
    """One tile's pixels (None until something was drawn in it) and the part that is valid."""

    __slots__ = ("image", "valid")  # a plain class: a dataclass compiles its methods at import

    def __init__(self, image: QImage | None = None, valid: QRegion | None = None) -> None:
        self.image = image
        self.valid = QRegion() if valid is None else valid


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

    def covers(self, world: QTransform, exposed: QRectF) -> bool:
        """Whether a tile exists over every pixel of scene rect ``exposed`` under ``world``."""
        self._take(world)
        return all(key in self._tiles for key in self._keys_over(self._device_rect(exposed)))

    def paint(self, painter: QPainter, exposed: QRectF, render: Render) -> int:
        """Blit the tiles under ``exposed`` (``covers`` it), re-rendering their stale pixels.

        Returns how many stale areas were rendered.
        """
        self._take(painter.worldTransform())
        rect, shift, before = self._device_rect(exposed), self._shift(), self.rendered
        painter.save()
        painter.setWorldTransform(QTransform())  # tiles are device pixels already
        for i, j in self._keys_over(rect):
            origin = QPoint(i * TILE, j * TILE)
            part = rect.intersected(QRect(origin, origin + QPoint(TILE - 1, TILE - 1)))
            tile = self._fresh(i, j, part.translated(-origin), render)
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
            self._fresh(i, j, QRect(0, 0, TILE, TILE), render)
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

    def _fresh(self, i: int, j: int, need: QRect, render: Render) -> Tile:
        """Tile (i, j) with ``need`` (tile pixels) valid: rendered now where it was not."""
        tile = self._tiles.get((i, j))
        if tile is None:
            tile = self._tiles[(i, j)] = Tile()
            while len(self._tiles) > self.max_tiles:
                self._tiles.popitem(last=False)
        else:
            self._tiles.move_to_end((i, j))
        stale = QRegion(need) - tile.valid
        if stale.isEmpty():
            return tile
        if tile.image is None:
            tile.image = QImage(TILE, TILE, QImage.Format.Format_ARGB32_Premultiplied)
            tile.image.fill(Qt.GlobalColor.transparent)
        # One render of the stale part's bounding rect: a restyled edge leaves many small
        # rects, and each render strokes every piece near it again.
        r = stale.boundingRect()
        painter = QPainter(tile.image)
        painter.setClipRect(r)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        painter.fillRect(r, Qt.GlobalColor.transparent)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        sx, sy, fx, fy = self._key
        painter.setTransform(QTransform(sx, 0, 0, sy, fx - i * TILE, fy - j * TILE))
        render(painter, self._scene_rect(r.translated(i * TILE, j * TILE)))
        painter.end()
        self.rendered += 1
        stale = QRegion(r)
        tile.valid += stale
        return tile
