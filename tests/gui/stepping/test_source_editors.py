"""The code panel keeps one editor per source: a step back into a function shows it as it was."""

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from engine.sources.examples import get_example
from engine.trace.trace import BACKWARD, FORWARD
from gui.models.step_session import StepSession
from gui.stepping.code_panel import CodePanel


def shown_panel(qtbot, position: int = 0) -> tuple[StepSession, CodePanel]:
    """A code panel on the lecture MLP at ``position``, shown at a fixed size."""
    session = StepSession()
    assert session.load(get_example("lecture-mlp").build())
    panel = CodePanel(session)
    qtbot.addWidget(panel)
    panel.resize(640, 260)  # shorter than the longer sources: their scroll bar comes and goes
    panel.show()
    qtbot.waitExposed(panel)
    session.seek(position)
    settle()
    return session, panel


def settle() -> None:
    """What a step posted, run (the repaint among it)."""
    for _ in range(3):
        QApplication.processEvents()


class Paints(QObject):
    """Counts the Paint events of every widget in ``root`` (``root`` included)."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        self.counts: dict[QWidget, int] = {}
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        """Count, never filter."""
        if event.type() == QEvent.Type.Paint and (obj is self.root or self.root.isAncestorOf(obj)):
            self.counts[obj] = self.counts.get(obj, 0) + 1
        return False

    def stop(self) -> None:
        """Count no more."""
        QApplication.instance().removeEventFilter(self)


def test_a_source_shown_again_keeps_its_lines_laid_out(qtbot):
    # Swapped into one editor, a kept document's lines were laid out (shaped) again at
    # each swap: 0.5 M instructions of a 4,824-node graph's forward step
    session, panel = shown_panel(qtbot)
    session.seek_phase_start(FORWARD)
    seen, again = {}, 0
    for _ in range(60):
        session.step()  # no paint yet: the lines of a kept source are laid out already
        text = panel.source_text()
        doc = panel.source.document()
        laid = all(doc.findBlockByNumber(i).layout().lineCount() > 0 for i in range(3))
        if text in seen:
            again += 1
            assert laid, session.timeline.position
        seen[text] = True
        settle()
    assert again > 30  # forward steps go back and forth between a few functions


def test_showing_another_source_repaints_only_its_editor_s_text(qtbot):
    session, panel = shown_panel(qtbot)
    session.seek_phase_start(BACKWARD)
    start = session.timeline.position + 60  # past the zeroing: the ops' _backward
    for position in range(start, start + 21):  # the areas have grown for the longest texts
        session.seek(position)
        settle()
    session.seek(start)
    settle()
    paints = Paints(panel)
    swaps = 0
    for _ in range(20):
        before = panel.source
        session.step()
        settle()
        swaps += panel.source is not before
    paints.stop()
    assert swaps > 5
    # Not the frame around the editors, nor the panel under them, nor the editor's own
    # frame: the editor fills its background and its text area repaints alone
    assert paints.counts.get(panel.sources, 0) == 0
    assert paints.counts.get(panel, 0) == 0
    viewports = sum(
        n for w, n in paints.counts.items() if w.objectName() == "qt_scrollarea_viewport"
    )
    assert viewports >= swaps


@pytest.mark.parametrize("phase", [FORWARD, BACKWARD])
def test_an_editor_shown_again_marks_the_lines_of_the_step_and_shows_the_first(qtbot, phase):
    session, panel = shown_panel(qtbot)
    session.seek_phase_start(phase)
    start = session.timeline.position + (60 if phase == BACKWARD else 0)
    kept = set()
    for position in [*range(start, start + 30), *range(start + 29, start, -1)]:
        session.seek(position)
        settle()
        editor, view = panel.source, panel._view
        kept.add(editor)
        marked = [s.cursor.blockNumber() for s in editor.extraSelections()]
        assert marked == list(view.highlight)
        assert panel.highlighted_lines() == [view.lines[i] for i in view.highlight]
        if view.highlight:
            assert editor.textCursor().blockNumber() == view.highlight[0]
            assert editor.viewport().rect().contains(editor.cursorRect())  # in view
    assert 2 <= len(kept) <= len(panel.sources.editors())
