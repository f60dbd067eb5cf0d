"""Step texts read as the maths they show: signs, brackets and names never mislead."""

from engine.autograd.value import Value
from engine.trace.trace import BackwardStep, record


def backward_texts(root):
    trace = record(root)
    return [trace[i].text for i in range(len(trace)) if isinstance(trace[i], BackwardStep)]


def test_a_negative_quotient_is_bracketed_after_the_minus():
    a, b = Value(-3.0, label="a"), Value(4.0, label="b")
    q = a / b
    q.label = "q"
    (text,) = [t for t in backward_texts(q) if t.startswith("q._backward()")]
    assert "b.grad += -q.data / b.data * q.grad = -(-0.75) / 4.0 * 1.0 → 0.1875" in text
    assert "--" not in text


def test_a_node_named_by_an_expression_is_bracketed_before_backward():
    x1, w1, x2, w2 = (Value(v, label=n) for v, n in ((2.0, "x1"), (-3.0, "w1"), (0.0, "x2"), (1.0, "w2")))  # fmt: skip
    s = x1 * w1 + x2 * w2
    s.label = "x1*w1 + x2*w2"
    out = s.tanh()
    out.label = "o"
    texts = backward_texts(out)
    assert any(t.startswith("(x1*w1 + x2*w2)._backward()  [+]") for t in texts)
    assert "x1*w1 + x2*w2._backward()" not in "".join(texts)


def test_a_negative_base_is_bracketed_where_a_power_is_created_and_differentiated():
    x = Value(-2.0, label="x")
    y = x**3
    y.label = "y"
    trace = record(y)
    assert trace[1].text == "y = x**3 = (-2.0)**3 → -8.0"
    (text,) = backward_texts(y)[:1]
    assert "x.grad += 3 * x.data**2 * y.grad = 3 * (-2.0)**2 * 1.0 → 12.0" in text
