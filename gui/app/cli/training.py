"""The command line's ``--train``: a run trained before the export or the window, with progress.

Qt-free, like the whole gui.app.cli room (a contract in pyproject).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from engine.autograd.frozen_record import replaced
from engine.sources.built import BuiltGraph, GraphSource
from gui.app.cli.messages import say
from gui.app.cli.options import DEFAULT_EXAMPLE, Options


def training_run(opts: Options, title: str) -> tuple[Any, BuiltGraph, bool] | None:
    """``--train STEPS``: the trained run, the graph of its next step, and whether it finished.

    A progress line goes to stderr every few seconds; Ctrl-C stops the run after the step in
    progress (False: cut short). ``title`` is the example's; the graph's says how many steps.
    """
    if not opts.train:
        return None
    from engine.training.long_run import run_reporting  # noqa: PLC0415
    from engine.training.runs import Trainer, build_step_graph  # noqa: PLC0415

    run = Trainer(opts.example or DEFAULT_EXAMPLE, steps=opts.train)
    hint = "Ctrl-C stops and writes what is done" if opts.headless else "Ctrl-C stops"
    with ctrl_c_stops() as stop_requested:
        finished = run_reporting(run, lambda line: say(f"{line}; {hint}"), stop_requested)
    if run.stopped:
        say(run.stopped)
    h = run.history
    title = f"{title}, trained {len(h)} steps"
    source = GraphSource("training", f"{run.setup.name}:{len(h)}", title)
    g = build_step_graph(run.setup, h.current_params, lr=float(run.schedule(len(h))))
    return run, replaced(g, note=f"after {len(h)} training steps", source=source), finished


@contextlib.contextmanager
def ctrl_c_stops() -> Iterator[Callable[[], bool]]:
    """While inside, Ctrl-C (SIGINT) only asks to stop: the function returned says if it did."""
    asked: list[bool] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda _signal, _frame: asked.append(True))
    except ValueError:  # not the main thread: Ctrl-C cannot reach this run anyway
        previous = None
    try:
        yield lambda: bool(asked)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def interrupted_message(run: Any, written: Sequence[str]) -> str:
    """What a run cut short by Ctrl-C left behind, for stderr."""
    done = f"interrupted after {run.done:,} of {run.steps:,} training steps"
    if not written:
        return f"{done}; nothing was saved (--export-json or --screenshot keep what is done)"
    return f"{done}; wrote {' and '.join(written)} with the steps done"


def training_json(run: Any, interrupted: bool = False) -> dict:
    """The loss history of a ``--train`` run, for ``--export-json``.

    A run too long to keep every step lists the steps it kept in ``kept_steps``.
    """
    if run is None:
        return {}
    h = run.history
    series = h.to_dict()
    kept = series.pop("steps", None)
    more = {"kept_steps": kept} if kept is not None else {}
    return {"training": {"example": run.setup.name, "steps": len(h), "stopped": run.stopped,
                         "interrupted": interrupted, **series, **more}}  # fmt: skip
