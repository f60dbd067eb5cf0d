"""One titled row of text, laid out in a QTextDocument of its own."""

from __future__ import annotations

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

    def text(self) -> str:
        """The text as set (HTML for a rich row)."""
        return self._text

    def plain_text(self) -> str:
        """The text as shown, without markup."""
        return self.doc.toPlainText() if self.rich else self._text
