"""Render resources/icons/gradstep.svg to the PNG sizes desktops ask for.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python resources/render_icons.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent / "icons"
SVG_PATH = ICON_DIR / "gradstep.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    """Where the PNG of the given pixel size lives."""
    return ICON_DIR / f"gradstep-{size}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon drawn into a transparent square image of ``size`` pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    """Render every size; return a non-zero exit code if the SVG is invalid."""
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(SVG_PATH))
    if not renderer.isValid():
        print(f"invalid SVG: {SVG_PATH}", file=sys.stderr)
        return 1
    for size in SIZES:
        path = png_path(size)
        if not render(renderer, size).save(str(path)):
            print(f"could not write {path}", file=sys.stderr)
            return 1
        print(f"wrote {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
