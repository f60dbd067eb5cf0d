"""Random expressions (hypothesis): gradients agree with finite differences and with PyTorch."""

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from engine.autograd.value import Value
from engine.explain.gradcheck import ALL, check_gradients


class ValueOps:
    """The recipe's functions for gradstep Values."""

    tanh, sigmoid, relu, exp, log = (
        Value.tanh,
        Value.sigmoid,
        Value.relu,
        Value.exp,
        Value.log,
    )


# One recipe step per op, given two earlier results and the engine's functions; ``/``,
# ``exp`` and ``log`` are kept inside their domains.
STEP = {
    "+": lambda a, b, fns: a + b,
    "-": lambda a, b, fns: a - b,
    "*": lambda a, b, fns: a * b,
    "/": lambda a, b, fns: a / (b * b + 1.0),
    "neg": lambda a, b, fns: -a,
    "**2": lambda a, b, fns: a**2,
    "**3": lambda a, b, fns: a**3,
    "tanh": lambda a, b, fns: fns.tanh(a),
    "sigmoid": lambda a, b, fns: fns.sigmoid(a),
    "relu": lambda a, b, fns: fns.relu(a),
    "exp": lambda a, b, fns: fns.exp(fns.tanh(a)),
    "log": lambda a, b, fns: fns.log(a * a + 1.0),
}


leaves_st = st.lists(
    st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False), min_size=1, max_size=4
)
steps_st = st.lists(
    st.tuples(st.sampled_from(sorted(STEP)), st.integers(0, 63), st.integers(0, 63)),
    min_size=1,
    max_size=10,
)


def build(leaves, steps, fns, make):
    """Run the recipe: each step combines two earlier results; returns leaves, root, relu inputs."""
    xs = [make(v) for v in leaves]
    env = list(xs)
    relu_inputs = []
    for op, i, j in steps:
        a, b = env[i % len(env)], env[j % len(env)]
        if op == "relu":
            relu_inputs.append(a)
        env.append(STEP[op](a, b, fns))
    return xs, env[-1], relu_inputs


def value_of(x):
    return float(x.item()) if hasattr(x, "item") else float(x.data)


def well_conditioned(root, relu_inputs):
    """Skip kinks (relu at 0) and values too large for finite differences to resolve."""
    return abs(value_of(root)) < 1e4 and all(abs(value_of(r)) > 1e-3 for r in relu_inputs)


def finite_difference(leaves, steps, i, h=1e-6):
    def f(delta):
        nudged = list(leaves)
        nudged[i] += delta
        return build(nudged, steps, ValueOps, Value)[1].data

    return (f(h) - f(-h)) / (2 * h)


@settings(max_examples=150, deadline=None)
@given(leaves_st, steps_st)
def test_random_expression_gradients_agree_with_finite_differences(leaves, steps):
    xs, root, relu_inputs = build(leaves, steps, ValueOps, Value)
    assume(well_conditioned(root, relu_inputs))
    root.backward()
    for i, x in enumerate(xs):
        numeric = finite_difference(leaves, steps, i)
        assert x.grad == pytest.approx(numeric, rel=1e-4, abs=1e-6 * max(1.0, abs(root.data)))


@settings(max_examples=100, deadline=None)
@given(leaves_st, steps_st)
def test_gradcheck_passes_every_node_of_random_expressions(leaves, steps):
    _xs, root, relu_inputs = build(leaves, steps, ValueOps, Value)
    assume(well_conditioned(root, relu_inputs))
    root.backward()
    result = check_gradients(root, nodes=ALL)
    assert result.passed, result.table()


@settings(max_examples=150, deadline=None)
@given(leaves_st, steps_st)
def test_random_expression_gradients_agree_with_pytorch(leaves, steps):
    torch = pytest.importorskip("torch")

    def tensor(v):
        return torch.tensor(v, dtype=torch.float64, requires_grad=True)

    xs, root, relu_inputs = build(leaves, steps, ValueOps, Value)
    txs, troot, _ = build(leaves, steps, torch, tensor)
    assume(math.isfinite(root.data) and abs(root.data) < 1e6)
    assume(all(abs(value_of(r)) > 1e-9 for r in relu_inputs))
    root.backward()
    troot.backward()
    assert root.data == pytest.approx(troot.item(), rel=1e-12, abs=1e-12)
    for x, tx in zip(xs, txs, strict=True):
        expected = 0.0 if tx.grad is None else tx.grad.item()
        assert x.grad == pytest.approx(expected, rel=1e-9, abs=1e-9)


MICROGRAD_OPS = ("+", "-", "*", "/", "neg", "**2", "**3", "relu")


@settings(max_examples=100, deadline=None)
@given(
    leaves_st,
    st.lists(
        st.tuples(st.sampled_from(MICROGRAD_OPS), st.integers(0, 63), st.integers(0, 63)),
        min_size=1,
        max_size=10,
    ),
)
def test_gradcheck_never_calls_a_micrograd_grad_wrong(leaves, steps):
    """Right grads are never called wrong: micrograd's a*a (children in a set) is unchecked."""
    mg = pytest.importorskip("micrograd.engine")

    class MicrogradOps:
        relu = mg.Value.relu

    _xs, root, relu_inputs = build(leaves, steps, MicrogradOps, mg.Value)
    assume(well_conditioned(root, relu_inputs))
    root.backward()
    result = check_gradients(root, nodes=ALL)
    assert not result.wrong, result.table()
