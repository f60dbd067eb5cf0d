"""A node painted for the first time (most of a far follow jump's) measures and makes little.

Counted, not timed: a record's look sets no font and measures no text when its label and
numbers fit their room, its lines are made once per box, and a picture's place is found
from the painter's transform read once; the pixels are those of before.
"""

import itertools

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap, QTransform

from engine.drawing.layout import RECORD
from engine.sources.examples import get_example
from gui.canvas.node_design import NodeDesign
from gui.canvas.node_paint import BOX_MARGIN
from gui.canvas.node_pictures import _edges, _place, _place_in, _zoom
from tests.gui.canvas.views import shown_view


class CountingPainter(QPainter):
    """A painter that counts the fonts set on it and the metrics asked of it."""

    def __init__(self, device) -> None:
        super().__init__(device)
        self.fonts_set = self.metrics_asked = 0

    def setFont(self, font) -> None:
        """Count, then set."""
        self.fonts_set += 1
        super().setFont(font)

    def fontMetrics(self):
        """Count, then measure."""
        self.metrics_asked += 1
        return super().fontMetrics()


def _records(qtbot):
    session, view = shown_view(qtbot, get_example("lecture-mlp").build(), look_ahead=False)
    session.seek(60)  # forward: records greyed, created, current
    return view, [n for n in view.nodes if n.kind == RECORD]


def test_a_records_first_look_sets_no_font_and_measures_nothing_when_its_texts_fit(qtbot):
    view, records = _records(qtbot)
    design, pixmap, fitting = view.design, QPixmap(200, 100), 0
    for item in records:
        item._label = None  # as never painted
        painter = CountingPainter(pixmap)
        texts = item.look(painter).texts
        painter.end()
        label_box, data_box, _ = design.lines_of(item._box)
        room = data_box.width() - design.caption_width
        name = view.state.names[item.value]
        # A label or number a pixel or less from its room is measured, in the painter's font
        if design.text_width(name, bold=True) <= int(label_box.width()) - 1 and all(
            design.text_width(t) <= room - 1 for t in (texts.data, texts.grad)
        ):
            fitting += 1
            assert texts.label == name
            assert (painter.fonts_set, painter.metrics_asked) == (0, 0), name
    assert fitting > len(records) / 2


def test_a_label_too_long_for_its_room_is_elided_as_elidedtext_elides(qtbot):
    view, records = _records(qtbot)
    item = records[0]
    item.state.names = tuple(f"{name} and a much longer tail" for name in item.state.names)
    item._label = None
    pixmap = QPixmap(200, 100)
    painter = QPainter(pixmap)
    label = item.look(painter).texts.label
    painter.setFont(view.design.bold)
    room = int(view.design.lines_of(item._box)[0].width())
    expected = painter.fontMetrics().elidedText(
        item.state.names[item.value], Qt.TextElideMode.ElideRight, room
    )
    painter.end()
    assert label == expected
    assert label.endswith("…")


def test_a_records_lines_are_made_once_per_box_and_are_its_record_lines(qtbot):
    design = NodeDesign()
    box = (-53.5, -25.4296875, 107.0, 50.859375)
    lines = design.lines_of(box)
    assert design.lines_of(box) is lines  # made once, shared
    assert lines == design.record_lines(QRectF(*box))
    # where a record's lines lie, written out (record_lines asks lines_of itself)
    x, w, line = box[0] + design.pad, box[2] - 2 * design.pad, design.line
    top = box[1] + 3
    label, data, grad = lines
    assert label == QRectF(x, top, w, line)
    assert data == QRectF(x, top + line + 3, w, line)
    assert grad == QRectF(x, top + 2 * line + 3, w, line)


def test_a_picture_placed_from_the_transform_read_once_has_the_key_of_placing_it_anew():
    m = BOX_MARGIN
    boxes = [(-53.5, -25.4296875, 107.0, 50.859375), (-46.0, -25.4296875, 92.0, 50.859375)]
    transforms = [
        QTransform.fromScale(s, s) * QTransform.fromTranslate(dx, dy)
        for s, dx, dy in itertools.product((1.0, 1.8, 11 / 12), (58.0, 57.3), (42.0, 41.999999999))
    ]
    for (x, y, w, h), world in itertools.product(boxes, transforms):
        bounds = QRectF(x, y, w, h).adjusted(-m, -m, m, m)
        edges = (x - m, y - m, (x - m) + ((w + m) + m), (y - m) + ((h + m) + m))  # as _draw does
        assert edges == _edges(bounds)
        assert _place_in(_zoom(world), edges, ("look",), 3) == _place(world, bounds, ("look",), 3)
    assert _zoom(QTransform().rotate(10)) is None  # not a plain zoom: nodes paint directly
