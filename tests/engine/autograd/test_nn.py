"""Neuron, Layer and MLP: micrograd's API, seeded init, activations, labels, micrograd parity."""

import math

import pytest

from engine.autograd.graph import Graph
from engine.autograd.losses import svm_loss
from engine.autograd.nn import MLP, Layer, Neuron
from engine.autograd.value import Value


def test_same_seed_builds_the_same_model():
    a, b = MLP(3, [4, 4, 1], seed=7), MLP(3, [4, 4, 1], seed=7)
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]


def test_different_seeds_build_different_models():
    a, b = MLP(3, [4, 4, 1], seed=1), MLP(3, [4, 4, 1], seed=2)
    assert [p.data for p in a.parameters()] != [p.data for p in b.parameters()]


def test_init_is_uniform_between_minus_one_and_one_for_weights_and_biases():
    params = [p.data for p in MLP(2, [16, 16, 1], seed=3).parameters()]
    assert all(-1 <= v <= 1 for v in params)
    biases = [n.b.data for layer in MLP(2, [16, 16, 1], seed=3).layers for n in layer.neurons]
    assert any(b != 0 for b in biases)


def test_parameter_counts_match_micrograd():
    assert len(MLP(3, [4, 4, 1]).parameters()) == 41
    assert len(MLP(2, [16, 16, 1]).parameters()) == 337


def test_parameters_have_readable_labels():
    model = MLP(3, [4, 4, 1], seed=0)
    labels = [p.label for p in model.parameters()]
    assert labels[:4] == ["L0.N0.w0", "L0.N0.w1", "L0.N0.w2", "L0.N0.b"]
    assert "L0.N2.w1" in labels
    assert labels[-1] == "L2.N0.b"
    assert len(set(labels)) == len(labels)


def test_neuron_output_is_labelled_after_the_neuron():
    out = MLP(3, [4, 1], seed=0)([1.0, 2.0, 3.0])
    assert out.label == "L1.N0.out"


def test_neuron_sum_starts_at_the_bias_so_no_constant_zero_appears():
    n = Neuron(2, "linear", seed=0)
    x = [Value(1.0, label="x0"), Value(2.0, label="x1")]
    graph = Graph.from_root(n(x))
    leaves = {graph.labels[i] for i in range(len(graph)) if not graph.children[i]}
    assert leaves == {"N.w0", "N.w1", "N.b", "x0", "x1"}


def test_neuron_computes_activation_of_weighted_sum_plus_bias():
    n = Neuron(2, "tanh", weights=[0.5, -1.0], bias=0.25)
    assert n([2.0, 3.0]).data == math.tanh(0.25 + 0.5 * 2.0 + -1.0 * 3.0)


@pytest.mark.parametrize(
    ("activation", "op"),
    [("tanh", "tanh"), ("relu", "relu"), ("sigmoid", "sigmoid"), ("linear", "+")],
)
def test_activation_is_chosen_per_neuron(activation, op):
    assert Neuron(3, activation, seed=0)([1.0, 2.0, 3.0])._op == op


def test_micrograd_demo_model_has_relu_hidden_layers_and_linear_output():
    model = MLP(2, [16, 16, 1], ("relu", "relu", "linear"), seed=0)
    assert [layer.neurons[0].activation for layer in model.layers] == ["relu", "relu", "linear"]
    assert model([0.5, -0.5])._op == "+"


def test_unknown_activation_is_refused_with_the_known_names():
    with pytest.raises(ValueError, match="tanh, relu, sigmoid, linear"):
        Neuron(2, "softplus")


def test_activation_count_must_match_layer_count():
    with pytest.raises(ValueError, match="2 activations for 3 layers"):
        MLP(2, [4, 4, 1], ("relu", "linear"))


def test_wrong_input_size_is_an_error_not_a_silent_truncation():
    with pytest.raises(ValueError, match="2 inputs for 3 weights"):
        Neuron(3, seed=0)([1.0, 2.0])
    with pytest.raises(ValueError, match="4 inputs for 3 weights"):
        Neuron(3, seed=0)([1.0, 2.0, 3.0, 4.0])


def test_layer_of_one_neuron_returns_the_value_itself():
    assert isinstance(Layer(3, 1, seed=0)([1.0, 2.0, 3.0]), Value)
    assert len(Layer(3, 4, seed=0)([1.0, 2.0, 3.0])) == 4


def test_module_zero_grad_clears_every_parameter():
    model = MLP(3, [4, 1], seed=0)
    model([1.0, 2.0, 3.0]).backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_repr_names_the_activations():
    assert repr(Layer(2, 2, "relu", seed=0)) == "Layer of [ReluNeuron(2), ReluNeuron(2)]"


def test_same_weights_give_micrograd_s_loss_and_gradients():
    mg_engine = pytest.importorskip("micrograd.engine")
    mg_nn = pytest.importorskip("micrograd.nn")
    ours = MLP(2, [8, 8, 1], ("relu", "relu", "linear"), seed=5)
    theirs = mg_nn.MLP(2, [8, 8, 1])
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        q.data = p.data
    rows = [[0.3, -1.2], [1.5, 0.4], [-0.7, 0.9]]
    ys = [1.0, -1.0, 1.0]
    loss, acc = svm_loss([ours([Value(v) for v in r]) for r in rows], ys, ours.parameters())
    scores = [theirs(list(map(mg_engine.Value, r))) for r in rows]
    margins = [(1 + -y * s).relu() for y, s in zip(ys, scores, strict=True)]
    mg_loss = sum(margins) * (1.0 / len(margins)) + 1e-4 * sum(p * p for p in theirs.parameters())
    loss.backward()
    mg_loss.backward()
    assert loss.data == mg_loss.data
    assert acc == sum((y > 0) == (s.data > 0) for y, s in zip(ys, scores, strict=True)) / 3
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert p.grad == pytest.approx(q.grad, rel=1e-12, abs=1e-15)


def test_given_initial_weights_must_match_the_inputs():
    with pytest.raises(ValueError, match="2 initial weights for 3 inputs"):
        Neuron(3, weights=[0.1, 0.2], name="N")
    n = Neuron(1, "linear", weights=[0.09], bias=-0.9)
    assert (n.w[0].data, n.b.data, n.b.label) == (0.09, -0.9, "N.b")


def test_lecture_mlp_gradients_match_pytorch():
    torch = pytest.importorskip("torch")
    from engine.autograd.losses import sum_squared_error
    from engine.sources.datasets import lecture_data

    model = MLP(3, [4, 4, 1], "tanh", seed=4)
    xs, ys = lecture_data()
    loss = sum_squared_error([model(x) for x in xs], ys)
    loss.backward()
    params = [
        torch.tensor(p.data, dtype=torch.float64, requires_grad=True) for p in model.parameters()
    ]
    it = iter(params)
    layers = [
        [([next(it) for _ in n.w], next(it)) for n in layer.neurons] for layer in model.layers
    ]
    total = 0.0
    for x, y in zip(xs, ys, strict=True):
        out = [torch.tensor(v, dtype=torch.float64) for v in x]
        for layer in layers:
            out = [
                torch.tanh(sum((w * xi for w, xi in zip(ws, out, strict=True)), b))
                for ws, b in layer
            ]
        total = total + (out[0] - y) ** 2
    total.backward()
    assert loss.data == pytest.approx(total.item(), rel=1e-12)
    for ours, theirs in zip(model.parameters(), params, strict=True):
        assert ours.grad == pytest.approx(theirs.grad.item(), rel=1e-9, abs=1e-12)
