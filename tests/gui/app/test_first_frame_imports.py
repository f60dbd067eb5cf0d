"""The first frame of the window imports only what it draws: the rest loads on first use."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

#: Renders the default window offscreen, then prints what start-up got wrong: a deferred module
#: loaded, networkx imported after Qt (which reads each later module's source), the GC left off.
FIRST_FRAME = """
import gc, sys
import gui.app.launch
code = gui.app.launch.main(["--screenshot", sys.argv[1]])
deferred = ("pyqtgraph", "gui.training.training_panel", "gui.files.examples_dialog",
            "gui.canvas.export", "PySide6.QtSvg", "gui.app.step_export", "PIL",
            "gui.app.step_export_dialog", "gui.training.passes_panel", "gui.app.gif_stream")
wrong = [name for name in deferred if name in sys.modules]
order = list(sys.modules)
if order.index("networkx") > order.index("PySide6.QtCore"):
    wrong.append("networkx-after-Qt")
if not gc.isenabled():
    wrong.append("gc-left-off")
print(code, *wrong)
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
    assert result.stdout.split() == ["0"], f"start-up got wrong: {result.stdout.split()[1:]}"
    assert shot.stat().st_size > 1000
