"""Counting the numerical checker's passes, for the tests of how checks are batched."""

from collections.abc import Callable, Sequence

from engine.explain import numeric_check


def count_passes(monkeypatch, record: Callable[[Sequence[int]], object] = len) -> list:
    """Every check pass from now on, appended as ``record(the nodes it checks)``."""
    passes = []
    real = numeric_check.check_gradients

    def counted(*args, **kwargs):
        passes.append(record(kwargs["nodes"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(numeric_check, "check_gradients", counted)
    return passes
