"""The window benchmarks still run against the current code: a few steps each, nothing timed.

``make bench`` is not part of CI (it takes ~20 minutes), and a benchmark that calls the
canvas or a model the way it used to breaks only when someone runs it: ``layouts.py``
stopped ``make bench`` with a TypeError for two days once ``StepSession.load`` took a
BuiltGraph. This runs, in a process of its own (the benchmarks hold the GC and set their
environment as a launch does), the benchmarks' functions that reach into the window.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import sys
sys.path[:0] = ["tests/benchmarks", "."]
import layouts, presented_pace, stepping_frame
from PySide6.QtWidgets import QApplication
from engine.sources.examples import get_example

app = QApplication([])
built = get_example("lecture-mlp").build()
stepping_frame.stepping(app, "lecture MLP", built, "1280x800", presenting=False, steps=3)
stepping_frame.play(app, built, 3)
presented_pace.PAUSE_S = 0.01
window, _opened = stepping_frame.open_window(app, built, "1920x1080", True)
for look_ahead in (True, False):
    times, *_ = presented_pace.paced(app, window, "forward", 3, look_ahead)
    print("paced steps", len(times))
window.close()
layouts.timings = lambda frame, repeats: [frame() or 0.0] * 3  # one frame each, untimed
layouts.glide_frames()
"""


def test_the_window_benchmarks_run_a_few_steps_each(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["GRADSTEP_SETTINGS"] = str(tmp_path / "settings.ini")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "forward step + repaint: median" in out and "backward step + repaint" in out
    assert "play at 30 steps/s" in out
    assert out.count("paced steps 3") == 2
    assert out.count("glide frame,") == 3
