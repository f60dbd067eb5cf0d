"""The box index finds exactly the boxes near a rect that testing every box finds."""

import numpy as np
import pytest

from engine.drawing.box_index import BoxIndex
from engine.drawing.edge_pieces import visible


def random_boxes(rng, n: int, width: float, height: float) -> np.ndarray:
    """``n`` boxes up to 500 px long in a ``width`` x ``height`` drawing."""
    start = rng.uniform(0, 1, (n, 2)) * (width, height)
    size = rng.uniform(0, 500, (n, 2))
    return np.concatenate([start, start + size], axis=1)


@pytest.mark.parametrize(("width", "height"), [(8000, 30000), (30000, 2000), (900, 900)])
def test_the_index_finds_what_testing_every_box_finds(width, height):
    rng = np.random.default_rng(7)
    boxes = random_boxes(rng, 5000, width, height)
    index = BoxIndex(boxes)
    hits = 0
    for _ in range(200):  # rects inside, across and beyond the drawing's edges
        x, y = rng.uniform(-0.1, 1.0, 2) * (width, height)
        w, h = rng.uniform(1, 2000, 2)
        rect = (x, y, x + w, y + h)
        found = index.near(rect, 3.0)
        assert np.array_equal(found, visible(boxes, rect, 3.0))
        hits += len(found)
    assert hits > 1000
    assert len(index.near((0, 0, width, height), 3.0)) == len(boxes)


def test_no_boxes_find_nothing():
    assert len(BoxIndex(np.zeros((0, 4))).near((0, 0, 10, 10), 3.0)) == 0
