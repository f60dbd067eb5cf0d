"""The application icon: found in the checkout, a PyInstaller bundle or a pip install."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from engine.sources.resources import resource_dirs

ICON_NAME = "gradstep"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def icon_dirs() -> list[Path]:
    """Folders that may hold the icon files, most specific first."""
    return resource_dirs("icons")


def icon_dir() -> Path | None:
    """The first folder that holds the icon's SVG, or None."""
    for folder in icon_dirs():
        if (folder / f"{ICON_NAME}.svg").is_file():
            return folder
    return None


def app_icon() -> QIcon:
    """The gradstep icon with every PNG size added (empty QIcon if the files are missing)."""
    icon = QIcon()
    folder = icon_dir()
    if folder is None:
        logging.getLogger("gradstep").warning("app icon not found in %s", icon_dirs())
        return icon
    for size in ICON_SIZES:
        png = folder / f"{ICON_NAME}-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    icon.addFile(str(folder / f"{ICON_NAME}.svg"))
    return icon


def name_desktop_entry(app: QApplication) -> None:
    """Let Wayland/X11 task bars match the windows to resources/gradstep.desktop.

    Before a window shows: Wayland takes the name when the window is made.
    """
    app.setDesktopFileName(ICON_NAME)


def install_app_icon(app: QApplication) -> QIcon:
    """Set the icon on the application (every window and the task bar use it)."""
    icon = app_icon()
    app.setWindowIcon(icon)
    name_desktop_entry(app)
    return icon
