"""CI-sized training soak: the loss plot follows every step and memory stays flat.

The 10,000-step run is ``make soak`` (tests/soak/training.py).
"""

from __future__ import annotations

from tests.soak import training


def test_live_training_plots_every_step_without_memory_growth(qapp):
    figures = training.run(500, fast=False, report_every=10_000)
    assert figures["steps"] == 500
    assert figures["plotted"] == 500
    assert figures["stopped"] == ""
    assert figures["growth_mb"] < training.MAX_GROWTH_MB


def test_rss_reading_sees_an_allocation():
    before = training.rss_mb()
    block = bytearray(64 * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])  # touch every page so it is resident
    grown = training.rss_mb() - before
    del block
    assert grown > 50
