"""After the first frame, what first use needs of the engine and networkx loads on a thread; never Qt."""

import os
import sys

from gui.app.warm_up import WARM_MODULES, WarmUp
from tests.fresh_python import run_python
from tests.gui.app.idle_launch import IDLE_LAUNCH
from tests.gui.recordings import saved, training

#: Launches the window (offscreen, its event loop running) as a user would. When the warm-up
#: starts (the first frame done), prints which deferred modules were loaded; once it is done,
#: opens a 20-pass recording (pass list and loss plot shown) and prints every module the GUI
#: thread imported for it (a finder first in sys.meta_path sees each module not yet loaded):
#: the panels and pyqtgraph, on their first use.
LAUNCH = (
    """
import os, sys, threading
"""
    + IDLE_LAUNCH
    + """
import gui.app.warm_up

path = sys.argv[1]
start = gui.app.warm_up.WarmUp.start
imported = []

class Watch:
    def find_spec(self, name, *_args):
        imported.append((threading.current_thread().name, name))

def started(warm):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    loaded = [m for m in gui.app.warm_up.WARM_MODULES if m in sys.modules]
    print("at-first-frame", *loaded or ["none"])
    start(warm)
    poll = QTimer(QApplication.instance())
    poll.timeout.connect(lambda: warm.wait(0) and (poll.stop(), opened(warm)))
    poll.start(20)
    return warm

def opened(warm):
    from PySide6.QtWidgets import QApplication

    print("failed", *warm.failed or ["none"])
    window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "recordings"))
    from engine.sources.program.recording import load_recording  # warmed: launch has none

    recording = load_recording(path)
    sys.meta_path.insert(0, Watch())
    assert window.recordings.load_recording(recording, path, "train")
    while window.recording_docks.paint_hold.holding:  # its docks show a turn later
        QApplication.processEvents()
    sys.meta_path.pop(0)
    shown = window.recording_docks.passes.isVisible()
    plot = window.recording_docks.passes.widget().loss_plot.isVisible()
    print("opened", shown, plot)
    print("gui-imports", *[n for t, n in imported if t == "MainThread"] or ["none"])
    QApplication.instance().quit()

gui.app.warm_up.WarmUp.start = started
sys.exit(gui.app.launch.main([]))
"""
)


def test_after_the_warm_up_a_multi_pass_open_imports_only_its_qt_panels_on_the_gui_thread(
    tmp_path,
):
    path = saved(training(tmp_path, steps=20), tmp_path, "train")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        GRADSTEP_SETTINGS=str(tmp_path / "settings.ini"),
        GRADSTEP_LOG_DIR=str(tmp_path / "logs"),
    )
    out = run_python(LAUNCH, str(path), env=env)
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines()}
    assert lines["at-first-frame"] == ["none"]  # the first frame drew without them
    assert lines["failed"] == ["none"]
    assert lines["opened"] == ["True", "True"]
    gui_imports = lines["gui-imports"]
    assert not set(gui_imports) & set(WARM_MODULES)  # the thread's were loaded by then
    assert "gui.training.passes_panel" in gui_imports and "pyqtgraph" in gui_imports
    assert not [name for name in gui_imports if name.startswith("engine.")]


def test_the_warm_up_imports_no_qt():
    # PySide6 set up off the GUI thread while it runs crashed the window (warm_up.py)
    out = run_python(
        "import sys\n"
        "from gui.app.warm_up import WarmUp\n"
        "before = set(sys.modules)\n"
        "warm = WarmUp().start()\n"
        "assert warm.wait(60) and not warm.failed, warm.failed\n"
        "print(*sorted(m for m in set(sys.modules) - before if 'PySide6' in m or 'shiboken' in m)"
        " or ['none'])\n"
    )
    assert out.split() == ["none"]


def test_a_module_that_cannot_be_imported_is_reported_and_the_rest_still_load():
    sys.modules.pop("json.tool", None)  # so only the warm-up can have loaded it
    warm = WarmUp(("gradstep_no_such_module", "json.tool")).start()
    assert warm.wait(30)
    assert list(warm.failed) == ["gradstep_no_such_module"]
    assert "ModuleNotFoundError" in warm.failed["gradstep_no_such_module"]
    assert "json.tool" in sys.modules


def test_a_finished_warm_up_imports_no_further_module():
    # the window's exit finishes it: no import may still run into the interpreter's exit
    sys.modules.pop("json.tool", None)
    warm = WarmUp(("json.tool",))
    warm.finish()
    assert warm.start().wait(30)
    assert "json.tool" not in sys.modules
