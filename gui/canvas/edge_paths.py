"""The edge layer's paths: each piece and arrowhead made into a small path once, joined per paint.

A repaint strokes a few hundred pieces, and most were stroked by a repaint before it (over 200
steps of the 4,824-node graph each piece is stroked ~6 times). Made with one ``moveTo`` and
``cubicTo`` per piece, a repaint's paths cost ~0.7 us a piece in Python calls; joined from
paths kept from the first time, one ``addPath`` or ``connectPath`` call each, ~0.2 us. The
joined path holds the very same elements, so it strokes the very same pixels. A kept path
costs ~800 bytes (the 4,824-node graph's 33,088 would be 27 MB): past PATHS_MAX the oldest
are dropped, a repaint's batch at a time (dropping 8,192 at once took one step ~4 ms).
"""

from __future__ import annotations

from collections import deque

import numpy as np
from PySide6.QtGui import QPainterPath

from engine.drawing.edge_pieces import EdgePieces

PATHS_MAX = 8192  # paths kept at most (~6.5 MB); a repaint over a whole view needs ~1,000


class EdgePaths:
    """Paths of ``pieces``'s pieces and arrowheads, each made on first use and kept."""

    def __init__(self, pieces: EdgePieces, most: int = PATHS_MAX) -> None:
        self.pieces, self.most = pieces, most
        # Qt adds nothing for a piece that is one point, so the piece after it cannot be
        # connected to it: it starts its own subpath, at the same point.
        ctrl = pieces.ctrl
        point = (ctrl[:, 2:] == np.tile(ctrl[:, :2], 3)).all(axis=1)
        self._continues = pieces.continues()
        self._continues[1:] &= ~point[:-1]
        self._piece: list[QPainterPath | None] = [None] * len(ctrl)
        self._head: list[QPainterPath | None] = [None] * len(pieces.heads)
        self._piece_made = np.zeros(len(ctrl), bool)
        self._head_made = np.zeros(len(pieces.heads), bool)
        # what each make call made, oldest first: (its paths, their made flags, ids)
        self._batches: deque[tuple[list, np.ndarray, np.ndarray]] = deque()
        self.made = 0  # pieces and heads made into paths so far
        self.kept = 0  # paths kept now

    def runs(self, idx: np.ndarray, *, apart: bool) -> list[QPainterPath]:
        """Pieces ``idx`` (ascending) as one path, or one path per run (``apart``).

        A run is the pieces of one edge that follow each other: drawn unbroken, without a
        seam where they join. A wide pen strokes runs apart (see NORMAL_WIDTH).
        """
        joined = self._continues[idx]
        joined[1:] &= np.diff(idx) == 1
        joined[0] = False
        self._make_pieces(idx)
        piece = self._piece
        paths = [QPainterPath()]
        add, connect = paths[0].addPath, paths[0].connectPath
        for path, on in zip([piece[i] for i in idx.tolist()], joined.tolist(), strict=True):
            if on:
                connect(path)  # its moveTo dropped: it starts where the last piece ended
                continue
            if apart and not paths[-1].isEmpty():
                paths.append(QPainterPath())
                add, connect = paths[-1].addPath, paths[-1].connectPath
            add(path)
        return paths

    def heads(self, idx: np.ndarray) -> QPainterPath:
        """Arrowheads ``idx`` as one path of triangles to fill."""
        self._make_heads(idx)
        path = QPainterPath()
        add, head = path.addPath, self._head
        for i in idx.tolist():
            add(head[i])
        return path

    def _missing(self, idx: np.ndarray, paths: list, made: np.ndarray) -> np.ndarray:
        """Those of ``idx`` not made, after dropping the oldest paths if they would be too many."""
        need = idx[~made[idx]]
        if not len(need):
            return need
        while self._batches and self.kept + len(need) > self.most:
            kept, kept_made, ids = self._batches.popleft()
            for i in ids.tolist():
                kept[i] = None
            kept_made[ids] = False
            self.kept -= len(ids)
        need = idx[~made[idx]]  # some may have been among the dropped
        self._batches.append((paths, made, need))
        self.made += len(need)
        self.kept += len(need)
        return need

    def _make_pieces(self, idx: np.ndarray) -> None:
        """Make the missing paths of pieces ``idx``: a move to the start, a curve to the end."""
        idx = self._missing(idx, self._piece, self._piece_made)
        if not len(idx):
            return
        piece, straight = self._piece, self.pieces.straight
        for i, (x0, y0, ax, ay, bx, by, x1, y1) in zip(
            idx.tolist(), self.pieces.ctrl[idx].tolist(), strict=True
        ):
            path = piece[i] = QPainterPath()
            path.moveTo(x0, y0)
            if straight:
                path.lineTo(x1, y1)
            else:
                path.cubicTo(ax, ay, bx, by, x1, y1)
        self._piece_made[idx] = True

    def _make_heads(self, idx: np.ndarray) -> None:
        """Make the missing paths of arrowheads ``idx``: a triangle from the tip, closed."""
        idx = self._missing(idx, self._head, self._head_made)
        if not len(idx):
            return
        head = self._head
        for i, (tx, ty, ax, ay, bx, by) in zip(
            idx.tolist(), self.pieces.heads[idx].tolist(), strict=True
        ):
            path = head[i] = QPainterPath()
            path.moveTo(tx, ty)
            path.lineTo(ax, ay)
            path.lineTo(bx, by)
            path.closeSubpath()
        self._head_made[idx] = True
