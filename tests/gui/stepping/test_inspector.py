"""The inspector shows the selected node: values, local derivative, neighbours, grad check."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from engine.autograd.value import Value
from engine.sources.built import BuiltGraph
from engine.sources.examples import get_example
from engine.trace.trace import BACKWARD, FORWARD, TOPO
from gui.models.step_session import StepSession
from gui.stepping.inspector import CHECK_AFTER_BACKWARD, NOT_COMPUTED, Inspector
from gui.stepping.text_rows import TextRows
from tests.engine import foreign_engines as foreign
from tests.engine.explain.check_passes import count_passes


@pytest.fixture
def inspector(qtbot):
    session = StepSession()
    session.load(get_example("neuron").build())
    widget = Inspector(session)
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    return session, widget


def node(session, name):
    return session.timeline.graph.names.index(name)


def first_line(widget, row):
    """A point on the first word of a row's text (its first link)."""
    rect = widget.rows.text_rect(getattr(widget, row))
    return QPoint(rect.left() + 6, rect.top() + 5)


def test_nothing_selected_says_so_with_a_hint_not_empty_fields_then_follows_the_step(inspector):
    session, widget = inspector
    assert "No node selected" in widget.heading.text()
    assert widget.hint.isVisible() and "Click a node" in widget.hint.text()
    assert not widget.fields_shown()
    session.step()
    assert widget.fields_shown() and not widget.hint.isVisible()
    assert widget.heading.text() == "x1   (current step)"
    assert widget.data_row.text() == "2.0"


def test_grad_is_not_computed_until_backward_reaches_it(inspector):
    session, widget = inspector
    session.select(node(session, "w1"))
    assert widget.heading.text() == "w1"
    assert widget.data_row.text() == NOT_COMPUTED
    session.seek_phase_end(TOPO)
    assert widget.data_row.text() == "-3.0"
    assert widget.grad_row.text() == NOT_COMPUTED
    session.seek_phase_end(BACKWARD)
    assert widget.grad_row.text() == "2.0"
    session.back()
    session.back()
    session.back()
    assert widget.grad_row.text() == NOT_COMPUTED


def test_local_derivative_is_written_with_numbers(inspector):
    session, widget = inspector
    session.seek_end()
    session.select(node(session, "o"))
    assert widget.op_row.text() == "tanh"
    assert widget.derivative_row.text() == "∂o/∂n = 1 − out² = 1 − 0.0² = 1.0"
    session.select(node(session, "x1*w1"))
    assert widget.derivative_row.text().splitlines() == [
        "∂(x1*w1)/∂x1 = w1.data = -3.0",
        "∂(x1*w1)/∂w1 = x1.data = 2.0",
    ]


def test_numerical_gradient_matches_backprop(inspector):
    session, widget = inspector
    session.seek_end()
    session.select(node(session, "x1"))
    assert widget.check_row.text() == "-3.0  ✓ matches backprop -3.0 (end of backward)"


def test_no_grad_check_verdict_before_backprop_computes_the_grad(inspector):
    session, widget = inspector
    session.select(node(session, "x1"))
    for position in (0, 5, len(session.timeline.trace.phase_range(TOPO)) + 10):
        session.seek(position)
        assert session.timeline.grad[node(session, "x1")] is None
        assert widget.check_row.text() == CHECK_AFTER_BACKWARD
        assert not widget.check_button.isVisible()
    session.seek_phase_end(BACKWARD)
    assert "✓ matches backprop" in widget.check_row.text()


def test_a_wrong_backward_fails_the_check(qtbot):
    a, b = Value(2.0, label="a"), Value(5.0, label="b")
    out = a * b
    original = out._grad_fn

    def buggy(o):
        original(o)
        a.grad *= 2

    out._grad_fn = buggy
    session = StepSession()
    session.load(BuiltGraph(out))
    widget = Inspector(session)
    qtbot.addWidget(widget)
    session.seek_end()
    session.select(0)
    assert "✗ differs from backprop 10.0" in widget.check_row.text()


def test_clicking_a_parent_link_selects_it(qtbot, inspector):
    session, widget = inspector
    session.select(node(session, "x1"))
    assert "x1*w1" in widget.parents_row.text()
    qtbot.mouseClick(widget.rows, Qt.MouseButton.LeftButton, pos=first_line(widget, "parents_row"))
    assert session.selected == node(session, "x1*w1")
    assert widget.heading.text() == "x1*w1"


def test_clicking_an_input_link_selects_it(qtbot, inspector):
    session, widget = inspector
    session.select(node(session, "o"))
    qtbot.mouseClick(widget.rows, Qt.MouseButton.LeftButton, pos=first_line(widget, "children_row"))
    assert session.selected == node(session, "n")


def _x7_of_a_long_sum(qtbot, terms: int, size: tuple[int, int] | None = None):
    """An inspector on x7 of ``s = 0 + x0*2 + x1*2 + ...`` (over the automatic check's size)."""
    total = Value(0.0, label="s")
    for i in range(terms):
        total = total + Value(float(i), label=f"x{i}") * 2.0
    session = StepSession()
    session.load(BuiltGraph(total))
    widget = Inspector(session)
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(*size)
    widget.show()
    session.seek_end()
    session.select(session.timeline.trace.names.index("x7"))
    return widget


def test_a_big_graph_is_checked_when_the_button_is_clicked(qtbot):
    widget = _x7_of_a_long_sum(qtbot, 1600)
    assert widget.check_row.text() == ""
    assert widget.check_button.isVisible()
    qtbot.mouseClick(widget.check_button, Qt.MouseButton.LeftButton)
    numeric, rest = widget.check_row.text().split("  ", 1)
    assert float(numeric) == pytest.approx(2.0, rel=1e-4)
    assert rest.startswith("✓ matches backprop 2.0")
    assert not widget.check_button.isVisible()


def _inspect(qtbot, root):
    session = StepSession()
    session.load(BuiltGraph(root))
    widget = Inspector(session)
    qtbot.addWidget(widget)
    session.seek_end()
    return session, widget


def test_an_unknown_op_that_cannot_be_rerun_says_why_in_plain_words(qtbot):
    session, widget = _inspect(qtbot, foreign.sine_of_product(foreign.HiddenSinScalar))
    session.select(node(session, "x"))
    assert widget.check_row.text() == (
        "not checkable: the way to the root goes through s: op 'sine' is not in gradstep's "
        "op table, and HiddenSinScalar has no method 'sine' to re-run it"
    )
    session.select(node(session, "s"))
    assert widget.derivative_row.text() == (
        "∂s/∂(x*w): cannot be measured: op 'sine' is not in gradstep's op table, "
        "and HiddenSinScalar has no method 'sine' to re-run it"
    )


def test_an_unknown_op_is_measured_by_rerunning_its_method(qtbot):
    session, widget = _inspect(qtbot, foreign.sine_of_product(foreign.SinScalar))
    session.select(node(session, "s"))
    line = widget.derivative_row.text()
    assert line.startswith("∂s/∂(x*w) ≈ 0.169967 (measured by re-running SinScalar.sin)")
    session.select(node(session, "x"))
    assert "✓ matches backprop" in widget.check_row.text()


def test_a_pow_without_a_visible_exponent_says_where_it_would_look(qtbot):
    x = foreign.HiddenPowerScalar(3.0, label="x")
    out = x**2 * foreign.HiddenPowerScalar(1.0, label="k")
    out.label = "out"
    session, widget = _inspect(qtbot, out)
    session.select(node(session, "x"))
    text = widget.check_row.text()
    assert text.startswith("not checkable: the way to the root goes through pow")
    assert "op 'pow' has one input and keeps its exponent where gradstep cannot see it" in text


def test_a_node_used_by_a_whole_batch_lists_a_few_links_and_how_many_more(qtbot):
    w = Value(0.5, label="w")
    total = Value(0.0, label="s0")
    for i in range(40):
        total = total + w * Value(float(i), label=f"x{i}")
    session, widget = _inspect(qtbot, total)
    session.select(node(session, "w"))
    text = widget.parents_row.text()
    assert text.count("<a href") == 12
    assert text.endswith("… and 28 more")


@pytest.mark.parametrize("height", [700, 200])
@pytest.mark.parametrize("phase", [FORWARD, BACKWARD])
def test_each_new_row_text_is_laid_out_once_per_step(qtbot, phase, height):
    """Fitting or scrolling: no text is laid out again for the sizes the layouts ask."""
    session = StepSession()
    session.load(get_example("lecture-mlp").build())
    widget = Inspector(session)
    qtbot.addWidget(widget)
    widget.resize(300, height)
    widget.show()
    qtbot.waitExposed(widget)
    session.seek_phase_start(phase)
    session.step()
    QApplication.processEvents()
    rows, new_texts = widget.rows, 0
    laid = rows.layouts
    for _ in range(30):
        texts = [row.text() for row in rows.rows]
        session.step()
        QApplication.processEvents()
        new_texts += sum(text != row.text() for text, row in zip(texts, rows.rows, strict=True))
    assert new_texts >= 30
    assert rows.layouts - laid == new_texts


def test_the_check_button_sits_under_the_texts_beside_or_under_their_titles(qtbot):
    widget = _x7_of_a_long_sum(qtbot, 1100, size=(400, 500))
    button, rows = widget.check_button, widget.rows
    for width in (400, 160, 400):
        widget.resize(width, 500)
        QApplication.processEvents()
        assert button.isVisible()
        assert (
            button.mapTo(widget, QPoint()).x()
            == rows.mapTo(widget, QPoint()).x() + rows.text_left()
        )
    widget.resize(160, 500)
    QApplication.processEvents()
    assert rows.text_left() == 0, (
        widget.width(),
        rows.width(),
        widget.minimumSizeHint(),
        rows.minimumSizeHint(),
    )


def test_stepping_through_zeroing_and_backward_checks_in_a_few_passes(qtbot, monkeypatch):
    passes = count_passes(monkeypatch)
    session = StepSession()
    session.load(get_example("lecture-mlp").build())
    widget = Inspector(session)
    qtbot.addWidget(widget)
    session.seek_phase_start(BACKWARD)
    steps = len(session.timeline.trace.phase_range(BACKWARD))
    for _ in range(steps):
        session.step()
        assert "matches backprop" in widget.check_row.text()
    # 360 nodes, 128 a pass: the nodes of the steps ahead go along (before: 26 passes)
    assert len(passes) == 3


def _lecture_at_backward(qtbot):
    """An inspector shown on the lecture MLP, at the start of its backward phase."""
    session = StepSession()
    session.load(get_example("lecture-mlp").build())
    widget = Inspector(session)
    qtbot.addWidget(widget)
    widget.show()
    session.seek_phase_start(BACKWARD)
    return session, widget


def test_a_step_places_the_rows_once_the_check_among_them(qtbot, monkeypatch):
    relays = []
    real = TextRows._relay
    monkeypatch.setattr(
        TextRows, "_relay", lambda self, rows: (relays.append(rows), real(self, rows))
    )
    session, _widget = _lecture_at_backward(qtbot)
    for _ in range(20):
        relays.clear()
        session.step()
        assert len(relays) == 1  # before: a second time for the check's verdict


def test_put_away_it_neither_fills_nor_checks_and_shows_the_current_step_again(qtbot, monkeypatch):
    passes = count_passes(monkeypatch)
    session, widget = _lecture_at_backward(qtbot)
    session.step()
    shown, checked = widget.heading.text(), len(passes)
    widget.hide()  # as presenting does
    for _ in range(40):
        session.step()
    assert widget.heading.text() == shown and len(passes) == checked
    widget.show()
    name = session.timeline.trace.names[session.timeline.current.node]
    assert widget.heading.text() == f"{name}   (current step)"
    assert "matches backprop" in widget.check_row.text()
