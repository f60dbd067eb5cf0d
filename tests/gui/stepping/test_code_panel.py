"""The code panel shows the engine source that runs, its line with numbers, and the DFS."""

import itertools

import micrograd.engine as mg
import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from engine.autograd.nn import MLP
from engine.autograd.value import Value
from engine.explain.code_source import code_view
from engine.sources.built import BuiltGraph
from engine.sources.examples import get_example
from engine.trace.trace import BACKWARD, TOPO, UPDATE, BackwardStep
from gui.models.step_session import StepSession
from gui.stepping import code_panel
from gui.stepping.code_panel import CodePanel
from gui.stepping.source_editors import KEEP, SourceEditors


def panel_for(qtbot, root, **load):
    session = StepSession()
    assert session.load(BuiltGraph(root, **load))
    panel = CodePanel(session)
    qtbot.addWidget(panel)
    return session, panel


@pytest.fixture
def neuron(qtbot):
    return panel_for(qtbot, get_example("neuron").build().root)


def seek_to_event(session, predicate):
    """Step until the current event matches."""
    session.reset()
    while session.step():
        if predicate(session.timeline):
            return session.timeline.current
    raise AssertionError("no such event")


def test_before_anything_runs_it_says_to_step(neuron):
    _, panel = neuron
    assert "Step forward" in panel.source_text()
    assert panel.numbers_text() == ""


def test_forward_shows_the_op_method_with_out_line_highlighted(neuron):
    session, panel = neuron
    names = session.timeline.graph.names
    seek_to_event(session, lambda t: names[t.current.node] == "x1*w1")
    assert "def __mul__" in panel.source_text()
    assert panel.highlighted_lines() == [
        '    out = Value(self.data * other.data, (self, other), "*")'
    ]
    assert panel.numbers_text() == "x1*w1 = x1 * w1 = 2.0 * -3.0 → -6.0"


def test_topological_sort_shows_build_topo_and_a_growing_dfs(neuron):
    session, panel = neuron
    session.seek_phase_start(TOPO)
    assert "def build_topo(v):" in panel.source_text()
    assert panel.highlighted_lines() == ["        visited.add(v)"]
    assert "stack:   [o]" in panel.dfs_text()
    session.step()
    assert "stack:   [o, n]" in panel.dfs_text()
    seek_to_event(session, lambda t: t.phase == TOPO and t.topo)
    assert panel.highlighted_lines() == ["        topo.append(v)"]
    assert "topo:    [x1]" in panel.dfs_text()
    session.seek_phase_start(BACKWARD)
    assert panel.dfs_text() == ""


def test_backward_step_shows_the_closure_and_the_numbers(neuron):
    session, panel = neuron
    names = session.timeline.graph.names
    seek_to_event(
        session,
        lambda t: isinstance(t.current, BackwardStep) and names[t.current.node] == "x1*w1",
    )
    first = panel.source_text().splitlines()[0]
    assert first.startswith("def ") and "_backward(out" in first
    assert panel.highlighted_lines() == [
        "    self.grad += other.data * out.grad",
        "    other.grad += self.data * out.grad",
    ]
    first, second = panel.numbers_text().splitlines()
    assert first.startswith("x1.grad += w1.data * ") and first.endswith("= -3.0 * 1.0 → -3.0")
    assert second.startswith("w1.grad += x1.data * ") and second.endswith("= 2.0 * 1.0 → 2.0")


def test_seed_shows_backward_with_the_grad_set_to_one(neuron):
    session, panel = neuron
    session.seek_phase_start(BACKWARD)
    assert "def backward(self)" in panel.source_text()
    assert panel.highlighted_lines() == ["    self.grad = 1.0"]
    assert panel.numbers_text() == "o.grad = 1.0"


def test_a_leaf_backward_is_shown_doing_nothing(neuron):
    session, panel = neuron
    session.seek_end()
    assert "is a leaf" in panel.title.text()
    assert panel.numbers_text() == "x1._backward(): leaf, nothing to do"


def test_a_foreign_engine_shows_its_own_backward_closure(qtbot):
    a, b = mg.Value(2.0), mg.Value(-3.0)
    session, panel = panel_for(qtbot, a * b)
    seek_to_event(session, lambda t: isinstance(t.current, BackwardStep) and t.current.op == "*")
    assert "def _backward():" in panel.source_text()
    assert "micrograd" in panel.title.text() + panel.title.toolTip()
    assert "    self.grad += other.data * out.grad" in panel.highlighted_lines()


def test_update_shows_the_gradient_descent_line(qtbot):
    model = MLP(2, [1])
    loss = model([Value(1.0), Value(2.0)])
    session, panel = panel_for(qtbot, loss, params=model.parameters(), lr=0.1)
    session.seek_phase_start(UPDATE)
    assert panel.highlighted_lines() == ["    p.data += -lr * p.grad"]
    assert "-0.1" in panel.numbers_text() or "0.1" in panel.numbers_text()


def test_compact_mode_keeps_only_the_numbers(neuron):
    session, panel = neuron
    panel.show()
    session.step()
    panel.set_compact(True)
    assert not panel.source.isVisible()
    assert panel.numbers.isVisible() and panel.numbers_text()


def test_long_dfs_lines_keep_the_newest_entries_within_the_panel(qtbot):
    session, panel = panel_for(qtbot, get_example("lecture-mlp").build().root)
    panel.resize(700, 400)
    panel.show()
    seek_to_event(session, lambda t: t.phase == TOPO and len(t.topo) > 200)
    metrics = panel.dfs.fontMetrics()
    lines = panel.dfs_text().splitlines()
    assert all(metrics.horizontalAdvance(line) <= panel.width() for line in lines)
    names = session.timeline.trace.names
    newest = names[session.timeline.topo[-1]]
    assert lines[2].startswith("topo:    [… ") and lines[2].endswith(f"{newest}]")


def test_stepping_makes_one_editor_per_distinct_source_and_shows_each_line(qtbot):
    session, panel = panel_for(qtbot, get_example("lecture-mlp").build().root)
    panel.show()
    sources = set()
    for _ in range(150):  # forward: leaves, products, sums and tanh, interleaved
        session.step()
        view = code_view(session.timeline)
        sources.add(view.lines)
        assert panel.source_text() == "\n".join(view.lines)
        assert panel.highlighted_lines() == [view.lines[i] for i in view.highlight]
    assert 2 <= len(sources) <= KEEP
    assert panel.sources.made == len(sources) + 1  # and the view before the first step


def test_a_source_shown_again_takes_the_font_the_editors_have_now(neuron):
    session, panel = neuron
    panel.show()
    seek_to_event(session, lambda t: t.graph.ops[t.current.node] == "*")
    mul = panel.source
    seek_to_event(session, lambda t: t.graph.ops[t.current.node] == "+")
    assert panel.source is not mul and not mul.isVisible()  # another function's, kept
    panel.set_compact(True)  # presenting: larger fonts
    panel.set_compact(False)
    font = QFont(panel.source.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    panel.sources.setFont(font)
    seek_to_event(session, lambda t: t.graph.ops[t.current.node] == "*")
    assert panel.source is mul
    assert mul.font() == font and mul.document().defaultFont() == font


def test_only_the_newest_sources_are_kept(qtbot):
    editors = SourceEditors()
    qtbot.addWidget(editors)
    for n in range(KEEP + 3):
        assert editors.show_lines((f"line {n}",))
    assert not editors.show_lines((f"line {KEEP + 2}",))  # shown already: nothing to swap
    assert editors.made == KEEP + 3
    assert len(editors.findChildren(QPlainTextEdit)) <= KEEP + 3  # the dropped: deleted later
    editors.show_lines(("line 0",))  # dropped as the oldest: made again
    assert editors.made == KEEP + 4
    assert editors.editor().toPlainText() == "line 0"


def test_a_step_settles_the_lines_once_and_the_editor_only_for_new_lines_or_marks(
    qtbot, monkeypatch
):
    session, panel = panel_for(qtbot, get_example("lecture-mlp").build().root)
    panel.add_line(QLabel("what went wrong"))  # as the window adds the problem note
    panel.resize(700, 400)
    panel.show()
    qtbot.waitExposed(panel)
    settled, editor_settled = [], []
    settle = panel.lines_area.settle
    monkeypatch.setattr(panel.lines_area, "settle", lambda: (settled.append(1), settle()))
    show = code_panel.show_scroll_bars
    monkeypatch.setattr(
        code_panel, "show_scroll_bars", lambda area: (editor_settled.append(area), show(area))
    )
    session.seek_phase_start(UPDATE)  # one line, marked again and again, then the next passes
    settled.clear()
    editor_settled.clear()
    views = []
    for _ in range(30):
        session.step()
        views.append((panel._view.lines, panel._view.highlight))
    assert len(settled) == 30  # once a step, by the added line's handler
    new = sum(a != b for a, b in itertools.pairwise(views))
    assert 0 <= new < 10, new  # updates stay on one line
    assert len([a for a in editor_settled if a is panel.source]) <= new + 1
