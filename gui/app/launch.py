"""Application entry point: parses the command line, builds the window, or renders and exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from engine.drawing.layout_names import MAX_FREE_NODES
from engine.sources.examples import BuiltGraph
from engine.sources.session_file import is_session_path
from engine.trace.timeline import Timeline
from engine.trace.trace import record
from gui.app.cli import (
    CliError,
    Options,
    build_graph,
    example_list,
    goto_position,
    parse_args,
    training_json,
    training_run,
    write_json,
)


def _fail(message: str, code: int = 2) -> int:
    if message:
        print(f"gradstep: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run gradstep with these arguments (default: the process's) and return its exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        opts = parse_args(argv)
    except CliError as exc:
        return _fail(str(exc), exc.code)
    if opts.list_examples:
        print(example_list())
        return 0
    export_alone = bool(opts.export_json) and not opts.screenshot
    if not export_alone and opts.file and is_session_path(opts.file):
        # The window opens a session itself (parameters, view, history): build it only once.
        return run_window(opts, None, os.path.basename(opts.file))
    return build_and_open(opts, export_alone)


def build_and_open(opts: Options, export_alone: bool) -> int:
    """Build the graph the command line names, then export it or open the window on it."""
    try:
        built, title, start = build_graph(opts)
        trained = training_run(opts)  # --train STEPS: the graph of the trained model's next step
        if trained is not None:
            built, title = trained[1], f"{title}, trained {len(trained[0].history)} steps"
        if export_alone:
            return export_only(opts, built, title, start, trained and trained[0])
    except CliError as exc:
        return _fail(str(exc))
    except ValueError as exc:  # TraceError: a graph that cannot be stepped
        return _fail(f"cannot step {title!r}: {exc}", 1)
    return run_window(opts, built, title, trained and trained[0])


def export_only(
    opts: Options, built: BuiltGraph, title: str, start: int, run: object = None
) -> int:
    """``--export-json`` alone: record, seek and write, without starting Qt."""
    timeline = Timeline(record(built.root, params=list(built.params) or None, lr=built.lr))
    timeline.seek(goto_position(timeline, opts.goto, start))
    write_json(timeline, title, opts.export_json, training_json(run))
    return 0


def run_window(opts: Options, built: BuiltGraph | None, title: str, run: object = None) -> int:
    """Open the window on the graph; with ``--screenshot`` render it offscreen and exit."""
    if opts.headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt is imported only here, so --list-examples and --export-json never need it.
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from gui.app.main_window import MainWindow  # noqa: PLC0415

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("gradstep")
    app.setOrganizationName("gradstep")
    from gui.look.app_icon import install_app_icon  # noqa: PLC0415

    install_app_icon(app)  # window and task bar icon; desktop file name for the task bar
    if not opts.headless:
        from gui.app.crash_dialog import install_crash_handler  # noqa: PLC0415
        from gui.app.logging_setup import setup_logging  # noqa: PLC0415

        setup_logging()
        install_crash_handler(app)
    window = MainWindow()
    window.remember = not opts.headless  # a scripted render never changes the user's settings
    if opts.theme:
        window.set_theme(opts.theme)
    if opts.size:
        window.resize(*opts.size)
    if opts.layout:
        window.graph_view.set_layout(opts.layout)  # before loading: the graph opens in it
    failure = open_in_window(window, opts, built, title)
    if failure is not None:
        return failure
    if opts.size:
        _warn_if_resized(window, opts.size)  # after loading: content can need more room
    if run is not None:
        window.training.adopt(run)  # the loss curve of --train in the Training dock
        window.training_dock.show()
    if opts.headless:
        return render_and_exit(app, window, opts, title)
    window.show()
    if opts.presentation:
        window.set_presentation(True)
    return app.exec()


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


def _warn_if_resized(window: object, size: tuple[int, int]) -> None:
    """Say so when the window cannot be as small as ``--size`` asks (its controls need room)."""
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    width, height = max(size[0], least.width()), max(size[1], least.height())
    if (width, height) != tuple(size):
        print(
            f"gradstep: --size {size[0]}x{size[1]} is below the window's minimum "
            f"{least.width()}x{least.height()}; using {width}x{height}",
            file=sys.stderr,
        )


def open_in_window(
    window: object, opts: Options, built: BuiltGraph | None, title: str
) -> int | None:
    """Load what the command line names and go to its position; an exit code on failure."""
    session_file = bool(opts.file) and is_session_path(opts.file)
    if session_file:
        loaded = window.documents.open_session(opts.file)  # parameters, view and history too
    else:
        loaded = window.load_built(built, title)
    if not loaded:
        if opts.headless:
            window.close()
            return _fail(window.statusBar().currentMessage().lstrip("⚠ "), 1)
        return None  # the window shows the error and stays open
    if not opts.headless and (opts.file or opts.expr) and not session_file:
        window.documents.adopt("script" if opts.file else "expression", opts.file or opts.expr)
    try:
        if opts.goto is not None or not session_file:  # a session keeps its saved position
            window.session.seek(goto_position(window.session.timeline, opts.goto))
    except CliError as exc:
        window.close()
        return _fail(str(exc))
    return None


def render_and_exit(app: object, window: object, opts: Options, title: str) -> int:
    """Show the window offscreen at its size, save the PNG and/or JSON, close."""
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
            write_json(window.session.timeline, title, opts.export_json, training_json(run))
        if opts.screenshot and not window.grab().save(opts.screenshot, "PNG"):
            raise CliError(f"--screenshot: cannot write {opts.screenshot!r}")
    except CliError as exc:
        return _fail(str(exc), 1)
    finally:
        window.close()
    return 0
