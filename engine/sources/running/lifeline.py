"""The worker ends with its runner: a run whose window died does not go on alone.

The runner kills the worker's process group at the deadline. If the runner's own process
dies first (the app crashed or was killed), nothing would: a program stuck where no signal
reaches (``sum(range(10**13))``, one C call holding the GIL) spun on a core for good. The
runner holds the write end of a pipe, the lifeline, for as long as it lives; the kernel
closes it when that process dies, however it dies. A guardian forked from the worker waits
on the read end and, at end of file, kills the worker's group. A separate process, not a
thread: a thread would need the GIL that such a program never gives back.
"""

from __future__ import annotations

import contextlib
import os
import signal

_OPEN_FILES_MAX = 65536  # fds above the lifeline the guardian closes (it needs none)


def guard(lifeline: int) -> None:
    """Fork the guardian over ``lifeline`` (the pipe's read end); the worker goes on.

    Only in a worker the runner started in a process group of its own: killing the group
    of anything else could kill its caller. Call it first, before any thread starts.
    """
    worker = os.getpid()
    if os.getpgid(0) != worker or os.fork() != 0:
        os.close(lifeline)
        return
    try:
        _wait_and_kill(lifeline, worker)
    finally:
        os._exit(0)  # a fork never returns into the worker's code


def _wait_and_kill(lifeline: int, worker: int) -> None:
    """Block until the lifeline's writer is gone, then kill the worker's process group."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # the runner reads the worker's output to its end: hold no pipe
        os.dup2(devnull, fd)
    os.closerange(3, lifeline)
    os.closerange(lifeline + 1, _OPEN_FILES_MAX)
    while os.read(lifeline, 1):  # the runner writes nothing: this returns at its death
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker, signal.SIGKILL)  # the program's forks too; this guardian last
