"""Presentation and theme changes restyle everything at once; docks and window width behave."""

from collections import Counter

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDockWidget

from gui.app.main_window import MainWindow
from gui.look.settings import Settings
from gui.look.theme import get_theme

PROJECTOR_WIDTH = 1024


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(settings=Settings(str(tmp_path / "settings.ini")))  # normal text size
    w.remember = False
    qtbot.addWidget(w)
    w.load_example("neuron")
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.set_presentation(False)
    w.set_theme("light")


def _settle(qtbot):
    qtbot.wait(20)  # deferred restyling (combo boxes) and layout activation


def _colours(widget):
    image = widget.grab().toImage()
    return Counter(
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )


def test_the_current_phase_button_takes_the_new_theme_and_size_at_once(qtbot, window):
    window.session.seek(35)  # backward: its button is marked
    button = window.step_bar.phase_buttons["backward"]
    for enter in (True, False):
        window.set_presentation(enter, fullscreen=False)
        _settle(qtbot)
        text = button.palette().color(QPalette.ColorRole.ButtonText).name()
        assert text == QApplication.palette().color(QPalette.ColorRole.ButtonText).name()
        assert button.font().pointSizeF() == QApplication.font().pointSizeF()
    window.set_theme("dark")
    _settle(qtbot)
    assert button.palette().color(QPalette.ColorRole.Button).name() == get_theme("dark").button


def test_inspector_links_take_the_new_theme_without_a_step(qtbot, window):
    window.session.seek(35)
    links = window.inspector.rows
    assert "<a href" in window.inspector.parents_row.text()
    for theme in ("dark", "light"):
        window.set_theme(theme)
        _settle(qtbot)
        assert get_theme(theme).highlight in _colours(links)


def test_the_loss_plot_follows_the_theme(qtbot, window):
    window.training_dock.show()
    plot = window.training_dock.widget().loss_plot
    for theme in ("light", "dark", "high-contrast"):
        window.set_theme(theme)
        _settle(qtbot)
        background, _ = _colours(plot).most_common(1)[0]
        assert background == get_theme(theme).base


def test_presentation_hides_every_dock_and_brings_them_back(qtbot, window):
    window.training_dock.show()
    window.documents.dock.toggle_action.trigger()  # the expression editor dock
    shown = {d for d in window.findChildren(QDockWidget) if d.isVisible()}
    assert len(shown) == 2
    window.set_presentation(True, fullscreen=False)
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    window.set_presentation(False)
    assert {d for d in window.findChildren(QDockWidget) if d.isVisible()} == shown


def _fits_projector(qtbot, window):
    # the layouts settle over a few event-loop turns (deferred re-measuring of combo boxes)
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() <= PROJECTOR_WIDTH, timeout=3000)


def test_the_window_fits_a_projector_before_during_and_after_presentation(qtbot, window):
    window.training_dock.show()
    _fits_projector(qtbot, window)
    window.set_presentation(True, fullscreen=False)
    _fits_projector(qtbot, window)
    window.set_presentation(False)
    _fits_projector(qtbot, window)
    assert window.step_bar.speed.minimumSizeHint().width() < 160  # not its presentation size
    assert window.graph_view.message.font().pointSizeF() == QApplication.font().pointSizeF()
