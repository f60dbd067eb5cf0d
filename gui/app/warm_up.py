"""What first use loads (pyqtgraph, the training, passes and problems panels), on a thread."""

from __future__ import annotations

import importlib
import logging
import threading

from gui.models.gc_hold import GC_HOLD

#: In the order first use imports them, the library first. A GUI-thread import that comes
#: before the warm-up is done waits (on Python's per-module import lock) only for the module
#: the thread is loading then, and finds the ones before it loaded.
WARM_MODULES = (
    # the layouts' library: a launch's first graph was laid out by networkx in a forked
    # child (engine/drawing/forked_layering.py); the next graph or layout lays out here
    "networkx",
    "pyqtgraph",
    "numpy.random",  # the training setups' data, made when the Training dock is first shown
    "gui.training.loss_plot",
    "gui.training.passes_panel",
    "gui.stepping.problems_panel",  # with a recording's first open, as the passes panel
    "gui.training.decision_boundary",
    "gui.training.training_panel",
    # what the window's models import when they first open or run something (not at launch)
    "engine.sources.program.recording",  # a recording, a script's passes
    "engine.explain.diagnoses",
    "engine.training.history",  # a training run, a session's saved loss curve
    "engine.training.runs",
    "engine.sources.session_file",
    "engine.sources.session_graph",
    "engine.sources.program.frozen",  # saving a script's session
    "engine.sources.running.runner",  # a script or notebook run in a worker
)

log = logging.getLogger(__name__)


class WarmUp:
    """Imports ``modules`` on a daemon thread, so their first use finds them loaded.

    pyqtgraph and these panels make no QObject and never touch the application when
    imported (only value types: pens, colours, painter paths), so importing them off the
    GUI thread is safe; their widgets are still built on the GUI thread, on first use.
    """

    def __init__(self, modules: tuple[str, ...] = WARM_MODULES) -> None:
        self.modules = modules
        self.failed: dict[str, str] = {}  # module -> why; its first use imports it again
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gradstep-warm-up", daemon=True)

    def start(self) -> WarmUp:
        """Start importing (once the first frame is done); returns self."""
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the imports are done (or ``timeout`` seconds); True if they are."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def finish(self) -> None:
        """Import no further module and wait for the one under way (before the process exits).

        A daemon thread cut off inside an import (of a Qt extension) by the interpreter's exit
        crashed it: 1 of 3 launches quit right after their first frame did.
        """
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        # ~0.3 s of imports make ~100,000 objects that stay: a full GC pass over them mid-way
        # would hold the GIL from the GUI thread for tens of ms; they are set aside instead
        GC_HOLD.hold()
        try:
            for name in self.modules:
                if self._stop.is_set():
                    return
                try:
                    importlib.import_module(name)
                except Exception as exc:  # logged; its first use imports it again: shown there
                    self.failed[name] = f"{type(exc).__name__}: {exc}"
                    log.warning("warm-up could not import %s: %s", name, self.failed[name])
        finally:
            GC_HOLD.release(settle=True)
