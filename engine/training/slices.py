"""Long computations in slices: generators that yield wherever their caller may pause them.

A thread computing beside the GUI thread does not make the window smoother in CPython: the
two take turns at the GIL, and each of the GUI thread's many hand-overs (every numpy call of
a training step, every Qt call) waits for the other thread to let go. A computation that
yields every millisecond or two can instead run on the GUI thread itself, a few
milliseconds per event-loop tick, in place of other work: no GIL is shared, and no tick
waits longer than one slice.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from typing import Any, Generic, Self, TypeVar

T = TypeVar("T")

#: A computation that yields (None) where it may pause and returns its result.
Sliced = Generator[None, None, T]


def finish(work: Sliced[T]) -> T:
    """Run a sliced computation to its end in one go; its result."""
    while True:
        try:
            next(work)
        except StopIteration as stop:
            return stop.value


def parts(items: range, size: int) -> list[range]:
    """``items`` cut into ranges of ``size``: the work between two pauses."""
    return [items[i : i + size] for i in range(0, len(items), size)]


class SlicedBuild:
    """A class whose instances are built by a sliced ``_build(source)``.

    The constructor builds one in one go; ``sliced`` builds one in slices of a few
    milliseconds, for a caller that advances it between other work (``Slicer``).
    """

    def __init__(self, source: Any) -> None:
        finish(self._build(source))

    @classmethod
    def sliced(cls, source: Any) -> Sliced[Self]:
        """The same instance, built in slices; it is what the computation returns."""
        built = cls.__new__(cls)
        yield from built._build(source)
        return built

    def _build(self, source: Any) -> Sliced[None]:
        """Fill this instance from ``source``, yielding where it may pause."""
        raise NotImplementedError


class Slicer(Generic[T]):
    """Advances a sliced computation a time budget at a time, keeping its running time."""

    def __init__(self, work: Sliced[T]):
        self._work = work
        self.done = False
        self.seconds = 0.0  # time spent in the computation so far, pauses left out
        self.cpu_seconds = 0.0  # the thread's CPU time in it: the same, less waits for a core
        self._result: T | None = None

    def advance(self, budget: float) -> bool:
        """Run slices until ``budget`` seconds have passed or it ends; True once it has ended.

        At least one slice runs. An exception of the computation is raised here.
        """
        start, cpu = time.perf_counter(), time.thread_time()
        deadline = start + budget
        try:
            while not self.done:
                try:
                    next(self._work)
                except StopIteration as stop:
                    self._result, self.done = stop.value, True
                if time.perf_counter() >= deadline:
                    break
        finally:
            self.seconds += time.perf_counter() - start
            self.cpu_seconds += time.thread_time() - cpu
        return self.done

    @property
    def result(self) -> T:
        """What the computation returned (only once ``done``)."""
        if not self.done:
            raise RuntimeError("the computation has not ended yet")
        return self._result
