"""Window themes (light, dark, high contrast) and the font scale, applied app-wide."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from engine.autograd.frozen_record import FrozenRecord

BASE_POINT_SIZE = 10.0
MIN_SCALE = 0.6
MAX_SCALE = 4.0
PRESENTATION_SCALE = 1.8
STYLE = "Fusion"  # the native styles ignore parts of the palette
#: An application property: set once the application has STYLE, so it is set only once.
_STYLED = "gradstepStyled"


class Theme(FrozenRecord):
    """The colours of one theme: window chrome, code highlighting and phase colours."""

    name: str
    title: str
    window: str
    base: str
    text: str
    muted: str
    button: str
    highlight: str
    highlight_text: str
    code_line: str
    numbers: str
    error: str
    forward: str
    topo: str
    backward: str
    update: str

    def phase_color(self, phase: str) -> QColor:
        """The colour of a timeline phase (forward, topo, backward, update)."""
        return QColor(getattr(self, phase, self.muted))


THEMES: dict[str, Theme] = {
    t.name: t
    for t in (
        Theme(
            "light",
            "Light",
            window="#f3f3f3",
            base="#ffffff",
            text="#1a1a1a",
            muted="#6b6b6b",
            button="#e6e6e6",
            highlight="#2f6fdb",
            highlight_text="#ffffff",
            code_line="#fff0a8",
            numbers="#7a1fa2",
            error="#b00020",
            forward="#4a90d9",
            topo="#8e6bbf",
            backward="#e0663a",
            update="#3ea76a",
        ),
        Theme(
            "dark",
            "Dark",
            window="#23252a",
            base="#1b1d21",
            text="#e6e6e6",
            muted="#9a9ea6",
            button="#33363d",
            highlight="#4f8ff7",
            highlight_text="#ffffff",
            code_line="#4a4020",
            numbers="#e3a6ff",
            error="#ff6b6b",
            forward="#5aa0ea",
            topo="#a98bd6",
            backward="#f07a4c",
            update="#52c07f",
        ),
        Theme(
            "high-contrast",
            "High contrast",
            window="#000000",
            base="#000000",
            text="#ffffff",
            muted="#d0d0d0",
            button="#1a1a1a",
            highlight="#ffd400",
            highlight_text="#000000",
            code_line="#00326e",
            numbers="#ffd400",
            error="#ff4040",
            forward="#00b7ff",
            topo="#d59bff",
            backward="#ff8c00",
            update="#30e070",
        ),
    )
}

DEFAULT_THEME = "light"
_current: list[Theme] = [THEMES[DEFAULT_THEME]]


def current_theme() -> Theme:
    """The theme last applied with ``apply_theme`` (views read their extra colours here)."""
    return _current[0]


def get_theme(name: str) -> Theme:
    """The theme called ``name``; a KeyError listing the known names otherwise."""
    try:
        return THEMES[name]
    except KeyError:
        known = ", ".join(THEMES)
        raise KeyError(f"unknown theme {name!r}; known themes: {known}") from None


def clamp_scale(scale: float) -> float:
    """A font scale kept within what stays usable."""
    return max(MIN_SCALE, min(MAX_SCALE, scale))


def qt_palette_for(theme: Theme) -> QPalette:
    """A QPalette with the theme's colours, so every standard widget follows it."""
    pal = QPalette()
    role = QPalette.ColorRole
    colors = {
        role.Window: theme.window,
        role.WindowText: theme.text,
        role.Base: theme.base,
        role.AlternateBase: theme.window,
        role.Text: theme.text,
        role.Button: theme.button,
        role.ButtonText: theme.text,
        role.Highlight: theme.highlight,
        role.HighlightedText: theme.highlight_text,
        role.ToolTipBase: theme.base,
        role.ToolTipText: theme.text,
        role.PlaceholderText: theme.muted,
        role.Link: theme.highlight,
        role.BrightText: theme.error,
    }
    for r, c in colors.items():
        pal.setColor(r, QColor(c))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(disabled, r, QColor(theme.muted))
    return pal


def styled_application(argv0: str) -> QApplication:
    """A new QApplication made with STYLE (``-style``), marked so ``apply_theme`` keeps it.

    ``setStyle`` returns the new QStyle, and PySide6 builds QStyle's Python type (every enum
    of it) to wrap it: ~10 ms of a launch's first frame, which otherwise needs no QStyle.
    """
    app = QApplication([argv0, "-style", STYLE])
    app.setProperty(_STYLED, True)
    return app


def apply_theme(app: QApplication, theme: Theme, scale: float) -> None:
    """Apply a theme's palette and the scaled base font to the whole application."""
    _current[0] = theme
    if not app.property(_STYLED):  # once: a theme change keeps the style
        app.setStyle(STYLE)
        app.setProperty(_STYLED, True)
    app.setPalette(qt_palette_for(theme))
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * clamp_scale(scale))
    app.setFont(font)


def remeasure_combo_boxes(root: QWidget) -> None:
    """Make every combo box under ``root`` measure its minimum width in the current font.

    QComboBox forgets its cached minimum size only on a style change, not a font change:
    after presentation mode a box (and the window holding it) would keep its larger width.
    """
    for box in root.findChildren(QComboBox):
        QApplication.sendEvent(box, QEvent(QEvent.Type.StyleChange))
        box.updateGeometry()
