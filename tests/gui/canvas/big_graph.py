"""The 4,824-node graph the canvas tests and the stepping benchmarks step through."""

from engine.autograd.losses import sum_squared_error
from engine.autograd.nn import MLP
from engine.sources.built import BuiltGraph


def big_graph() -> BuiltGraph:
    """The lecture MLP(3, [4, 4, 1]) with a squared error over 29 inputs: 4,824 drawn nodes."""
    model = MLP(3, [4, 4, 1], seed=0)
    xs = [[(i % 7) / 3 - 1, (i % 5) / 2 - 1, (i % 3) - 1.0] for i in range(29)]
    ys = [1.0 if i % 2 else -1.0 for i in range(29)]
    return BuiltGraph(sum_squared_error([model(x) for x in xs], ys), tuple(model.parameters()))
