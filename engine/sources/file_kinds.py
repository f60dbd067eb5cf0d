"""Which file is which (session, recording, notebook) by its name, and a program run's limits.

The modules that read each kind (``session_file``, ``program.recording``, ``running.notebook``)
and the worker's guards take these from here, so the command line and the window can tell a
file's kind and show the defaults without loading the readers and the runner (~40 classes,
most of them dataclasses) at start-up, before anything is opened or run.
"""

from __future__ import annotations

import os

SESSION_SUFFIX = ".gradstep.json"
RECORDING_SUFFIX = ".gradstep-rec.json"
NOTEBOOK_SUFFIX = ".ipynb"
DEFAULT_TIMEOUT = 30.0
"""Seconds the program may run, unless the caller says otherwise (``--timeout``)."""
DEFAULT_MEMORY_LIMIT_MB = 2048
"""The worker's memory limit, heap and anonymous mappings, unless the caller sets one."""


def is_session_path(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a session file (by its ``.gradstep.json`` suffix)."""
    return str(path).lower().endswith(SESSION_SUFFIX)


def is_recording_path(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a recording file (by its ``.gradstep-rec.json`` suffix)."""
    return str(path).lower().endswith(RECORDING_SUFFIX)
