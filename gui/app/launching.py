"""What a launch runs once its modules are imported: the command line, the window or a render."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

# First: importing first_frame imports numpy, with one BLAS thread, before anything else can
from gui.app.first_frame import StartupHold, import_before_qt, import_qt  # isort: split

from engine.drawing import forked_layering
from engine.sources.built import BuiltGraph
from engine.sources.file_kinds import is_session_path
from engine.trace.trace import record
from gui.app.cli.display import NO_DISPLAY_MESSAGE, missing_display
from gui.app.cli.json_export import write_trace_json
from gui.app.cli.messages import fail, say
from gui.app.cli.opening import build_graph, example_list
from gui.app.cli.options import CliError, Options, parse_args
from gui.app.cli.program import OpenedPass, open_program, open_session_program
from gui.app.cli.step_range import checked_for_steps
from gui.app.cli.training import interrupted_message, training_json, training_run
from gui.app.first_layering import start_first_layering
from gui.app.render import render_and_exit
from gui.app.warm_up import WarmUp
from gui.app.window_opening import open_in_window

#: The exit status of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
INTERRUPTED = 130


def run(argv: Sequence[str] | None = None) -> int:
    """Run gradstep with these arguments (default: the process's) and return its exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        opts = checked_for_steps(parse_args(argv))
    except CliError as exc:
        return fail(str(exc), exc.code)
    if opts.list_examples:
        print(example_list())
        return 0
    if missing_display():
        if not opts.headless:  # before any work: Qt would abort the process with a wrong hint
            return fail(NO_DISPLAY_MESSAGE)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # also over an explicit xcb or wayland
    export_alone = bool(opts.export_json) and not (opts.screenshot or opts.export_steps)
    if opts.file and not is_session_path(opts.file):  # a program: run in a worker, never here
        return open_program_file(opts, export_alone)
    if opts.file:
        return open_session_file(opts, export_alone)
    return build_and_open(opts, export_alone)


def open_session_file(opts: Options, export_alone: bool) -> int:
    """A session file: the window opens it itself; an export builds or runs what it names."""
    if not export_alone:
        # The window opens a session itself (parameters, view, history): build it only once.
        return run_window(opts, None, os.path.basename(opts.file or ""))
    try:  # a script's session runs its script in a worker; a recording's is kept
        opened = open_session_program(opts)
    except CliError as exc:
        return fail(str(exc), exc.code)
    if opened is not None:
        return export_opened(opts, opened)
    return build_and_open(opts, export_alone)


def build_and_open(opts: Options, export_alone: bool) -> int:
    """Build the graph the command line names, then export it or open the window on it."""
    try:
        built, start = build_graph(opts)
        # --train STEPS: the graph of the trained model's next step
        run, built, finished = training_run(opts, built.title) or (None, built, True)
        if not finished and not opts.headless:  # Ctrl-C: the user wants out, not a window
            return fail(interrupted_message(run, []), INTERRUPTED)
        if export_alone:
            code = export_only(opts, built, start, run, interrupted=not finished)
    except CliError as exc:
        return fail(str(exc))
    except ValueError as exc:  # TraceError: a graph that cannot be stepped
        return fail(f"cannot step {built.title!r}: {exc}", 1)
    if not export_alone:
        # networkx lays the graph out in a child while this process imports Qt: 2 cores
        start_first_layering(built)
        code = run_window(opts, built, built.title, run, interrupted=not finished)
    if not finished and code == 0:  # what was done is written; the exit says it was cut short
        written = [path for path in (opts.screenshot, opts.export_json) if path]
        return fail(interrupted_message(run, written), INTERRUPTED)
    return code


def open_program_file(opts: Options, export_alone: bool) -> int:
    """A script or notebook run in a worker, or a recording: export or open its chosen pass."""
    try:
        opened = open_program(opts)
    except CliError as exc:
        return fail(str(exc), exc.code)
    if export_alone:
        return export_opened(opts, opened)
    return run_window(opts, opened, opened.source.title)


def export_opened(opts: Options, opened: OpenedPass) -> int:
    """``--export-json`` alone of a recorded pass, at ``--goto`` (default: its end)."""
    try:
        start = len(opened.trace) if opened.start is None else opened.start
        write_trace_json(opened.trace, opened.source.title, start, opts, opened.export_json())
    except CliError as exc:
        return fail(str(exc), exc.code)
    except ValueError as exc:  # TraceError: a recorded pass that cannot be stepped
        return fail(f"cannot step {opts.file!r}: {exc}", 1)
    return 0


def export_only(
    opts: Options, built: BuiltGraph, start: int, run: object = None, interrupted: bool = False
) -> int:
    """``--export-json`` alone: record, seek and write, without starting Qt."""
    trace = record(built.root, params=list(built.params) or None, lr=built.lr)
    write_trace_json(trace, built.title, start, opts, training_json(run, interrupted))
    return 0


def run_window(
    opts: Options,
    built: BuiltGraph | OpenedPass | None,
    title: str,
    run: object = None,
    interrupted: bool = False,
) -> int:
    """Open the window on the graph; with ``--screenshot`` render it offscreen and exit.

    The cyclic GC is held from the imports to the window's first painted frame.
    """
    hold = StartupHold()
    try:
        return open_window(opts, built, title, hold, run=run, interrupted=interrupted)
    finally:
        hold.release()  # a render or a failure painted nothing; or the app has quit
        forked_layering.discard()  # a layering never asked for: its child reaped


def open_window(
    opts: Options,
    built: BuiltGraph | OpenedPass | None,
    title: str,
    hold: StartupHold,
    *,
    run: object = None,
    interrupted: bool = False,
) -> int:
    """Build the window, open the graph in it, then show it (or render it, headless)."""
    if opts.headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import_before_qt()
    import_qt()  # only here, so --list-examples and --export-json never need Qt
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from gui.app.main_window import MainWindow  # noqa: PLC0415
    from gui.look.theme import styled_application  # noqa: PLC0415

    app = QApplication.instance() or styled_application(sys.argv[0])
    app.setApplicationName("gradstep")
    app.setOrganizationName("gradstep")
    from gui.look.app_icon import name_desktop_entry  # noqa: PLC0415

    name_desktop_entry(app)  # the icon itself is set once the first frame is painted
    if not opts.headless:
        from gui.app.crash_handler import install_crash_handler  # noqa: PLC0415
        from gui.app.logging_setup import setup_logging  # noqa: PLC0415

        setup_logging()
        install_crash_handler(app)
    window = MainWindow()
    window.remember = not opts.headless  # a scripted render never changes the user's settings
    if opts.theme:
        window.set_theme(opts.theme)
    if opts.size:
        window.resize(*opts.size)
    if opts.timeout is not None:  # for this window's runs; the setting stays as it was
        window.set_program_timeout(opts.timeout, remember=False)
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
        from gui.app.close_down import close_down  # noqa: PLC0415

        opened = built if isinstance(built, OpenedPass) else None
        try:
            return render_and_exit(app, window, opts, title, interrupted, opened=opened)
        except CliError as exc:  # a path that cannot be written: 2, like a bad argument
            return fail(str(exc), exc.code)
        finally:
            close_down(app)  # as after the event loop: not left to the interpreter's exit
    return show_and_run(app, window, opts, hold)


def show_and_run(app: object, window: object, opts: Options, hold: StartupHold) -> int:
    """Show the window and run the event loop; the warm-up starts after the first frame."""
    from gui.app.close_down import close_down  # noqa: PLC0415
    from gui.app.first_paint import FirstPaint  # noqa: PLC0415
    from gui.look.app_icon import install_app_icon  # noqa: PLC0415

    warm_up = WarmUp()

    def after_first_frame() -> None:  # the GC back, then what first use needs, on a thread
        hold.release()
        forked_layering.discard()  # the first layout took it, or will never ask
        warm_up.start()
        # the title and task bars' icon: a frame after the window's content (its QIcon and
        # files cost the first frame ~8 ms here)
        install_app_icon(app)

    FirstPaint(window, after_first_frame)
    window.show()
    if opts.presentation:
        window.set_presentation(True)
    code = app.exec()
    warm_up.finish()  # no import left running into the interpreter's exit
    close_down(app)  # the windows deleted while the application lives, not at the exit
    return code


def _warn_if_resized(window: object, size: tuple[int, int]) -> None:
    """Say so when the window cannot be as small as ``--size`` asks (its controls need room)."""
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    width, height = max(size[0], least.width()), max(size[1], least.height())
    if (width, height) != tuple(size):
        say(
            f"--size {size[0]}x{size[1]} is below the window's minimum "
            f"{least.width()}x{least.height()}; using {width}x{height}"
        )
