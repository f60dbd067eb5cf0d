"""Opening a recording's pass, the part done off the GUI thread before it opens.

A moons pass (65,000 nodes) took over a second to open on the GUI thread: the timeline
walked to its end, the graph's parents and names, its grads after backward (the
inspector's checks), the canvas's groups, layout and edges. None of that needs
Qt items, so the thread that read the recording does it too (the GIL passes between threads
every few milliseconds, so the event loop keeps ticking); the GUI thread then only builds
the widgets. A pass that was not prepared opens as before, all on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from engine.trace.timeline import Timeline
from engine.trace.trace import Trace

if TYPE_CHECKING:  # loaded when a recording is opened, not with the window
    from engine.sources.program.recording import Recording

PassWarmer = Callable[[Trace], object]
"""Computes (and keeps, for that trace) what a view will ask of a pass when it opens."""


class PassOpening:
    """Timelines walked to their pass's end ahead of time, and each graph's caches warmed.

    ``prepare`` runs on any thread; ``take`` hands a prepared timeline over once, on the
    GUI thread, which from then on is the only one to touch it.
    """

    def __init__(self, warmers: tuple[PassWarmer, ...] = ()) -> None:
        self.warmers = warmers
        self._lock = threading.Lock()
        self._ready: dict[int, tuple[Trace, Timeline]] = {}

    def prepare(self, recording: Recording, number: int = -1) -> None:
        """Do the GUI-free work of opening pass ``number`` (default: the last one).

        A pass that cannot be stepped is left alone: opening it says why, as before.
        """
        if not recording.passes:
            return
        trace = recording.pass_at(number).trace
        try:
            timeline = Timeline(trace)
        except ValueError:
            return  # opening it reports the reason on the GUI thread
        timeline.seek(len(timeline))
        graph = trace.graph
        graph.parents()
        _ = trace.names
        _ = graph.rule_ops  # the last event's text reads it: 8-18 ms on a 21,000-value batch
        _ = timeline.current  # made once and kept by the timeline, for every view to read
        trace.backward_grads()  # kept for the inspector's numerical checks
        for warm in self.warmers:
            warm(trace)
        with self._lock:
            self._ready = {id(trace): (trace, timeline)}  # only the latest run's pass is kept

    def take(self, trace: Trace) -> Timeline | None:
        """The prepared timeline of ``trace`` (at its end), once; None if none was prepared."""
        with self._lock:
            kept = self._ready.pop(id(trace), None)
        if kept is None or kept[0] is not trace:
            return None
        return kept[1]
