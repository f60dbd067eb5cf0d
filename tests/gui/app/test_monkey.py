"""GUI monkey test: random key presses, clicks, wheel turns and menu actions on the main window.

No exception may escape (pytest-qt fails the test on any exception in a slot or event handler)
and the window must still step afterwards. CI runs 500 actions; ``make monkey`` runs 2,000
(``GRADSTEP_MONKEY_ACTIONS``, ``GRADSTEP_MONKEY_SEED``). Modal dialogs
and popup menus that the monkey opens are closed by a timer, as a user would close them.
"""

from __future__ import annotations

import os
import random
import time

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from gui.app.main_window import MainWindow

ACTIONS = int(os.environ.get("GRADSTEP_MONKEY_ACTIONS", "500"))
SEED = int(os.environ.get("GRADSTEP_MONKEY_SEED", "8"))
K, M = Qt.Key, Qt.KeyboardModifier
KEYS = [
    *[(k, M.NoModifier) for k in (K.Key_Right, K.Key_Left, K.Key_Space, K.Key_PageDown,
      K.Key_PageUp, K.Key_Home, K.Key_End, K.Key_P, K.Key_F, K.Key_F5, K.Key_F11,
      K.Key_Escape, K.Key_Tab, K.Key_Up, K.Key_Down, K.Key_Return, K.Key_A, K.Key_1,
      K.Key_Delete, K.Key_Backspace, K.Key_Plus, K.Key_Minus)],
    *[(k, M.ControlModifier) for k in (K.Key_Right, K.Key_Left, K.Key_Equal, K.Key_Minus,
      K.Key_0, K.Key_F, K.Key_A, K.Key_C)],
    *[(k, M.ShiftModifier) for k in (K.Key_Tab, K.Key_Right, K.Key_Space)],
    *[(k, M.AltModifier) for k in (K.Key_S, K.Key_V, K.Key_H)],
]  # fmt: skip
# Not run by the monkey: Quit (ends the test's window) and the 66,000-node moons demo (a few
# seconds per load; the canvas benchmarks cover it).
SKIPPED_ACTION_TEXT = ("&Quit", "moons")


def _close_popups_and_dialogs() -> int:
    """Close whatever modal dialog or popup menu is open; how many were closed."""
    closed = 0
    for getter in (QApplication.activePopupWidget, QApplication.activeModalWidget):
        widget = getter()
        while widget is not None:
            widget.close()
            closed += 1
            QApplication.processEvents()
            if getter() is widget:
                break
            widget = getter()
    return closed


def _menu_actions(window: MainWindow) -> list:
    """Every leaf action reachable from the window's menus, minus the skipped ones."""
    found, menus = [], [a.menu() for a in window.menuBar().actions() if a.menu()]
    while menus:
        for action in menus.pop().actions():
            if action.menu() is not None:
                menus.append(action.menu())
            elif not action.isSeparator() and not any(
                s in action.text() or s in action.toolTip() for s in SKIPPED_ACTION_TEXT
            ):
                found.append(action)
    return found


def _visible_widgets(window: MainWindow) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget) if w.isVisible() and w.width() > 2]


def _click(qtbot, rng: random.Random, window: MainWindow) -> str:
    widget = rng.choice(_visible_widgets(window))
    pos = QPoint(rng.randrange(widget.width()), rng.randrange(max(1, widget.height())))
    roll = rng.random()
    if roll < 0.8:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    elif roll < 0.9:
        qtbot.mouseClick(widget, Qt.MouseButton.RightButton, pos=pos)
    else:
        qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    label = getattr(widget, "text", lambda: "")()
    return f"{type(widget).__name__} {label!r}" if isinstance(label, str) else type(widget).__name__


def _wheel(rng: random.Random, window: MainWindow) -> None:
    view = window.graph_view.viewport()
    pos = QPointF(rng.randrange(view.width()), rng.randrange(view.height()))
    modifiers = rng.choice([M.NoModifier, M.ControlModifier])
    delta = rng.choice([-240, -120, 120, 240])
    event = QWheelEvent(pos, view.mapToGlobal(pos), QPoint(), QPoint(0, delta),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(view, event)


@pytest.fixture
def window(qtbot):
    """The main window on the lecture MLP's loss (about 700 nodes), shown offscreen."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.remember = False
    assert w.load_example("lecture-mlp")
    w.resize(1280, 800)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    yield w
    w.player.stop()


def run_monkey(qtbot, window: MainWindow, actions: int, seed: int) -> dict[str, int]:
    """Send ``actions`` random inputs to the window; counts per kind."""
    rng = random.Random(seed)
    watchdog = QTimer()
    watchdog.timeout.connect(_close_popups_and_dialogs)
    watchdog.start(30)  # also runs inside a modal dialog's own event loop
    menu_actions = _menu_actions(window)
    counts = dict.fromkeys(("key", "click", "wheel", "menu", "closed"), 0)
    slowest = (0.0, "")
    try:
        for _ in range(actions):
            if not window.isVisible():
                window.show()
            if QApplication.activeWindow() is not window:
                window.activateWindow()  # as a user clicks back into it after a dialog
            t0 = time.perf_counter()
            what = _one_action(qtbot, rng, window, menu_actions)
            counts[what.split(" ")[0]] += 1
            QApplication.processEvents()
            counts["closed"] += _close_popups_and_dialogs()
            slowest = max(slowest, (time.perf_counter() - t0, what))
    finally:
        watchdog.stop()
    print(f"monkey: slowest action {slowest[0]:.2f} s: {slowest[1]}")
    return counts


def _one_action(qtbot, rng: random.Random, window: MainWindow, menu_actions: list) -> str:
    """One random input; returns its kind and what it was."""
    roll = rng.random()
    if roll < 0.55:
        key, modifier = rng.choice(KEYS)
        # Half to whatever has focus (a text field may have taken it), half to the canvas.
        target = QApplication.focusWidget() if rng.random() < 0.5 else window.graph_view
        qtbot.keyClick(target or window, key, modifier)
        return f"key {key.name} {modifier.name}"
    if roll < 0.88:
        return f"click {_click(qtbot, rng, window)}"
    if roll < 0.94:
        _wheel(rng, window)
        return "wheel"
    action = rng.choice(menu_actions)
    action.trigger()
    return f"menu {action.text()!r}"


def test_random_keys_clicks_and_menu_actions_raise_nothing(qtbot, window):
    moves = []
    window.session.sig_moved.connect(lambda _changed: moves.append(1))
    counts = run_monkey(qtbot, window, ACTIONS, SEED)
    print(f"monkey: {ACTIONS} actions {counts}, {len(moves)} timeline moves")
    assert counts["key"] > ACTIONS // 3 and counts["click"] > ACTIONS // 5
    assert len(moves) > ACTIONS // 20  # the keys really drive the stepper
    timeline = window.session.timeline
    assert timeline is not None
    assert 0 <= timeline.position <= len(timeline)
    window.session.reset()
    window.session.step()
    assert window.session.timeline.position == 1


def test_monkey_reaches_a_slot_that_raises(qtbot, window):
    moves = []

    def fragile(_changed: object) -> None:
        moves.append(1)
        if len(moves) % 10 == 0:
            raise RuntimeError("planted bug")

    window.session.sig_moved.connect(fragile)
    with qtbot.captureExceptions() as exceptions:
        run_monkey(qtbot, window, 300, seed=8)
    assert any("planted bug" in str(e[1]) for e in exceptions)
