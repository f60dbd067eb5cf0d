"""The decision boundary of a 2-D classifier: its scores on a grid, with the data on top."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from engine.training.setups import TrainingSetup

GRID = 60  # points per side: 3,600 evaluations, about a millisecond in numpy
#: Blue for the -1 side, red for the +1 side, as micrograd's demo picture.
COLOURS = pg.ColorMap([0.0, 0.5, 1.0], [(40, 90, 190), (235, 235, 235), (200, 60, 50)])


class DecisionBoundary(pg.PlotWidget):
    """A pyqtgraph image of ``setup.predict`` over the data's box, and the samples."""

    def __init__(self, parent: object = None):
        super().__init__(parent, enableMenu=False)  # no menus: not built, not shown
        self.setup: TrainingSetup | None = None
        self.image = pg.ImageItem()
        self.image.setLookupTable(COLOURS.getLookupTable(nPts=256))
        self.addItem(self.image)
        self.points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("k", width=0.8))
        self.addItem(self.points)
        self.setAspectLocked(True)
        self.scores: np.ndarray | None = None
        self._grid: np.ndarray | None = None
        self._rect = (0.0, 0.0, 1.0, 1.0)

    @staticmethod
    def applies_to(setup: TrainingSetup | None) -> bool:
        """True for setups with 2-D inputs (moons)."""
        return setup is not None and setup.xs.ndim == 2 and setup.xs.shape[1] == 2

    def set_setup(self, setup: TrainingSetup | None) -> None:
        """Show this setup's data (nothing if it is not 2-D)."""
        self.setup = setup if self.applies_to(setup) else None
        self.scores = None
        if self.setup is None:
            self.points.setData([], [])
            self.image.clear()
            return
        xs, ys = self.setup.xs, self.setup.ys
        lo, hi = xs.min(axis=0) - 0.5, xs.max(axis=0) + 0.5
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], GRID), np.linspace(lo[1], hi[1], GRID))
        self._grid = np.column_stack([gx.ravel(), gy.ravel()])
        self._rect = (float(lo[0]), float(lo[1]), float(hi[0] - lo[0]), float(hi[1] - lo[1]))
        # a fixed range: a new image must not re-range the view and re-lay out the axes
        self.getPlotItem().vb.setRange(xRange=(lo[0], hi[0]), yRange=(lo[1], hi[1]), padding=0.02)
        self.getPlotItem().vb.disableAutoRange()
        brushes = [pg.mkBrush(200, 60, 50) if y > 0 else pg.mkBrush(40, 90, 190) for y in ys]
        self.points.setData(xs[:, 0], xs[:, 1], brush=brushes)

    def show_params(self, params: np.ndarray) -> None:
        """Colour the grid by the model's score at ``params`` (the sign is the class)."""
        if self.setup is None or self._grid is None:
            return
        with np.errstate(all="ignore"):
            scores = self.setup.predict(params, self._grid).reshape(GRID, GRID)
        self.scores = scores
        # ImageItem's first axis is x: transpose the (row = y) grid; squash scores to -1..1
        self.image.setImage(np.tanh(np.nan_to_num(scores)).T, levels=(-1.0, 1.0))
        self.image.setRect(*self._rect)  # after setImage: the rect scales the image's pixels
