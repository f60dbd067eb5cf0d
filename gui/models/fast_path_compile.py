"""A trainer's fast path compiled on a thread, polled from the training model's timer."""

from __future__ import annotations

import inspect
import sys
import threading
from typing import TYPE_CHECKING

from gui.models.gc_hold import GC_HOLD

if TYPE_CHECKING:
    from engine.training.runs import Trainer

#: The thread's GIL switch interval while it compiles (Python's default is 5 ms).
PREPARE_SWITCH_SECONDS = 0.0005


class FastPathCompile:
    """Compiles one trainer at a time off the GUI thread (a big graph takes a few tenths of a s).

    Building a big graph allocates ~500,000 objects: the cyclic GC passes this triggers held
    the GIL for ~0.1 s each and froze the GUI thread, so the GC is held (our Values make no
    cycles). The GUI thread re-takes the GIL around every Qt call it makes; a short switch
    interval keeps each wait well under a millisecond instead of up to 5 ms.
    """

    def __init__(self) -> None:
        self.error: Exception | None = None  # why the last compile failed; shown, never lost
        self._thread: threading.Thread | None = None

    @property
    def started(self) -> bool:
        """Whether a compile was started and its end not yet taken (``take_end``)."""
        return self._thread is not None

    def start(self, trainer: Trainer) -> None:
        """Compile ``trainer``'s fast path on a daemon thread."""
        self.error = None
        self._thread = threading.Thread(target=self._compile, args=(trainer,), daemon=True)
        self._thread.start()

    def take_end(self) -> bool:
        """True once the started compile has ended (then it is no longer ``started``)."""
        if self._thread is None or self._thread.is_alive():
            return False
        self._thread = None
        return True

    def _compile(self, trainer: Trainer) -> None:
        from engine.training.runs import build_step_graph  # noqa: PLC0415

        interval = sys.getswitchinterval()
        GC_HOLD.hold()
        sys.setswitchinterval(PREPARE_SWITCH_SECONDS)
        try:
            trainer.prepare()
            # the code panel reads sources with inspect, whose first lookup of a code object
            # scans every module (~25 ms): pay it here, not in the first live canvas reload
            inspect.getmodule(build_step_graph.__code__)
        except Exception as exc:  # shown by the training model, never swallowed
            self.error = exc
        finally:
            sys.setswitchinterval(interval)
            GC_HOLD.release()
