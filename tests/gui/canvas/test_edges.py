from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath

from gui.canvas.edge_strokes import GREYED, GREYED_ALPHA, HOT, stroke_thin, style_colors
from gui.look.palette import DARK, LIGHT


def _ink_across(scale: float, *, steep: bool = False) -> float:
    """How many device pixels of black a thin stroke at ``scale`` lays across it.

    A level stroke measured down across its middle, or a vertical one (``steep``) measured
    from left to right.
    """
    image = QImage(80, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.scale(scale, scale)
    path = QPainterPath()
    path.moveTo(*((10.0, 2) if steep else (2, 10.0)))
    path.lineTo(*((10.0, 30) if steep else (30, 10.0)))
    stroke_thin(painter, path, QColor("black"), scale, steep=steep)
    painter.end()
    at = (lambda i: image.pixel(i, 20)) if steep else (lambda i: image.pixel(20, i))
    return sum(1 - QColor(at(i)).lightnessF() for i in range(80))


def test_a_thin_edge_is_one_device_pixel_at_1_to_1_and_thicker_when_presented():
    assert 0.8 < _ink_across(1.0) < 1.2
    assert 1.7 < _ink_across(1.8) < 2.3  # about NORMAL_WIDTH (1.2) scene px at 1.8


def test_a_steep_thin_edge_is_thickened_sideways_as_much_as_a_level_one_downwards():
    assert 0.8 < _ink_across(1.0, steep=True) < 1.2
    assert 1.7 < _ink_across(1.8, steep=True) < 2.3


def test_greyed_edges_are_their_colour_pre_blended_over_the_background():
    for pal in (LIGHT, DARK):
        colors = style_colors(pal)
        edge, background = QColor(pal.edge), QColor(pal.background)
        greyed = colors[GREYED]
        expected = background.red() + (edge.red() - background.red()) * GREYED_ALPHA
        assert abs(greyed.red() - expected) <= 1 and greyed.alpha() == 255
        assert colors[HOT].name() == pal.written and colors[0].name() == pal.edge
