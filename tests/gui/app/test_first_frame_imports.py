"""The first frame of the window imports only what it draws: the rest loads on first use."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

#: Renders the default window offscreen, then lists which of the deferred modules were loaded.
FIRST_FRAME = """
import sys
import gui.app.launch
code = gui.app.launch.main(["--screenshot", sys.argv[1]])
deferred = ("pyqtgraph", "gui.training.training_panel", "gui.files.examples_dialog",
            "gui.canvas.export", "PySide6.QtSvg", "gui.app.step_export", "PIL")
print(code, *[name for name in deferred if name in sys.modules])
"""


def test_opening_the_window_loads_no_training_panel_plot_gallery_or_export(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    shot = tmp_path / "first.png"
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(shot)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0"], f"loaded before first use: {result.stdout.split()[1:]}"
    assert shot.stat().st_size > 1000
