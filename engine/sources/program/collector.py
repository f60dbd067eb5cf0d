"""The cyclic garbage collector paused while the observer does its own bookkeeping."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off; put it back as it was found.

    The observer builds one container per node of the user's graph (65,000 for micrograd's
    moons demo); each 700 of them would start a collection, and the full ones walk the
    whole graph the user's program holds (over 0.1 s each). Pausing only defers: what the
    block made is collected as usual once the collector is back on, and the user's code,
    run outside these blocks, keeps the collector as it set it.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
