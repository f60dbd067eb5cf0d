"""The window the file tests open things in (a test module may define its own ``window``)."""

import pytest

from gui.app.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    """A shown MainWindow that remembers nothing, its expression editor empty."""
    win = MainWindow()
    win.remember = False
    qtbot.addWidget(win)
    win.documents.editor.set_text("")  # no draft left by an earlier test
    win.show()
    return win


def origin(source):
    """A graph source as (kind, ref)."""
    return source.kind, source.ref
