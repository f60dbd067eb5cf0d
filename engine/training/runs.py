"""Training runs: build a step's loss graph, take steps (scalar engine or fast path), record.

The scalar engine builds the step's Value graph and calls ``backward()``; the fast path
compiles that same graph once (engine.training.fastpath) and reruns it on new parameters and
samples. Both give the same losses to rounding; a History keeps every step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.autograd.graph import Graph
from engine.autograd.optim import Constant, LinearDecay
from engine.autograd.value import Value
from engine.sources.built import BuiltGraph, GraphSource
from engine.training.fastpath import CompiledGraph, node_ids
from engine.training.history import History
from engine.training.setups import SETUPS, TrainingSetup, get_setup

__all__ = [
    "SETUPS",
    "StepNumbers",
    "Trainer",
    "TrainingError",
    "build_step_graph",
    "get_setup",
    "train_example",
]


class TrainingError(ValueError):
    """Settings a run refuses, or a step it cannot take: the message says why."""


def build_step_graph(
    setup: TrainingSetup,
    params: np.ndarray,
    *,
    batch: np.ndarray | None = None,
    lr: float | None = None,
    source: GraphSource | None = None,
) -> BuiltGraph:
    """A fresh scalar graph of the loss at ``params`` on ``batch`` (None: every sample).

    Its inputs, targets and scores are listed sample by sample (what the fast path feeds).
    """
    forward, values = setup.make_model()
    if len(params) != len(values):
        raise TrainingError(f"{len(params)} parameter values for a model with {len(values)}")
    for p, v in zip(values, params, strict=True):
        p.data = float(v)
    rows = range(setup.n_samples) if batch is None else [int(i) for i in batch]
    inputs, targets, scores = [], [], []
    for i in rows:
        x = [Value(float(v), label=setup.input_label.format(i=i, j=j))
             for j, v in enumerate(setup.xs[i])]  # fmt: skip
        inputs.extend(x)
        score = forward(x)
        score.label = f"ypred{i}"
        scores.append(score)
        targets.append(Value(float(setup.ys[i]), label=f"y{i}"))
    root = setup.loss(scores, targets, values)
    root.label = "loss"
    return BuiltGraph(root, tuple(values), lr, source=source, inputs=tuple(inputs),
                      targets=tuple(targets), scores=tuple(scores))  # fmt: skip


def _checked_lr(lr: float, what: str) -> float:
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or math.isnan(lr):
        raise TrainingError(f"the {what} must be a number, got {lr!r}")
    if lr <= 0 or math.isinf(lr):
        raise TrainingError(f"the {what} must be above 0 and finite, got {lr!r}")
    return float(lr)


#: A run's history stays within about this much memory; a longer run is decimated (History).
HISTORY_BYTES = 128 * 1024 * 1024
MIN_HISTORY_POINTS = 1024


def history_limit(n_params: int, batch: int | None) -> int:
    """How many steps a history keeps at most: ``HISTORY_BYTES`` over one step's bytes.

    ``batch`` is a minibatch's size (its sample indices are kept per step), None for all.
    """
    per_step = 8 * (n_params + 4) + (0 if batch is None else 4 * batch + 200)
    return max(MIN_HISTORY_POINTS, HISTORY_BYTES // per_step)


def _checked_count(n: object, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise TrainingError(f"the {what} must be a whole number of at least 1, got {n!r}")
    return n


@dataclass(frozen=True)
class StepNumbers:
    """The fast path's numbers of one step, at ``params_at(step)``: data and backward terms.

    ``compiled.data`` holds the data after its forward pass, ``terms`` what each of its
    backward pass' ``_backward`` calls added (CompiledGraph.backward's). The next step computes
    its own in the same arrays: read them before it is taken.
    """

    step: int
    lr: float  # the step's learning rate: its update gave params_at(step + 1)
    compiled: CompiledGraph
    param_ids: np.ndarray
    terms: list | None  # None unless the run's ``keep_terms`` was on for that step


class Trainer:
    """A training run over a setup: validated settings, a History, one step at a time."""

    def __init__(
        self,
        setup: TrainingSetup | str,
        *,
        lr: float | None = None,
        lr_end: float | None = None,
        decay: bool | None = None,
        steps: int | None = None,
        batch_size: int | None = None,
        fast: bool = True,
        seed: int = 0,
    ):
        self.setup = get_setup(setup) if isinstance(setup, str) else setup
        s = self.setup
        self.lr = _checked_lr(s.lr if lr is None else lr, "learning rate")
        self.steps = _checked_count(s.steps if steps is None else steps, "number of steps")
        self.batch_size = _checked_count(batch_size or s.n_samples, "batch size")
        if self.batch_size > s.n_samples:
            raise TrainingError(
                f"the batch size {self.batch_size} is larger than the {s.n_samples} samples "
                f"of {s.name}"
            )
        decay = s.lr_end is not None if decay is None else decay
        self.lr_end: float | None = None
        if decay:
            self.lr_end = _checked_lr(lr_end if lr_end is not None else (s.lr_end or self.lr / 10),
                                      "final learning rate")  # fmt: skip
            self.schedule = LinearDecay(self.lr, self.lr - self.lr_end, self.steps)
        else:
            self.schedule = Constant(self.lr)
        self.fast = fast
        minibatch = self.batch_size if self.batch_size < s.n_samples else None
        initial = s.initial_params()
        self.history = History(initial, limit=history_limit(len(initial), minibatch))
        self.stopped: str | None = None
        self._rng = np.random.default_rng(seed)
        self._compiled: tuple[CompiledGraph, np.ndarray, ...] | None = None
        #: Whether fast steps keep their backward pass' terms: a live view of the graph reads
        #: them (StepNumbers); off, a step costs nothing more.
        self.keep_terms = False
        self._last: StepNumbers | None = None
        self._terms: list | None = None

    def settings(self) -> dict[str, object]:
        """The settings this run was made with, as ``Trainer(setup, **settings)`` takes them."""
        return {
            "lr": self.lr,
            "decay": self.lr_end is not None,
            "lr_end": self.lr_end,
            "steps": self.steps,
            "batch_size": self.batch_size,
        }

    @property
    def done(self) -> int:
        """How many steps have been taken."""
        return len(self.history)

    @property
    def finished(self) -> bool:
        """True once every step is taken or a step stopped the run."""
        return self.stopped is not None or self.done >= self.steps

    @property
    def prepared(self) -> bool:
        """True once the fast path is compiled (or not needed)."""
        return not self.fast or self._compiled is not None

    def prepare(self) -> None:
        """Compile the fast path now (it is otherwise compiled by the first fast step)."""
        if self.fast:
            self._compile(None if self.batch_size >= self.setup.n_samples else
                          np.arange(self.batch_size))  # fmt: skip

    def _next_batch(self) -> np.ndarray | None:
        if self.batch_size >= self.setup.n_samples:
            return None
        return np.sort(self._rng.choice(self.setup.n_samples, self.batch_size, replace=False))

    def step(self, *, fast: bool | None = None) -> int:
        """Take one training step; returns its index (check ``stopped`` afterwards)."""
        if self.stopped is not None:
            raise TrainingError(self.stopped)
        if self.done >= self.steps:
            raise TrainingError(f"all {self.steps} steps are taken: Reset or raise the steps")
        k, params, batch = self.done, self.history.current_params, self._next_batch()
        lr = float(self.schedule(k))
        use_fast = self.fast if fast is None else fast
        run = self._fast_step if use_fast else self._scalar_step
        self._last = None
        loss, grads, scores, culprit = run(params, batch)
        if use_fast:
            c, param_ids = self._compiled[:2]
            self._last = StepNumbers(k, lr, c, param_ids, self._terms)
        accuracy = None
        if self.setup.accuracy is not None:
            ys = self.setup.ys if batch is None else self.setup.ys[batch]
            accuracy = self.setup.accuracy(scores, ys)
        if math.isfinite(loss):
            params = params - lr * grads
        else:
            self.stopped = (
                f"training stopped at step {k}: the loss is {loss}; it first appeared at "
                f"node {culprit()} (the first non-finite value in creation order)"
            )
        self.history.append(loss, accuracy, lr, params, batch)
        return k

    def last_numbers(self) -> StepNumbers | None:
        """The fast path's numbers of the last step taken (None: none, or it was scalar)."""
        return self._last

    def run(self, n: int) -> int:
        """Take up to ``n`` steps (fewer if the run ends); returns how many were taken."""
        taken = 0
        while taken < n and not self.finished:
            self.step()
            taken += 1
        return taken

    def _scalar_step(self, params: np.ndarray, batch: np.ndarray | None) -> tuple:
        g = build_step_graph(self.setup, params, batch=batch)
        g.root.backward()
        grads = np.array([p.grad for p in g.params])
        scores = np.array([s.data for s in g.scores])

        def culprit() -> str:
            graph = Graph.from_root(g.root)
            bad = next(i for i, n in enumerate(graph.nodes) if not math.isfinite(n.data))
            return graph.names[bad]

        return g.root.data, grads, scores, culprit

    def _compile(self, batch: np.ndarray | None) -> tuple:
        if self._compiled is None:
            g = build_step_graph(self.setup, self.history.current_params, batch=batch)
            graph = Graph.from_root(g.root)
            c = CompiledGraph(graph)
            ids = [node_ids(graph, nodes) for nodes in (g.params, g.inputs, g.targets, g.scores)]
            self._compiled = (c, *ids)
        return self._compiled

    def _fast_step(self, params: np.ndarray, batch: np.ndarray | None) -> tuple:
        c, param_ids, input_ids, target_ids, score_ids = self._compile(batch)
        rows = slice(None) if batch is None else batch
        c.data[param_ids] = params
        c.data[input_ids] = self.setup.xs[rows].ravel()
        c.data[target_ids] = self.setup.ys[rows]
        loss = c.forward()
        self._terms = [] if self.keep_terms else None
        grads = c.backward(self._terms)[param_ids].copy()

        def culprit() -> str:
            return c.names[c.first_non_finite()]

        return loss, grads, c.data[score_ids].copy(), culprit


def train_example(name: str, steps: int) -> Trainer:
    """Example ``name``'s setup trained for ``steps`` steps (the command line's ``--train``)."""
    try:
        setup = get_setup(name)
    except KeyError:
        raise TrainingError(
            f"example {name!r} has no training setup; these do: {', '.join(SETUPS)}"
        ) from None
    trainer = Trainer(setup, steps=steps)
    trainer.run(steps)
    return trainer
