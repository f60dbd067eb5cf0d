"""The cyclic GC's full passes counted while a benchmark runs (``gc.callbacks``)."""

from __future__ import annotations

import gc
import time


class FullPasses:
    """While on (``with``): the cyclic GC's full (oldest-generation) passes, each in ms."""

    def __init__(self) -> None:
        self.ms: list[float] = []
        self._start = 0.0

    def __enter__(self) -> FullPasses:
        gc.callbacks.append(self._on_gc)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self._on_gc)

    def _on_gc(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.ms.append((time.perf_counter() - self._start) * 1e3)

    def __str__(self) -> str:
        each = f" ({', '.join(f'{ms:.1f}' for ms in self.ms)} ms)" if self.ms else ""
        return f"{len(self.ms)} full GC passes{each}"
