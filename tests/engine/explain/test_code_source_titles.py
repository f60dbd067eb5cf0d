"""The code panel's titles name the node running, bracketed where its name is an expression."""

from engine.autograd.value import Value
from engine.explain.code_source import code_view
from engine.trace.timeline import Timeline
from engine.trace.trace import BackwardStep, record


def test_the_code_panel_title_brackets_a_node_named_by_an_expression():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    s = a * b + a
    s.label = "a*b + a"
    out = s.tanh()
    out.label = "o"
    timeline = Timeline(record(out))
    trace = timeline.trace
    position = next(i for i in range(len(trace)) if isinstance(trace[i], BackwardStep)
                    and trace.names[trace[i].node] == "a*b + a")  # fmt: skip
    timeline.seek(position + 1)
    assert code_view(timeline).title == "(a*b + a)._backward()  [+]"
