"""``observe()``: run the user's own code and record every ``backward()`` it calls.

::

    with observe() as recorder:
        exec(user_code, namespace)
    recording = recorder.recording()

While active, a ``sys.settrace`` hook looks at each Python call. A call of a function named
``backward`` whose first argument is Value-like (``.data``, ``.grad``, ``._prev``,
``._backward``) starts a pass; torch tensors and other objects are ignored. Inside a pass the
hook follows only the user's sort function and ``_backward`` calls; everything else costs
one name check per call. Only the thread that entered ``observe()`` is watched.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from engine.autograd.graph import Graph, GraphError
from engine.sources.built import data_not_real, is_value_like
from engine.sources.program.collector import collector_paused
from engine.sources.program.pass_recorder import EndState, PassRecorder
from engine.sources.program.recording import RecordedPass, Recording
from engine.sources.program.step_watch import PROBE_CODE
from engine.trace.backward_steps import TraceError

Tracer = Callable[[types.FrameType, str, Any], Any]


class Recorder:
    """The passes recorded so far while ``observe()`` is active, and any recording errors.

    ``on_pass`` is called with each RecordedPass as soon as it is complete (when the
    program calls its next ``backward()``, or observation stops): for progress reports.
    """

    def __init__(self, on_pass: Callable[[RecordedPass], None] | None = None, script: str = ""):
        self.on_pass = on_pass
        self.script = script
        self._passes: list[RecordedPass] = []
        self._errors: list[str] = []
        self._current: PassRecorder | None = None
        self._pending: PassRecorder | None = None
        self._previous_end: EndState | None = None
        self._outer: Any = None
        self._active = False

    @property
    def pass_count(self) -> int:
        """How many ``backward()`` calls have been recorded so far (the running one included)."""
        return len(self._passes) + (self._pending is not None) + (self._current is not None)

    def start(self) -> None:
        """Begin watching calls on this thread."""
        self._outer = sys.gettrace()
        self._active = True
        sys.settrace(self._on_call)

    def stop(self) -> None:
        """Stop watching; a pass still waiting for its update phase is completed."""
        if not self._active:
            return
        sys.settrace(self._outer)
        self._active = False
        if self._current is not None:  # backward() never returned (stopped from inside)
            self._end_current("stopped while backward() was running")
        self._complete_pending()

    def recording(self) -> Recording:
        """Every pass recorded, in order (call after the ``with observe()`` block)."""
        if self._active:
            self.stop()
        return Recording(tuple(self._passes), tuple(self._errors), self.script)

    # ------------------------------------------------------------------------ tracing

    def _on_call(self, frame: types.FrameType, event: str, arg: Any) -> Tracer | None:
        if self._current is not None:
            return self._in_pass(frame)
        if frame.f_code.co_name == "backward":
            tracer = self._begin(frame)
            if tracer is not None:
                return tracer
        outer = self._outer
        return outer(frame, event, arg) if outer is not None else None

    def _begin(self, frame: types.FrameType) -> Tracer | None:
        code = frame.f_code
        if code.co_argcount == 0:
            return None
        root = frame.f_locals.get(code.co_varnames[0])
        if not is_value_like(root):
            why = data_not_real(root)  # a Value in all but its data: say so, not nothing
            if why is not None:
                kind = type(root).__name__
                self._errors.append(f"backward() on a {kind} was not recorded: {why}")
            return None
        try:
            with collector_paused():
                graph = Graph.from_root(root)
                current = PassRecorder(self.pass_count + 1, graph, frame, self._previous_end)
        except (GraphError, TraceError) as exc:
            self._errors.append(f"backward() on {root!r} was not recorded: {exc}")
            return None
        self._complete_pending()
        self._current = current
        frame.f_trace_lines = False
        return self._backward_events

    def _backward_events(self, frame: types.FrameType, event: str, arg: Any) -> Tracer | None:
        current = self._current
        if current is None or frame is not current.frame:
            return None
        if event == "exception":
            current.error = f"{arg[0].__name__}: {arg[1]}"
        elif event == "return":
            self._end_current(current.error)
        return self._backward_events

    def _in_pass(self, frame: types.FrameType) -> Tracer | None:
        current = self._current
        assert current is not None
        caller = frame.f_back
        # Most calls in a pass come from inside a _backward or a probe: rejected first.
        if caller is not current.frame:
            stack = current.topo.stack
            if not stack or caller is not stack[-1][0]:
                return None
        code = frame.f_code
        if code is PROBE_CODE or not code.co_argcount:
            return None
        # One f_locals read per call (it copies every local into a dict): node_of inlined.
        obj = frame.f_locals.get(code.co_varnames[0])
        topo = current.topo
        node = topo.ids.get(id(obj))
        if node is None or topo.nodes[node] is not obj:
            return None
        if code.co_name == "_backward" and not current.steps.wrapped[node]:
            return current.method_step(frame, node)
        # The sort function is the first function called on a node before any _backward.
        if not current.steps.started and (topo.code is None or code is topo.code):
            return topo.on_call(frame, node, caller)
        return None

    # ----------------------------------------------------------------- pass lifecycle

    def _end_current(self, error: str) -> None:
        current = self._current
        assert current is not None
        self._current = None
        try:
            with collector_paused():
                current.end(error)
        except TraceError as exc:
            current.steps.uninstall()
            self._errors.append(f"pass {current.index} was not recorded: {exc}")
            return
        if error:
            self._errors.append(f"pass {current.index}: backward() raised {error}")
        self._previous_end = current.end_state()
        self._pending = current

    def _complete_pending(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return
        try:
            with collector_paused():
                done = pending.finish()
        except TraceError as exc:
            self._errors.append(f"pass {pending.index} was not recorded: {exc}")
            return
        self._passes.append(done)
        if self.on_pass is not None:
            self.on_pass(done)


@contextmanager
def observe(
    on_pass: Callable[[RecordedPass], None] | None = None, script: str = ""
) -> Iterator[Recorder]:
    """Record every ``backward()`` the code run inside calls; ``recorder.recording()`` after."""
    recorder = Recorder(on_pass, script)
    recorder.start()
    try:
        yield recorder
    finally:
        recorder.stop()
