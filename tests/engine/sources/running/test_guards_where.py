"""Where Cancel and the deadline may stop a program: its own code, never the observer's notes."""

import sys

from engine.sources.program.step_watch import _Probe
from engine.sources.running.worker_guards import Guards


class Notes:
    """A stand-in StepWatch: keeps the frame of the probe that calls its ``before``."""

    def __init__(self):
        self.frames = []

    def before(self, node, fn):
        """Called by the probe before the node's _backward runs."""
        self.frames.append(sys._getframe(1))

    def after(self, node):
        """Called by the probe once the node's _backward returned."""


def test_a_stop_waits_while_a_probe_takes_its_notes_but_not_in_the_programs_backward():
    guards = Guards(timeout=30, memory_limit_mb=2048)
    guards.armed = True
    notes, programs = Notes(), []
    _Probe(0, lambda: programs.append(sys._getframe()), notes)()
    probe_frame, program_frame = notes.frames[0], programs[0]
    assert probe_frame.f_code is _Probe.__call__.__code__
    # the probe is called from the program's backward() (this test): still not stopped there
    assert not guards._interrupts(probe_frame)
    assert guards._interrupts(program_frame)
    guards.armed = False
    assert not guards._interrupts(program_frame)
