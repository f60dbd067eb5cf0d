"""Export the graph canvas (the current view or the whole graph) as PNG or SVG, light for slides."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from gui.canvas.graph_view import GraphView
from gui.look.palette import LIGHT

MAX_PNG_SIDE = 8000  # pixels; a whole big graph is scaled down to fit


@contextmanager
def _light(view: GraphView) -> Iterator[None]:
    """Paint with the light palette while exporting, then restore the view's own."""
    before = view.graph_palette
    view.set_palette(LIGHT)
    view.show_detail(True)  # exports always carry the text; the next paint restores the view
    # Cached items would be painted as bitmaps: an SVG of images, a blurry scaled PNG.
    cached = [i for i in view.scene().items() if i.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    modes = [i.cacheMode() for i in cached]
    for item in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        for item, mode in zip(cached, modes, strict=True):
            item.setCacheMode(mode)
        view.set_palette(before)


def _source(view: GraphView, whole: bool) -> QRectF:
    if whole:
        return view.scene().itemsBoundingRect().adjusted(-20, -20, 20, 20)
    return view.mapToScene(view.viewport().rect()).boundingRect()


def _render(view: GraphView, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(target, QColor(LIGHT.background))
    view.scene().render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def export_png(view: GraphView, path: str, *, whole: bool = True, scale: float = 2.0) -> bool:
    """Write the whole graph (or the visible part) as a PNG; False if it could not be saved."""
    source = _source(view, whole)
    if source.isEmpty():
        return False
    factor = min(scale, MAX_PNG_SIDE / max(source.width(), source.height()))
    size = QSize(max(1, int(source.width() * factor)), max(1, int(source.height() * factor)))
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor(LIGHT.background))
    with _light(view):
        painter = QPainter(image)
        _render(view, painter, QRectF(0, 0, size.width(), size.height()), source)
        painter.end()
    return image.save(path, "PNG")


def export_svg(view: GraphView, path: str, *, whole: bool = True, title: str = "gradstep") -> bool:
    """Write the whole graph (or the visible part) as an SVG; False if nothing is drawn."""
    source = _source(view, whole)
    if source.isEmpty():
        return False
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(QSize(int(source.width()), int(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(title)
    with _light(view):
        painter = QPainter(generator)
        _render(view, painter, QRectF(0, 0, source.width(), source.height()), source)
        painter.end()
    return True
