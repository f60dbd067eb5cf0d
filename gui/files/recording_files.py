"""Recording files: open one into the window's RecordingSession, File > Save Recording…."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow

from engine.sources.program.recording import (
    RECORDING_SUFFIX,
    RecordingFormatError,
    is_recording_path,
    load_recording,
    save_recording,
)
from gui.files.recent_files import RecentFiles
from gui.models.recording_session import RecordingSession

SAVE_FILTER = f"gradstep recordings (*{RECORDING_SUFFIX})"


class RecordingFiles(QObject):
    """Opens and saves the recordings of ``recordings``; problems go to ``show_error``.

    Opening needs only the file: the user's code is not run, nor needed.
    """

    def __init__(
        self,
        window: QMainWindow,
        recordings: RecordingSession,
        show_error: Callable[[str], None],
        recent: RecentFiles,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.recordings = recordings
        self.show_error = show_error
        self.recent = recent
        self.save_action = QAction("Save &Recording…", window)
        self.save_action.setToolTip("Save the passes of the open recording, to step them later")
        self.save_action.triggered.connect(self._on_save)
        self.save_action.setEnabled(False)
        recordings.sig_opened.connect(self._on_opened)

    def open_recording(self, path: str) -> bool:
        """Open the recording file at ``path`` on its last pass; what was open stays if it fails."""
        path = os.path.abspath(path)
        name = os.path.basename(path)
        try:
            recording = load_recording(path)
        except RecordingFormatError as error:
            self.show_error(f"Cannot open {name}: {error}")
            return False
        title = recording.script or name.removesuffix(RECORDING_SUFFIX)
        if not self.recordings.load_recording(recording, path, title):
            return False
        self.recent.add(path)
        return True

    def save_to(self, path: str) -> bool:
        """Write the open recording to ``path``; False (with the reason shown) if it cannot be."""
        recording = self.recordings.recording
        if recording is None:
            self.show_error("Nothing to save: no recording is open.")
            return False
        try:
            save_recording(recording, path)
        except (OSError, ValueError) as error:
            self.show_error(f"Cannot save the recording to {path}: {error}")
            return False
        self.recent.add(path)
        return True

    def _on_opened(self) -> None:
        self.save_action.setEnabled(self.recordings.recording is not None)

    def _on_save(self) -> None:
        title = self.recordings.title.removesuffix(".py").removesuffix(".ipynb") or "recording"
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save Recording", f"{title}{RECORDING_SUFFIX}", SAVE_FILTER
        )
        self.window.activateWindow()
        if path:
            self.save_to(path if is_recording_path(path) else path + RECORDING_SUFFIX)
