"""A training run's history: loss, accuracy and learning rate per step, parameters per step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


class History:
    """What a run recorded, in growable numpy arrays.

    Step ``k`` is the k-th training step (0 first): ``loss[k]`` was computed from
    ``params_at(k)``, then the update with ``lr[k]`` gave ``params_at(k + 1)``. A step whose
    loss is not finite is recorded (so it can be plotted) but its update is not applied.
    """

    def __init__(self, initial_params: np.ndarray, capacity: int = 256):
        initial = np.asarray(initial_params, dtype=np.float64)
        self._n = 0
        self._loss = np.full(capacity, np.nan)
        self._accuracy = np.full(capacity, np.nan)
        self._lr = np.full(capacity, np.nan)
        self._params = np.empty((capacity + 1, len(initial)))
        self._params[0] = initial
        self._batches: dict[int, np.ndarray] = {}

    @classmethod
    def from_series(cls, series: Mapping[str, Sequence[float | None]]) -> History:
        """A run's per-step series alone, as a session saves them (``to_dict``), no parameters.

        The length is the loss series'; a missing accuracy or lr, or a None entry, is nan.
        """
        loss = _floats(series.get("loss", ()), 0)
        n = len(loss)
        accuracy, lr = _floats(series.get("accuracy", ()), n), _floats(series.get("lr", ()), n)
        history = cls(np.empty(0), capacity=max(n, 1))
        for k in range(n):
            history.append(loss[k], accuracy[k], lr[k], np.empty(0))
        return history

    def __len__(self) -> int:
        return self._n

    @property
    def loss(self) -> np.ndarray:
        """The loss of every recorded step (a read-only view)."""
        return _view(self._loss[: self._n])

    @property
    def accuracy(self) -> np.ndarray:
        """The accuracy of every recorded step (nan where the model has none)."""
        return _view(self._accuracy[: self._n])

    @property
    def lr(self) -> np.ndarray:
        """The learning rate every recorded step used."""
        return _view(self._lr[: self._n])

    @property
    def n_params(self) -> int:
        """How many parameters the model has."""
        return self._params.shape[1]

    @property
    def current_params(self) -> np.ndarray:
        """The parameters now: after the last applied update."""
        return self.params_at(self._n)

    def params_at(self, step: int) -> np.ndarray:
        """The parameters the model had at step ``step`` (0..len), as a copy."""
        if not 0 <= step <= self._n:
            raise IndexError(f"step {step} is outside the recorded steps 0..{self._n}")
        return self._params[step].copy()

    def batch_at(self, step: int) -> np.ndarray | None:
        """The sample indices step ``step`` used, or None for the full batch."""
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
        if self._n == len(self._loss):
            self._grow()
        k = self._n
        self._loss[k] = loss
        self._accuracy[k] = np.nan if accuracy is None else accuracy
        self._lr[k] = lr
        self._params[k + 1] = params_after
        if batch is not None:
            self._batches[k] = np.asarray(batch, dtype=np.int32)
        self._n = k + 1
        return k

    def _grow(self) -> None:
        """Double the capacity (amortised O(1) appends)."""
        size = 2 * len(self._loss)
        for name in ("_loss", "_accuracy", "_lr"):
            old = getattr(self, name)
            new = np.full(size, np.nan)
            new[: len(old)] = old
            setattr(self, name, new)
        params = np.empty((size + 1, self.n_params))
        params[: len(self._params)] = self._params
        self._params = params

    def to_dict(self) -> dict[str, list[float | None]]:
        """The per-step series as JSON-ready lists (nan and inf become None)."""
        return {
            "loss": _json_list(self.loss),
            "accuracy": _json_list(self.accuracy),
            "lr": _json_list(self.lr),
        }


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
