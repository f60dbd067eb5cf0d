"""Node sizes come from the measured text each record will ever show, measured on demand."""

from PySide6.QtGui import QFontMetricsF

from engine.drawing.node_sizes import fmt4, widest_texts
from engine.sources.examples import get_example
from engine.trace.timeline import Timeline
from engine.trace.trace import record
from gui.canvas.node_design import MeasuredOnDemand, NodeDesign


def _trace(name):
    built = get_example(name).build()
    return record(built.root, params=list(built.params) or None, lr=built.lr)


def test_every_number_a_record_shows_at_any_step_fits_its_box(qtbot):
    trace = _trace("tree-two-layer")
    design = NodeDesign()
    sizes = design.sizes(trace)
    fm = QFontMetricsF(design.font)
    room = [sizes.record_width[v] - 2 * design.pad - design.caption_width for v in range(13)]
    timeline = Timeline(trace)
    for position in range(len(timeline) + 1):
        timeline.seek(position)
        for v in range(len(trace.graph)):
            for x in (timeline.data[v], timeline.grad[v]):
                assert fm.horizontalAdvance(fmt4(x)) <= room[v] + 0.5


def test_the_widest_texts_include_each_write_line_of_a_plus_a():
    *_, writes = widest_texts(_trace("accumulate"))
    assert writes[0] == "+= 1  += 1"  # b = a + a: two contributions in one step


def test_widths_are_measured_only_when_the_layout_asks():
    asked = []
    widths = MeasuredOnDemand(5, lambda v: asked.append(v) or 10.0 * v)
    assert widths[3] == 30.0 and widths[3] == 30.0 and widths[-1] == 40.0
    assert asked == [3, 4] and len(widths) == 5
