"""The command line's options: the parser, its checks and the ``Options`` they make.

Qt-free, like the whole gui.app.cli room (a contract in pyproject): ``--list-examples`` and
``--export-json`` run without PySide6.
"""

from __future__ import annotations

import argparse
import math
import os
import re
from collections.abc import Sequence

from engine.autograd.frozen_record import FrozenRecord
from engine.drawing.layout_names import LAYOUTS
from engine.sources.examples import EXAMPLES
from engine.sources.file_kinds import DEFAULT_TIMEOUT as DEFAULT_PROGRAM_TIMEOUT
from engine.sources.file_kinds import NOTEBOOK_SUFFIX, RECORDING_SUFFIX
from engine.trace.trace import PHASES
from engine.training.setups import SETUPS as TRAINING_SETUPS
from gui.look.theme_names import THEME_NAMES

PHASE_WORDS = ("start", "end", *PHASES)
#: FILEs that open on the passes of a run: scripts and notebooks (run in a worker), recordings.
PROGRAM_SUFFIXES = (".py", NOTEBOOK_SUFFIX, RECORDING_SUFFIX)
DEFAULT_EXAMPLE = "neuron"


class CliError(Exception):
    """A bad argument: the message says what is wrong; the exit code is 2 (0 after --help)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


class Options(FrozenRecord):
    """The parsed command line."""

    file: str | None
    example: str | None
    expr: str | None
    goto: str | None
    presentation: bool
    theme: str | None
    size: tuple[int, int] | None
    screenshot: str | None
    export_json: str | None
    list_examples: bool
    train: int | None = None
    pass_number: int | None = None
    # --timeout; None: not given (the CLI's runs take the default, the window its setting)
    timeout: float | None = None
    layout: str | None = None  # --layout NAME: one of engine.drawing.layout_names.LAYOUTS
    # --export-steps FROM:TO OUT as given (checked by gui.app.cli.step_range)
    export_steps: tuple[str, str] | None = None

    @property
    def headless(self) -> bool:
        """True when the run only writes a file and exits."""
        return bool(self.screenshot or self.export_json or self.export_steps)


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser for ``python main.py``."""
    p = argparse.ArgumentParser(
        prog="gradstep",
        description="Step through backpropagation, one _backward call at a time.",
    )
    p.add_argument(
        "file",
        nargs="?",
        help=f"a Python script or notebook (.ipynb) to run and step, a recording "
        f"({RECORDING_SUFFIX}) or a .gradstep.json session",
    )
    p.add_argument("--example", metavar="NAME", help="open a built-in example (default: neuron)")
    p.add_argument("--expr", metavar="PROGRAM", help='an expression, e.g. "a = 2; b = a*a"')
    p.add_argument(
        "--goto",
        metavar="POS",
        help="start|end|forward|topo|backward|update (end of that phase) or a step number N",
    )
    p.add_argument("--presentation", action="store_true", help="start in presentation mode")
    p.add_argument("--theme", metavar="NAME", help="one of: " + ", ".join(THEME_NAMES))
    p.add_argument("--size", metavar="WxH", help="window size, e.g. 1920x1080")
    p.add_argument("--layout", metavar="NAME", help="graph layout, one of: " + ", ".join(LAYOUTS))
    p.add_argument("--screenshot", metavar="OUT.png", help="save the window as PNG and exit")
    p.add_argument("--export-json", metavar="OUT.json", help="save the graph as JSON and exit")
    p.add_argument(
        "--export-steps",
        nargs=2,
        metavar=("FROM:TO", "OUT"),
        help="save the steps FROM..TO (positions as --goto) at presentation size as "
        "OUT/frame-0001.png … plus OUT/steps.gif, or just the GIF if OUT ends in .gif; exit",
    )
    p.add_argument("--list-examples", action="store_true", help="list the examples and exit")
    p.add_argument(
        "--train",
        metavar="STEPS",
        type=int,
        help="train the example for STEPS steps first (" + ", ".join(TRAINING_SETUPS) + ")",
    )
    p.add_argument(
        "--pass",
        dest="pass_number",
        metavar="N",
        type=int,
        help="open the N-th pass of a run (1-based, negative counts from the end; default: last)",
    )
    p.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        default=None,
        help=(
            f"stop a script or notebook after SECONDS (default {DEFAULT_PROGRAM_TIMEOUT:g}; "
            "in the window, File > Program Timeout)"
        ),
    )
    return p


def _size(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not m or not (100 <= int(m[1]) <= 10000 and 100 <= int(m[2]) <= 10000):
        raise CliError(f"--size must look like 1920x1080 (100 to 10000 each), got {text!r}")
    return int(m[1]), int(m[2])


def _check_writable(path: str | None, flag: str) -> None:
    if path is None:
        return
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.isdir(path):
        raise CliError(f"{flag}: {path!r} is a directory, not a file")
    if not os.path.isdir(folder):
        raise CliError(f"{flag}: folder {folder!r} does not exist")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise CliError(f"{flag}: cannot write {path!r} (permission denied)")


def parse_args(argv: Sequence[str]) -> Options:
    """Parse and check the arguments; CliError with a clear message if they are bad."""
    parser = build_parser()
    try:
        ns = parser.parse_args(list(argv))
    except SystemExit as exc:  # argparse already printed its message (or the --help text)
        raise CliError("", code=0 if exc.code == 0 else 2) from exc
    sources = [x for x in (ns.file, ns.example, ns.expr) if x is not None]
    if len(sources) > 1:
        raise CliError("give only one of FILE, --example and --expr")
    if ns.example is not None and ns.example not in EXAMPLES:
        raise CliError(f"unknown example {ns.example!r}; known examples: {', '.join(EXAMPLES)}")
    if ns.theme is not None and ns.theme not in THEME_NAMES:
        raise CliError(f"unknown theme {ns.theme!r}; known themes: {', '.join(THEME_NAMES)}")
    if ns.layout is not None and ns.layout not in LAYOUTS:
        raise CliError(f"unknown layout {ns.layout!r}; known layouts: {', '.join(LAYOUTS)}")
    if ns.goto is not None and ns.goto not in PHASE_WORDS and not ns.goto.isdigit():
        raise CliError(
            f"--goto must be one of {', '.join(PHASE_WORDS)} or a step number, got {ns.goto!r}"
        )
    _check_train(ns.train, ns.example or DEFAULT_EXAMPLE)
    _check_program(ns.file, ns.pass_number, ns.timeout, ns.train)
    _check_writable(ns.screenshot, "--screenshot")
    _check_writable(ns.export_json, "--export-json")
    return Options(
        file=ns.file,
        example=ns.example,
        expr=ns.expr,
        goto=ns.goto,
        presentation=ns.presentation,
        theme=ns.theme,
        size=_size(ns.size),
        screenshot=ns.screenshot,
        export_json=ns.export_json,
        list_examples=ns.list_examples,
        train=ns.train,
        pass_number=ns.pass_number,
        timeout=ns.timeout,
        layout=ns.layout,
        export_steps=tuple(ns.export_steps) if ns.export_steps else None,
    )


def _check_program(
    file: str | None, pass_number: int | None, timeout: float | None, train: int | None
) -> None:
    """``--pass`` and ``--timeout``: a program or recording FILE, a pass number, a real time."""
    is_program = file is not None and file.lower().endswith(PROGRAM_SUFFIXES)
    if pass_number is not None and not is_program:
        raise CliError("--pass needs a FILE that records passes: " + ", ".join(PROGRAM_SUFFIXES))
    if pass_number == 0:
        raise CliError("--pass counts from 1 (or from -1 for the last pass), got 0")
    if timeout is not None and not (timeout > 0 and math.isfinite(timeout)):
        raise CliError(f"--timeout must be a number of seconds above 0, got {timeout:g}")
    if is_program and train is not None:
        raise CliError("--train trains a built-in example; a program's passes are its own training")


def _check_train(steps: int | None, example: str) -> None:
    """``--train``: at least one step, on an example that has a training setup."""
    if steps is None:
        return
    if steps < 1:
        raise CliError(f"--train must be a number of steps of at least 1, got {steps}")
    if example not in TRAINING_SETUPS:
        raise CliError(
            f"--train: example {example!r} has no training setup; "
            f"use --example with one of: {', '.join(TRAINING_SETUPS)}"
        )
