"""micrograd's demo: MLP(2, [16, 16, 1]) on 100 noisy moons, full-batch SVM loss + L2.

About 66,000 Values: gradstep groups and zooms, but expect a second to open it.
"""

from engine.autograd.losses import svm_loss
from engine.autograd.nn import MLP
from engine.autograd.value import Value
from engine.sources.built import BuiltGraph
from engine.sources.datasets import make_moons, signed_labels


def build():
    """The loss, the 337 parameters, learning rate 1.0 (the demo's first step), a note."""
    X, y = make_moons(n_samples=100, noise=0.1, seed=1337)  # noqa: N806 (the demo's name)
    model = MLP(2, [16, 16, 1], ("relu", "relu", "linear"), seed=1337)
    inputs = [[Value(float(v), label=f"x{i}[{j}]") for j, v in enumerate(row)]
              for i, row in enumerate(X)]  # fmt: skip
    scores = [model(x) for x in inputs]
    # mean(relu(1 - y*score)) + 1e-4 * sum(p*p), as in micrograd's demo.ipynb
    loss, accuracy = svm_loss(scores, signed_labels(y), model.parameters(), alpha=1e-4)
    loss.label = "loss"
    # A BuiltGraph also carries a note, shown next to the graph.
    return BuiltGraph(loss, model.parameters(), 1.0, note=f"accuracy {accuracy:.0%}")
