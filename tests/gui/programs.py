"""Running a user's program through the real window: its worker run, waited for by events.

The window never waits for a worker; a test waits for ``programs.sig_done`` while Qt's
event loop runs, as a user would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

RUN_MS = 120_000
"""A worker run's longest wait in a test (the machine may be busy with other suites)."""


def run_in_window(
    qtbot: object, window: object, path: str | Path, opener: Callable[[str], bool] | None = None
) -> bool:
    """Open ``path`` in ``window`` (File > Open by default) and wait for its run's outcome.

    Returns what ``sig_done`` said: True if the program's recording opened.
    """
    open_path = opener or window.documents.open_path
    with qtbot.waitSignal(window.documents.programs.sig_done, timeout=RUN_MS) as blocker:
        assert open_path(str(path)), "the program's run did not start"
    return blocker.args[0]
