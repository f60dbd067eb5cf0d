"""A long command-line run: progress lines on a clock, a clean stop, bounded history."""

import itertools

import numpy as np

from engine.training import runs
from engine.training.long_run import duration_text, progress_line, run_reporting
from engine.training.runs import Trainer, history_limit


def test_a_progress_line_comes_every_few_seconds_of_the_clock():
    trainer = Trainer("house-price", steps=30)
    ticks = itertools.count()  # one second per look at the clock: one per step
    lines = []
    assert run_reporting(trainer, lines.append, every=10, clock=lambda: float(next(ticks)))
    assert trainer.done == 30 and len(lines) == 3
    assert lines[0].startswith("training house-price: step 10 of 30 (33.3%), loss ")
    assert "1 steps/s, about 20 s to go" in lines[0]


def test_a_stop_request_ends_the_run_between_steps():
    trainer = Trainer("lecture-mlp", steps=1_000_000)
    asked = iter([False] * 25 + [True])
    assert not run_reporting(trainer, print, lambda: next(asked))
    assert trainer.done == 25 and len(trainer.history) == 25 and trainer.stopped is None
    assert len(trainer.history.current_params) == trainer.history.n_params


def test_a_run_keeps_its_history_within_the_memory_budget(monkeypatch):
    assert history_limit(41, None) * 8 * (41 + 4) <= runs.HISTORY_BYTES
    monkeypatch.setattr(runs, "HISTORY_BYTES", 64 * 8 * (2 + 4))  # 64 points of house-price
    trainer = Trainer("house-price", steps=5_000)
    trainer.run(5_000)
    h = trainer.history
    assert h.limit == runs.MIN_HISTORY_POINTS  # the floor: a budget this small is raised
    monkeypatch.setattr(runs, "MIN_HISTORY_POINTS", 64)
    trainer = Trainer("house-price", steps=5_000)
    trainer.run(5_000)
    h = trainer.history
    assert h.limit == 64 and len(h) == 5_000 and len(h.loss) <= 64 and h.decimated
    assert h.steps[-1] == 4_999
    np.testing.assert_allclose(trainer.history.params_at(int(h.steps[10])).shape, (2,))
    assert "keeping 1 step in" in progress_line(trainer, 5_000, 1.0)


def test_durations_read_as_a_person_says_them():
    assert [duration_text(s) for s in (40, 720, 12_600, 1.7e6, float("inf"))] == [
        "40 s", "12 min", "3.5 h", "20 days", "an unknown time",
    ]  # fmt: skip


def test_a_runs_settings_make_the_same_run_again():
    trainer = Trainer("moons", steps=7, batch_size=10, lr=0.5, decay=True, lr_end=0.05)
    again = Trainer("moons", **trainer.settings())
    assert again.settings() == trainer.settings()
    assert [again.schedule(k) for k in range(7)] == [trainer.schedule(k) for k in range(7)]
