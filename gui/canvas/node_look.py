"""The pens, brushes and colours nodes paint with, made once per palette.

A cold repaint after a far follow jump paints 30-70 nodes for the first time; each paint
built its QColors from hex strings, its pens, and its alignment flags (enum arithmetic in
Python) anew: about a third of a record's Python time.
"""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from engine.autograd.frozen_record import FrozenRecord
from engine.drawing.node_sizes import fmt4
from gui.canvas.node_design import NodeDesign
from gui.look.palette import ROLES, GraphPalette

_ALIGN = Qt.AlignmentFlag
CENTRE = _ALIGN.AlignCenter
LEFT = _ALIGN.AlignLeft | _ALIGN.AlignVCenter
RIGHT = _ALIGN.AlignRight | _ALIGN.AlignVCenter
BADGE = _ALIGN.AlignRight | _ALIGN.AlignBottom
WRITES = _ALIGN.AlignCenter | Qt.TextFlag.TextDontClip  # exactly as wide as its text

# Border pen widths (scene px) by what a node is: selected, current, written, ...
BORDER_WIDTHS = {
    "selected": 3.5,
    "current": 3.5,
    "written": 3.0,
    "warning": 2.5,
    "visited": 2.5,
    "border": 1.2,
}


class NodeLook(FrozenRecord, eq=False):
    """One palette's colours by role, border pens by role, fill brushes and the rule pen."""

    color: dict[str, QColor]
    border: dict[str, QPen]
    fill: dict[str, QBrush]
    rule: QPen


@functools.lru_cache(maxsize=8)
def node_look(palette: GraphPalette) -> NodeLook:
    """The pens, brushes and colours of ``palette`` (made once, then shared by every node)."""
    color = {role: QColor(getattr(palette, role)) for role in ROLES}
    return NodeLook(
        color=color,
        border={role: QPen(color[role], width) for role, width in BORDER_WIDTHS.items()},
        fill={role: QBrush(color[role]) for role in ("node", "op", "group")},
        rule=QPen(color["muted"], 1),
    )


def fitted_number(
    painter: QPainter, x: float | None, room: float, design: NodeDesign | None = None
) -> str:
    """``fmt4(x)``, with fewer digits where that would run into its caption.

    Records are sized for the numbers their trace holds; a live canvas (training) shows
    numbers the layout never saw, and a wider one must not overprint ``data``/``grad``.
    With ``design``, a text a pixel narrower than ``room`` by its remembered width is taken
    as it is, without measuring it again; else it is measured in ``design``'s font (without
    it, in the painter's).
    """
    text = fmt4(x)
    if design is not None:
        if design.text_width(text) <= room - 1:
            return text
        painter.setFont(design.font)
    metrics = painter.fontMetrics()
    for digits in (3, 2, 1):
        if metrics.horizontalAdvance(text) <= room:
            break
        text = f"{x:.{digits}g}"
    return text


def grad_tint(palette: GraphPalette, grad: float | None, scale: float) -> QColor:
    """A record's fill tinted by its grad: the sign picks the colour, the size its strength."""
    if grad is None or grad == 0 or not math.isfinite(grad):
        return QColor(palette.node)
    base = QColor(palette.node)
    tint = QColor(palette.positive if grad > 0 else palette.negative)
    t = min(1.0, abs(grad) / scale) * 0.75
    return QColor.fromRgbF(
        *(a + (b - a) * t for a, b in zip(base.getRgbF()[:3], tint.getRgbF()[:3], strict=True))
    )
