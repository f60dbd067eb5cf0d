"""GifStream: frames written one by one read back as the same pictures, in order."""

import pytest
from PIL import Image
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter

from gui.app.gif_stream import GifError, GifStream


def picture(boxes):
    """A 64x40 dark image with the given (x, y, w, h, colour) boxes painted on it."""
    image = QImage(64, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#000000"))
    painter = QPainter(image)
    for x, y, w, h, colour in boxes:
        painter.fillRect(QRect(x, y, w, h), QColor(colour))
    painter.end()
    return image


def as_rgb_bytes(image):
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    return b"".join(bytes(rgb.constScanLine(y))[: rgb.width() * 3] for y in range(rgb.height()))


def test_frames_read_back_exactly_including_an_unchanged_one(tmp_path):
    pictures = [
        picture([(2, 2, 10, 10, "#ffd700")]),
        picture([(2, 2, 10, 10, "#ffd700"), (30, 20, 8, 6, "#00e5ff")]),
        picture([(2, 2, 10, 10, "#ffd700"), (30, 20, 8, 6, "#00e5ff")]),  # the same again
        picture([(40, 5, 20, 30, "#ffffff")]),  # the first box gone, a new one
    ]
    path = tmp_path / "s.gif"
    gif = GifStream(str(path), 500)
    for image in pictures:
        gif.add(image)
    gif.close()
    with Image.open(path) as read:
        assert read.n_frames == len(pictures) and read.size == (64, 40)
        assert read.info["loop"] == 0 and read.info["duration"] == 500
        for index, image in enumerate(pictures):
            read.seek(index)
            assert read.convert("RGB").tobytes() == as_rgb_bytes(image), f"frame {index}"


def test_a_discarded_stream_leaves_no_file(tmp_path):
    path = tmp_path / "s.gif"
    gif = GifStream(str(path), 500)
    gif.add(picture([]))
    gif.discard()
    assert not path.exists()


def test_a_path_that_cannot_be_written_says_why(tmp_path):
    with pytest.raises(GifError, match=r"cannot write .*No such file or directory"):
        GifStream(str(tmp_path / "missing" / "s.gif"), 500)
