"""The file dialogs gradstep asks for a path with, their type built on first use.

PySide6 builds QFileDialog (with every enum of it and its bases) at its first import:
~1.9 ms of every launch when imported at module level, and the window's first frame
never shows a file dialog. Every caller asks here, so the import is written once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def open_path(parent: QWidget, title: str, filters: str) -> str:
    """The file the user picked to open ('' if they cancelled)."""
    from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 (built on first use)

    return QFileDialog.getOpenFileName(parent, title, "", filters)[0]


def save_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    """The file the user named to save to, ``suggested`` offered ('' if they cancelled)."""
    from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 (built on first use)

    return QFileDialog.getSaveFileName(parent, title, suggested, filters)[0]
