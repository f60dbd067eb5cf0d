"""Recording files: open one into the window's RecordingSession, File > Save Recording….

A recording file is read on a thread of its own (a moons pass took 1.1-1.5 s on the GUI
thread): File > Open returns at once, and the pass appears once it is decoded, its opening
prepared on the same thread (PassOpening). Meanwhile the cyclic GC is held and the GIL is
handed back to the GUI thread sooner, as while a program runs (gui.models.run_session).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from engine.autograd.value import Value
from engine.sources.built import GraphSource
from engine.sources.file_kinds import RECORDING_SUFFIX, SESSION_SUFFIX, is_recording_path
from engine.trace.timeline import Timeline
from gui.files.file_dialogs import save_path
from gui.files.recent_files import RecentFiles
from gui.models.gc_hold import GC_HOLD
from gui.models.gil_share import GIL_SHARE
from gui.models.recording_session import RecordingSession

if TYPE_CHECKING:  # a recording's modules load when one is read, saved or kept
    from engine.sources.program.recording import Recording
    from engine.sources.session_file import SavedSession

SAVE_FILTER = f"gradstep recordings (*{RECORDING_SUFFIX})"
log = logging.getLogger("gradstep.recordings")


class RecordingFiles(QObject):
    """Opens and saves the recordings of ``recordings``; problems go to ``show_error``.

    Opening needs only the file: the user's code is not run, nor needed.
    """

    sig_reading = Signal()
    """A recording file started being read (on a thread)."""
    sig_done = Signal(bool)
    """A recording file's reading was handled: True if it opened."""
    _sig_read = Signal(str, object, str)
    """From the reading thread: (path, the Recording or None, why it could not be read)."""

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
        self._reading = ""
        recordings.sig_opened.connect(self._on_opened)
        self._sig_read.connect(self._on_read, Qt.ConnectionType.QueuedConnection)

    @property
    def reading(self) -> str:
        """The recording file being read now ("" when none)."""
        return self._reading

    def open_recording(self, path: str) -> bool:
        """Start reading the recording file at ``path``; it opens on its last pass once read.

        Returns at once (True: reading started); the outcome comes with ``sig_done``. What
        was open stays open if it cannot be read; a newer open replaces one being read.
        """
        path = os.path.abspath(path)
        self._reading = path
        GC_HOLD.hold()  # both released once the file is handled, in _on_read
        GIL_SHARE.share()
        thread = threading.Thread(
            target=self._read, args=(path,), daemon=True, name="gradstep-read"
        )
        thread.start()
        self.sig_reading.emit()
        return True

    def _read(self, path: str) -> None:
        """On the reading thread: decode the file and prepare its last pass's opening."""
        from engine.sources.program.recording import (  # noqa: PLC0415
            RecordingFormatError,
            load_recording,
        )

        try:
            recording = load_recording(path)
        except RecordingFormatError as error:
            self._sig_read.emit(path, None, str(error))
            return
        except Exception as error:  # said in the window, as any other unreadable file
            log.exception("reading %s failed", path)
            self._sig_read.emit(path, None, f"{type(error).__name__}: {error}")
            return
        opening = self.recordings.opening
        if opening is not None:
            try:
                opening.prepare(recording)
            except Exception:  # opening it on the GUI thread does it again, and shows why
                log.exception("preparing %s failed", path)
        self._sig_read.emit(path, recording, "")

    @Slot(str, object, str)  # reached from the reading thread: a registered slot
    def _on_read(self, path: str, recording: Recording | None, error: str) -> None:
        try:
            if path != self._reading:
                return  # replaced by a newer open
            self._reading = ""
            self.sig_done.emit(self._land(path, recording, error))
        finally:
            GC_HOLD.release(settle=True)  # the opened recording stays: out of the GC's way
            GIL_SHARE.release()

    def _land(self, path: str, recording: Recording | None, error: str) -> bool:
        name = os.path.basename(path)
        if recording is None:
            self.show_error(f"Cannot open {name}: {error}")
            return False
        title = recording.script or name.removesuffix(RECORDING_SUFFIX)
        if not self.recordings.load_recording(recording, path, title):
            return False
        self.recent.add_soon(path)  # its disk sync out of the open's call
        return True

    def open_kept(self, state: SavedSession, path: str) -> bool:
        """Open the recording a session file at ``path`` keeps, on the pass that was open.

        A script's session names its script as the base, so saving again keeps naming it.
        """
        if state.recording is None:
            return False
        title = os.path.basename(path).removesuffix(SESSION_SUFFIX)
        base = None
        if state.kind == "script":
            base = GraphSource("script", state.source, os.path.basename(state.source))
        if not self.recordings.load_recording(state.recording, path, title, base):
            return False
        return state.recording_pass in {0, self.recordings.current} or self.recordings.open_pass(
            state.recording_pass
        )

    def kept(self, timeline: Timeline | None) -> tuple[Recording | None, int]:
        """The recording a session saved now keeps, and its open pass ((None, 0): none).

        The open recording; or, for a script's graph of the user's own Value class (whose
        saved parameters cannot be put back if the script draws new random weights), the
        graph as it was recorded.
        """
        if self.recordings.showing:
            return self.recordings.recording, self.recordings.current
        source = self.recordings.session.source
        origin = None if source is None else source.rebuildable
        if timeline is None or origin is None or origin.kind != "script":
            return None, 0
        graph = timeline.trace.graph
        if isinstance(graph.nodes[graph.root], Value):
            return None, 0  # gradstep's own Values: the saved parameters are put back
        from engine.sources.program.frozen import frozen_recording  # noqa: PLC0415

        return frozen_recording(timeline.trace, os.path.basename(origin.ref)), 1

    def save_to(self, path: str) -> bool:
        """Write the open recording to ``path``; False (with the reason shown) if it cannot be."""
        recording = self.recordings.recording
        if recording is None:
            self.show_error("Nothing to save: no recording is open.")
            return False
        from engine.sources.program.recording import save_recording  # noqa: PLC0415

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
        path = save_path(self.window, "Save Recording", f"{title}{RECORDING_SUFFIX}", SAVE_FILTER)
        self.window.activateWindow()
        if path:
            self.save_to(path if is_recording_path(path) else path + RECORDING_SUFFIX)
