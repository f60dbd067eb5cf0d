"""The window themes' names, without Qt: the command line checks --theme before Qt starts."""

from __future__ import annotations

#: The names of gui.look.theme.THEMES, in its order (a test keeps the two the same).
THEME_NAMES = ("light", "dark", "high-contrast")
