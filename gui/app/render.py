"""Scripted renders (``--screenshot``, ``--export-json``, ``--export-steps``): render, write, exit.

The window is shown offscreen at its size, framed as a user sees it on opening, and what the
command line asks for is written; then it closes. A path that cannot be written is a CliError.
"""

from __future__ import annotations

import os
import sys

from engine.drawing.layout_names import MAX_FREE_NODES
from gui.app.cli.json_export import write_json
from gui.app.cli.options import CliError, Options
from gui.app.cli.program import OpenedPass
from gui.app.cli.step_range import parse_step_range, step_positions, step_targets
from gui.app.cli.training import training_json


def screen_figures(window: object) -> dict:
    """What the rendered canvas shows (view size, node text size, visible nodes, centres)."""
    from gui.canvas.view_figures import view_figures  # noqa: PLC0415

    return view_figures(window.graph_view)


def render_and_exit(
    app: object,
    window: object,
    opts: Options,
    title: str,
    interrupted: bool = False,
    *,
    opened: OpenedPass | None = None,
) -> int:
    """Show the window offscreen at its size, save the PNG and/or JSON, close; 0 when done.

    CliError when a file cannot be written (the window is closed all the same).
    """
    if opts.presentation:
        window.set_presentation(True, fullscreen=False)
    window.show()
    app.processEvents()
    window.graph_view.finish_layout()  # a layout computed on the worker thread, in place
    _warn_if_layout_refused(window, opts)
    window.graph_view.frame()  # what a user sees on opening, not the whole graph fitted
    app.processEvents()
    try:
        if opts.export_json:
            run = window.training.trainer if opts.train else None
            extra = training_json(run, interrupted) | (opened.export_json() if opened else {})
            figures = screen_figures(window) if opts.screenshot else None
            write_json(window.session.timeline, title, opts.export_json, extra, figures)
        if opts.screenshot:
            save_png(window, opts.screenshot)
        if opts.export_steps:  # last: it moves the window through the steps
            return save_steps(window, *opts.export_steps)
    finally:
        window.close()
    return 0


def save_steps(window: object, step_range: str, out: str) -> int:
    """Write the frames of ``--export-steps`` and say where; CliError for a bad range."""
    from gui.app.step_export import StepExportError, export_steps  # noqa: PLC0415

    positions = step_positions(window.session.timeline, *parse_step_range(step_range))
    folder, gif_path = step_targets(out)
    try:
        export_steps(window, positions, folder, gif_path)
    except StepExportError as exc:
        raise CliError(f"--export-steps: {exc}") from exc
    where = f"{folder} (frame-0001.png …, {os.path.basename(gif_path)})" if folder else gif_path
    print(f"gradstep: {len(positions)} frames, steps {positions[0]}..{positions[-1]}: {where}")
    return 0


def save_png(widget: object, path: str) -> None:
    """Write ``widget`` as a PNG file; CliError with the system's reason if it cannot be."""
    from gui.look.png_file import write_png  # noqa: PLC0415

    why = write_png(widget.grab(), path)
    if why is not None:
        raise CliError(f"--screenshot: {why}")


def _warn_if_layout_refused(window: object, opts: Options) -> None:
    """Say so when ``--layout`` could not draw this graph (it is drawn layered instead)."""
    drawn = window.graph_view.drawn
    if not opts.layout or drawn is None or drawn.name == opts.layout:
        return
    why = (
        f"this graph draws {len(drawn):,} nodes, over the {MAX_FREE_NODES:,} it handles"
        if len(drawn) > MAX_FREE_NODES
        else "networkx failed (see the message in the window)"
    )
    print(f"gradstep: --layout {opts.layout}: {why}; drawn {drawn.name}", file=sys.stderr)
