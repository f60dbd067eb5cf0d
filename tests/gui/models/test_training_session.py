"""The training model on its own: settings kept with a run, adopted runs, reset."""

import gc

from engine.training.runs import Trainer
from gui.models.gc_hold import GC_HOLD
from gui.models.training_session import TrainingSession


def test_reset_repeats_the_run_with_its_settings_and_its_engine(qtbot):
    training = TrainingSession()
    assert training.configure("lecture-mlp", steps=7, lr=0.05, fast=False)
    training.trainer.run(3)
    assert training.reset()
    t = training.trainer
    assert t.done == 0 and not t.fast and t.lr == 0.05 and t.steps == 7


def test_an_adopted_run_brings_its_settings_and_one_cut_short_is_paused(qtbot):
    run = Trainer("moons", steps=50, batch_size=10)
    run.run(4)
    training = TrainingSession()
    training.adopt(run)
    assert training.settings == ("moons", run.settings())
    assert training.settings[1]["batch_size"] == 10 and training.state == "paused"
    assert training.restored_step == 4


def test_a_run_that_ends_leaves_what_stays_set_aside_from_the_gc(qtbot):
    # Left in the GC's reach, the graph stepped after a run met a full pass (50-120 ms on
    # 4,824 nodes) every few hundred steps; a run's end sets it aside as an open does.
    training = TrainingSession()
    assert training.configure("lecture-mlp", steps=3, lr=0.05, fast=False)
    try:
        assert training.train()
        qtbot.waitUntil(lambda: training.state == "finished", timeout=10_000)
        assert not GC_HOLD.held
        assert id(training.trainer) not in {id(o) for o in gc.get_objects()}
    finally:
        gc.unfreeze()


def test_a_fast_path_that_cannot_compile_stops_the_run_and_says_why(qtbot, monkeypatch):
    training = TrainingSession()
    assert training.configure("lecture-mlp", steps=3, lr=0.05)
    assert not training.trainer.prepared

    def broken() -> None:
        raise MemoryError("no room for the compiled step")

    monkeypatch.setattr(training.trainer, "prepare", broken)
    errors = []
    training.sig_error.connect(errors.append)
    assert training.train()
    qtbot.waitUntil(lambda: training.state == "stopped", timeout=10_000)
    assert errors == ["Cannot train: no room for the compiled step"]
    assert not GC_HOLD.held  # the run's hold and the compile's both given back
    assert training.train()  # the window goes on: the next try compiles again
    qtbot.waitUntil(lambda: training.state == "stopped", timeout=10_000)
    assert errors[-1] == "Cannot train: no room for the compiled step"
