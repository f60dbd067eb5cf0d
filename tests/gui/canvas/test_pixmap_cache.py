"""The pixmap cache is sized to the drawn graph, not left at the most a huge graph needs."""

from PySide6.QtGui import QPixmapCache

from engine.sources.examples import get_example
from gui.canvas.graph_view import PIXMAP_CACHE_KB, GraphView, pixmap_cache_kb
from gui.models.step_session import StepSession


def test_the_cache_grows_with_the_drawn_graph_between_a_floor_and_a_ceiling():
    assert pixmap_cache_kb(5) == pixmap_cache_kb(0) > 0
    assert pixmap_cache_kb(600) > pixmap_cache_kb(100)
    assert pixmap_cache_kb(100_000) == PIXMAP_CACHE_KB


def test_loading_a_graph_sets_the_cache_for_its_drawn_nodes(qtbot):
    session = StepSession()
    view = GraphView(session)
    qtbot.addWidget(view)
    session.load(get_example("lecture-mlp").build())
    assert QPixmapCache.cacheLimit() == pixmap_cache_kb(len(view.nodes)) < PIXMAP_CACHE_KB
