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
