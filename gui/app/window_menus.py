"""The main window's menus and canvas actions: export, colour by grad, follow, find, zoom."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from engine.drawing.layout_names import LAYOUTS
from engine.sources.examples import EXAMPLES
from gui.app.keys import key_action
from gui.files.file_dialogs import save_path
from gui.look.theme import THEMES

EXPORT_FILTERS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)"}
LAYOUT_TITLES = {
    "layered": "&Layered (left to right)",
    "spring": "&Spring (force-directed)",
    "kamada-kawai": "&Kamada-Kawai (path lengths)",
    "spectral": "S&pectral",
    "shell": "S&hell (loss in the middle)",
}


def add_canvas_actions(window: QMainWindow) -> None:
    """Create the window's canvas actions (window.<name>_action), shortcuts working anywhere."""
    view = window.graph_view
    window.zoom_current_action = key_action(
        window,
        "Zoom to current node",
        ("Z",),
        view.zoom_to_current,
        "Readable zoom on the active node",
    )
    window.find_action = key_action(window, "Find node…", ("Ctrl+F",), view.show_find)
    window.follow_action = _toggle(window, "Follow active node", view.follow, view.set_follow)
    window.color_action = _toggle(window, "Colour by grad", on=False, slot=view.set_color_by_grad)
    window.expand_all_action = key_action(window, "Expand all groups", (), view.expand_all)
    window.collapse_action = key_action(window, "Collapse groups", (), view.collapse_groups)
    window.export_actions = []
    for fmt in ("png", "svg"):
        for whole, what in ((True, "whole graph"), (False, "current view")):
            action = key_action(
                window,
                f"Export {fmt.upper()} ({what})…",
                (),
                lambda _checked=False, f=fmt, w=whole: export_dialog(window, f, whole=w),
                f"The {what} on a light background, for slides",
            )
            window.export_actions.append(action)
    view.sig_relaid.connect(lambda: _enable_group_actions(window))
    _enable_group_actions(window)


def _toggle(window: QMainWindow, text: str, on: bool, slot: Callable[[bool], object]) -> QAction:
    """A checkable action that calls ``slot`` with its new state."""
    action = QAction(text, window, checkable=True, checked=on)
    action.toggled.connect(slot)
    return action


def _enable_group_actions(window: QMainWindow) -> None:
    has_groups = bool(window.graph_view.groups)
    window.expand_all_action.setEnabled(has_groups and bool(window.graph_view.collapsed))
    window.collapse_action.setEnabled(has_groups)


def export_dialog(window: QMainWindow, fmt: str, *, whole: bool) -> bool:
    """Ask for a file name and export the graph there; the outcome goes to the status bar."""
    title = window.session.title or "graph"
    suggested = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-") or "graph"
    path = save_path(window, f"Export {fmt.upper()}", f"{suggested}.{fmt}", EXPORT_FILTERS[fmt])
    window.activateWindow()  # the window's keys again, where the platform does not hand it back
    if not path:
        return False
    if not path.lower().endswith(f".{fmt}"):
        path += f".{fmt}"
    # imported on first use (with QtSvg): the first frame of the window does not need it
    from gui.canvas.export import export_png, export_svg  # noqa: PLC0415

    if fmt == "png":
        ok = export_png(window.graph_view, path, whole=whole)
    else:
        ok = export_svg(window.graph_view, path, whole=whole, title=title)
    if ok and os.path.exists(path):
        window.statusBar().showMessage(f"Exported {path}", 5000)
        return True
    window.session.report(f"Could not export to {path}")
    return False


def _export_steps(window: QMainWindow) -> bool:
    # imported on first use (with Pillow): the first frame of the window does not need it
    from gui.app.step_export_dialog import ask_export_steps  # noqa: PLC0415

    return ask_export_steps(window)


def ask_program_timeout(window: QMainWindow) -> bool:
    """Ask how many seconds a program may run, and use and remember it; False if cancelled."""
    from PySide6.QtWidgets import QInputDialog  # noqa: PLC0415 (its enums: built on first use)

    seconds, ok = QInputDialog.getDouble(
        window,
        "Program Timeout",
        "Stop a script or notebook that is still running after (seconds):",
        window.runs.timeout,
        1.0,
        24 * 3600.0,
        1,
    )
    window.activateWindow()
    if ok:
        window.set_program_timeout(seconds)
    return ok


def build_menus(window: QMainWindow) -> None:
    """The menu bar: File, Step, View and Help."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    window.documents.fill_file_menu(file_menu)
    window.timeout_action = QAction("Program &Timeout…", window)
    window.timeout_action.setToolTip("How long a script or notebook may run before it is stopped")
    window.timeout_action.triggered.connect(lambda: ask_program_timeout(window))
    file_menu.addAction(window.timeout_action)
    examples = file_menu.addMenu("&Examples")
    for name, example in EXAMPLES.items():
        action = examples.addAction(example.title)
        action.setToolTip(example.description)
        action.triggered.connect(lambda _=False, n=name: window.documents.open_example(n))
    file_menu.addSeparator()
    for action in window.export_actions:
        file_menu.addAction(action)
    window.export_steps_action = QAction("Export &Steps…", window)
    window.export_steps_action.setToolTip("Steps between two positions as PNG frames and a GIF")
    window.export_steps_action.triggered.connect(lambda: _export_steps(window))
    file_menu.addAction(window.export_steps_action)
    file_menu.addSeparator()
    quit_action = QAction("&Quit", window)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)
    step_menu = bar.addMenu("&Step")
    for action in window.stepping_actions:
        step_menu.addAction(action)
    _build_view_menu(window)
    help_menu = bar.addMenu("&Help")
    window.about_action = QAction("&About gradstep", window)
    window.about_action.triggered.connect(window._on_about)
    help_menu.addAction(window.about_action)


def _build_view_menu(window: QMainWindow) -> None:
    view = window.menuBar().addMenu("&View")
    window.theme_group = QActionGroup(window)
    for name, theme in THEMES.items():
        action = view.addAction(theme.title)
        action.setCheckable(True)
        action.setData(name)
        action.setChecked(name == window.theme_name)
        window.theme_group.addAction(action)
    window.theme_group.triggered.connect(lambda a: window.set_theme(a.data()))
    view.addSeparator()
    _add_layout_menu(window, view)
    sections = (
        (window.bigger_action, window.smaller_action, window.normal_size_action),
        (window.fit_action, window.zoom_current_action, window.follow_action),
        (window.color_action, window.find_action),
        (window.expand_all_action, window.collapse_action),
        (window.presentation_action,),
        (window.training_dock.toggle_action(), *window.recording_docks.toggle_actions()),
    )
    for actions in sections:
        view.addSeparator()
        for action in actions:
            view.addAction(action)


def _add_layout_menu(window: QMainWindow, view_menu: QMenu) -> None:
    """View → Layout: the networkx layouts, the one drawn checked."""
    graph_view = window.graph_view
    menu = view_menu.addMenu("La&yout")
    window.layout_group = QActionGroup(window)
    for name in LAYOUTS:
        action = menu.addAction(LAYOUT_TITLES[name])
        action.setCheckable(True)
        action.setData(name)
        action.setChecked(name == graph_view.layout_name)
        window.layout_group.addAction(action)
    window.layout_group.triggered.connect(lambda a: graph_view.set_layout(a.data()))

    def check(name: str) -> None:
        for action in window.layout_group.actions():
            action.setChecked(action.data() == name)

    graph_view.sig_layout_changed.connect(check)
