"""Render the steps between two positions as numbered PNG frames and an animated GIF.

Each frame is the window as ``--screenshot`` renders it at that position. Qt writes the
PNGs; the GIF is written as the frames come (gui.app.gif_stream), so memory stays flat.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gui.app.cli.step_range import frame_name
from gui.look import png_file

#: How long each step stays on screen in the GIF: long enough to read one code line.
GIF_FRAME_MS = 1000


class StepExportError(Exception):
    """A frame or the GIF could not be written; the message says which file and why."""


#: Called after each frame with (frames done, frames in all); False cancels the export.
Progress = Callable[[int, int], bool]


def render_frame(window: object, position: int) -> QImage:
    """The window at ``position`` as ``--screenshot`` renders it (framed, events handled)."""
    window.session.seek(position)
    QApplication.processEvents()
    window.graph_view.frame()
    QApplication.processEvents()
    return window.grab().toImage()


def export_steps(
    window: object,
    positions: Sequence[int],
    folder: str | None,
    gif_path: str,
    progress: Progress | None = None,
) -> bool:
    """Render ``positions`` in ``window``: PNGs into ``folder`` (if any) and the GIF.

    False if ``progress`` cancelled it (the frames written so far stay, the unfinished GIF
    is deleted); the window is left at the last rendered position. StepExportError if a
    file cannot be written.
    """
    # imported on first use (Pillow): the first frame of the window does not need it
    from gui.app.gif_stream import GifError, GifStream  # noqa: PLC0415

    if folder is not None:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise StepExportError(f"cannot make folder {folder!r}: {exc.strerror or exc}") from exc
    try:
        gif = GifStream(gif_path, GIF_FRAME_MS)
    except GifError as exc:
        raise StepExportError(str(exc)) from exc
    try:
        for index, position in enumerate(positions):
            image = render_frame(window, position)
            if folder is not None:
                write_png(image, os.path.join(folder, frame_name(index)))
            gif.add(image)
            if progress is not None and not progress(index + 1, len(positions)):
                gif.discard()
                return False
    except GifError as exc:
        raise StepExportError(str(exc)) from exc
    except BaseException:
        gif.discard()  # no half-written GIF left behind
        raise
    gif.close()
    return True


def write_png(image: QImage, path: str) -> None:
    """Write ``image`` as PNG; StepExportError with the system's reason if it cannot be."""
    why = png_file.write_png(image, path)
    if why is not None:
        raise StepExportError(why)
