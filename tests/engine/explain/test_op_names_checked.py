"""Ops under the names users give them ('mul', 'add', 'pow', '**') are checked like '*', '+', '**k'."""

import math

from engine.explain.gradcheck import ALL, check_gradients
from engine.trace.trace import BackwardStep, record
from tests.engine import foreign_engines as foreign


def loss(cls):
    """``L = (x*w + b)**2`` built with ``cls``: a product, a sum and a power."""
    x, w, b = cls(2.0, label="x"), cls(-3.0, label="w"), cls(1.5, label="b")
    n = x * w + b
    n.label = "n"
    out = n**2
    out.label = "L"
    return out


def step_lines(root):
    trace = record(root)
    return [line for i in range(len(trace)) if isinstance(e := trace[i], BackwardStep)
            for line in e.lines]  # fmt: skip


def test_named_ops_are_stepped_with_their_textbook_lines_and_no_false_alarm():
    lines = step_lines(loss(foreign.NamedOpScalar))
    assert "n.grad += 2 * n.data**1 * L.grad = 2 * (-4.5)**1 * 1.0 → -9.0" in lines
    assert "x.grad += w.data * (x*w).grad = -3.0 * -9.0 → 27.0" in lines
    assert not [line for line in lines if "✗" in line]


def test_named_ops_pass_the_gradient_check_with_nothing_unchecked():
    root = loss(foreign.NamedOpScalar)
    root.backward()
    result = check_gradients(root, nodes=ALL)
    assert result.passed, result.table()
    assert not result.unchecked


def test_a_wrong_derivative_under_the_name_mul_is_flagged():
    lines = step_lines(loss(foreign.NamedMulBugScalar))
    assert any(line.startswith("x.grad += w.data * (x*w).grad") and "✗ expected 27.0" in line
               for line in lines)  # fmt: skip
    root = loss(foreign.NamedMulBugScalar)
    root.backward()
    result = check_gradients(root, nodes=ALL)
    assert {r.name for r in result.wrong} == {"x"}


def power_of_nodes():
    a = foreign.PowerNodeScalar(1.5, label="a")
    out = a ** foreign.PowerNodeScalar(3.0, label="k")
    out.label = "out"
    return out


def test_a_power_whose_exponent_is_a_node_is_checked_for_both_inputs():
    lines = step_lines(power_of_nodes())
    assert (
        "a.grad += k.data * a.data**(k.data - 1) * out.grad = 3.0 * 1.5**(3.0 - 1) * 1.0 → 6.75"
        in lines
    )
    assert any(line.startswith("k.grad += out.data * log(a.data) * out.grad") for line in lines)
    assert not [line for line in lines if "✗" in line]
    result = check_gradients(power_of_nodes(), nodes=ALL, run_backward=True)
    assert result.passed, result.table()
    assert result.row(1).analytic == math.log(1.5) * 1.5**3


def test_a_backward_that_writes_inf_is_flagged_in_the_step_text_and_the_check():
    lines = step_lines(loss(foreign.InfWriteScalar))
    inf_line = next(line for line in lines if line.startswith("x.grad"))
    assert "→ inf" in inf_line
    assert "✗ expected 27.0" in inf_line
    root = loss(foreign.InfWriteScalar)
    root.backward()
    result = check_gradients(root, nodes=ALL)
    assert result.row(0).analytic == math.inf
    assert not result.row(0).ok
