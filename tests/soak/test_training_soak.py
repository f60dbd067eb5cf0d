"""CI-sized training soak: the loss plot follows every step and memory stays flat.

The 10,000-step run is ``make soak`` (tests/soak/training.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.soak import training


def test_live_training_plots_every_step_without_memory_growth(qapp):
    figures = training.run(500, fast=False, report_every=10_000)
    assert figures["steps"] == 500
    assert figures["plotted"] == 500
    assert figures["stopped"] == ""
    assert figures["growth_mb"] < training.MAX_GROWTH_MB


def test_rss_reading_sees_an_allocation():
    # In a fresh interpreter: in this one, earlier tests leave freed heap resident that a
    # new block may reuse, so RSS need not grow however right the reading is.
    code = (
        "from tests.soak import training\n"
        "before = training.rss_mb()\n"
        "block = bytearray(64 * 1024 * 1024)\n"
        "block[::4096] = b'x' * len(block[::4096])\n"
        "print(training.rss_mb() - before)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) > 50
