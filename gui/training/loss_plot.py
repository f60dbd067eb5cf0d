"""The loss per training step, drawn live, with accuracy or learning rate on a second axis."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, QTimer, Signal
from PySide6.QtWidgets import QGraphicsItem

from gui.look.theme import current_theme
from gui.models.training_session import TrainingSession

#: Repaint at most this often while training (a repaint costs milliseconds, a point microseconds).
REPAINT_MS = 100
AXIS_WIDTH = 56  # pixels: room for tick texts such as "0.0001" and the axis title
SECOND_AXES = ("none", "accuracy", "learning rate")
#: The x axis ends at the next of these times a power of ten: the steps fill 75% or more of
#: it, and it changes (re-rendering the axis) about ten times per tenfold of steps.
STEP_AXIS_ENDS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
#: A click picks the nearest point in 2-D among those this many pixels left or right of it.
CLICK_PIXELS = 4
LOSS_PEN = pg.mkPen("#4c9be8", width=1.5)
SECOND_PEN = pg.mkPen("#e8a33c", width=1.5)
MARK_PEN = pg.mkPen("#e04b4b", width=2)


class LossPlot(pg.PlotWidget):
    """A pyqtgraph plot of ``history.loss`` fed from a TrainingSession; click picks a step.

    Step ``k`` of the history is drawn at x = ``first + k`` under the axis title ``x_title``
    (a recording's passes count from 1).
    """

    sig_step_clicked = Signal(int)
    """The user clicked the plot: the step (history index) nearest to the click."""

    def __init__(
        self,
        training: TrainingSession,
        parent: object = None,
        first: int = 0,
        x_title: str = "step",
    ):
        # no context menus: building the two views' menus was a third of the plot's build
        super().__init__(parent, enableMenu=False)
        self.training = training
        self.first = first
        self.second = "none"
        self.log_scale = False
        self.nan_step: int | None = None
        self.drawn = 0  # how many points the curve shows
        self._top = 0.0  # the largest finite loss so far, rounded up: the top of the y range
        self._x_end = 0.0  # the last step so far, rounded up: the end of the x range
        self._dirty = False
        item = self.getPlotItem()
        item.setLabel("bottom", x_title)
        item.setLabel("left", "loss", color="#4c9be8")
        item.showGrid(x=False, y=True, alpha=0.2)
        self.curve = item.plot(pen=LOSS_PEN, connect="finite")
        _cheap_to_paint(self.curve)
        self.marker = pg.ScatterPlotItem(size=11, brush=pg.mkBrush("#4c9be8"), pen=pg.mkPen("w"))
        item.addItem(self.marker)
        self.nan_line = pg.InfiniteLine(angle=90, pen=MARK_PEN, movable=False)
        self.nan_label = pg.TextItem(color="#e04b4b", anchor=(0, 0))
        for extra in (self.nan_line, self.nan_label):
            extra.setVisible(False)
            item.addItem(extra, ignoreBounds=True)
        self._build_second_axis()
        self.follow_theme()
        self._repaint = QTimer(self)
        self._repaint.setInterval(REPAINT_MS)
        self._repaint.timeout.connect(self._on_repaint)
        self.scene().sigMouseClicked.connect(self._on_clicked)
        training.sig_reset.connect(self._on_reset)
        training.sig_progress.connect(self._on_progress)
        training.sig_restored.connect(self._on_restored)
        training.sig_state.connect(self._on_state)
        if training.history is not None:
            self._on_reset()

    def _build_second_axis(self) -> None:
        item = self.getPlotItem()
        self.second_view = pg.ViewBox(enableMenu=False)  # over the plot: a right click met it
        item.scene().addItem(self.second_view)
        item.getAxis("right").linkToView(self.second_view)
        self.second_view.setXLink(item)
        self.second_curve = pg.PlotDataItem(pen=SECOND_PEN, connect="finite")
        self.second_view.addItem(self.second_curve)
        _cheap_to_paint(self.second_curve)
        item.vb.sigResized.connect(self._on_view_resized)
        item.hideAxis("right")
        for side in ("left", "right"):  # "loss (x1e+27)" on a log axis reads as nonsense
            item.getAxis(side).enableAutoSIPrefix(False)
        for side in ("left", "right"):  # fixed: new tick texts must not re-lay out the plot
            item.getAxis(side).setWidth(AXIS_WIDTH)
        for side in ("left", "bottom", "right"):
            # replaying an axis' tick texts and grid costs ~3 ms per axis per repaint; a cached
            # pixmap is redrawn only when its range or size changes (measured: 23 ms -> 1 ms)
            item.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def follow_theme(self) -> None:
        """Paint in the window theme's colours (pyqtgraph's own default is black)."""
        theme = current_theme()
        self.setBackground(theme.base)
        for side in ("left", "bottom", "right"):
            axis = self.getPlotItem().getAxis(side)
            axis.setPen(pg.mkPen(theme.muted))
            axis.setTextPen(pg.mkPen(theme.text))

    def changeEvent(self, event: QEvent) -> None:
        """Follow a theme change at once."""
        if event.type() == QEvent.Type.PaletteChange and self.getPlotItem() is not None:
            self.follow_theme()
        super().changeEvent(event)

    def _on_view_resized(self) -> None:
        self.second_view.setGeometry(self.getPlotItem().vb.sceneBoundingRect())

    # ---------------------------------------------------------------- options

    def set_second_axis(self, kind: str) -> None:
        """Show "accuracy", "learning rate" or "none" on the right-hand axis."""
        if kind not in SECOND_AXES:
            raise ValueError(f"unknown second axis {kind!r}; one of {', '.join(SECOND_AXES)}")
        self.second = kind
        item = self.getPlotItem()
        if kind == "none":
            item.hideAxis("right")
        else:
            item.showAxis("right")
            item.setLabel("right", kind, color="#e8a33c")
        self._redraw()

    def set_log_scale(self, on: bool) -> None:
        """Draw the loss on a log10 axis (non-positive losses are left out)."""
        self.log_scale = bool(on)
        self.getPlotItem().setLogMode(y=self.log_scale)
        self.getPlotItem().getAxis("right").setLogMode(False, False)  # accuracy / lr stay linear
        self._set_ranges()
        self._redraw()

    # ---------------------------------------------------------------- drawing

    def _on_reset(self) -> None:
        # ranges that change by rounded steps keep the axes' cached pictures valid, so a live
        # repaint redraws the curve and not every tick label
        self._top = self._x_end = 0.0
        self._set_ranges()
        self.nan_step = None
        self.nan_line.setVisible(False)
        self.nan_label.setVisible(False)
        self._redraw()

    def _on_progress(self, _n: int) -> None:
        # points are cheap, repaints are not: draw at most every REPAINT_MS while training
        self._dirty = True
        if not self._repaint.isActive():
            self._redraw()
            self._repaint.start()

    def _on_repaint(self) -> None:
        if self._dirty:
            self._redraw()
        elif not self.training.running:
            self._repaint.stop()

    def _on_state(self, _state: str) -> None:
        if not self.training.running:
            self._redraw()

    def _redraw(self) -> None:
        self._dirty = False
        h = self.training.history
        kept = np.empty(0) if h is None else h.steps.astype(np.float64)  # a long run: kept ones
        self.drawn = len(kept)
        steps = kept + self.first
        loss = np.empty(0) if h is None else np.array(h.loss, dtype=np.float64)
        if self.log_scale:
            loss[~(loss > 0)] = np.nan  # log10 of 0 or of a negative is not a point
        self.curve.setData(steps, np.where(np.isfinite(loss), loss, np.nan))
        finite = loss[np.isfinite(loss)]
        x_end = nice_ceiling(max(1.0, kept[-1] if len(kept) else 0.0), STEP_AXIS_ENDS)
        if (len(finite) and finite.max() > self._top) or x_end != self._x_end:
            self._top = max(self._top, nice_ceiling(float(finite.max())) if len(finite) else 0.0)
            self._x_end = x_end
            self._set_ranges()
        self._draw_second(steps)
        self._mark_nan(loss)
        self._on_restored(self.training.restored_step)

    def _set_ranges(self) -> None:
        vb = self.getPlotItem().vb
        # the steps taken, not the steps planned: 7,000 of 200,000 fill the width
        vb.setXRange(self.first, self.first + (self._x_end or 1.0), padding=0.02)
        if self.log_scale:
            vb.enableAutoRange(axis=pg.ViewBox.YAxis)
        else:
            vb.setYRange(0, self._top or 1.0, padding=0.05)

    def _draw_second(self, steps: np.ndarray) -> None:
        h = self.training.history
        if self.second == "none" or h is None:
            self.second_curve.setData([], [])
            return
        values = h.accuracy if self.second == "accuracy" else h.lr
        values = np.array(values, dtype=np.float64)
        self.second_curve.setData(steps, values)
        finite = values[np.isfinite(values)]
        top = 1.0 if self.second == "accuracy" or not len(finite) else float(finite.max())
        self.second_view.setYRange(0, top, padding=0.05)  # from 0: a constant rate is a flat line

    def _mark_nan(self, loss: np.ndarray) -> None:
        h = self.training.history
        bad = np.empty(0) if h is None else np.flatnonzero(~np.isfinite(np.asarray(h.loss)))
        if not len(bad):
            return
        self.nan_step = k = int(h.steps[bad[0]])
        self.nan_line.setValue(k + self.first)
        self.nan_label.setText(f"loss {h.loss[bad[0]]} at step {k}")
        finite = loss[np.isfinite(loss)]
        y = float(finite.max()) if len(finite) else 1.0
        self.nan_label.setPos(k + self.first, float(np.log10(y)) if self.log_scale else y)
        self.nan_line.setVisible(True)
        self.nan_label.setVisible(True)

    def _on_restored(self, step: int) -> None:
        h = self.training.history
        i = None if h is None else h.index_of(step)
        if i is None or not np.isfinite(h.loss[i]):
            self.marker.setData([], [])
            return
        y = float(h.loss[i])
        if self.log_scale:
            if y <= 0:
                self.marker.setData([], [])
                return
            y = float(np.log10(y))
        self.marker.setData([step + self.first], [y])

    # ---------------------------------------------------------------- clicks

    def point_position(self, step: int) -> QPoint:
        """Where step ``step``'s point is drawn, in this widget's coordinates (for tests too)."""
        h = self.training.history
        y = float(h.loss[h.index_of(step)])
        y = float(np.log10(y)) if self.log_scale else y
        scene = self.getPlotItem().vb.mapViewToScene(QPointF(step + self.first, y))
        return self.mapFromScene(scene)

    def _on_clicked(self, event: object) -> None:
        h = self.training.history
        if h is None or not len(h):
            return
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        self.sig_step_clicked.emit(self.step_at(vb.mapSceneToView(event.scenePos())))

    def step_at(self, view: QPointF) -> int:
        """The recorded step whose point is nearest to ``view`` (plot coordinates) on screen.

        Only points within CLICK_PIXELS left or right count (the nearest in x if none is):
        where steps are closer than a pixel, the click picks the one drawn under it.
        """
        h = self.training.history
        steps = h.steps.astype(np.float64) + self.first
        y = np.array(h.loss, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.log10(y) if self.log_scale else y
        px, py = self.getPlotItem().vb.viewPixelSize()
        dx = np.abs(steps - view.x()) / px
        dy = np.where(np.isfinite(y), np.abs(y - view.y()) / py, 0.0)  # nan: by x alone
        near = np.flatnonzero(dx <= CLICK_PIXELS)
        if not len(near):
            return int(h.steps[int(np.argmin(dx))])
        best = near[np.lexsort((dx[near], np.hypot(dx[near], dy[near])))[0]]
        return int(h.steps[best])


def _cheap_to_paint(curve: pg.PlotDataItem) -> None:
    """Draw at most a few points per pixel column, and only those in view."""
    # 10,000 steps in a 500-pixel plot: peak downsampling keeps the spikes, drops the cost
    curve.setDownsampling(auto=True, method="peak")
    curve.setClipToView(True)


def nice_ceiling(x: float, multiples: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0)) -> float:
    """The smallest of ``multiples`` times a power of ten at or above ``x`` (x > 0)."""
    # a range that grows by steps like these changes (and re-renders the axes) rarely
    if not x > 0 or not np.isfinite(x):
        return x
    power = 10.0 ** np.floor(np.log10(x))
    for m in multiples:
        if m * power >= x * (1 - 1e-12):
            return float(m * power)
    return float(10.0 * power)
