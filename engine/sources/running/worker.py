"""The worker process: runs the user's program observed, writes the recording, reports.

::

    python -m engine.sources.running.worker --messages FD --out FILE.gradstep-rec.json
        [--lifeline FD] [--timeout SECONDS] [--memory-mb MB] PROGRAM.py|PROGRAM.ipynb

The runner (``runner.py``) starts it in a process group of its own with stdin closed.
Only data goes back: the recording file (``recording.py``'s versioned format) and the
JSON-line messages of ``messages.py`` on file descriptor FD; the program's own output
stays on stdout and stderr. A script that never calls ``backward()`` but defines
``build()`` or ``root`` (the older convention) is recorded through its root instead: its
own ``backward()`` if its class has one, else gradstep's replay of the graph.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from traceback import format_exc
from typing import Any

from engine.sources.built import BuildResultError, BuiltGraph, GraphSource, as_built
from engine.sources.file_kinds import DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIMEOUT
from engine.sources.program.observe import Recorder
from engine.sources.program.recording import RecordedPass, Recording, save_recording
from engine.sources.program.replay import has_own_backward, replayed_pass
from engine.sources.program.trace_codec import json_number
from engine.sources.running import lifeline, messages
from engine.sources.running.notebook import NotebookError
from engine.sources.running.program_exec import ProgramExec, load_program
from engine.sources.running.worker_guards import Guards, exit_now
from engine.trace.backward_steps import TraceError

FAULT_DUMP_AFTER = 1.0
"""Seconds past the deadline when a program still running has its stack dumped to stderr."""
ROOT_VARIABLE = "root"
"""The variable that names the root of a script without ``build()`` (the older convention)."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m engine.sources.running.worker")
    p.add_argument("program", help="the .py script or .ipynb notebook to run")
    p.add_argument("--messages", type=int, required=True, help="file descriptor for messages")
    p.add_argument("--lifeline", type=int, help="the runner's lifeline (see lifeline.py)")
    p.add_argument("--out", required=True, help="where to write the recording")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="deadline, seconds")
    p.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_LIMIT_MB, help="memory limit")
    return p


def pass_fields(recorded: RecordedPass) -> dict[str, Any]:
    """A PASS message's fields: what a progress line says about a pass just recorded."""
    return {
        "index": recorded.index,
        "root": recorded.root,
        "loss": json_number(recorded.loss),
        "nodes": recorded.nodes,
        "problems": len(recorded.problems),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the program named on the command line; the exit status is the worker's own."""
    args = _parser().parse_args(argv)
    channel = messages.MessageWriter(os.fdopen(args.messages, "wb", buffering=0))
    send = channel.send
    try:
        return _work(args, send)
    except BaseException:  # gradstep's own failure: said, then the worker ends for sure
        text = "failed inside gradstep's worker (a bug in gradstep, please report it)"
        send(messages.FAILURE, reason=messages.WORKER, text=text, traceback=format_exc())
        exit_now(1)
        raise


def _work(args: argparse.Namespace, send: Callable[..., None]) -> int:
    if args.lifeline is not None:
        lifeline.guard(args.lifeline)  # first: before faulthandler's thread starts
    sys.stdout.reconfigure(line_buffering=True)  # the runner keeps the tail of what was printed
    faulthandler.enable()  # a segfault prints the line it happened at on stderr
    # Stuck where no signal reaches (a long C call): the runner kills it, this says where.
    faulthandler.dump_traceback_later(args.timeout + FAULT_DUMP_AFTER)
    deadline = time.monotonic() + args.timeout
    try:
        program = load_program(args.program)
    except (OSError, UnicodeDecodeError, NotebookError) as exc:
        send(messages.FAILURE, reason=messages.WORKER, text=f"cannot be read: {exc}")
        return 1
    guards = Guards(args.timeout, args.memory_mb)
    note = guards.install()
    if note:
        send(messages.NOTE, text=note)
    send(messages.STARTED, cells=None if program.cells is None else len(program.cells))
    run = ProgramExec(program, guards, send, deadline)
    recording, failure = _observed(program.name, send, run.run)
    if not guards.is_worker():  # a process the program forked came back here: not its job
        exit_now(0)
    if not recording.passes and failure is None and program.cells is None:
        recording, failure = _through_root(run, send, recording.errors)
    send(messages.ENDED)
    faulthandler.cancel_dump_traceback_later()
    guards.release_memory()
    for error in recording.errors:
        send(messages.NOTE, text=error)
    if failure is not None:
        send(messages.FAILURE, **failure)
    try:
        save_recording(recording, args.out, sync=False)  # handed over, read at once: no fsync
    except (OSError, ValueError) as exc:
        send(messages.FAILURE, reason=messages.WORKER, text=f"the recording was not saved: {exc}")
        exit_now(1)
    send(messages.DONE, passes=len(recording))
    exit_now(0)
    return 0  # not reached: exit_now ends the process


def _observed(
    script: str, send: Callable[..., None], body: Callable[[], dict[str, Any] | None]
) -> tuple[Recording, dict[str, Any] | None]:
    """``body()`` observed: the recording and the failure ``body`` returned.

    If the observer fails on the pass the program was in when it stopped, the passes
    before it are kept and the failure is said in a note.
    """

    def on_pass(recorded: RecordedPass) -> None:
        send(messages.PASS, **pass_fields(recorded))

    recorder = Recorder(on_pass, script)
    recorder.start()
    try:
        failure = body()
    finally:
        try:
            recorder.stop()
        except Exception as exc:  # gradstep's bug, not the program's: keep what was recorded
            lost = recorder.pass_count + 1
            text = f"pass {lost} could not be recorded (a bug in gradstep): {exc!r}"
            send(messages.NOTE, text=text, traceback=format_exc())
    return recorder.recording(), failure


def _through_root(
    run: ProgramExec, send: Callable[..., None], missed: tuple[str, ...] = ()
) -> tuple[Recording, dict[str, Any] | None]:
    """The recording of a script that recorded no pass, from its ``build()``/``root``.

    ``missed`` says why the ``backward()`` calls it made were not recorded, if it made any.
    """
    name = run.program.name
    found: list[BuiltGraph | None] = []
    failure = run.call(lambda: found.append(_built(run.namespace, run.program.path)))
    if failure is not None:
        return Recording((), missed, name), failure
    built = found[0] if found else None
    if built is None:
        text = (
            "; ".join(missed) + ": nothing to step"
            if missed
            else "never called backward() on a Value-like object (.data, .grad, ._prev, "
            f"._backward) and defines neither build() nor a variable {ROOT_VARIABLE}: nothing "
            "to step"
        )
        return Recording((), (), name), _plain_failure(messages.NOTHING_RECORDED, text)
    if has_own_backward(built.root):
        return _observed(name, send, lambda: run.call(lambda: _own_backward(built)))
    try:
        recorded = replayed_pass(built)
    except TraceError as exc:
        return Recording((), (), name), _plain_failure(
            messages.NOTHING_RECORDED, f"built a graph that cannot be stepped: {exc}"
        )
    send(messages.PASS, **pass_fields(recorded))
    return Recording((recorded,), (), name), None


def _built(namespace: dict[str, Any], path: Path) -> BuiltGraph | None:
    build = namespace.get("build")
    if callable(build):
        result = build()
    elif ROOT_VARIABLE in namespace:
        result = namespace[ROOT_VARIABLE]
    else:
        return None
    try:
        return as_built(result, GraphSource("script", str(path), path.name))
    except BuildResultError as exc:
        # Raised again here, in the worker's own frame, which the user's traceback leaves out.
        raise TypeError(str(exc)) from None


def _own_backward(built: BuiltGraph) -> None:
    """The root's own ``backward()``; with params and lr, the update ``build()`` asked for."""
    built.root.backward()
    if built.lr is not None:
        for p in built.params:
            p.data += -built.lr * p.grad


def _plain_failure(reason: str, text: str) -> dict[str, Any]:
    return {"reason": reason, "text": text, "where": "", "traceback": ""}


if __name__ == "__main__":
    raise SystemExit(main())
