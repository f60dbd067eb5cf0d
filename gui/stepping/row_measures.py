"""Where TextRows places its rows: the measures of its font and style, kept until they change."""

from __future__ import annotations

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
