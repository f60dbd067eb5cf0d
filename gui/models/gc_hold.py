"""The cyclic GC held off while training: its full passes would stall the event loop."""

from __future__ import annotations

import gc
import threading

#: gc's own default thresholds for its two young generations.
YOUNG_THRESHOLD, MIDDLE_THRESHOLD = 700, 10
#: A settle makes a full pass once what is set aside has grown by a quarter since the last
#: one: the rule the GC itself uses to space its full passes (CPython's long-lived pending).
FULL_PASS_GROWTH = 1.25


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
        self._set_aside = 0  # objects set aside by the last full pass (or hold's settle)

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
                self._set_aside = gc.get_freeze_count()
            if self._holds == 0 and self._was_enabled:
                gc.enable()

    def settle(self) -> bool:
        """Set aside what a graph opened outside any hold made; False (nothing done) if held.

        A full pass would otherwise walk the new graph's objects about once per 400 steps
        (50-120 ms on the 4,824-node graph). Garbage pending is collected first, so it is
        not set aside with them: that pass walks only what no settle set aside (the new
        graph: 3-5 ms for 4,824 nodes). Once the objects set aside and in reach would be a
        quarter more than after the last full pass, everything is given back and walked
        once instead (40-50 ms), so garbage among what was set aside is still reclaimed.
        """
        with self._lock:
            if self._holds:
                return False  # the hold's release settles, or the GC is held for a run
        in_reach = len(gc.get_objects())  # 2 ms per 100,000: no count is kept
        full = gc.get_freeze_count() + in_reach > self._set_aside * FULL_PASS_GROWTH
        if full:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        if full:
            self._set_aside = gc.get_freeze_count()
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
