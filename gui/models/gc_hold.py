"""The cyclic GC held off while training: its full passes would stall the event loop."""

from __future__ import annotations

import gc
import threading

#: gc's own default thresholds for its two young generations.
YOUNG_THRESHOLD, MIDDLE_THRESHOLD = 700, 10


class GcHold:
    """Counted holds on the automatic cyclic GC, from any thread; the last release restores it.

    A full (oldest-generation) pass over the window's objects takes 15-40 ms here and comes
    at no chosen time. While a hold is on, only the cheap young passes run, when
    ``collect_young`` is called between chunks; the full pass waits for the run to end.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._holds = 0
        self._was_enabled = False

    @property
    def held(self) -> bool:
        """True while at least one hold is on."""
        return self._holds > 0

    def hold(self) -> None:
        """Turn the automatic GC off (nested holds count)."""
        with self._lock:
            if self._holds == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
                gc.unfreeze()  # what a settled hold set aside is the GC's again (oldest pass)
            self._holds += 1

    def release(self, *, settle: bool = False) -> None:
        """Undo one hold; the last one turns the GC back on if it was on.

        ``settle``: the objects made while the hold was on are there to stay (an opened
        recording): they are moved out of the GC's reach (``gc.freeze``). Left in, the
        first young pass after the hold would walk all of them, then the middle one, then
        a full one: three 15-70 ms stalls on whichever thread allocates next. The next hold
        gives them back (``gc.unfreeze``), so a full pass can still reclaim what they leave.
        """
        with self._lock:
            if self._holds == 0:
                return
            self._holds -= 1
            if self._holds == 0 and settle:
                gc.freeze()
            if self._holds == 0 and self._was_enabled:
                gc.enable()

    def settle(self) -> bool:
        """Set aside what a graph opened outside any hold made; False (nothing done) if held.

        A full pass would otherwise walk the new graph's objects while it is stepped (the
        4,824-node graph after a launch: one per 800 steps, 40-55 ms at load 9-12). Garbage
        pending is collected first, so it is not set aside with them; that pass walks only
        what nothing set aside yet (that graph: 3-5 ms quiet, 7-21 ms at load 9-12). What
        is set aside is still freed by its reference counts (a replaced graph is); only
        cycles among it wait for the next hold, which gives it all back to the GC. No count
        is taken here: counting what is set aside walks it (10-28 ms for 70,000 objects).
        """
        with self._lock:
            if self._holds:
                return False  # the hold's release settles, or the GC is held for a run
        gc.collect()
        gc.freeze()
        return True

    @staticmethod
    def collect_young() -> None:
        """Run the young passes the GC would have run by now (a millisecond or so)."""
        young, middle, _ = gc.get_count()
        if middle >= MIDDLE_THRESHOLD:
            gc.collect(1)
        elif young >= YOUNG_THRESHOLD:
            gc.collect(0)


#: One for the process: the GC is process-wide.
GC_HOLD = GcHold()
