"""Writing a picture as a PNG file, with the system's reason when the file cannot be written."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage, QPixmap


def write_png(picture: QImage | QPixmap, path: str) -> str | None:
    """Write ``picture`` to ``path`` as PNG: None, or why it could not be written.

    The PNG is encoded in memory first, so a failed write is Python's, with its reason
    ("No space left on device"), not libpng's noise on stderr.
    """
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not picture.save(buffer, "PNG"):
        return f"cannot encode a PNG for {path!r}"
    try:
        with open(path, "wb") as f:
            f.write(buffer.data().data())
    except OSError as exc:
        return f"cannot write {path!r}: {exc.strerror or exc}"
    return None
