"""A node's look as data (what it draws, in which roles) and the drawing of a look.

Everything a readable node's pixels depend on, at a given zoom and place within a device
pixel, is in its ``Look``: two nodes with equal looks paint the same pixels, so the look
is also the key of the shared pictures (gui.canvas.node_pictures). Drawing only from the
look keeps that key honest: nothing read elsewhere can make a picture stale.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QPainter

from engine.drawing.layout import OP, RECORD
from gui.canvas.node_design import NodeDesign
from gui.canvas.node_look import BADGE, CENTRE, LEFT, RIGHT, WRITES, NodeLook, node_look
from gui.look.palette import GraphPalette

INK_MARGIN = 2.0  # scene px a glyph's ink may reach past its advance (drawText clips it)
#: How drawText places one line in its rect, by the node texts' alignments (across, down)
ANCHORS = {
    CENTRE: ("centre", "middle"),
    LEFT: ("left", "middle"),
    RIGHT: ("right", "middle"),
    BADGE: ("right", "bottom"),
}
BOX_MARGIN = 3.0  # scene px around a box that its widest border (3.5) paints, antialiased


class RecordTexts(NamedTuple):
    """A value record's texts and their colour roles (None: not drawn)."""

    label: str
    data: str
    data_role: str
    grad: str
    grad_role: str
    flashing: bool  # the grad line's background flashes (a grad just written)
    writes: str | None  # the "+=" terms under the box
    badge: str | None  # "topo[i]" above the box


class Look(NamedTuple):
    """Everything a node's pixels depend on at a readable zoom (hashable: a picture's key)."""

    kind: int
    rect: tuple[float, float, float, float]  # the box, item coordinates
    border: str  # a role of node_look().border
    fill: str | tuple[float, ...]  # a role of node_look().fill, or a grad tint's RGBA
    palette: GraphPalette
    design: int  # id() of the NodeDesign the node is drawn with (its fonts)
    texts: RecordTexts | str  # an op's symbol or a group's text; a record's RecordTexts


def writes_box(r: QRectF, writes: str, design: NodeDesign) -> QRectF:
    """Where a record in box ``r`` shows its ``+=`` text ``writes``: centred under the box."""
    width = design.text_width(writes, bold=True)
    return QRectF(r.center().x() - width / 2, r.bottom() + 1, width, design.line)


def fill_brush(colors: NodeLook, fill: str | tuple[float, ...]) -> QBrush:
    """The brush of a look's ``fill``: the palette's own, or a tint made for it."""
    return colors.fill[fill] if isinstance(fill, str) else QBrush(QColor.fromRgbF(*fill))


def draw_look(painter: QPainter, look: Look, design: NodeDesign) -> None:
    """Draw ``look`` with ``design``'s fonts (antialiased): box, a record's frame, texts."""
    draw_box(painter, look)
    if look.kind == RECORD:
        draw_frame(painter, look, design)
    draw_texts(painter, look, design)


def draw_box(painter: QPainter, look: Look) -> None:
    """Draw ``look``'s box alone: its border and fill."""
    colors = node_look(look.palette)
    rect = QRectF(*look.rect)
    painter.setPen(colors.border[look.border])
    painter.setBrush(fill_brush(colors, look.fill))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if look.kind == OP:
        painter.drawEllipse(rect)
    else:
        painter.drawRoundedRect(rect, 4, 4)


def box_key(look: Look) -> tuple:
    """What the pixels of ``look``'s box depend on: kind, rect, border and fill roles, palette."""
    return ("box", *look[:5])


def frame_key(look: Look) -> tuple:
    """What a record's box with its frame over it depends on: box, fonts, flash and grad."""
    texts = look.texts
    return ("frame", *look[:6], texts.flashing, texts.grad, texts.grad_role)


def draw_frame(painter: QPainter, look: Look, design: NodeDesign) -> None:
    """Draw over a record's box what other records share: rule, flash, captions and grad."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)  # the rule line
    _draw_record_frame(painter, look.rect, look.texts, node_look(look.palette), design)


def draw_line(
    painter: QPainter, r: QRectF, align, text: str, design: NodeDesign, *, bold: bool = False
) -> None:
    """``painter.drawText(r, align, text)`` in the node font, the same pixels, from a layout.

    Drawn from ``design``'s remembered layout where that is provably the same: a one-line
    ASCII text (an elided label's "…" and a missing number's "—" too) clear of the rect's
    sides, where ``drawText``'s clip cuts nothing.
    """
    anchor = ANCHORS.get(align) if _plain(text) else None
    laid = None if anchor is None else design.text_layout(text, bold=bold)
    if laid is None or laid[1] > r.width() - 2 * INK_MARGIN:
        painter.setFont(design.bold if bold else design.font)
        painter.drawText(r, align, text)
        return
    layout, width, height = laid
    across, down = anchor
    if across == "left":
        x = r.x()
    elif across == "centre":
        x = r.x() + (r.width() - width) / 2
    else:
        x = r.right() - width
    y = r.y() + (r.height() - height) / 2 if down == "middle" else r.y() + r.height() - height
    layout.draw(painter, QPointF(x, y))  # where drawText's alignment puts the line


def _plain(text: str) -> bool:
    """Whether ``text`` is ASCII but for an ellipsis or dashes at its ends (inked in its line)."""
    return text.isascii() or text.strip("…—").isascii()


def draw_texts(painter: QPainter, look: Look, design: NodeDesign) -> None:
    """Draw what ``look`` shows over its box and a record's frame: texts and marks."""
    colors = node_look(look.palette)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)  # as over its frame
    painter.setFont(design.font)
    painter.setPen(colors.color["text"])
    if look.kind == RECORD:
        _draw_record(painter, look.rect, look.texts, colors, design)
    elif look.kind == OP:
        draw_line(painter, QRectF(*look.rect), CENTRE, look.texts, design)
    else:  # a group's two lines
        painter.drawText(QRectF(*look.rect), CENTRE, look.texts)


def _draw_record_frame(
    painter: QPainter, box: tuple, texts: RecordTexts, colors: NodeLook, design: NodeDesign
) -> None:
    """The rule under the label, the flash, the ``data``/``grad`` captions and the grad."""
    color = colors.color
    _, data_box, grad_box = design.lines_of(box)
    painter.setPen(colors.rule)
    left, top, width, _ = box
    rule = design.rule_y(top)
    painter.drawLine(QPointF(left + 1, rule), QPointF(left + width - 1, rule))
    if texts.flashing:
        painter.fillRect(grad_box.adjusted(-2, 0, 2, 0), color["flash"])
    # Drawn before the label and data, which share no pixel with them: the same pixels
    painter.setPen(color["muted"])
    draw_line(painter, data_box, LEFT, "data", design)
    draw_line(painter, grad_box, LEFT, "grad", design)
    painter.setPen(color[texts.grad_role])
    draw_line(painter, grad_box, RIGHT, texts.grad, design)


def _draw_record(
    painter: QPainter, box: tuple, texts: RecordTexts, colors: NodeLook, design: NodeDesign
) -> None:
    """The label and ``data``'s number over the record's frame, then its marks."""
    color = colors.color
    label_box, data_box, _ = design.lines_of(box)
    painter.setPen(color["text"])
    draw_line(painter, label_box, CENTRE, texts.label, design, bold=True)
    painter.setPen(color[texts.data_role])
    draw_line(painter, data_box, RIGHT, texts.data, design)
    if texts.writes is not None:
        painter.setPen(color["written"])
        painter.setFont(design.bold)
        painter.drawText(writes_box(QRectF(*box), texts.writes, design), WRITES, texts.writes)
    if texts.badge is not None:
        painter.setPen(color["appended"])
        line = design.line
        badge = QRectF(box[0], box[1] - line - 1, box[2], line)
        draw_line(painter, badge, BADGE, texts.badge, design, bold=True)
