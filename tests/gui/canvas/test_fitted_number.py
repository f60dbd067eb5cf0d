"""A number wider than its record's room (live training numbers) is shown with fewer digits."""

from PySide6.QtGui import QImage, QPainter

from gui.canvas.node_look import fitted_number


def _painter() -> tuple[QImage, QPainter]:
    image = QImage(200, 50, QImage.Format.Format_ARGB32)
    return image, QPainter(image)


def test_a_number_that_fits_keeps_its_four_digits(qapp):
    _image, painter = _painter()  # the image must outlive the painter
    try:
        assert fitted_number(painter, -0.02532, 500.0) == "-0.02532"
        assert fitted_number(painter, None, 500.0) == "—"
    finally:
        painter.end()


def test_a_number_too_wide_for_its_room_loses_digits_until_it_fits(qapp):
    _image, painter = _painter()  # the image must outlive the painter
    try:
        metrics = painter.fontMetrics()
        room = metrics.horizontalAdvance("-0.025")
        text = fitted_number(painter, -0.02532, room)
        assert metrics.horizontalAdvance(text) <= room
        assert text == "-0.025"  # 2 significant digits: 3 ("-0.0253") are too wide
    finally:
        painter.end()
