"""Presentation mode, themes, font scale and remembered settings (in a temporary ini file)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.app.main_window import MainWindow
from gui.canvas.view_figures import view_figures
from gui.look.settings import Settings
from gui.look.theme import PRESENTATION_SCALE, current_theme

K = Qt.Key


@pytest.fixture
def settings(tmp_path):
    return Settings(str(tmp_path / "settings.ini"))


@pytest.fixture
def window(qtbot, settings):
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.load_example("neuron")
    w.resize(1200, 800)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    w.graph_view.setFocus()
    yield w
    w.set_theme("light")
    w.normal_size()


def test_settings_live_in_the_given_file_not_the_users(settings, tmp_path):
    assert settings.location == str(tmp_path / "settings.ini")


@pytest.mark.parametrize("key", [K.Key_F5, K.Key_F11])
def test_presentation_key_hides_side_panels_and_enlarges_text(qtbot, window, key):
    base = QApplication.font().pointSizeF()
    qtbot.keyClick(window.graph_view, key)
    assert window.presenting
    assert window.isFullScreen()
    assert not window.inspector.isVisible() and not window.step_bar.isVisible()
    assert not window.code_panel.source.isVisible()
    assert window.code_panel.numbers.isVisible()
    assert current_theme().name == "high-contrast"
    assert QApplication.font().pointSizeF() == pytest.approx(base * PRESENTATION_SCALE)
    qtbot.keyClick(window.graph_view, key)
    assert not window.presenting and not window.isFullScreen()
    assert window.inspector.isVisible() and window.code_panel.source.isVisible()
    assert current_theme().name == "light"


def test_stepping_keys_work_in_presentation_mode(qtbot, window):
    qtbot.keyClick(window.graph_view, K.Key_F5)
    qtbot.keyClick(window.graph_view, K.Key_PageDown)
    qtbot.keyClick(window.graph_view, K.Key_PageDown)
    assert window.session.timeline.position == 2
    assert window.code_panel.numbers_text() == "x2 = Value(0.0)"
    qtbot.keyClick(window.graph_view, K.Key_PageUp)
    assert window.session.timeline.position == 1
    qtbot.keyClick(window.graph_view, K.Key_Escape)
    assert not window.presenting


def test_theme_menu_switches_the_palette(window):
    (dark,) = [a for a in window.theme_group.actions() if a.data() == "dark"]
    dark.trigger()
    assert current_theme().name == "dark"
    assert QApplication.palette().window().color().name() == current_theme().window


def test_theme_font_scale_and_geometry_are_remembered(qtbot, settings):
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.set_theme("dark")
    first.bigger()
    first.resize(700, 500)  # within the offscreen screen (800x600)
    first.close()
    reread = Settings(settings.location)
    assert reread.theme == "dark"
    assert reread.font_scale == pytest.approx(first.font_scale) and reread.font_scale > 1
    second = MainWindow(settings=reread)
    qtbot.addWidget(second)
    assert second.theme_name == "dark" and second.font_scale == pytest.approx(first.font_scale)
    assert (second.width(), second.height()) == (700, 500)
    second.remember = False
    second.set_theme("light")
    second.normal_size()


def test_a_scripted_window_does_not_write_settings(qtbot, settings):
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.remember = False
    w.set_theme("dark")
    w.close()
    assert Settings(settings.location).theme == "light"
    w.set_theme("light")


def test_entering_presentation_frames_the_graph_at_its_new_size(qtbot, window):
    qtbot.keyClick(window.graph_view, K.Key_F5)
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    qtbot.wait(20)  # the framing runs once the layout has settled
    figures = view_figures(window.graph_view)["view"]
    assert figures["size"] == [
        window.graph_view.viewport().width(),
        window.graph_view.viewport().height(),
    ]
    assert len(figures["visible"]) == len(window.session.timeline.graph)
    qtbot.keyClick(window.graph_view, K.Key_F5)


def test_a_big_graph_is_projected_larger_and_a_small_one_fills_the_slide(qtbot, window):
    from gui.canvas.framing import HALL_MIN_TEXT_PX, MIN_READABLE, READABLE

    view = window.graph_view
    window.set_presentation(True, fullscreen=False)
    view.frame()
    assert view.fitted and view.current_scale() > READABLE  # the neuron, whole and large
    window.load_example("lecture-mlp")
    window.session.seek(1500)
    view.frame()
    # reads in a hall: larger than on a laptop, smaller only to show the event's writes
    assert view.current_scale() <= READABLE * PRESENTATION_SCALE + 1e-9
    assert view.text_px() >= HALL_MIN_TEXT_PX
    figures = view_figures(view)
    assert figures["event_node"] in figures["view"]["visible"]
    window.set_presentation(False)
    view.frame()
    assert MIN_READABLE - 1e-9 <= view.current_scale() <= READABLE + 1e-9
