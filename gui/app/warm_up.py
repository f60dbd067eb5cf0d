"""What first use loads that never touches Qt (networkx, the readers, the trainer), on a thread."""

from __future__ import annotations

import importlib
import logging
import threading

from gui.models.gc_hold import GC_HOLD

#: In the order first use imports them. A GUI-thread import that comes before the warm-up is
#: done waits (on Python's per-module import lock) only for the module the thread is loading
#: then, and finds the ones before it loaded. None of them imports PySide6 (tested): modules
#: that do (pyqtgraph, the training, passes and problems panels) load on the GUI thread at
#: first use (recording_docks.load_panels_soon: while a program runs). Imported here they
#: crashed the window: this thread was setting up a PySide6 type (lazily, at first attribute
#: access) while the GUI thread's C++ (a layout asking a scroll bar's size hint) was in
#: PySide's meta-object code: SIGSEGV in ``PySide::MetaObjectBuilder::update`` (core dump;
#: 1 of 20 launches that quit 2.5 s in with a crash dialog open; once in CI).
WARM_MODULES = (
    # the layouts' library: a launch's first graph was laid out by networkx in a forked
    # child (engine/drawing/forked_layering.py); the next graph or layout lays out here
    "networkx",
    "numpy.random",  # the training setups' data, made when the Training dock is first shown
    # what the window's models import when they first open or run something (not at launch)
    "engine.sources.program.recording",  # a recording, a script's passes
    "engine.explain.diagnoses",
    "engine.training.history",  # a training run, a session's saved loss curve
    "engine.training.runs",
    "engine.sources.session_file",
    "engine.sources.session_graph",
    "engine.sources.program.frozen",  # saving a script's session
    "engine.sources.running.runner",  # a script or notebook run in a worker
    # what pyqtgraph imports beside Qt and its own modules (those define Qt classes: they load
    # on the GUI thread at first use); loaded here, that first use takes 20-40 ms less
    "decimal",
    "numpy.typing",
    "multiprocessing.connection",
    "colorama",
    "cProfile",
    "pydoc",
    "pkgutil",
    "sysconfig",
    "mmap",
)

log = logging.getLogger(__name__)


class WarmUp:
    """Imports ``modules`` on a daemon thread, so their first use finds them loaded.

    Only modules that import no Qt (see WARM_MODULES): PySide6 is not safe to set up off the
    GUI thread while that thread runs.
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
