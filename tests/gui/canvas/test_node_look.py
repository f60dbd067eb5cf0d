"""A palette's pens, brushes and colours are made once and shared by every node's paint."""

from PySide6.QtGui import QColor

from gui.canvas.node_look import BORDER_WIDTHS, node_look
from gui.look.palette import DARK, HIGH_CONTRAST, LIGHT


def test_one_palette_gives_one_look_made_once():
    assert node_look(LIGHT) is node_look(LIGHT)
    assert node_look(LIGHT) is not node_look(DARK)


def test_the_look_holds_the_palettes_colours_and_border_widths():
    for pal in (LIGHT, DARK, HIGH_CONTRAST):
        look = node_look(pal)
        assert look.color["text"] == QColor(pal.text)
        assert look.fill["node"].color() == QColor(pal.node)
        assert look.rule.color() == QColor(pal.muted) and look.rule.widthF() == 1
        for role, width in BORDER_WIDTHS.items():
            pen = look.border[role]
            assert pen.color() == QColor(getattr(pal, role)) and pen.widthF() == width
