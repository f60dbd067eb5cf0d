"""``--export-steps FROM:TO OUT``: the positions to render and where the frames go (Qt-free)."""

from __future__ import annotations

import os

from engine.autograd.frozen_record import replaced
from engine.trace.timeline import Timeline
from gui.app.cli.opening import goto_position
from gui.app.cli.options import PHASE_WORDS, CliError, Options

#: Frames per export at most: 500 slides at 1920x1080 are already ~1 GB of GIF frames in memory.
MAX_FRAMES = 500
GIF_NAME = "steps.gif"
#: The slide size frames are rendered at, the presentation size of a 1080p projector.
SLIDE_SIZE = (1920, 1080)


def checked_for_steps(opts: Options) -> Options:
    """``opts`` ready for ``--export-steps``: range and OUT checked, presentation at slide size.

    CliError (exit 2) for a bad range's syntax or an OUT that cannot be written; the range
    itself is checked against the graph once it is open (``step_positions``).
    """
    if opts.export_steps is None:
        return opts
    text, out = opts.export_steps
    parse_step_range(text)
    step_targets(out)
    return replaced(opts, presentation=True, size=opts.size or SLIDE_SIZE)


def parse_step_range(text: str) -> tuple[str, str]:
    """``FROM:TO`` split into two ``--goto`` positions; CliError if either is not one."""
    parts = text.split(":")
    if len(parts) != 2 or not all(_is_position(p) for p in parts):
        raise CliError(
            f"--export-steps needs FROM:TO, each a step number or one of "
            f"{', '.join(PHASE_WORDS)}, got {text!r}"
        )
    return parts[0], parts[1]


def _is_position(word: str) -> bool:
    return word in PHASE_WORDS or word.isdigit()


def step_positions(timeline: Timeline, first: str, last: str) -> range:
    """The positions FROM..TO inclusive on this timeline; CliError if reversed or too long."""
    start = goto_position(timeline, first)
    stop = goto_position(timeline, last)
    if stop < start:
        raise CliError(f"--export-steps {first}:{last}: goes backwards ({start:,} to {stop:,})")
    count = stop - start + 1
    if count > MAX_FRAMES:
        raise CliError(
            f"--export-steps {first}:{last}: {count:,} frames, over the {MAX_FRAMES} "
            "an export writes; choose a shorter range"
        )
    return range(start, stop + 1)


def step_targets(out: str) -> tuple[str | None, str]:
    """The frames' folder (None: the GIF alone) and the GIF's path; CliError if not writable.

    OUT ending in .gif is the GIF alone; anything else is a folder (made if missing) that
    gets frame-0001.png … and steps.gif.
    """
    if out.lower().endswith(".gif"):
        folder = os.path.dirname(os.path.abspath(out))
        if os.path.isdir(out):
            raise CliError(f"--export-steps: {out!r} is a directory, not a GIF file")
        _check_folder(folder, out)
        return None, out
    if os.path.exists(out) and not os.path.isdir(out):
        raise CliError(f"--export-steps: {out!r} is a file; give a folder or a .gif path")
    _check_folder(os.path.dirname(os.path.abspath(out)), out)
    return out, os.path.join(out, GIF_NAME)


def _check_folder(folder: str, out: str) -> None:
    if not os.path.isdir(folder):
        raise CliError(f"--export-steps: folder {folder!r} does not exist")
    if not os.access(folder, os.W_OK):
        raise CliError(f"--export-steps: cannot write {out!r} (permission denied)")


def frame_name(index: int) -> str:
    """The file name of the ``index``-th frame (0-based), numbered from 1 for people."""
    return f"frame-{index + 1:04d}.png"
