"""A record's frame (box, rule, flash, captions, grad) is shared by every record that has it.

Counted, not timed: a record painted cold into Qt's item cache over a kept frame draws only
its label and its data (and its marks), and the frame drawn first is the pixels of drawing
the record's lines top to bottom, as ``QPainter.drawText`` would.
"""

import functools
import itertools

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap, QTransform

from engine.drawing.layout import RECORD
from gui.canvas import node_paint
from gui.canvas.node_design import NodeDesign
from gui.canvas.node_look import BADGE, CENTRE, LEFT, RIGHT, WRITES, node_look
from gui.canvas.node_paint import Look, RecordTexts, draw_look, writes_box
from gui.canvas.node_pictures import NodePictures
from gui.look.palette import DARK, LIGHT

HINTS = QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing


@functools.cache
def _design() -> NodeDesign:
    """The node design (made once a QApplication exists: it measures its fonts)."""
    return NodeDesign()


def _box() -> tuple[float, float, float, float]:
    return (-40.5, -25.25, 81.0, _design().record_height)


def _record(label: str, data: str, grad: str = "—", **kw) -> Look:
    """A record's look: ``kw`` sets its border, palette and its texts' other fields."""
    border, palette = kw.pop("border", "border"), kw.pop("palette", LIGHT)
    fields = {"data_role": "text", "grad_role": "muted", "flashing": False}
    fields |= {"writes": None, "badge": None} | kw
    texts = RecordTexts(label=label, data=data, grad=grad, **fields)
    return Look(RECORD, _box(), border, "node", palette, id(_design()), texts)


def _top_to_bottom(painter: QPainter, look: Look) -> None:
    """A record drawn line by line with ``drawText``: box, rule, flash, label, data, grad."""
    colors, t, r, design = node_look(look.palette), look.texts, QRectF(*look.rect), _design()
    node_paint.draw_box(painter, look)
    label, data, grad = design.record_lines(r)
    painter.setPen(colors.rule)
    rule = design.rule_y(r.top())
    painter.drawLine(QPointF(r.left() + 1, rule), QPointF(r.right() - 1, rule))
    if t.flashing:
        painter.fillRect(grad.adjusted(-2, 0, 2, 0), colors.color["flash"])
    lines = [(label, CENTRE, t.label, "text", True)]
    lines += [(data, LEFT, "data", "muted", False), (data, RIGHT, t.data, t.data_role, False)]
    lines += [(grad, LEFT, "grad", "muted", False), (grad, RIGHT, t.grad, t.grad_role, False)]
    if t.badge is not None:
        badge = QRectF(r.left(), r.top() - design.line - 1, r.width(), design.line)
        lines.append((badge, BADGE, t.badge, "appended", True))
    for rect, align, text, role, bold in lines:
        painter.setPen(colors.color[role])
        painter.setFont(design.bold if bold else design.font)
        painter.drawText(rect, align, text)
    if t.writes is not None:
        painter.setPen(colors.color["written"])
        painter.setFont(design.bold)
        painter.drawText(writes_box(r, t.writes, design), WRITES, t.writes)


def _device(scale: float, phase: float) -> tuple[QPixmap, QTransform]:
    """A transparent pixmap, as Qt's item cache is, and a world transform into it."""
    pixmap = QPixmap(200, 140)
    pixmap.fill(Qt.GlobalColor.transparent)
    world = QTransform.fromScale(scale, scale) * QTransform.fromTranslate(90 + phase, 70 + phase)
    return pixmap, world


def _pixels(draw, scale: float, phase: float, *, into_pixmap: bool = False) -> np.ndarray:
    device, world = _device(scale, phase)
    if not into_pixmap:
        device = QImage(device.size(), QImage.Format.Format_ARGB32_Premultiplied)
        device.fill(Qt.GlobalColor.transparent)
    painter = QPainter(device)
    painter.setRenderHints(HINTS)
    painter.setWorldTransform(world)
    draw(painter)
    painter.end()
    image = device.toImage() if into_pixmap else device
    image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1).copy()


def _looks() -> list[Look]:
    """Records in every colour role, flashing, with marks, in another palette."""
    return [
        _record("w1", "-3.0000"),
        _record("L0.N3.w1*x…", "0.1234", "-1.235e+04", grad_role="text", border="current"),
        _record("gylp()", "—", "0.0000", data_role="muted", grad_role="text", flashing=True),
        _record(
            "b",
            "nan",
            "nan",
            data_role="warning",
            grad_role="warning",
            border="written",
            writes="+= 1  += 1",
            badge="topo[41]",
        ),
        _record("x2", "2.0000", "1.0000", grad_role="text", palette=DARK, badge="topo[3]"),
    ]


@pytest.mark.parametrize("scale", [1.0, 1.8, 1.37])
def test_a_record_drawn_frame_first_is_the_pixels_of_its_lines_top_to_bottom(qtbot, scale):
    for look, phase in itertools.product(_looks(), (0.0, 0.25, 0.73)):
        drawn = _pixels(lambda p, look=look: draw_look(p, look, _design()), scale, phase)
        expected = _pixels(lambda p, look=look: _top_to_bottom(p, look), scale, phase)
        assert np.array_equal(drawn, expected), (look.texts, phase)


def test_records_with_one_frame_draw_only_their_label_and_data_over_its_picture(qtbot, monkeypatch):
    drawn: list[str] = []
    draw_line = node_paint.draw_line

    def counted(painter, r, align, text, design, **kw):
        drawn.append(text)
        draw_line(painter, r, align, text, design, **kw)

    monkeypatch.setattr(node_paint, "draw_line", counted)
    pictures = NodePictures()
    line = _design().line
    bounds = QRectF(*_box()).adjusted(-4, -line - 2, 4, line + 2)
    for scale in (1.0, 1.8):
        looks = [
            _record(name, data) for name, data in (("w1", "-3.0"), ("x2", "0.5"), ("b", "6.9"))
        ]
        looks.append(_record("o", "0.7", "-1.235e+04", grad_role="text"))  # a grad of its own
        for i, look in enumerate(looks):
            drawn.clear()
            boxes = pictures.boxes

            def pictured(painter, look=look):
                assert pictures.paint(painter, bounds, look, _design())

            via_pictures = _pixels(pictured, scale, 0.25, into_pixmap=True)
            lines = list(drawn)
            direct = _pixels(lambda p, look=look: draw_look(p, look, _design()), scale, 0.25)
            assert np.array_equal(via_pictures, direct)
            assert pictures.boxes == boxes + (i > 0)  # the first drew the box, then kept it
            own = [look.texts.label, look.texts.data]
            # A frame without a grad is kept from its first paint (every record of its size
            # has it until the backward pass), so later records draw only their 2 lines; one
            # with a grad of its own is drawn whole, and kept from its second paint
            assert lines == (own if i in (1, 2) else ["data", "grad", look.texts.grad, *own])
