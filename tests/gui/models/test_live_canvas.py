"""LiveCanvas: the open graph's numbers are computed in slices on the GUI thread, then swapped in."""

import threading

import numpy as np

from engine.sources.examples import get_example
from engine.trace.trace import BACKWARD
from engine.training.runs import Trainer
from gui.models import live_canvas
from gui.models.live_canvas import LiveCanvas
from gui.models.step_session import StepSession


def test_moons_live_numbers_come_in_slices_on_this_thread_and_are_the_runs(qtbot, monkeypatch):
    monkeypatch.setattr(live_canvas, "SLICE_SECONDS", 0.0)  # one slice a tick: counted
    session = StepSession()
    assert session.load(get_example("moons").build())
    live = LiveCanvas(session)
    trainer = Trainer("moons", steps=5)
    trainer.prepare()
    trainer.run(1)
    threads = threading.active_count()
    ticks = []
    while live.shown_step < 0 and len(ticks) < 10_000:
        ticks.append(live.refresh_due(trainer))  # a tick spent on the canvas, or a chunk's
        assert threading.active_count() == threads  # no thread computes them
    assert live.shown_step == 1 and live.note == "the canvas shows the parameters as they train"
    # the compile, the first numbers and the walk to the backward pass' end: hundreds of
    # slices, one every other tick (chunks of steps run in between)
    assert sum(ticks) > 300 and sum(ticks) < len(ticks) < 2 * sum(ticks) + 3
    timeline = session.timeline
    assert timeline.position == timeline.trace.phase_range(BACKWARD).stop
    params = np.array([timeline.data[p] for p in timeline.trace.params])
    np.testing.assert_array_equal(params, trainer.history.current_params)
