"""A training run's history: loss, accuracy and learning rate per step, parameters per step.

A long run is decimated so its memory stays bounded: once ``limit`` points are kept, every
other one is dropped and from then on only every 2nd step (then 4th, 8th ...) is kept. The
latest step is always kept too, so the series end where the run is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


class History:
    """What a run recorded, in growable numpy arrays.

    Step ``k`` is the k-th training step (0 first): ``loss`` at step k was computed from
    ``params_at(k)``, then the update with that step's ``lr`` gave ``params_at(k + 1)``. A
    step whose loss is not finite is recorded (so it can be plotted) but its update is not
    applied. ``len()`` is the number of steps recorded; ``steps`` says which of them the
    series hold (all of them until a run outgrows ``limit``).
    """

    def __init__(self, initial_params: np.ndarray, capacity: int = 256, limit: int | None = None):
        initial = np.asarray(initial_params, dtype=np.float64)
        if limit is not None and limit < 2:
            raise ValueError(f"a history keeps at least 2 points, not {limit}")
        capacity = max(2, capacity if limit is None else min(capacity, limit))
        self.limit = limit
        self.stride = 1  # the steps kept are the multiples of this (and the latest)
        self._n = 0  # steps recorded
        self._kept = 0  # points kept for good; one more (the latest step) may follow
        self._tail = False
        self._steps = np.zeros(capacity, dtype=np.int64)
        self._loss = np.full(capacity, np.nan)
        self._accuracy = np.full(capacity, np.nan)
        self._lr = np.full(capacity, np.nan)
        self._params = np.empty((capacity, len(initial)))  # the parameters AT each kept step
        self._current = initial.copy()  # after the last step
        self._batches: dict[int, np.ndarray] = {}

    @classmethod
    def from_series(cls, series: Mapping[str, Sequence[float | None]]) -> History:
        """A run's per-step series alone, as a session saves them (``to_dict``), no parameters.

        The length is the loss series'; a missing accuracy or lr, or a None entry, is nan.
        A decimated run's series come with ``steps``, the step of each entry.
        """
        loss = _floats(series.get("loss", ()), 0)
        n = len(loss)
        accuracy, lr = _floats(series.get("accuracy", ()), n), _floats(series.get("lr", ()), n)
        steps = np.arange(n) if "steps" not in series else np.asarray(series["steps"], dtype=int)
        if len(steps) != n or (n and (steps[0] < 0 or np.any(np.diff(steps) <= 0))):
            raise ValueError("a history's steps must rise, one per loss")
        history = cls(np.empty(0), capacity=max(n, 2))
        for k in range(n):
            history._put(k, int(steps[k]), loss=loss[k], accuracy=accuracy[k], lr=lr[k],
                         params=np.empty(0))  # fmt: skip
        history._kept = n
        history._n = int(steps[-1]) + 1 if n else 0
        history.stride = int(np.min(np.diff(steps))) if n > 1 else 1
        return history

    def __len__(self) -> int:
        return self._n

    @property
    def decimated(self) -> bool:
        """True once the run outgrew ``limit`` and not every step is kept."""
        return self._points < self._n

    @property
    def _points(self) -> int:
        return self._kept + self._tail

    @property
    def steps(self) -> np.ndarray:
        """The step of each kept point (0, 1, 2 ... until the run is decimated)."""
        return _view(self._steps[: self._points])

    @property
    def loss(self) -> np.ndarray:
        """The loss of every kept step (a read-only view)."""
        return _view(self._loss[: self._points])

    @property
    def accuracy(self) -> np.ndarray:
        """The accuracy of every kept step (nan where the model has none)."""
        return _view(self._accuracy[: self._points])

    @property
    def lr(self) -> np.ndarray:
        """The learning rate every kept step used."""
        return _view(self._lr[: self._points])

    @property
    def n_params(self) -> int:
        """How many parameters the model has."""
        return self._params.shape[1]

    @property
    def current_params(self) -> np.ndarray:
        """The parameters now: after the last applied update."""
        return self._current.copy()

    def index_of(self, step: int) -> int | None:
        """Where step ``step`` is in the series, or None if it was not kept."""
        if not self.decimated:
            return step if 0 <= step < self._n else None
        i = int(np.searchsorted(self.steps, step))
        return i if i < self._points and self._steps[i] == step else None

    def nearest_kept(self, step: int) -> int:
        """The kept step nearest to ``step`` (``len`` itself, the model now, counts as kept)."""
        step = max(0, min(int(step), self._n))
        if step == self._n or not self.decimated:
            return step
        steps = self.steps
        i = int(np.searchsorted(steps, step))
        candidates = [int(s) for s in steps[max(0, i - 1) : i + 1]]
        return min([*candidates, self._n], key=lambda s: (abs(s - step), s))

    def params_at(self, step: int) -> np.ndarray:
        """The parameters the model had at step ``step`` (a kept step or ``len``), as a copy."""
        if step == self._n:
            return self.current_params
        i = self.index_of(step)
        if i is None:
            if not 0 <= step <= self._n:
                raise IndexError(f"step {step} is outside the recorded steps 0..{self._n}")
            raise IndexError(
                f"step {step} was not kept: this run keeps every {self.stride}th step "
                f"(nearest: {self.nearest_kept(step)})"
            )
        return self._params[i].copy()

    def batch_at(self, step: int) -> np.ndarray | None:
        """The sample indices step ``step`` used, or None for the full batch (or not kept)."""
        return self._batches.get(step)

    def append(
        self,
        loss: float,
        accuracy: float | None,
        lr: float,
        params_after: np.ndarray,
        batch: np.ndarray | None = None,
    ) -> int:
        """Record one step; returns its index."""
        k = self._n
        if self._tail:  # the previous latest step, not on the stride: this one replaces it
            self._batches.pop(int(self._steps[self._kept]), None)
        if self._kept == len(self._loss):
            if self.limit is not None and self._kept >= self.limit:
                self._halve()
            else:
                self._grow()
        acc = np.nan if accuracy is None else accuracy
        self._put(self._kept, k, loss=loss, accuracy=acc, lr=lr, params=self._current, batch=batch)
        self._tail = k % self.stride != 0
        self._kept += not self._tail
        self._current = np.array(params_after, dtype=np.float64)
        self._n = k + 1
        return k

    def _put(self, i: int, step: int, *, loss: float, accuracy: float, lr: float,
             params: np.ndarray, batch: np.ndarray | None = None) -> None:  # fmt: skip
        self._steps[i] = step
        self._loss[i] = loss
        self._accuracy[i] = accuracy
        self._lr[i] = lr
        self._params[i] = params
        if batch is not None:
            self._batches[step] = np.asarray(batch, dtype=np.int32)

    def _grow(self) -> None:
        """Double the capacity (amortised O(1) appends), up to ``limit``."""
        size = 2 * len(self._loss)
        size = size if self.limit is None else min(size, self.limit)
        for name in ("_steps", "_loss", "_accuracy", "_lr", "_params"):
            old = getattr(self, name)
            new = np.empty((size, *old.shape[1:]), dtype=old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)

    def _halve(self) -> None:
        """Keep every other point (step 0 stays), and from now on every other step."""
        keep = slice(0, self._kept, 2)
        n = len(range(self._kept)[keep])
        for name in ("_steps", "_loss", "_accuracy", "_lr", "_params"):
            array = getattr(self, name)
            array[:n] = array[keep].copy()
        self._kept = n
        self.stride *= 2
        kept = set(self._steps[:n].tolist())
        self._batches = {s: b for s, b in self._batches.items() if s in kept}

    def to_dict(self) -> dict[str, list[float | None]]:
        """The per-step series as JSON-ready lists (nan and inf become None).

        A decimated run adds ``steps``: the step of each entry.
        """
        series = {
            "loss": _json_list(self.loss),
            "accuracy": _json_list(self.accuracy),
            "lr": _json_list(self.lr),
        }
        if self.decimated:
            series["steps"] = [int(s) for s in self.steps]
        return series


def _view(a: np.ndarray) -> np.ndarray:
    v = a.view()
    v.flags.writeable = False
    return v


def _floats(values: Sequence[float | None], n: int) -> np.ndarray:
    """``values`` as floats (None: nan), padded with nan to at least ``n``."""
    out = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    return np.concatenate([out, np.full(max(0, n - len(out)), np.nan)])


def _json_list(a: np.ndarray) -> list[float | None]:
    return [float(x) if np.isfinite(x) else None for x in a]
