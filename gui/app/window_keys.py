"""The main window's keyed actions (stepping, text size, presentation) and their key guard."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from gui.app.first_paint import FirstPaint
from gui.app.keys import KeyGuard, key_action
from gui.app.window_menus import add_canvas_actions


def add_window_keys(window: QMainWindow) -> None:
    """Create the window's keyed actions (window.<name>_action) and their KeyGuard."""
    s, act = window.session, lambda *args: key_action(window, *args)
    window.step_action = act("Step", ("Right", "Space", "PgDown"), s.step)
    window.back_action = act("Step back", ("Left", "PgUp"), s.back)
    window.home_action = act("Go to start", ("Home",), s.reset)
    window.end_action = act("Go to end", ("End",), s.seek_end)
    window.next_phase_action = act("Next phase", ("Ctrl+Right",), s.next_phase)
    window.prev_phase_action = act("Previous phase", ("Ctrl+Left",), s.previous_phase)
    window.play_action = act("Play / pause", ("P",), window.player.toggle)
    window.fit_action = act("Fit graph", ("F",), window.graph_view.fit)
    window.presentation_action = act("Presentation mode", ("F5", "F11"), window.toggle_presentation)
    window.presentation_action.setCheckable(True)
    window.leave_action = act("Leave presentation", ("Esc",), window._on_escape)
    # Esc belongs to others unless presenting or a program runs (Esc cancels it)
    window.leave_action.setEnabled(False)
    window.stepping_actions = (  # the Step menu
        window.step_action, window.back_action, window.home_action, window.end_action,
        window.next_phase_action, window.prev_phase_action, window.play_action, window.fit_action,
    )  # fmt: skip
    add_canvas_actions(window)  # Z, Ctrl+F: guarded like the step keys, so they work anywhere
    step_keys = [a.shortcuts() for a in window.actions()]
    window.bigger_action = act("Larger text", ("Ctrl+=", "Ctrl++"), window.bigger)
    window.smaller_action = act("Smaller text", ("Ctrl+-",), window.smaller)
    window.normal_size_action = act("Normal text size", ("Ctrl+0",), window.normal_size)
    direct = {"Ctrl+=": window.bigger_action, "Ctrl++": window.bigger_action}
    direct |= {"Ctrl+-": window.smaller_action, "Ctrl+0": window.normal_size_action}
    window.key_guard = KeyGuard(window, step_keys, direct)
    # Watching once the window's first frame is painted (it is, as soon as it is shown):
    # the first event of an object of a Qt class PySide6 has no binding for that reaches a
    # Python filter makes PySide6 create every type it had deferred, 12-16 ms of CPU that
    # would come before the first frame.
    FirstPaint(window, window.key_guard.watch)
