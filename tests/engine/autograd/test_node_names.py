"""Nodes without a label are named by their op and inputs, short and unique."""

from engine.autograd.graph import Graph
from engine.autograd.value import Value


def names_of(root):
    graph = Graph.from_root(root)
    return dict(zip(graph.nodes, graph.names, strict=True)), graph


def test_unlabelled_nodes_are_named_by_op_and_inputs():
    a, b, n = Value(2.0, label="a"), Value(3.0, label="b"), Value(0.5, label="n")
    product, total, t = a * b, a + b, n.tanh()
    power, negated, quotient = a**2, -b, a / b
    root = product + total + t + power + negated + quotient
    names, _ = names_of(root)
    assert [names[v] for v in (product, total, t, power, negated, quotient)] == [
        "a*b", "a + b", "tanh(n)", "a**2", "-b", "a/b",
    ]  # fmt: skip


def test_made_names_bracket_by_precedence():
    a, b, c = Value(1.0, label="a"), Value(2.0, label="b"), Value(3.0, label="c")
    s = (a + b) * c
    d = a - (b - c)
    p = (a * b) ** 2
    names, _ = names_of(s + d + p)
    assert names[s] == "(a + b)*c"
    assert names[d] == "a - (b - c)"
    assert names[p] == "(a*b)**2"
    assert names[s._prev[0]] == "a + b"


def test_unnamed_inputs_long_names_and_repeats_fall_back_to_op_and_id():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    with_constant = a * 2.0  # the 2.0 is an unlabelled leaf
    first, again = a * b, a * b  # the same name twice: the second is told apart by its id
    long = Value(1.0, label="a_rather_long_name") * Value(2.0, label="another_long_one")
    root = with_constant + first + again + long
    names, graph = names_of(root)
    ids = {v: i for i, v in enumerate(graph.nodes)}
    assert names[with_constant] == f"mul{ids[with_constant]}"
    assert names[first] == "a*b"
    assert names[again] == f"mul{ids[again]}"
    assert names[long] == f"mul{ids[long]}"
    assert len(set(graph.names)) == len(graph.names)
