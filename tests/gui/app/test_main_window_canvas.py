"""The window's canvas menu entries: export, colour by grad, follow, find, zoom, groups."""

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QFileDialog

from engine.trace.trace import BACKWARD
from gui.canvas.framing import MIN_READABLE, READABLE
from gui.look.palette import LIGHT
from tests.gui.windows import shown_window

K = Qt.Key


def _window(qtbot, example="neuron", size=(1400, 900)):
    return shown_window(qtbot, example, size, active=True)


@pytest.fixture
def window(qtbot):
    return _window(qtbot)


def _menu_texts(window, title):
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            return [a.text() for a in action.menu().actions()]
    raise AssertionError(f"no {title} menu")


def _save_as(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_file_menu_lists_png_and_svg_export_of_view_and_whole_graph(window):
    texts = _menu_texts(window, "File")
    for fmt in ("PNG", "SVG"):
        for what in ("whole graph", "current view"):
            assert f"Export {fmt} ({what})…" in texts


def test_export_png_whole_graph_writes_a_light_image_even_in_the_dark_theme(
    qtbot, window, monkeypatch, tmp_path
):
    window.set_theme("dark")
    window.session.seek_phase_end(BACKWARD)
    _save_as(monkeypatch, tmp_path / "neuron")  # the extension is added
    window.export_actions[0].trigger()
    image = QImage(str(tmp_path / "neuron.png"))
    assert not image.isNull() and image.width() > 400
    assert image.pixelColor(2, 2) == QColor(LIGHT.background)
    assert "Exported" in window.statusBar().currentMessage()
    assert window.graph_view.graph_palette.name != LIGHT.name  # the view keeps its own theme


def test_export_svg_of_the_current_view_is_valid_svg_with_the_node_labels(
    window, monkeypatch, tmp_path
):
    window.session.seek_phase_end(BACKWARD)
    _save_as(monkeypatch, tmp_path / "view.svg")
    svg = next(a for a in window.export_actions if a.text() == "Export SVG (current view)…")
    svg.trigger()
    root = ET.parse(tmp_path / "view.svg").getroot()
    assert root.tag.endswith("svg")
    text = (tmp_path / "view.svg").read_text()
    assert ">x1<" in text and ">w1<" in text


def test_cancelled_export_writes_nothing(window, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window.export_actions[0].trigger()
    assert list(tmp_path.iterdir()) == []


def test_colour_by_grad_toggles_the_tint_and_shows_the_legend(window):
    view = window.graph_view
    window.session.seek_phase_end(BACKWARD)
    assert "Colour by grad" in _menu_texts(window, "View")
    window.color_action.trigger()
    assert view.state.color_by_grad and view.legend.isVisible()
    w1 = view.item_for(window.session.timeline.graph.names.index("w1"))
    assert w1._fill() != QColor(view.graph_palette.node)  # w1.grad = 2: tinted
    window.color_action.trigger()
    assert not view.state.color_by_grad and not view.legend.isVisible()
    assert w1._fill() == QColor(view.graph_palette.node)


def test_follow_active_node_is_on_by_default_and_can_be_switched_off(qtbot):
    window = _window(qtbot, "lecture-mlp", (1200, 800))
    view = window.graph_view
    assert window.follow_action.isChecked() and view.follow
    window.follow_action.trigger()
    assert not view.follow
    view.horizontalScrollBar().setValue(0)
    view.verticalScrollBar().setValue(0)
    window.session.seek(1500)  # far from the top left corner
    assert (view.horizontalScrollBar().value(), view.verticalScrollBar().value()) == (0, 0)
    window.follow_action.trigger()
    window.session.step()
    item = view.item_for(window.session.timeline.current.node)
    assert view.viewport().rect().contains(view.mapFromScene(item.scenePos()))


def test_ctrl_f_opens_the_find_bar_from_any_widget(window, qtbot):
    window.code_panel.setFocus()
    focus = QApplication.focusWidget() or window.code_panel
    qtbot.keyClick(focus, K.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.graph_view.find_bar.isVisible()
    assert window.find_action in [a for a in window.actions() if a.text() == "Find node…"]


def test_z_zooms_to_a_readable_scale_centred_on_the_current_node(qtbot):
    window = _window(qtbot, "lecture-mlp", (1400, 900))
    view = window.graph_view
    window.session.seek(1500)
    view.fit()  # the whole picture: unreadably small
    assert view.transform().m11() < MIN_READABLE
    window.code_panel.setFocus()
    qtbot.keyClick(QApplication.focusWidget() or window.code_panel, K.Key_Z)
    assert view.transform().m11() == pytest.approx(READABLE)
    item = view.item_for(window.session.timeline.current.node)
    centre = QPointF(view.viewport().rect().center())
    assert (QPointF(view.mapFromScene(item.scenePos())) - centre).manhattanLength() < 10


def test_collapse_groups_and_expand_all_change_what_is_drawn(qtbot):
    window = _window(qtbot, "lecture-mlp", (1200, 800))
    view = window.graph_view
    full = len(view.nodes)
    assert not window.expand_all_action.isEnabled()  # nothing collapsed yet
    window.collapse_action.trigger()
    assert view.collapsed and len(view.nodes) < full
    assert window.expand_all_action.isEnabled()
    window.expand_all_action.trigger()
    assert not view.collapsed and len(view.nodes) == full


def test_group_actions_are_disabled_on_a_graph_without_groups(window):
    assert not window.graph_view.groups
    assert not window.collapse_action.isEnabled()
    assert not window.expand_all_action.isEnabled()
