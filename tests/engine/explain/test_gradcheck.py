"""The nudge-by-h gradient check: ours, micrograd's and a user's own Values, bugs found by name."""

import math

import pytest

from engine.autograd.graph import Graph
from engine.autograd.losses import sum_squared_error
from engine.autograd.nn import MLP
from engine.autograd.ops import array_forward as op_function
from engine.autograd.value import Value
from engine.explain.gradcheck import ALL, check_gradients
from engine.sources.datasets import lecture_data
from tests.engine import foreign_engines as foreign


class OtherDataMulScalar(foreign.Scalar):
    """Bug: ``other.grad += other.data * out.grad`` (other's data where self's belongs)."""

    def __mul__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += other.data * out.grad

        out._backward = _backward
        return out


def expression_l(cls):
    a, b, c, f = (cls(v, label=n) for v, n in ((2.0, "a"), (-3.0, "b"), (10.0, "c"), (-2.0, "f")))
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    big_l = d * f
    big_l.label = "L"
    return big_l


def neuron(cls):
    x1, w1, b = cls(2.0, label="x1"), cls(-3.0, label="w1"), cls(6.5, label="b")
    n = x1 * w1 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def test_every_leaf_of_the_lecture_mlp_loss_passes():
    xs, ys = lecture_data()
    model = MLP(3, [4, 4, 1], seed=0)
    loss = sum_squared_error([model(x) for x in xs], ys)
    loss.backward()
    result = check_gradients(loss)
    graph = result.graph
    assert result.passed
    assert {r.node for r in result.rows} == {i for i in range(len(graph)) if not graph.children[i]}
    assert all(r.rel_error < 1e-5 for r in result.rows)


def test_inner_nodes_and_the_root_can_be_checked_too():
    o = neuron(Value)
    o.backward()
    result = check_gradients(o, nodes=ALL)
    assert result.passed
    assert len(result.rows) == len(result.graph)
    assert result.rows[0].name == "o"  # backward order: the root first
    assert result.row(result.graph.root).numeric == pytest.approx(1.0)


def test_rows_show_analytic_and_numeric_side_by_side():
    big_l = expression_l(Value)
    big_l.backward()
    result = check_gradients(big_l)
    by_name = {r.name: r for r in result.rows}
    assert by_name["a"].analytic == 6.0
    assert by_name["a"].numeric == pytest.approx(6.0, rel=1e-8)
    assert by_name["f"].numeric == pytest.approx(4.0, rel=1e-8)
    assert "analytic" in result.table()
    assert "a " in result.table()


def test_run_backward_zeroes_and_recomputes_the_grads():
    big_l = expression_l(Value)
    big_l.backward()
    big_l.backward()  # grads now doubled: wrong
    assert not check_gradients(big_l).passed
    assert check_gradients(big_l, run_backward=True).passed
    assert check_gradients(big_l, run_backward=True).passed


def test_a_user_class_with_correct_backward_passes():
    o = neuron(foreign.SinScalar)
    o.backward()
    assert check_gradients(o, nodes=ALL).passed


def test_micrograd_graph_passes():
    mg = pytest.importorskip("micrograd.engine")
    x, y = mg.Value(1.5), mg.Value(-0.5)
    z = ((x * y + x**3).relu() + (y - x) * 2) / (x + 4)
    z.backward()
    result = check_gradients(z, nodes=ALL)
    assert result.passed, result.table()


def test_buggy_mul_backward_is_named_by_the_first_wrong_grad():
    big_l = expression_l(OtherDataMulScalar)
    big_l.backward()
    result = check_gradients(big_l, nodes=ALL)
    assert not result.passed
    # L = d * f: the buggy rule gives f the grad f.data instead of d.data.
    assert result.first_wrong().name == "f"
    assert {r.name for r in result.wrong} == {"f", "b"}


def test_buggy_tanh_backward_is_found_at_its_input():
    o = neuron(foreign.TanhBugScalar)
    o.backward()
    result = check_gradients(o, nodes=ALL)
    first = result.first_wrong()
    assert first.name == "n"
    assert first.checkable
    assert first.rel_error > 0.1
    assert result.row(result.graph.root).ok  # o itself is right: the bug is below it


def test_an_unknown_op_is_checked_by_rerunning_the_method_its_op_names():
    result = check_gradients(foreign.sine_of_product(foreign.SinScalar), nodes=ALL)
    assert result.passed, result.table()
    assert {r.name for r in result.rows} >= {"x", "w", "x*w"}


def test_a_wrong_derivative_of_an_unknown_op_is_found_by_rerunning_it():
    result = check_gradients(foreign.sine_of_product(foreign.SinBugScalar), nodes=ALL)
    assert not result.passed
    assert result.first_wrong().name == "x*w"
    assert not result.unchecked


def test_an_unknown_op_that_cannot_be_rerun_says_why_and_never_passes():
    out = foreign.sine_of_product(foreign.HiddenSinScalar)
    result = check_gradients(out, nodes=ALL)
    assert not result.passed
    assert {r.name for r in result.unchecked} == {"x", "w", "x*w"}
    for r in result.unchecked:
        assert "op 'sine' is not in gradstep's op table" in r.reason
        assert "HiddenSinScalar has no method 'sine' to re-run it" in r.reason
        assert "the way to the root goes through s" in r.reason
    assert result.row(Graph.from_root(out).labels.index("s")).ok  # nudged itself: checkable
    assert result.first_wrong() is None


def test_a_node_whose_data_disagrees_with_its_op_blocks_the_check_below_it():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a + b
    c.data = 10.0  # someone edited it after the fact
    out = c * 2.0
    out.backward()
    result = check_gradients(out)
    unchecked = {r.name: r.reason for r in result.unchecked}
    assert set(unchecked) == {"a", "b"}
    assert "holds 10.0" in unchecked["a"]


def test_a_kink_is_reported_not_passed():
    x = Value(0.0, label="x")
    y = x.relu() * 3.0
    y.backward()
    row = check_gradients(y).row(0)
    assert not row.ok
    assert not row.checkable
    assert "kink" in row.reason


def test_a_non_finite_root_leaves_everything_unchecked():
    x = Value(0.0, label="x")
    y = (x * 2.0).log()
    y.backward()
    result = check_gradients(y)
    assert not result.passed
    assert all("-inf" in r.reason for r in result.rows)


def test_a_nan_grad_is_wrong():
    x = Value(1.0, label="x")
    y = x * 3.0
    y.backward()
    x.grad = math.nan
    row = check_gradients(y).row(0)
    assert (row.ok, row.checkable) == (False, True)


def test_a_grad_that_is_not_a_number_is_wrong():
    x = Value(1.0, label="x")
    y = x * 3.0
    x.grad = None
    row = check_gradients(y).row(0)
    assert (row.ok, row.checkable) == (False, True)


def test_exp_overflow_near_the_point_is_unchecked():
    x = Value(709.78, label="x")
    y = x.exp()
    y.backward()
    row = check_gradients(y, h=1e-3).row(0)
    assert not row.ok


def test_chunking_does_not_change_the_result():
    xs, ys = lecture_data()
    model = MLP(3, [4, 1], seed=2)
    loss = sum_squared_error([model(x) for x in xs], ys)
    loss.backward()
    small = check_gradients(loss, nodes=ALL, chunk=3)
    big = check_gradients(loss, nodes=ALL)
    assert [(r.node, r.ok, r.analytic) for r in small.rows] == [
        (r.node, r.ok, r.analytic) for r in big.rows
    ]
    # numpy's vector kernels may round tanh differently by an ulp in different lengths
    assert [r.numeric for r in small.rows] == pytest.approx(
        [r.numeric for r in big.rows], rel=1e-8, abs=1e-8
    )


def test_op_table_covers_both_engines_and_refuses_the_rest():
    assert op_function("ReLU", 1)(-2.0) == 0.0
    assert op_function("**-1", 1)(4.0) == 0.25
    assert op_function("+", 3)(1.0, 2.0, 3.0) == 6.0
    assert op_function("-", 3) is None
    assert op_function("sin", 1) is None
    assert op_function("**x", 1) is None


def test_bad_node_selections_are_refused():
    y = Value(2.0) * 3.0
    with pytest.raises(ValueError, match="'some'"):
        check_gradients(y, nodes="some")
    with pytest.raises(ValueError, match=r"\[7\]"):
        check_gradients(y, nodes=[0, 7])


def test_chosen_nodes_only_are_checked():
    big_l = expression_l(Value)
    big_l.backward()
    graph = Graph.from_root(big_l)
    ids = [graph.labels.index("e"), graph.labels.index("a")]
    result = check_gradients(graph, nodes=ids)
    assert [r.name for r in result.rows] == ["e", "a"]
    with pytest.raises(KeyError, match="not checked"):
        result.row(graph.labels.index("c"))
