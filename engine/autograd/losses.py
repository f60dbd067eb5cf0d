"""Loss functions over lists of predicted Values and plain-number targets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from engine.autograd.value import Value


def _total(terms: Sequence[Value]) -> Value:
    """``sum(terms)`` started at the first term, so no constant-0 node enters the graph."""
    if not terms:
        raise ValueError("a loss needs at least one prediction")
    return sum(terms[1:], terms[0])


def _pairs(preds: Sequence[Value], targets: Sequence[float]) -> list[tuple[Value, float]]:
    if len(preds) != len(targets):
        raise ValueError(f"{len(preds)} predictions for {len(targets)} targets")
    return [(p, float(t)) for p, t in zip(preds, targets, strict=True)]


def sum_squared_error(preds: Sequence[Value], targets: Sequence[float]) -> Value:
    """Seed 000's loss: ``sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))``."""
    return _total([(yout - ygt) ** 2 for yout, ygt in _pairs(preds, targets)])


def mean_squared_error(preds: Sequence[Value], targets: Sequence[float]) -> Value:
    """The sum of squared errors divided by the number of samples (seed 002's printed loss)."""
    return sum_squared_error(preds, targets) / len(preds)


def svm_loss(
    scores: Sequence[Value],
    labels: Sequence[float],
    params: Iterable[Value] = (),
    alpha: float = 1e-4,
) -> tuple[Value, float]:
    """The max-margin loss of micrograd's demo: ``mean(relu(1 - y*score)) + alpha * sum(p*p)``.

    ``labels`` are -1/+1. Returns the loss and the accuracy (the fraction of scores whose
    sign matches the label).
    """
    pairs = _pairs(scores, labels)
    margins = [(1 - y * score).relu() for score, y in pairs]
    loss = _total(margins) * (1.0 / len(margins))
    squares = [p * p for p in params]
    if squares:
        loss = loss + alpha * _total(squares)
    hits = sum((y > 0) == (score.data > 0) for score, y in pairs)
    return loss, hits / len(pairs)


def binary_cross_entropy(
    probs: Sequence[Value], targets: Sequence[float], eps: float = 1e-12
) -> Value:
    """Mean of ``-(y*log(p) + (1-y)*log(1-p))`` over sigmoid outputs ``p``, targets 0/1.

    ``log`` reads ``p + eps`` and ``1 - p + eps`` so a saturated sigmoid (p exactly 0 or 1)
    gives a large finite loss instead of ``inf`` and a nan gradient.
    """
    terms = []
    for p, y in _pairs(probs, targets):
        if y == 1.0:
            terms.append(-(p + eps).log())
        elif y == 0.0:
            terms.append(-(1 - p + eps).log())
        else:
            terms.append(-(y * (p + eps).log() + (1 - y) * (1 - p + eps).log()))
    return _total(terms) / len(terms)
