"""Application entry point: imports gradstep with the cyclic GC held, then runs the command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from gui.models.gc_hold import GC_HOLD

#: The module with all a launch needs (numpy, the engine, the command line), imported by main.
LAUNCHING = "gui.app.launching"


def main(argv: Sequence[str] | None = None) -> int:
    """Run gradstep with these arguments (default: the process's) and return its exit code."""
    if LAUNCHING not in sys.modules:
        import_held()
    from gui.app.launching import run  # noqa: PLC0415

    return run(argv)


def import_held() -> None:
    """Import what every launch needs with the GC held; what it made is set aside once done.

    The ~300 modules (numpy, the engine, the command line) make objects that stay for the
    process: the GC's passes during their import walked them and freed nothing (18 M of a
    launch's 2,000 M instructions). Set aside (``gc.freeze``) at the end, they cost no later
    pass either; the window's StartupHold gives them back to the GC, as for its own imports.
    """
    GC_HOLD.hold()
    try:
        __import__(LAUNCHING)
    finally:
        GC_HOLD.release(settle=True)
