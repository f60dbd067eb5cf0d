"""What start-up does around the window's first frame: import order, and the GC held until it."""

from __future__ import annotations

import builtins
import os

from gui.models.gc_hold import GC_HOLD

#: OpenBLAS reads this once, when numpy loads it.
BLAS_THREADS = "OPENBLAS_NUM_THREADS"


def import_numpy_one_blas_thread() -> None:
    """Import numpy with OpenBLAS held to this thread, unless the user set its thread count.

    Loaded with its defaults, OpenBLAS starts a thread per core that spins for its work:
    here it burnt a second core for ~0.1 s of start-up (numpy's import: 45 ms of wall time,
    85-90 ms of CPU). gradstep's matrices are tiny, so one thread loses nothing. The variable
    is only set while numpy loads: the worker processes that run users' code get the default.
    """
    added = BLAS_THREADS not in os.environ
    if added:
        os.environ[BLAS_THREADS] = "1"
    try:
        import numpy  # noqa: F401, PLC0415
    finally:
        if added:
            del os.environ[BLAS_THREADS]


import_numpy_one_blas_thread()  # on import: launch imports this module before the engine


def import_before_qt() -> None:
    """Import what the window needs of the engine before Qt, which taxes later imports.

    Once imported, PySide6 reads the source of every module imported after it: the canvas's
    layout engine (networkx, ~300 modules) costs half as much again after Qt as before it.
    networkx is left out when a forked child lays out the first graph (forked_layering.py):
    the first frame then needs none of it, and the warm-up imports it after that frame.
    """
    import engine.drawing.layout  # noqa: F401, PLC0415
    from engine.drawing import forked_layering  # noqa: PLC0415

    if not forked_layering.pending():  # no child (no fork here, a session): as before
        import networkx  # noqa: F401, PLC0415


def import_qt() -> None:
    """Import Qt, then give Python back its own import statement in place of PySide6's.

    PySide6 swaps ``__import__`` for a hook serving its opt-in ``__feature__`` switches
    (snake_case, true_property), which gradstep never uses. For that hook, every module
    imported after Qt has its source read (``inspect.getsource``) to see if it names PySide6:
    the window's own ~150 modules at start-up (12-15 ms here), and the training panel and
    pyqtgraph on first use. Python's import, kept by PySide6 as ``__orig_import__``, is put
    back only if the hook is the one in place.
    """
    import PySide6.QtWidgets  # noqa: F401, PLC0415

    hook = getattr(builtins, "__feature_import__", None)
    original = getattr(builtins, "__orig_import__", None)
    if original is not None and builtins.__import__ is hook:
        builtins.__import__ = original


class StartupHold:
    """Holds the cyclic GC from the window's imports to its first painted frame.

    Start-up makes objects that stay (modules, classes, the window, the first graph): GC
    passes over them free next to nothing, and took 57-90 ms before the first paint here.
    Released with ``settle``, they (and what garbage start-up left) are set aside
    (``gc.freeze``) until the next hold (a training run, an opened recording) gives them
    back to the GC.
    """

    def __init__(self) -> None:
        GC_HOLD.hold()
        self.held = True

    def release(self) -> None:
        """Give the GC back (once; later calls do nothing)."""
        if self.held:
            self.held = False
            GC_HOLD.release(settle=True)
