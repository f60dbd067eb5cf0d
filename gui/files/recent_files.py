"""The recent-files list (scripts and sessions), kept in QSettings, and its menu."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QMenu

from gui.look.settings import SETTINGS_ENV

RECENT_KEY = "recent/files"
RECENT_LIMIT = 10


def open_settings(settings_path: str | None = None) -> QSettings:
    """The settings store: the ini at ``settings_path`` or $GRADSTEP_SETTINGS, else the user's."""
    path = settings_path or os.environ.get(SETTINGS_ENV)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("gradstep", "gradstep")


class RecentFiles(QObject):
    """Most recently opened files first, at most ``limit``, remembered across runs.

    Writing the list syncs the settings file: two fdatasync calls, 7-17 ms of the GUI thread
    waiting on the disk with other processes busy. ``add_soon`` (a recording's open) lists a
    path at once and writes it at the event loop's next turn, out of the open's own call.
    """

    sig_changed = Signal()
    """The list changed (a file was added, removed or the list cleared)."""

    def __init__(
        self,
        settings_path: str | None = None,
        limit: int = RECENT_LIMIT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._qs = open_settings(settings_path)
        self.limit = limit
        self._unwritten: list[str] | None = None  # listed already, written at the next turn
        self._writer = QTimer(self)
        self._writer.setSingleShot(True)
        self._writer.setInterval(0)  # a timer, not a posted call: after the input kept waiting
        self._writer.timeout.connect(self.write)

    def paths(self) -> list[str]:
        """The remembered paths, newest first (unreadable settings give an empty list)."""
        if self._unwritten is not None:
            return list(self._unwritten)
        # Stored as one JSON string: QSettings turns a one-item list into a bare string.
        try:
            paths = json.loads(str(self._qs.value(RECENT_KEY, "[]")))
        except ValueError:
            return []
        if not isinstance(paths, list):
            return []
        return [p for p in paths if isinstance(p, str)][: self.limit]

    def add(self, path: str) -> None:
        """Put ``path`` first (moving it up if already there)."""
        path = os.path.abspath(path)
        self._store([path, *(p for p in self.paths() if p != path)])

    def add_soon(self, path: str) -> None:
        """Put ``path`` first now; write the list at the event loop's next turn (or at quit)."""
        path = os.path.abspath(path)
        if self._unwritten is None:
            QCoreApplication.instance().aboutToQuit.connect(self.write)
        self._unwritten = [path, *(p for p in self.paths() if p != path)][: self.limit]
        self._writer.start()
        self.sig_changed.emit()

    def write(self) -> None:
        """Write a list ``add_soon`` left unwritten (none: nothing to do)."""
        if self._unwritten is not None:
            self._store(self._unwritten)

    def remove(self, path: str) -> None:
        """Forget ``path`` (e.g. it no longer exists)."""
        self._store([p for p in self.paths() if p != os.path.abspath(path)])

    def clear(self) -> None:
        """Forget every path."""
        self._store([])

    def _store(self, paths: list[str]) -> None:
        if self._unwritten is not None:  # written now, with what add_soon listed first
            self._writer.stop()
            QCoreApplication.instance().aboutToQuit.disconnect(self.write)
            self._unwritten = None
        self._qs.setValue(RECENT_KEY, json.dumps(paths[: self.limit]))
        self._qs.sync()
        self.sig_changed.emit()

    def fill_menu(self, menu: QMenu, open_path: Callable[[str], object]) -> None:
        """Rebuild ``menu``: one numbered entry per file, then Clear; disabled when empty."""
        menu.clear()
        paths = self.paths()
        for i, path in enumerate(paths, start=1):
            label = f"&{i % 10}  {os.path.basename(path)}" if i <= 10 else os.path.basename(path)
            action = menu.addAction(label)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: open_path(p))
        if paths:
            menu.addSeparator()
            menu.addAction("Clear recent files", self.clear)
        menu.setEnabled(bool(paths))
