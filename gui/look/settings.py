"""Remembered preferences (theme, font scale, window geometry, program timeout) in QSettings."""

from __future__ import annotations

import math
import os

from PySide6.QtCore import QByteArray, QSettings

from gui.look.theme import DEFAULT_THEME, THEMES, clamp_scale

DEFAULT_PROGRAM_TIMEOUT = 30.0
"""Seconds a user's program may run in the worker before it is stopped (as the CLI's)."""
SETTINGS_ENV = "GRADSTEP_SETTINGS"
"""An ini file to use instead of the user's settings (tests and scripts set it)."""


class Settings:
    """Typed access to gradstep's QSettings: the user's, or an ini file given by path."""

    def __init__(self, path: str | None = None) -> None:
        path = path or os.environ.get(SETTINGS_ENV)
        if path:
            self._qs = QSettings(path, QSettings.Format.IniFormat)
        else:
            self._qs = QSettings("gradstep", "gradstep")

    @property
    def location(self) -> str:
        """The file the settings are stored in."""
        return self._qs.fileName()

    @property
    def theme(self) -> str:
        """The remembered theme name (the default if unset or unknown)."""
        name = str(self._qs.value("theme", DEFAULT_THEME))
        return name if name in THEMES else DEFAULT_THEME

    @theme.setter
    def theme(self, name: str) -> None:
        self._qs.setValue("theme", name)

    @property
    def font_scale(self) -> float:
        """The remembered font scale (1.0 if unset or unreadable)."""
        try:
            return clamp_scale(float(self._qs.value("font_scale", 1.0)))
        except (TypeError, ValueError):
            return 1.0

    @font_scale.setter
    def font_scale(self, scale: float) -> None:
        self._qs.setValue("font_scale", clamp_scale(scale))

    @property
    def program_timeout(self) -> float:
        """Seconds a script or notebook may run before it is stopped (30 if unset or unreadable)."""
        try:
            seconds = float(self._qs.value("program/timeout", DEFAULT_PROGRAM_TIMEOUT))
        except (TypeError, ValueError):
            return DEFAULT_PROGRAM_TIMEOUT
        return seconds if seconds > 0 and math.isfinite(seconds) else DEFAULT_PROGRAM_TIMEOUT

    @program_timeout.setter
    def program_timeout(self, seconds: float) -> None:
        self._qs.setValue("program/timeout", float(seconds))

    @property
    def geometry(self) -> QByteArray | None:
        """The saved window geometry, or None."""
        value = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, data: QByteArray) -> None:
        self._qs.setValue("window/geometry", data)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._qs.sync()
