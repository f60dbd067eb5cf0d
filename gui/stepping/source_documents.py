"""The code panel's sources, one document each, kept: a step back into a function swaps it in.

A step shows another function on 150-160 of 200 steps, but among only 4-8 functions (the
ops' methods, ``__init__``, their ``_backward``s). Setting the editor's text each time
built a new document and formatted it on each of those steps; a kept document is only
laid out again (its visible lines, when painted).
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit

KEEP = 16
"""Sources kept: more than a graph's ops and their ``_backward``s together, in practice."""


class SourceDocuments:
    """Shows a source in ``editor`` from a document kept per distinct text (KEEP newest)."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        self._editor = editor
        self._documents: dict[tuple[str, ...], QTextDocument] = {}  # oldest used first
        self.made = 0
        """How many documents were made (a source not kept, or a new font's)."""

    def show(self, lines: tuple[str, ...]) -> bool:
        """Show ``lines`` in the editor; True if it shows another document now."""
        doc = self._documents.pop(lines, None)
        if doc is None:
            doc = self._make(lines)
        self._documents[lines] = doc  # now the newest
        if len(self._documents) > KEEP:
            oldest = next(iter(self._documents))
            self._documents.pop(oldest).deleteLater()
        if self._editor.document() is doc:
            return False
        # The editor gives a new font (theme, scale, presenting) only to the document it shows
        font = self._editor.font()
        if doc.defaultFont() != font:
            doc.setDefaultFont(font)
        self._editor.setDocument(doc)
        return True

    def _make(self, lines: tuple[str, ...]) -> QTextDocument:
        # Made as the editor makes its own: a plain-text layout, no undo, the editor's font
        doc = QTextDocument(self._editor)
        doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(self._editor.font())
        doc.setPlainText("\n".join(lines))
        self.made += 1
        return doc
