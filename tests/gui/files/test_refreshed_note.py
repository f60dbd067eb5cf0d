"""The status note written when a graph was built gives way once it shows other numbers."""

import pytest

from engine.sources.examples import get_example
from engine.trace.trace import record
from gui.app.main_window import MainWindow
from gui.files.documents import REFRESHED_NOTE


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.remember = False
    return w


def test_new_numbers_from_training_replace_the_build_time_loss_note(window):
    built = get_example("lecture-mlp").build()
    window.load_built(built)
    note = window.documents.note_label.text()
    assert "loss = " in note
    built.params[0].data += 0.5  # as a training step would move it
    trained = record(built.root, params=list(built.params), lr=built.lr)
    assert window.session.refresh(trained, built.source)
    assert window.documents.note_label.text() == REFRESHED_NOTE
    assert window.documents.note_label.toolTip() == f"as built: {note}"
    window.session.refresh(trained, built.source)  # again: the note as built stays in the tooltip
    assert window.documents.note_label.toolTip() == f"as built: {note}"


def test_loading_another_graph_shows_its_own_note_again(window):
    built = get_example("lecture-mlp").build()
    window.load_built(built)
    window.session.refresh(record(built.root, params=list(built.params), lr=built.lr), None)
    window.load_example("lecture-mlp")
    assert "loss = " in window.documents.note_label.text()
