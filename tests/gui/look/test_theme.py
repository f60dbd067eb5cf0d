"""apply_theme: the palette and font of a theme, on the Fusion style set once."""

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
