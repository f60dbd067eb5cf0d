"""Node texts drawn from remembered layouts are the pixels ``QPainter.drawText`` draws."""

import itertools

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

from gui.canvas.node_design import LAYOUTS_MAX, NodeDesign
from gui.canvas.node_look import BADGE, CENTRE, LEFT, RIGHT
from gui.canvas.node_paint import draw_line

TEXTS = ("data", "grad", "0.1234", "-1.235e+04", "—", "b", "L0.N3.w1*x…", "topo[41]", "tanh", "**2")


def _pixels(draw, scale: float, phase: float) -> QImage:
    """What ``draw(painter)`` paints, antialiased as the canvas paints, at a zoom and phase."""
    image = QImage(220, 120, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.setWorldTransform(
        QTransform.fromScale(scale, scale) * QTransform.fromTranslate(phase, 40 + phase * 0.7)
    )
    painter.setPen(QColor("#123456"))
    draw(painter)
    painter.end()
    return image


@pytest.mark.parametrize("scale", [1.0, 1.8, 1.37, 2.0, 0.6])
def test_a_line_from_its_layout_is_the_pixels_drawtext_draws(qtbot, scale):
    design = NodeDesign()
    # the rects' tops include ones on the rasteriser's grid and off it, in any phase
    for text, align, bold, top, phase in itertools.product(
        TEXTS, (CENTRE, LEFT, RIGHT, BADGE), (False, True), (2.1, -20.1234, 7.5), (0, 0.25, 0.73)
    ):
        rect = QRectF(3.3, top, 90.0, design.line)

        def direct(painter, text=text, rect=rect, align=align, bold=bold):
            painter.setFont(design.bold if bold else design.font)
            painter.drawText(rect, align, text)

        def from_layout(painter, text=text, rect=rect, align=align, bold=bold):
            draw_line(painter, rect, align, text, design, bold=bold)

        assert _pixels(from_layout, scale, phase) == _pixels(direct, scale, phase), (text, align)


def test_a_line_that_drawtext_would_clip_is_drawn_by_drawtext(qtbot):
    design = NodeDesign()
    for text, width in (("a label far wider than its box", 40.0), ("αβγ", 90.0), ("x", 6.0)):
        rect = QRectF(3.3, 2.1, width, design.line)

        def direct(painter, text=text, rect=rect):
            painter.setFont(design.font)
            painter.drawText(rect, CENTRE, text)

        def drawn(painter, text=text, rect=rect):
            draw_line(painter, rect, CENTRE, text, design)

        assert _pixels(drawn, 1.8, 0.25) == _pixels(direct, 1.8, 0.25)


def test_each_text_is_laid_out_once_and_the_layouts_stay_bounded(qtbot):
    design = NodeDesign()
    first = design.text_layout("0.1234")
    assert design.text_layout("0.1234") is first
    assert design.text_layout("0.1234", bold=True) is not first
    for i in range(LAYOUTS_MAX + 10):
        design.text_layout(str(i))
    assert len(design._layouts) <= LAYOUTS_MAX
