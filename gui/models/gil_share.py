"""The GIL handed back to the GUI thread sooner while another thread reads a recording.

A thread running Python keeps the GIL until another thread has waited the switch interval
(5 ms by default) for it. The GUI thread gives it up and takes it again at every call into
Qt that calls back into Python, so one repaint waited 5 ms many times over: 40-95 ms
repaints while the runner's thread decoded a moons recording. With a 0.5 ms interval the
same repaints take a few milliseconds; the reading thread loses a little throughput.
"""

from __future__ import annotations

import sys
import threading

SHARED_INTERVAL = 0.0005
"""Seconds a thread waits for the GIL before asking its holder to let go, while shared."""


class GilShare:
    """Counted requests for a short switch interval, from any thread; the last restores it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0
        self._before = sys.getswitchinterval()

    @property
    def shared(self) -> bool:
        """True while at least one request is on."""
        return self._count > 0

    def share(self) -> None:
        """Shorten the switch interval (nested requests count)."""
        with self._lock:
            if self._count == 0:
                self._before = sys.getswitchinterval()
                sys.setswitchinterval(min(self._before, SHARED_INTERVAL))
            self._count += 1

    def release(self) -> None:
        """Undo one request; the last one puts the interval back as it was."""
        with self._lock:
            if self._count == 0:
                return
            self._count -= 1
            if self._count == 0:
                sys.setswitchinterval(self._before)


#: One for the process: the switch interval is process-wide.
GIL_SHARE = GilShare()
