"""The app icon: every PNG size is there, matches the SVG, and is set on the application."""

from __future__ import annotations

import configparser
import importlib.util
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from gui.look.app_icon import ICON_SIZES, app_icon, icon_dir, install_app_icon

RESOURCES = Path(__file__).resolve().parents[3] / "resources"


def _render_module():
    spec = importlib.util.spec_from_file_location("render_icons", RESOURCES / "render_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_icon_is_found_in_the_checkout():
    assert icon_dir() == RESOURCES / "icons"


def test_icon_has_every_png_size(qapp):
    icon = app_icon()
    assert not icon.isNull()
    for size in ICON_SIZES:
        assert icon.actualSize(QSize(size, size)) == QSize(size, size)
        assert not icon.pixmap(size, size).isNull()


def test_committed_pngs_match_the_svg(qapp):
    render = _render_module()
    renderer = QSvgRenderer(str(render.SVG_PATH))
    assert renderer.isValid()
    for size in (16, 64):
        committed = QImage(str(render.png_path(size))).convertToFormat(
            QImage.Format.Format_ARGB32_Premultiplied
        )
        assert committed == render.render(renderer, size), f"re-run render_icons.py ({size})"


def test_install_sets_window_icon_and_desktop_file_name(qapp):
    old_icon, old_name = qapp.windowIcon(), qapp.desktopFileName()
    try:
        install_app_icon(qapp)
        assert not qapp.windowIcon().isNull()
        assert qapp.windowIcon().availableSizes()
        assert qapp.desktopFileName() == "gradstep"
    finally:
        qapp.setWindowIcon(old_icon)
        qapp.setDesktopFileName(old_name)


def test_desktop_file_names_the_launcher_and_icon():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(RESOURCES / "gradstep.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "gradstep"
    assert entry["Icon"] == "gradstep"
    assert entry["StartupWMClass"] == "gradstep"
    assert entry["Categories"].endswith(";")


def test_windows_inherit_the_application_icon(qapp, qtbot):
    from PySide6.QtWidgets import QMainWindow

    old_icon = qapp.windowIcon()
    try:
        install_app_icon(qapp)
        window = QMainWindow()
        qtbot.addWidget(window)
        assert not window.windowIcon().isNull()
        assert window.windowIcon().cacheKey() == qapp.windowIcon().cacheKey()
    finally:
        qapp.setWindowIcon(old_icon)
