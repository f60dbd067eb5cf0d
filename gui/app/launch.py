"""Application entry point: parses the command line, builds the window, or renders and exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from engine.sources.built import BuiltGraph
from engine.sources.program.recording import is_recording_path
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
    opened_by_window = is_session_path(opts.file or "") or is_recording_path(opts.file or "")
    if not export_alone and opened_by_window:
        # The window opens a session itself (parameters, view, history): build it only once;
        # a recording opens on its last pass (passes, problems).
        return run_window(opts, None, os.path.basename(opts.file))
    return build_and_open(opts, export_alone)


def build_and_open(opts: Options, export_alone: bool) -> int:
    """Build the graph the command line names, then export it or open the window on it."""
    try:
        built, start = build_graph(opts)
        # --train STEPS: the graph of the trained model's next step
        run, built = training_run(opts, built.title) or (None, built)
        if export_alone:
            return export_only(opts, built, start, run)
    except CliError as exc:
        return _fail(str(exc))
    except ValueError as exc:  # TraceError: a graph that cannot be stepped
        return _fail(f"cannot step {built.title!r}: {exc}", 1)
    return run_window(opts, built, built.title, run)


def export_only(opts: Options, built: BuiltGraph, start: int, run: object = None) -> int:
    """``--export-json`` alone: record, seek and write, without starting Qt."""
    timeline = Timeline(record(built.root, params=list(built.params) or None, lr=built.lr))
    timeline.seek(goto_position(timeline, opts.goto, start))
    write_json(timeline, built.title, opts.export_json, training_json(run))
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
    recording_file = bool(opts.file) and is_recording_path(opts.file)
    errors: list[str] = []  # what the window shows (status bar, dialog), for a headless exit
    window.session.sig_error.connect(errors.append)
    window.documents.sig_error.connect(errors.append)
    open_file = window.documents.open_session  # a session: its view and training history too
    if recording_file:  # a pass opens at its end: its grads and problems in view
        loaded = window.documents.open_path(opts.file)
    else:
        loaded = open_file(opts.file) if session_file else window.load_built(built)
    window.session.sig_error.disconnect(errors.append)
    window.documents.sig_error.disconnect(errors.append)
    if not loaded:
        if opts.headless:
            window.close()
            return _fail(errors[-1] if errors else f"cannot open {title!r}", 1)
        return None  # the window shows the error and stays open
    if not opts.headless and not session_file and not recording_file:  # like File > Open
        window.documents.remember(window.session.source)
    try:
        if opts.goto is not None or not (session_file or recording_file):  # keeps its position
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
