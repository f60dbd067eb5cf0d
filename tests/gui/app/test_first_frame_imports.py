"""The first frame of the window imports only what it draws: the rest loads on first use."""

import os
from pathlib import Path

import pytest

from tests.fresh_python import run_python
from tests.gui.app.idle_launch import IDLE_LAUNCH

#: Renders the default window offscreen, then prints what start-up got wrong: a deferred module
#: loaded, networkx imported (with fork a child lays out the first graph; without, networkx is
#: imported before Qt), the window's modules' sources read (PySide6's import hook
#: left in place: it reads each later module's source into linecache), the GC left off, every
#: QWidget type made (PySide6 makes them all to wrap a widget Qt made, e.g. a view's viewport).
FIRST_FRAME = (
    """
import gc, linecache, os, sys
"""
    + IDLE_LAUNCH
    + """
code = gui.app.launch.main(["--screenshot", sys.argv[1]])
deferred = ("pyqtgraph", "gui.training.training_panel", "gui.files.examples_dialog",
            "gui.canvas.export", "PySide6.QtSvg", "gui.app.step_export", "PIL",
            "gui.app.step_export_dialog", "gui.training.passes_panel", "gui.app.gif_stream",
            "numpy.ma", "numpy.random",
            # the readers of recordings and sessions, the runner and the trainer: first use
            "engine.sources.program.recording", "engine.sources.session_file",
            "engine.sources.running.runner", "engine.sources.running.run_result",
            "engine.explain.diagnoses", "engine.training.runs", "engine.training.history",
            # seed 003's tree classes: built with a tree example
            "engine.autograd.tree_nodes",
            # the error dialogs (a script's error, an uncaught exception): shown on an error
            "gui.look.traceback_dialog", "gui.app.crash_dialog", "gui.files.script_error_dialog")
wrong = [name for name in deferred if name in sys.modules]
order = list(sys.modules)
if hasattr(os, "fork") and "networkx" in order:  # a forked child laid out the first graph
    wrong.append("networkx-imported")
elif not hasattr(os, "fork") and order.index("networkx") > order.index("PySide6.QtCore"):
    wrong.append("networkx-after-Qt")
if any(os.sep + "gui" + os.sep in name for name in linecache.cache):
    wrong.append("sources-read-by-PySide6")
if not gc.isenabled():
    wrong.append("gc-left-off")
from PySide6.QtWidgets import QWidget
made, todo = set(), [QWidget]
while todo:
    made.update(todo)
    todo = [sub for cls in todo for sub in cls.__subclasses__() if sub not in made]
if "QCalendarWidget" in {cls.__name__ for cls in made}:  # a type gradstep never uses
    wrong.append("every-widget-type-made")
# Qt types PySide6 builds (with all their enums) on their first import: Help > About and
# the program timeout's dialogs need these, after the first frame; QStyle (~10 ms) the flat
# scroll bars' first paint, and a widget asking its style; QListWidget the Problems panel,
# built when its dock first shows; the file dialogs Open, Save and Export show, and the
# dialogs with their buttons (the error dialogs, the gallery); spin boxes the training panel
import PySide6.QtWidgets
later = ("QMessageBox", "QInputDialog", "QStyle", "QStyleOptionSlider", "QListWidget",
         "QFileDialog", "QDialog", "QDialogButtonBox", "QAbstractSpinBox")
wrong += [name for name in later if name in vars(PySide6.QtWidgets)]
import PySide6.QtGui  # the code panel's marks, the expression editor's error underline
wrong += [name for name in ("QTextFormat", "QTextCharFormat") if name in vars(PySide6.QtGui)]
print(code, *wrong)
"""
)


def test_opening_the_window_loads_no_training_panel_plot_gallery_export_reader_or_runner(
    tmp_path,
):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    shot = tmp_path / "first.png"
    out = run_python(FIRST_FRAME, str(shot), env=env).split()
    assert out == ["0"], f"start-up got wrong: {out[1:]}"
    assert shot.stat().st_size > 1000


#: Imports start-up's first module in a fresh interpreter; prints its threads and the variable.
BLAS_THREADS = """
import os
import gui.app.first_frame
import numpy
print(len(os.listdir("/proc/self/task")), os.environ.get("OPENBLAS_NUM_THREADS", "unset"))
"""


def _blas_run(env_value=None):
    env = dict(os.environ)
    env.pop("OPENBLAS_NUM_THREADS", None)
    if env_value is not None:
        env["OPENBLAS_NUM_THREADS"] = env_value
    return run_python(BLAS_THREADS, env=env, timeout=60).split()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_start_up_loads_numpy_without_blas_threads_and_leaves_the_environment_as_it_was():
    # OpenBLAS's own threads spin while start-up runs; workers must get the default back
    assert _blas_run() == ["1", "unset"]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_a_blas_thread_count_the_user_set_is_kept():
    threads, value = _blas_run("2")
    assert value == "2"
    assert int(threads) == 2 or os.cpu_count() == 1


#: Imports start-up's modules as main() does first, counting the GC's passes on the way.
IMPORT_PASSES = """
import gc, sys
passes = []
gc.callbacks.append(lambda phase, info: phase == "start" and passes.append(info["generation"]))
import gui.app.launch
passes.clear()  # the entry module's own import is small: held from here
gui.app.launch.import_held()
print(len(passes), "gui.app.cli.opening" in sys.modules, gc.isenabled(), gc.get_freeze_count() > 10000)
"""


def test_start_up_imports_its_modules_without_a_gc_pass_and_sets_them_aside():
    # Before the hold, the GC walked the import's objects ~45 times and freed nothing
    assert run_python(IMPORT_PASSES).split() == ["0", "True", "True", "True"]


#: Launches the window; once its first frame is painted, prints whether the application had
#: its icon by then, and a turn later.
WINDOW_ICON = """
import gui.app.launch, gui.app.warm_up
seen = []

def started(warm):  # called once the first frame is painted; no imports on a thread here
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen.append(not QApplication.windowIcon().isNull())
    QTimer.singleShot(0, lambda: (seen.append(not QApplication.windowIcon().isNull()),
                                  QApplication.quit()))
    return warm

gui.app.warm_up.WarmUp.start = started
print(gui.app.launch.main([]), *seen)
"""


def test_the_app_icon_is_made_and_set_after_the_first_frame(tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        GRADSTEP_SETTINGS=str(tmp_path / "settings.ini"),
        GRADSTEP_LOG_DIR=str(tmp_path / "logs"),
    )
    assert run_python(WINDOW_ICON, env=env).split() == ["0", "False", "True"]


#: Launches the window as a user does (the crash handler installed); once its first frame is
#: painted, prints the error dialogs' modules loaded and the dialog types made by then, and
#: whether uncaught exceptions go to the crash handler.
WINDOW_DIALOGS = """
import sys, gui.app.launch, gui.app.warm_up
seen = []

def started(warm):  # called once the first frame is painted
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import PySide6.QtWidgets

    seen.extend(name for name in ("gui.app.crash_dialog", "gui.look.traceback_dialog")
                if name in sys.modules)
    seen.extend(name for name in ("QDialog", "QDialogButtonBox", "QFileDialog")
                if name in vars(PySide6.QtWidgets))
    if type(getattr(sys.excepthook, "__self__", None)).__name__ != "CrashHandler":
        seen.append("no-crash-handler")
    QTimer.singleShot(0, QApplication.quit)
    return warm

gui.app.warm_up.WarmUp.start = started
print(gui.app.launch.main([]), *seen)
"""


def test_the_crash_handler_is_installed_before_the_first_frame_and_its_dialog_loads_on_a_crash(
    tmp_path,
):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        GRADSTEP_SETTINGS=str(tmp_path / "settings.ini"),
        GRADSTEP_LOG_DIR=str(tmp_path / "logs"),
    )
    assert run_python(WINDOW_DIALOGS, env=env).split() == ["0"]
