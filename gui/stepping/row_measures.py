"""Where TextRows places its rows: the measures of its font and style, kept until they change."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from engine.autograd.frozen_record import FrozenRecord

NARROW_CHARS = 12
"""Under this many average characters beside the titles, a row's text goes under its title."""
PREFERRED_CHARS = 28
"""The text column's width in the size hint, in average characters."""


class Measures(FrozenRecord):
    """What the rows' places are computed from, in the widget's font and style."""

    titles: int  # the widest title with its colon
    title_height: int
    char: int  # the average character's width
    hspace: int
    vspace: int

    def stacked(self, width: int) -> bool:
        """Too narrow for titles beside the texts: each text goes under its title."""
        return width - self.titles - self.hspace < NARROW_CHARS * self.char

    def text_left(self, width: int) -> int:
        """Where titled rows' texts begin at ``width``."""
        if self.stacked(width) or not self.titles:
            return 0
        return self.titles + self.hspace


def layout_spacings(widget: QWidget) -> tuple[int, int]:
    """The style's layout spacing across and down, as a layout in ``widget`` would take it."""
    return _spacing(widget, QHBoxLayout()), _spacing(widget, QVBoxLayout())


def _spacing(widget: QWidget, box: QBoxLayout) -> int:
    # Asked of a box in the widget (the box's parent, not the widget's layout), as a layout
    # there asks it. Not asked of widget.style(): the first QStyle in Python builds its type
    # and every enum, ~10 ms of the first frame.
    box.setParent(widget)
    spacing = box.spacing()
    box.setParent(None)
    box.deleteLater()
    return spacing if spacing >= 0 else 6  # the style leaves it to the layout: Qt's own
