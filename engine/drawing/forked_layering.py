"""The first graph's networkx layering, worked out by networkx in a process forked at launch.

A launch imported networkx (~110-190 ms here) and then Qt (~80-160 ms) on one core while the
machine's other core idled. Once the graph to open is built, ``start`` forks a child (before
Qt is imported: no threads yet) that imports networkx and computes what the layered layout
asks of networkx for that graph: the layers (``nx.topological_generations`` over the drawn
DiGraph) and the first rows (``nx.multipartite_layout``). networkx still lays out what is
drawn; it does so in the child, and the window's layout takes the child's answer (``take``)
only for the very same input arrays. Without fork (Windows), where threads cannot be counted
(macOS), with threads running, on a machine with no idle core, or when the child failed, is
late past ``WAIT_S`` or answered for other inputs, the layout computes it in-process, as it
always did.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable

import numpy as np

#: What the layered layout's networkx part reads: drawn node count, edges, nodes that stay.
Inputs = tuple[int, np.ndarray, np.ndarray | None]
#: What it gives: layer per drawn node, first row rank per node (virtual ones included).
Layering = tuple[np.ndarray, np.ndarray]

#: The longest the layout waits for the child before computing in-process: the launch's first
#: layout asks ~0.15-0.2 s after the fork here and, with a core idle, found the answer there
#: in every launch probed (waiting 0.2-0.5 ms, moons included); a hung child, or one the
#: machine's load starves, costs a launch this, never more.
WAIT_S = 0.15  # about what importing networkx in-process costs

Compute = Callable[[int, np.ndarray, np.ndarray | None], Layering]


class ForkedLayering:
    """One child's answer, from its fork to the layout that takes it (or its discard)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._child: tuple[int, int] | None = None  # (pid, read end of its pipe) until collected
        self._answer: tuple[Inputs, Layering] | None = None

    def start(self, inputs: Callable[[], Inputs], compute: Compute) -> bool:
        """Fork a child that answers ``compute(*inputs())``; False where none can be forked.

        Forking is only safe with one thread (a lock held by another thread stays held in
        the child): a process that runs threads, or cannot count its native ones (no
        /proc: macOS, where frameworks' threads make fork unsafe), computes in-process; so
        does one with no core idle.
        """
        if not hasattr(os, "fork") or _threads() != 1 or self.pending() or not _idle_core():
            return False
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _answer_and_exit(inputs, compute, write, read)
        os.close(write)
        self._child = (pid, read)
        return True

    def take(self, n: int, edges: np.ndarray, stay: np.ndarray | None) -> Layering | None:
        """The child's layering for exactly these inputs (once), waiting for it; else None."""
        with self._lock:
            self._collect(WAIT_S)
            if self._answer is None or not _same(self._answer[0], (n, edges, stay)):
                return None
            (_, layering), self._answer = self._answer, None
        return layering

    def discard(self) -> None:
        """Forget the child's answer; a child still running is killed and reaped (no zombie)."""
        with self._lock:
            self._collect(0.0)
            self._answer = None

    def pending(self) -> bool:
        """Whether a child's answer is still expected or kept."""
        return self._child is not None or self._answer is not None

    def _collect(self, wait: float) -> None:
        """Read the child's answer (for up to ``wait`` seconds), then reap it; killed if late."""
        if self._child is None:
            return
        (pid, fd), self._child = self._child, None
        data, done = _read_all(fd, time.monotonic() + wait)
        os.close(fd)
        if not done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped elsewhere: its answer, if whole, still counts
            status = 0
        if done and status == 0 and data:
            with contextlib.suppress(Exception):  # a garbled answer: computed in-process
                self._answer = pickle.loads(data)  # our own child's, through our own pipe


#: The launch's one child (a process forks at most one at a time).
FIRST = ForkedLayering()


def start(inputs: Callable[[], Inputs], compute: Compute) -> bool:
    """Fork the launch's child answering ``compute(*inputs())``; False if it cannot be forked."""
    return FIRST.start(inputs, compute)


def take(n: int, edges: np.ndarray, stay: np.ndarray | None) -> Layering | None:
    """The launch's child's layering for exactly these inputs (once); None otherwise."""
    return FIRST.take(n, edges, stay)


def discard() -> None:
    """Forget the launch's child's answer; the child killed if still running, and reaped."""
    FIRST.discard()


def pending() -> bool:
    """Whether the launch's child's answer is still expected or kept."""
    return FIRST.pending()


def machine_load() -> tuple[float, int]:
    """The load average of the last minute, and the tasks runnable now (this one included)."""
    with open("/proc/loadavg", encoding="ascii") as file:
        fields = file.read().split()
    return float(fields[0]), int(fields[3].split("/")[0])


def _idle_core() -> bool:
    """Whether a core is idle: none but this process runnable on the others, nor on average.

    The child only helps on a core the launch would leave idle. On a busy machine (load 5 on
    2 cores) it slowed the window it served: launch median 0.469 s vs 0.391 s without it,
    moons 1.365 s vs 1.029 s; niced, the window waited for it, then did the work itself.
    """
    try:
        cores = len(os.sched_getaffinity(0))
        average, running = machine_load()
    except (AttributeError, OSError, ValueError, IndexError):  # no /proc: then no child
        return False
    return running < cores and average < cores


def _threads() -> int:
    """Threads in this process, native ones too (BLAS's, Qt's); 0 where they cannot be listed."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def _answer_and_exit(inputs: Callable[[], Inputs], compute: Compute, fd: int, unused: int) -> None:
    """Compute, write the pickled answer and leave at once (no atexit, no buffers flushed).

    Nothing may escape: the child must never go on running the parent's launch.
    """
    code = 1
    try:
        os.close(unused)  # the pipe's read end: the parent's
        gc.disable()  # a short-lived process: collecting would only cost it time
        given = inputs()
        data = memoryview(pickle.dumps((given, compute(*given)), pickle.HIGHEST_PROTOCOL))
        while data:
            data = data[os.write(fd, data) :]
        code = 0
    except BaseException:  # whatever went wrong, the window computes it in-process
        pass
    finally:
        os._exit(code)


def _read_all(fd: int, deadline: float) -> tuple[bytes, bool]:
    """What the pipe gives until its end (True) or the deadline (False)."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(left, 0.0))
        if not ready:
            return b"", False
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)


def _same(given: Inputs, asked: Inputs) -> bool:
    """Whether the child's inputs are exactly the ones the layout asks about."""
    (n1, e1, s1), (n2, e2, s2) = given, asked
    if n1 != n2 or e1.dtype != e2.dtype or not np.array_equal(e1, e2):
        return False
    if s1 is None or s2 is None:
        return s1 is None and s2 is None
    return np.array_equal(np.asarray(s1, bool), np.asarray(s2, bool))
