"""An animated GIF written frame by frame, so an export holds one frame in memory, not all.

Pillow encodes (its documented GIF helpers ``getheader`` / ``getdata``); Qt's image writers
here have no GIF encoder. Each frame after the first stores only the box that changed since
the previous one, drawn over it, with its own 256-colour palette.
"""

from __future__ import annotations

import os
from contextlib import suppress

from PIL import GifImagePlugin, Image, ImageChops
from PySide6.QtGui import QImage


class GifError(Exception):
    """The GIF could not be written; the message says which file and why."""


def pil_rgb(image: QImage) -> Image.Image:
    """A Qt image as a Pillow RGB image (a copy)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    size = (rgb.width(), rgb.height())
    pixels = bytes(rgb.constBits())
    return Image.frombuffer("RGB", size, pixels, "raw", "RGB", rgb.bytesPerLine(), 1)


def _palette_image(rgb: Image.Image) -> Image.Image:
    # No dithering: flat theme colours stay flat and text stays crisp.
    return rgb.quantize(colors=256, dither=Image.Dither.NONE)


class GifStream:
    """A looping animated GIF at ``path``, one ``add`` per frame, ``close`` to finish it."""

    def __init__(self, path: str, frame_ms: int) -> None:
        self.path = path
        self.frame_ms = frame_ms
        self.frames = 0
        self._previous: Image.Image | None = None
        try:
            self._file = open(path, "wb")  # noqa: SIM115  (closed by close() or discard())
        except OSError as exc:
            raise GifError(f"cannot write {path!r}: {exc.strerror or exc}") from exc

    def add(self, image: QImage) -> None:
        """Append ``image`` (every frame the size of the first) as the next frame."""
        rgb = pil_rgb(image)
        if self._previous is None:
            box = (0, 0, *rgb.size)
            header, _ = GifImagePlugin.getheader(_palette_image(rgb), info={"loop": 0})
            self._write(b"".join(header))
        else:
            # an unchanged frame still takes its place: one pixel, so the count stays true
            box = ImageChops.difference(self._previous, rgb).getbbox() or (0, 0, 1, 1)
        part = _palette_image(rgb.crop(box))
        chunks = GifImagePlugin.getdata(
            part, offset=box[:2], duration=self.frame_ms, disposal=1, include_color_table=True
        )
        self._write(b"".join(chunks))
        self._previous = rgb
        self.frames += 1

    def close(self) -> None:
        """Finish the file (the GIF trailer)."""
        self._write(b";")
        self._file.close()

    def discard(self) -> None:
        """Close and delete the unfinished file (a cancelled or failed export)."""
        self._file.close()
        with suppress(FileNotFoundError):
            os.remove(self.path)

    def _write(self, data: bytes) -> None:
        try:
            self._file.write(data)
        except OSError as exc:
            self.discard()
            raise GifError(f"cannot write {self.path!r}: {exc.strerror or exc}") from exc
