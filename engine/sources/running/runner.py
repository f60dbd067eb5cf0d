"""Running the user's program in a worker process, from the side that waits for it.

::

    run = ProgramRun("train.py", timeout=30, on_progress=print)
    run.start()            # returns at once
    ...                    # run.cancel() from a Cancel button
    result = run.wait()    # or on_finished(result), called when it is over

The program never runs in this process: ``python -m engine.sources.running.worker`` runs
it in a process group of its own, stdin closed, under a memory limit, and sends back data
only (the recording file and JSON-line messages). Whatever the program does, ``wait()``
returns a RunResult: the deadline is enforced twice (inside the worker, so the line it was
at is known; here, by killing the group a few seconds later, if the program is stuck where
no signal reaches it); when the worker ends, the whole group is killed, so a fork or thread
that never ends does not outlive it.

``on_progress`` and ``on_finished`` are called from the runner's threads: a GUI forwards
them to its own thread (a queued Qt signal) before touching widgets.
"""

from __future__ import annotations

import collections
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from engine.sources.file_kinds import DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIMEOUT
from engine.sources.running import messages
from engine.sources.running.outcome import WorkerEnd, run_outcome
from engine.sources.running.run_result import RunProgress, RunResult

GRACE_SECONDS = 3.0
"""How long past its deadline (or a Cancel) the worker has before its group is killed."""
SAVE_SECONDS = 120.0
"""How long the worker has to write the recording once the program is over."""
TAIL_BYTES = 16_000
_ROOT = str(Path(__file__).resolve().parents[3])


class ProgramRun:
    """One run of a user's ``.py`` script or ``.ipynb`` notebook in a worker process."""

    def __init__(
        self,
        program: str | Path,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
        on_progress: Callable[[RunProgress], None] | None = None,
        on_finished: Callable[[RunResult], None] | None = None,
    ):
        self.program = Path(program).resolve()
        self.timeout = float(timeout)
        self.memory_limit_mb = memory_limit_mb
        self.on_progress = on_progress
        self.on_finished = on_finished
        self._proc: subprocess.Popen[bytes] | None = None
        self._done = threading.Event()
        self._result: RunResult | None = None
        self._cancel_at: float | None = None
        self._killed = ""
        self._messages: list[dict[str, Any]] = []
        self._passes = 0
        self._cell: tuple[int | None, int | None] = (None, None)
        self._tails: dict[str, collections.deque[bytes]] = {}
        self._folder = ""
        self._started = 0.0
        self._ended_at: float | None = None

    @property
    def running(self) -> bool:
        """True from ``start()`` until the result is ready."""
        return self._proc is not None and not self._done.is_set()

    @property
    def result(self) -> RunResult | None:
        """The outcome, once the run is over (None before)."""
        return self._result

    @property
    def pid(self) -> int | None:
        """The worker's process id (its process group's too), once started."""
        return None if self._proc is None else self._proc.pid

    def start(self) -> None:
        """Start the worker and return at once; the result comes with ``wait()``/on_finished."""
        if self._proc is not None:
            raise RuntimeError("this run was already started")
        self._started = time.monotonic()
        self._folder = tempfile.mkdtemp(prefix="gradstep-run-")
        out = os.path.join(self._folder, "run.gradstep-rec.json")
        read_end, write_end = os.pipe()
        life_read, self._lifeline = os.pipe()  # closed by the kernel if this process dies
        command = [
            sys.executable, "-m", "engine.sources.running.worker", str(self.program),
            "--messages", str(write_end), "--lifeline", str(life_read), "--out", out,
            "--timeout", repr(self.timeout), "--memory-mb", str(self.memory_limit_mb),
        ]  # fmt: skip
        try:
            self._proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(write_end, life_read),
                start_new_session=True,  # its own process group: killed as a whole
                env=_worker_environment(),
            )
        except BaseException:
            os.close(read_end)
            os.close(self._lifeline)
            shutil.rmtree(self._folder, ignore_errors=True)
            raise
        finally:
            os.close(write_end)
            os.close(life_read)
        readers = [
            _thread(self._read_messages, os.fdopen(read_end, "rb")),
            _thread(self._read_tail, "stdout", self._proc.stdout),
            _thread(self._read_tail, "stderr", self._proc.stderr),
        ]
        _thread(self._supervise, out, readers)

    def cancel(self) -> None:
        """Stop the program: it is told at once and killed if it has not ended in a few seconds."""
        proc = self._proc
        if proc is None or self._done.is_set() or self._cancel_at is not None:
            return
        self._cancel_at = time.monotonic()
        _signal_group(proc, signal.SIGTERM)

    def wait(self, timeout: float | None = None) -> RunResult | None:
        """Block until the run is over and return its result (None if ``timeout`` ran out)."""
        if self._proc is None:
            raise RuntimeError("start() the run before waiting for it")
        self._done.wait(timeout)
        return self._result

    # ------------------------------------------------------------------ threads

    def _read_messages(self, stream: IO[bytes]) -> None:
        with stream:
            for line in stream:
                message = messages.read_message(line)
                if message is not None:
                    self._on_message(message)

    def _on_message(self, message: dict[str, Any]) -> None:
        self._messages.append(message)
        kind = message["kind"]
        if kind == messages.ENDED:
            self._ended_at = time.monotonic()
            return
        if kind == messages.PASS:
            self._passes = int(message.get("index", self._passes + 1))
            text = f"pass {self._passes}: {message.get('root')} = {message.get('loss')}"
        elif kind == messages.CELL:
            self._cell = (message.get("cell"), message.get("cells"))
            text = f"cell {self._cell[0]} of {self._cell[1]}"
        elif kind == messages.STARTED:
            text = f"running {self.program.name}"
        else:
            return
        if self.on_progress is not None:
            self.on_progress(RunProgress(self._passes, text, *self._cell))

    def _read_tail(self, name: str, stream: IO[bytes]) -> None:
        tail: collections.deque[bytes] = collections.deque()
        self._tails[name] = tail
        size = 0
        with stream:
            while chunk := stream.read1(65536):
                tail.append(chunk)
                size += len(chunk)
                while size - len(tail[0]) > TAIL_BYTES:
                    size -= len(tail.popleft())

    def _supervise(self, out: str, readers: list[threading.Thread]) -> None:
        proc = self._proc
        assert proc is not None
        hard_deadline = self._started + self.timeout + GRACE_SECONDS
        while True:
            try:
                proc.wait(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                now = time.monotonic()
                cancel_at = self._cancel_at
                if cancel_at is not None and now > cancel_at + GRACE_SECONDS:
                    self._killed = messages.CANCELLED
                    _signal_group(proc, signal.SIGKILL)
                elif now > self._deadline(hard_deadline):
                    self._killed = messages.TIMEOUT
                    _signal_group(proc, signal.SIGKILL)
        _signal_group(proc, signal.SIGKILL)  # forks and their threads go with the worker
        os.close(self._lifeline)  # the worker's guardian went with its group
        for reader in readers:
            reader.join(timeout=2.0)  # a process that left the group may hold a pipe open
        try:
            self._result = self._outcome(proc.returncode, out)
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._done.set()
        if self.on_finished is not None:
            self.on_finished(self._result)

    def _deadline(self, program_deadline: float) -> float:
        """The program's deadline; once it is over, the time to write its recording."""
        ended = self._ended_at
        return program_deadline if ended is None else ended + SAVE_SECONDS

    # ------------------------------------------------------------------ result

    def _outcome(self, returncode: int, out: str) -> RunResult:
        """The run's result, from what the worker sent and how it ended."""
        end = WorkerEnd(
            returncode, self._killed, self._cancel_at is not None, self._passes, self.timeout,
            self._started, self._tail("stdout"), self._tail("stderr"),
        )  # fmt: skip
        return run_outcome(self.program, self._messages, out, end)

    def _tail(self, name: str) -> str:
        data = b"".join(self._tails.get(name, ()))[-TAIL_BYTES:]
        return data.decode("utf-8", errors="replace")


def run_program(
    program: str | Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
    on_progress: Callable[[RunProgress], None] | None = None,
) -> RunResult:
    """Run ``program`` in a worker and wait for it: for the command line and scripts."""
    run = ProgramRun(
        program, timeout=timeout, memory_limit_mb=memory_limit_mb, on_progress=on_progress
    )
    run.start()
    try:
        result = run.wait()
    except BaseException:  # Ctrl-C while waiting: the worker must not outlive us
        run.cancel()
        raise
    assert result is not None
    return result


def _worker_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH", "")) if p)
    # A plotting window would wait for a person to close it: plt.show() draws nowhere.
    env["MPLBACKEND"] = "Agg"
    env.pop("PYTHONBREAKPOINT", None)
    return env


def _thread(target: Callable[..., None], *args: Any) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, daemon=True, name="gradstep-run")
    thread.start()
    return thread


def _signal_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    # The group may be gone already (the worker ended and nothing of it is left).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)
