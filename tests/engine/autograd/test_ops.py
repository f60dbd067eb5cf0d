"""The op registry against the scalar engine: same floats bit for bit, derivatives that hold."""

import itertools
import math

import numpy as np
import pytest

from engine.autograd.graph import Graph
from engine.autograd.ops import array_forward, exponent, mismatches, op_rule
from engine.autograd.value import Value
from engine.training.fastpath import CompiledGraph, node_ids
from engine.training.setups import mlp_predictor

EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.7, 2, -3, 710.0, -710.0, 1e-310, 1e308, -1e308,
         math.inf, -math.inf, math.nan]  # fmt: skip
UNARY = {
    "neg": lambda v: -v,
    "tanh": Value.tanh,
    "exp": Value.exp,
    "log": Value.log,
    "relu": Value.relu,
    "sigmoid": Value.sigmoid,
}
BINARY = {"+": Value.__add__, "-": Value.__sub__, "*": Value.__mul__, "/": Value.__truediv__}
POWERS = [2, 3, -1, -2, 0.5, 1.5, 0, 401, 2.0]
# smooth points: (op, inputs) where a central difference is a fair judge
SMOOTH = [("+", (1.3, -0.4)), ("-", (1.3, -0.4)), ("*", (1.3, -0.4)), ("/", (1.3, -0.4)),
          ("+", (0.2, 0.7, -1.1)), ("*", (0.2, 0.7, -1.1)), ("neg", (0.8,)), ("tanh", (0.8,)),
          ("exp", (0.8,)), ("log", (0.8,)), ("relu", (0.8,)), ("relu", (-0.8,)), ("ReLU", (0.8,)),
          ("sigmoid", (-1.7,)), ("sigmoid", (2.2,)), ("**2", (-1.3,)), ("**-1", (0.6,)),
          ("**0.5", (2.5,)), ("**3.0", (-0.9,))]  # fmt: skip


def same_float(x, y) -> bool:
    """Bit-for-bit equal as floats: the sign of zero counts, any nan equals any nan."""
    if isinstance(x, float) and math.isnan(x):
        return isinstance(y, float) and math.isnan(y)
    return x == y and math.copysign(1, x) == math.copysign(1, y)


@pytest.mark.parametrize("op", UNARY)
def test_unary_float_forward_is_the_scalar_engines_bit_for_bit(op):
    rule = op_rule(op, 1)
    for x in EDGES:
        expected = UNARY[op](Value(x)).data
        got = rule.on_floats(x)
        assert same_float(got, expected), (op, x, got, expected)
        assert type(got) is type(expected)


@pytest.mark.parametrize("op", BINARY)
def test_binary_float_forward_is_the_scalar_engines_bit_for_bit(op):
    rule = op_rule(op, 2)
    for x, y in itertools.product(EDGES, EDGES):
        expected = BINARY[op](Value(x), Value(y)).data
        assert same_float(rule.on_floats(x, y), expected), (op, x, y)


@pytest.mark.parametrize("k", POWERS)
def test_power_float_forward_is_the_scalar_engines_bit_for_bit(k):
    rule = op_rule(f"**{k}", 1)
    for x in EDGES:
        assert same_float(rule.on_floats(x), (Value(x) ** k).data), (k, x)


def test_micrograd_relu_spelling_and_variadic_sums_are_known():
    assert op_rule("ReLU", 1).on_floats(-2.0) == 0.0
    assert op_rule("+", 3).on_floats(1.0, 2.0, 3.5) == 6.5
    assert op_rule("*", 3).on_floats(2.0, -1.5, 4.0) == -12.0
    assert op_rule("-", 3) is None
    assert op_rule("tanh", 2) is None
    assert op_rule("sin", 1) is None
    assert op_rule("**x", 1) is None
    assert exponent("**-0.5") == -0.5
    assert exponent("neg") is None


def test_array_forward_agrees_with_the_float_forward():
    xs = np.array([x for x in EDGES if x not in (2, -3)], dtype=np.float64)
    a, b = (m.ravel() for m in np.meshgrid(xs, xs))
    for op in [*UNARY, "ReLU", "**2", "**-1", "**0.5"]:
        x = xs[np.isfinite(xs) & (xs != 0)] if op.startswith("**") else xs
        with np.errstate(all="ignore"):
            got = array_forward(op, 1)(x)
        want = np.array([op_rule(op, 1).on_floats(float(v)) for v in x])
        assert np.array_equal(np.isnan(got), np.isnan(want)), op
        # numpy's exp/log/tanh may differ from libm in the last bit
        np.testing.assert_allclose(got, want, rtol=4e-16, atol=0, err_msg=op)
    for op in BINARY:
        with np.errstate(all="ignore"):
            got = array_forward(op, 2)(a, b).tolist()
        want = [op_rule(op, 2).on_floats(x, y) for x, y in zip(a.tolist(), b.tolist(), strict=True)]
        assert all(same_float(g, w) for g, w in zip(got, want, strict=True)), op


def test_array_powers_keep_numpys_ieee_results_where_python_differs():
    # Python gives (-inf) ** 0.5 = inf; the fast path and the gradient check keep numpy's nan.
    # A power of zero has the one IEEE answer everywhere: (-0.0) ** -1 is -inf, as 1 / -0.0.
    with np.errstate(all="ignore"):
        assert array_forward("**-1", 1)(np.array([-0.0])).tolist() == [-math.inf]
        assert math.isnan(array_forward("**0.5", 1)(np.array([-math.inf]))[0])
    assert op_rule("**-1", 1).on_floats(-0.0) == -math.inf
    assert op_rule("**0.5", 1).on_floats(-math.inf) == math.inf


@pytest.mark.parametrize(("op", "inputs"), SMOOTH)
def test_local_derivatives_match_central_differences(op, inputs):
    rule = op_rule(op, len(inputs))
    local = rule.local_floats(inputs, rule.on_floats(*inputs))
    assert len(local) == len(inputs)
    for i, x in enumerate(inputs):
        h = 1e-6 * max(1.0, abs(x))
        up = rule.on_floats(*inputs[:i], x + h, *inputs[i + 1 :])
        down = rule.on_floats(*inputs[:i], x - h, *inputs[i + 1 :])
        assert local[i] == pytest.approx((up - down) / (2 * h), rel=1e-6, abs=1e-9), (op, i)


@pytest.mark.parametrize(("op", "inputs"), [s for s in SMOOTH if len(s[1]) <= 2 and s[0] != "ReLU"])
def test_local_derivatives_are_what_value_backward_adds(op, inputs):
    leaves = [Value(x) for x in inputs]
    if op in BINARY:
        out = BINARY[op](*leaves)
    elif op.startswith("**"):
        out = leaves[0] ** float(op[2:])
    else:
        out = UNARY[op](leaves[0])
    out.grad = 1.0
    out._backward()
    local = op_rule(op, len(inputs)).local_floats(inputs, out.data)
    assert [v.grad for v in leaves] == list(local)


def test_sigmoid_on_arrays_does_not_overflow_and_predictors_use_it():
    with np.errstate(over="raise", invalid="raise"):
        out = array_forward("sigmoid", 1)(np.array([-1000.0, 0.0, 1000.0]))
        predict = mlp_predictor([1, 1], ["sigmoid"])
        scores = predict(np.array([1000.0, 0.0]), np.array([[-2.0], [2.0]]))
    assert out.tolist() == [0.0, 0.5, 1.0]
    assert scores.tolist() == [0.0, 1.0]


def test_mismatches_name_unknown_ops_and_data_the_rule_does_not_give():
    ops = ["", "", "+", "max", "*"]
    children = [(), (), (0, 1), (0, 1), (0, 1)]
    data = np.array([2.0, 3.0, 5.0, 3.0, 7.0])
    found = mismatches(ops, children, data)
    assert list(found) == [3, 4]
    assert found[3] is None
    assert found[4] == 6.0


def test_fast_path_runs_every_op_the_registry_knows_including_variadic_ones():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    total = Value(6.0, (a, b, c), "+")
    product = Value(6.0, (a, b, c), "*")
    root = total + Value(6.0, (product,), "ReLU")
    graph = Graph.from_root(root)
    compiled = CompiledGraph(graph)
    assert compiled.forward() == 12.0
    grads = compiled.backward()
    assert grads[node_ids(graph, [a, b, c])].tolist() == [7.0, 4.0, 3.0]
