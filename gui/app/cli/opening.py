"""What the command line opens (an example, an expression, a session) and where it starts.

Qt-free, like the whole gui.app.cli room.
"""

from __future__ import annotations

import os

from engine.autograd.frozen_record import replaced
from engine.sources.built import BuiltGraph
from engine.sources.examples import EXAMPLES, get_example
from engine.sources.file_kinds import is_session_path
from engine.trace.timeline import Timeline
from gui.app.cli.options import DEFAULT_EXAMPLE, CliError, Options


def example_list() -> str:
    """The examples, one per line: name, title and description."""
    width = max(len(n) for n in EXAMPLES)
    return "\n".join(f"{n:<{width}}  {e.title}: {e.description}" for n, e in EXAMPLES.items())


def build_graph(opts: Options) -> tuple[BuiltGraph, int]:
    """The graph to open and its starting position; CliError if it cannot be built.

    The position is the one a session file saved, else 0. The graph's title is the file's
    name (a session's with its suffix), the expression's text or the example's title. A
    user's program is never built here (gui.app.cli.program runs it in a worker).
    """
    if opts.file is not None and is_session_path(opts.file):
        from engine.sources.session_file import load_session  # noqa: PLC0415
        from engine.sources.session_graph import build_session  # noqa: PLC0415

        try:
            state = load_session(opts.file)
            built = build_session(state, opts.file)
        except (ValueError, KeyError) as exc:  # SessionFileError, ExpressionError
            raise CliError(f"cannot open session {opts.file!r}: {exc}") from exc
        return _titled(built, os.path.basename(opts.file)), state.position
    return _build_source(opts), 0


def _titled(built: BuiltGraph, title: str) -> BuiltGraph:
    return replaced(built, source=replaced(built.source, title=title))


def _build_source(opts: Options) -> BuiltGraph:
    if opts.expr is not None:
        from engine.sources.expr import build_expression  # noqa: PLC0415

        try:
            return _titled(build_expression(opts.expr), opts.expr)
        except ValueError as exc:
            raise CliError(f"bad expression: {exc}") from exc
    return get_example(opts.example or DEFAULT_EXAMPLE).build()


def goto_position(timeline: Timeline, goto: str | None, default: int = 0) -> int:
    """The position named by ``--goto`` (else ``default``); CliError if out of range."""
    n = len(timeline)
    if goto is None:
        return min(default, n)
    if goto == "start":
        return 0
    if goto == "end":
        return n
    if goto.isdigit():
        if int(goto) > n:
            raise CliError(f"--goto {goto}: position out of range, this graph has 0..{n:,}")
        return int(goto)
    r = timeline.trace.phase_range(goto)
    if not len(r):
        raise CliError(f"--goto {goto}: this graph has no {goto} phase")
    return r.stop
