"""A long run from the command line: a progress line every few seconds, stopped on request."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from engine.training.runs import Trainer

#: A long run says how far it is about this often.
PROGRESS_SECONDS = 3.0


def run_reporting(
    trainer: Trainer,
    report: Callable[[str], object],
    stop_requested: Callable[[], bool] = lambda: False,
    every: float = PROGRESS_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """Take the remaining steps, with ``report(progress_line(...))`` every ``every`` seconds.

    ``stop_requested`` is asked between steps (a step is never cut in half); False if it
    stopped the run early, True once the run finished (or a step stopped it).
    """
    start = last = clock()
    first = trainer.done
    while not trainer.finished:
        if stop_requested():
            return False
        trainer.step()
        now = clock()
        if now - last >= every:
            last = now
            report(progress_line(trainer, trainer.done - first, now - start))
    return True


def progress_line(trainer: Trainer, taken: int, seconds: float) -> str:
    """How far ``trainer`` is, its last loss, its speed and the time left, in one line."""
    h = trainer.history
    rate = taken / seconds if seconds > 0 else 0.0
    left = (trainer.steps - trainer.done) / rate if rate else math.inf
    loss = float(h.loss[-1]) if len(h.loss) else math.nan
    kept = f"; keeping 1 step in {h.stride:,}" if h.decimated else ""
    return (
        f"training {trainer.setup.name}: step {trainer.done:,} of {trainer.steps:,} "
        f"({trainer.done / trainer.steps:.1%}), loss {loss:.6g}, {rate:,.0f} steps/s, "
        f"about {duration_text(left)} to go{kept}"
    )


def duration_text(seconds: float) -> str:
    """A duration the way a person says it: "40 s", "12 min", "3.5 h", "20 days"."""
    if not math.isfinite(seconds):
        return "an unknown time"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:,.0f} days"
