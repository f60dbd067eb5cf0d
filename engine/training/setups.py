"""The built-in training setups: model, data, loss and schedule of each seed's training loop.

Each setup rebuilds its loss graph from a parameter vector (numpy) and a batch, with the
inputs and targets as labelled leaf Values, so the fast path can compile the graph once
and feed it new parameters and samples. The graphs are the examples' graphs node for node.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np

from engine.autograd.frozen_record import FrozenRecord
from engine.autograd.nn import MLP
from engine.autograd.ops import array_forward
from engine.autograd.value import Value
from engine.sources import datasets as ds
from engine.sources.example_models import LECTURE_SEED, MOONS_SEED, XOR_SEED, _dot

Model = tuple[Callable[[list[Value]], Value], list[Value]]


class TrainingSetup(FrozenRecord):
    """One training example: data, a model factory, its loss, learning rate and schedule."""

    name: str
    title: str
    xs: np.ndarray
    ys: np.ndarray
    make_model: Callable[[], Model]
    loss: Callable[[list[Value], list[Value], list[Value]], Value]
    predict: Callable[[np.ndarray, np.ndarray], np.ndarray]
    accuracy: Callable[[np.ndarray, np.ndarray], float] | None
    lr: float
    lr_end: float | None
    steps: int
    input_label: str = "x{i}[{j}]"

    @property
    def n_samples(self) -> int:
        """How many samples the data set has."""
        return len(self.ys)

    def initial_params(self) -> np.ndarray:
        """The seeded initial parameters as a vector."""
        return np.array([p.data for p in self.make_model()[1]])


def _total(terms: Sequence[Value]) -> Value:
    """``sum(terms)`` started at the first term, as engine.autograd.losses adds them."""
    return sum(terms[1:], terms[0])


def sse_loss(scores: list[Value], targets: list[Value], params: list[Value]) -> Value:
    """engine.autograd.losses.sum_squared_error with target leaves: ``sum((yout - ygt)**2)``."""
    return _total([(yout - ygt) ** 2 for yout, ygt in zip(scores, targets, strict=True)])


def xor_sse_loss(scores: list[Value], targets: list[Value], params: list[Value]) -> Value:
    """Seed 001's sum of squares, written ``(y - output)**2`` as in the article."""
    return _total([(y - out) ** 2 for out, y in zip(scores, targets, strict=True)])


def house_loss(scores: list[Value], targets: list[Value], params: list[Value]) -> Value:
    """Seed 002's squared error ``(pred - y)**2``, averaged when there is more than one house."""
    total = _total([(pred - y) ** 2 for pred, y in zip(scores, targets, strict=True)])
    return total / len(scores) if len(scores) > 1 else total


def svm_l2_loss(scores: list[Value], targets: list[Value], params: list[Value]) -> Value:
    """losses.svm_loss with target leaves: ``mean(relu(1 - y*score)) + 1e-4*sum(p*p)``."""
    margins = [(1 - y * s).relu() for s, y in zip(scores, targets, strict=True)]
    data_loss = _total(margins) * (1.0 / len(margins))
    return data_loss + 1e-4 * _total([p * p for p in params])


def sign_accuracy(scores: np.ndarray, ys: np.ndarray) -> float:
    """The fraction of scores whose sign matches a -1/+1 label (micrograd's demo)."""
    return float(np.mean((ys > 0) == (scores > 0)))


def half_accuracy(outputs: np.ndarray, ys: np.ndarray) -> float:
    """The fraction of sigmoid outputs on the right side of 0.5 for 0/1 targets."""
    return float(np.mean((ys > 0.5) == (outputs > 0.5)))


def _activation(name: str) -> Callable[[np.ndarray], np.ndarray]:
    """An nn activation ``name`` on numpy arrays: its op's rule, or none for "linear"."""
    fn = (lambda a: a) if name == "linear" else array_forward(name, 1)
    if fn is None:
        raise KeyError(f"no activation {name!r}")
    return fn


def mlp_predictor(sizes: Sequence[int], acts: Sequence[str]) -> Callable:
    """A numpy forward pass of engine.autograd.nn.MLP from its parameters (w..., b per neuron)."""

    def predict(params: np.ndarray, xs: np.ndarray) -> np.ndarray:
        h, start = np.asarray(xs, dtype=np.float64), 0
        for nin, nout, act in zip(sizes[:-1], sizes[1:], acts, strict=True):
            block = params[start : start + nout * (nin + 1)].reshape(nout, nin + 1)
            start += nout * (nin + 1)
            h = _activation(act)(h @ block[:, :nin].T + block[:, nin])
        return h[:, 0]

    return predict


def _mlp_model(nin: int, nouts: list[int], acts: str | tuple, seed: int) -> Callable[[], Model]:
    def make() -> Model:
        model = MLP(nin, nouts, acts, seed=seed)
        return model, model.parameters()

    return make


def _house_model() -> Model:
    w = Value(ds.HOUSE_PRICE_W0, label="w")
    b = Value(ds.HOUSE_PRICE_B0, label="b")

    def forward(x: list[Value]) -> Value:
        wx = w * x[0]
        wx.label = "w*x"
        pred = b + wx  # seed 002 starts its sum at the bias
        pred.label = "pred"
        return pred

    return forward, [w, b]


def _house_predict(params: np.ndarray, xs: np.ndarray) -> np.ndarray:
    return params[1] + params[0] * np.asarray(xs)[:, 0]


def _xor_model() -> Model:
    rng = random.Random(XOR_SEED)  # as example_models: np.random.rand's uniform [0, 1)
    w1 = [[Value(rng.random(), label=f"W1[{j},{k}]") for k in range(4)] for j in range(3)]
    w2 = [Value(rng.random(), label=f"W2[{k}]") for k in range(4)]

    def forward(x: list[Value]) -> Value:
        layer1 = [_dot(x, [w1[j][k] for j in range(3)]).sigmoid() for k in range(4)]
        return _dot(layer1, w2).sigmoid()

    return forward, [w for row in w1 for w in row] + w2


def _xor_predict(params: np.ndarray, xs: np.ndarray) -> np.ndarray:
    sig = _activation("sigmoid")
    return sig(sig(np.asarray(xs) @ params[:12].reshape(3, 4)) @ params[12:16])


def _make_setups() -> dict[str, TrainingSetup]:
    lecture_x, lecture_y = ds.lecture_data()
    house_x, house_y = ds.house_price_training_set()
    xor_x, xor_y = ds.xor_data()
    moons_x, moons_labels = ds.make_moons(n_samples=100, noise=0.1, seed=MOONS_SEED)
    moons_acts = ("relu", "relu", "linear")
    setups = (
        TrainingSetup("lecture-mlp", "Seed 000: MLP(3, [4, 4, 1]) tanh, squared error",
                      np.array(lecture_x), np.array(lecture_y),
                      _mlp_model(3, [4, 4, 1], "tanh", LECTURE_SEED), sse_loss,
                      mlp_predictor([3, 4, 4, 1], ["tanh"] * 3), sign_accuracy,
                      lr=0.1, lr_end=None, steps=50),
        TrainingSetup("house-price", "Seed 002: house-price perceptron",
                      np.array(house_x), np.array(house_y), _house_model, house_loss,
                      _house_predict, None, lr=ds.HOUSE_PRICE_LR, lr_end=None,
                      steps=ds.HOUSE_PRICE_EPOCHS, input_label="bedrooms{i}"),
        TrainingSetup("xor-network", "Seed 001: two-layer sigmoid network (3-4-1)",
                      np.array(xor_x), np.array(xor_y), _xor_model, xor_sse_loss,
                      _xor_predict, half_accuracy, lr=1.0, lr_end=None, steps=1500,
                      input_label="X[{i},{j}]"),
        TrainingSetup("moons", "micrograd's demo: MLP(2, [16, 16, 1]) on 100 moons, SVM + L2",
                      moons_x, np.array(ds.signed_labels(moons_labels)),
                      _mlp_model(2, [16, 16, 1], moons_acts, MOONS_SEED), svm_l2_loss,
                      mlp_predictor([2, 16, 16, 1], moons_acts), sign_accuracy,
                      lr=1.0, lr_end=0.1, steps=100),
    )  # fmt: skip
    return {s.name: s for s in setups}


class _Setups(Mapping[str, TrainingSetup]):
    """The setups by name, built together on the first lookup of one.

    Their names alone (the command line's ``--train`` help, a name's check) build nothing:
    moons' data draws from numpy.random, whose import alone took 7-8 ms of start-up.
    """

    NAMES = ("lecture-mlp", "house-price", "xor-network", "moons")

    def __init__(self) -> None:
        self._built: dict[str, TrainingSetup] | None = None

    def __getitem__(self, name: str) -> TrainingSetup:
        if name not in self.NAMES:
            raise KeyError(name)
        if self._built is None:
            self._built = _make_setups()
        return self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in self.NAMES  # Mapping's own would look the setup up: build them all

    def __iter__(self) -> Iterator[str]:
        return iter(self.NAMES)

    def __len__(self) -> int:
        return len(self.NAMES)


SETUPS: Mapping[str, TrainingSetup] = _Setups()
#: The names the training issue used for the same setups.
ALIASES = {"lecture_mlp": "lecture-mlp", "house_price": "house-price", "seed001_net": "xor-network"}


def get_setup(name: str) -> TrainingSetup:
    """The setup called ``name`` (or an alias); a KeyError listing the known names otherwise."""
    try:
        return SETUPS[ALIASES.get(name, name)]
    except KeyError:
        raise KeyError(f"no training setup {name!r}; known: {', '.join(SETUPS)}") from None
