"""apply_theme: the palette and font of a theme, on the Fusion style set once."""

import copy
import dataclasses

import pytest
from PySide6.QtWidgets import QApplication

from gui.look.theme import STYLE, THEMES, apply_theme, current_theme


def test_a_theme_change_keeps_the_applications_fusion_style(qapp):
    apply_theme(qapp, THEMES["dark"], 1.0)
    style = QApplication.style()
    assert style.name().lower() == STYLE.lower()
    style.setProperty("seen", True)  # the same style object, not another Fusion made anew
    apply_theme(qapp, THEMES["light"], 1.0)
    assert QApplication.style().property("seen") is True
    assert current_theme() is THEMES["light"]
    assert QApplication.palette().color(QApplication.palette().ColorRole.Base).name() == "#ffffff"


def test_a_theme_is_a_frozen_value_shown_as_its_dataclass_was():
    theme = THEMES["dark"]
    assert not dataclasses.is_dataclass(theme)  # no methods compiled at every launch's import
    assert copy.copy(theme) == theme and hash(copy.copy(theme)) == hash(theme)
    assert theme != THEMES["light"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        theme.text = "#000000"
    assert repr(theme).startswith("Theme(name='dark', title='Dark', window='#23252a', ")
    assert theme.phase_color("backward").name() == "#f07a4c"
    assert theme.phase_color("other").name() == theme.muted
