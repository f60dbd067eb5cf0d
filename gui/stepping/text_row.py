"""One titled row of text, laid out in a QTextDocument of its own."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect
from PySide6.QtGui import QTextDocument, QTextOption


class TextRow:
    """One row: a title and a text, laid out in a document of its own."""

    def __init__(self, title: str, *, rich: bool, span: bool) -> None:
        self.title = title
        self.rich = rich
        self.span = span  # over the title column too (a heading)
        self.shown = True
        self.doc = QTextDocument()
        self.doc.setUndoRedoEnabled(False)
        self.doc.setDocumentMargin(0)
        option = QTextOption()
        # Words first; a word wider than the column breaks rather than being cut off
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.doc.setDefaultTextOption(option)
        self.rect = QRect()  # where the text is drawn, in the widget
        self._text = ""
        self._laid: tuple[str, float] | None = None  # the text and width laid out
        self._height = 0  # the laid-out text's, kept: rows placed again keep theirs
        self._link = ""  # the link colour in the document's style sheet

    def replace(self, text: str) -> bool:
        """Take ``text``; False if it is the text already (nothing to lay out)."""
        if text == self._text:
            return False
        self._text = text
        self._laid = None
        return True

    def needs_layout(self, width: float) -> bool:
        """Whether the document holds another text or width than ``text()`` at ``width``."""
        return self._laid != (self._text, width)

    def lay_out(self, width: float, link_colour: str) -> None:
        """Lay the text out at ``width``: one layout (links drawn in ``link_colour``)."""
        doc = self.doc
        if doc.textWidth() != width:
            # A new width lays the document out again: empty first, so nothing old is. At
            # the same width it would too, the old text at every step, for nothing.
            doc.clear()
            doc.setTextWidth(width)
        if self.rich:
            if link_colour != self._link:
                # The parser colours links from the application's palette, not the widget's
                self._link = link_colour
                doc.setDefaultStyleSheet(f"a {{ color: {link_colour}; }}")
            doc.setHtml(self._text)
        else:
            doc.setPlainText(self._text)
        self._laid = (self._text, width)
        self._height = math.ceil(doc.documentLayout().documentSize().height())

    def height(self) -> int:
        """The height of the text as last laid out (whole pixels)."""
        return self._height

    def forget_layout(self) -> None:
        """Lay the text out again when next asked (a new font or link colour)."""
        self._laid = None

    def text(self) -> str:
        """The text as set (HTML for a rich row)."""
        return self._text

    def plain_text(self) -> str:
        """The text as shown, without markup."""
        return self.doc.toPlainText() if self.rich else self._text
