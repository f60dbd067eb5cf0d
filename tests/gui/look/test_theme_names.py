"""The Qt-free list of theme names the command line checks is the themes' own."""

from gui.look.theme import THEMES
from gui.look.theme_names import THEME_NAMES


def test_theme_names_known_without_qt_are_the_themes_in_order():
    assert tuple(THEMES) == THEME_NAMES
