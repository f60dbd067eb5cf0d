"""Where TextRows places its rows: the measures of its font and style, kept until they change."""

from __future__ import annotations

from engine.autograd.frozen_record import FrozenRecord, set_field

NARROW_CHARS = 12
"""Under this many average characters beside the titles, a row's text goes under its title."""
PREFERRED_CHARS = 28
"""The text column's width in the size hint, in average characters."""


class Measures(FrozenRecord):
    """What the rows' places are computed from, in the widget's font and style."""

    __slots__ = ("titles", "title_height", "char", "hspace", "vspace")  # noqa: RUF023 (in order)

    def __init__(self, titles: int, title_height: int, char: int, hspace: int, vspace: int) -> None:
        set_field(self, "titles", titles)  # the widest title with its colon
        set_field(self, "title_height", title_height)
        set_field(self, "char", char)  # the average character's width
        set_field(self, "hspace", hspace)
        set_field(self, "vspace", vspace)

    def stacked(self, width: int) -> bool:
        """Too narrow for titles beside the texts: each text goes under its title."""
        return width - self.titles - self.hspace < NARROW_CHARS * self.char

    def text_left(self, width: int) -> int:
        """Where titled rows' texts begin at ``width``."""
        if self.stacked(width) or not self.titles:
            return 0
        return self.titles + self.hspace
