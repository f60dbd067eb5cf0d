"""User programs as a student writes them, run as they are: the lecture's Value and its bugs.

``LECTURE_VALUE`` is seed 000's final Value class, word for word (children in a set,
``_backward`` closures, a recursive ``build_topo``); each bug changes one line of it.
``run`` writes a program to a file and runs it under ``observe()``, so the source of the
user's functions can be read back as it would be for a real script.
"""

from __future__ import annotations

from pathlib import Path

from engine.sources.program.observe import observe
from engine.sources.program.recording import Recording

LECTURE_VALUE = """
import math

class Value:

    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')

        def _backward():
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad
        out._backward = _backward

        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward

        return out

    def __pow__(self, other):
        assert isinstance(other, (int, float)), "only supporting int/float powers for now"
        out = Value(self.data**other, (self,), f'**{other}')

        def _backward():
            self.grad += other * (self.data ** (other - 1)) * out.grad
        out._backward = _backward

        return out

    def __rmul__(self, other): # other * self
        return self * other

    def __truediv__(self, other): # self / other
        return self * other**-1

    def __neg__(self): # -self
        return self * -1

    def __sub__(self, other): # self - other
        return self + (-other)

    def __radd__(self, other): # other + self
        return self + other

    def tanh(self):
        x = self.data
        t = (math.exp(2*x) - 1)/(math.exp(2*x) + 1)
        out = Value(t, (self, ), 'tanh')

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward

        return out

    def exp(self):
        x = self.data
        out = Value(math.exp(x), (self, ), 'exp')

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward

        return out

    def backward(self):

        topo = []
        visited = set()
        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)

        self.grad = 1.0
        for node in reversed(topo):
            node._backward()
"""

NEURON = """
x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
b = Value(6.8813735870195432, label='b')
x1w1 = x1*w1; x1w1.label = 'x1*w1'
x2w2 = x2*w2; x2w2.label = 'x2*w2'
x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'
n = x1w1x2w2 + b; n.label = 'n'
o = n.tanh(); o.label = 'o'
o.backward()
"""

# A graph that reuses a node: w feeds L through three paths, so w.grad sums three terms.
REUSE = """
w = Value(3.0, label='w')
x = Value(2.0, label='x')
a = w * x; a.label = 'a'
b = a + w; b.label = 'b'
c = b * w; c.label = 'c'
L = c + a; L.label = 'L'
L.backward()
"""

DOUBLE = """
a = Value(2.0, label='a')
b = a + a; b.label = 'b'
L = b * 2.0; L.label = 'L'
L.backward()
"""

LECTURE_MLP = """
import random
random.seed(1)

class Neuron:
    def __init__(self, nin):
        self.w = [Value(random.uniform(-1,1)) for _ in range(nin)]
        self.b = Value(random.uniform(-1,1))

    def __call__(self, x):
        act = sum((wi*xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh()

    def parameters(self):
        return self.w + [self.b]

class Layer:
    def __init__(self, nin, nout):
        self.neurons = [Neuron(nin) for _ in range(nout)]

    def __call__(self, x):
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]

class MLP:
    def __init__(self, nin, nouts):
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i+1]) for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

xs = [
    [2.0, 3.0, -1.0],
    [3.0, -1.0, 0.5],
    [0.5, 1.0, 1.0],
    [1.0, 1.0, -1.0],
]
ys = [1.0, -1.0, -1.0, 1.0]
n = MLP(3, [4, 4, 1])
losses = []
for k in range(STEPS):
    ypred = [n(x) for x in xs]
    loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
    ZERO_GRADS
    loss.backward()
    for p in n.parameters():
        p.data += -0.1 * p.grad
    losses.append(loss.data)
"""

ZERO_GRADS = "for p in n.parameters():\n        p.grad = 0.0"

BUGS = {
    "forgets the seed": ("        self.grad = 1.0\n", "\n"),
    "no visited set": (
        "            if v not in visited:\n                visited.add(v)\n"
        "                for child in v._prev:\n                    build_topo(child)\n"
        "                topo.append(v)\n",
        "            for child in v._prev:\n                build_topo(child)\n"
        "            topo.append(v)\n",
    ),
    "walks topo forwards": ("for node in reversed(topo):", "for node in topo:"),
    "= instead of +=": (
        "            self.grad += 1.0 * out.grad\n            other.grad += 1.0 * out.grad",
        "            self.grad = 1.0 * out.grad\n            other.grad = 1.0 * out.grad",
    ),
    "tanh derivative 1 - t": (
        "self.grad += (1 - t**2) * out.grad",
        "self.grad += (1 - t) * out.grad",
    ),
}


def lecture_value(bug: str | None = None) -> str:
    """The lecture's Value class, with one of ``BUGS`` put in."""
    if bug is None:
        return LECTURE_VALUE
    old, new = BUGS[bug]
    assert old in LECTURE_VALUE, bug
    return LECTURE_VALUE.replace(old, new)


def training_loop(steps: int = 20, zero_grads: bool = True) -> str:
    """The lecture's MLP training loop, ``steps`` passes, zeroing grads or not."""
    zero = ZERO_GRADS if zero_grads else "pass"
    return LECTURE_MLP.replace("STEPS", str(steps)).replace("ZERO_GRADS", zero)


def run(source: str, folder: Path, name: str = "program.py") -> tuple[dict, Recording]:
    """Run ``source`` as a script file under ``observe()``: its namespace and recording."""
    path = folder / name
    path.write_text(source, encoding="utf-8")
    namespace: dict = {"__name__": "__main__", "__file__": str(path)}
    with observe(script=name) as recorder:
        exec(compile(source, str(path), "exec"), namespace)
    return namespace, recorder.recording()


def run_unobserved(source: str, folder: Path, name: str = "program.py") -> dict:
    """Run ``source`` as a script file, with nothing watching: the user's own run."""
    path = folder / name
    path.write_text(source, encoding="utf-8")
    namespace: dict = {"__name__": "__main__", "__file__": str(path)}
    exec(compile(source, str(path), "exec"), namespace)
    return namespace
