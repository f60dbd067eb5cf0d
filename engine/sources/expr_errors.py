"""Where in an expression's text a fault is, and the error that shows it: line, column, caret."""

from __future__ import annotations

import ast
import re

#: An error quotes at most this many characters of the faulty line, around the fault.
EXCERPT_WIDTH = 72


class ExpressionError(ValueError):
    """A program the expression editor cannot build, with the position of the fault.

    ``line`` and ``column`` are 1-based (column in characters); ``start`` and ``end`` are
    0-based character offsets into the text, for highlighting.
    """

    def __init__(self, message: str, text: str, start: int, end: int | None = None):
        start = max(0, min(start, len(text)))
        self.message = message
        self.start = start
        self.end = max(start, min(len(text), start + 1 if end is None else end))
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        self.line = len(re.findall(r"\r\n|\r|\n", text[:line_start])) + 1
        self.column = start - line_start + 1
        line_text = re.split(r"\r\n|\r|\n", text[line_start:], maxsplit=1)[0]
        excerpt, at = _excerpt(line_text, self.column - 1)
        caret = " " * at + "^"
        super().__init__(
            f"line {self.line}, column {self.column}: {message}\n    {excerpt}\n    {caret}"
        )


def _excerpt(line: str, column: int, width: int = EXCERPT_WIDTH) -> tuple[str, int]:
    """The part of ``line`` around ``column`` (0-based), and where ``column`` is in it.

    At most ``width`` characters, with an ellipsis on each side that was cut.
    """
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 2, len(line) - width))
    end = start + width
    head = "…" if start > 0 else ""
    return head + line[start:end] + ("…" if end < len(line) else ""), column - start + len(head)


def quoted(name: str, width: int = 40) -> str:
    """``name`` quoted, cut to ``width`` characters with an ellipsis if longer."""
    return repr(name) if len(name) <= width else repr(name[: width - 1] + "…")


class TextPositions:
    """A program's text: ``ast`` positions (1-based lines, UTF-8 byte columns) as offsets."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(self, line: int | None, byte_col: int | None) -> int:
        """The character offset of ``ast``'s (line, byte column); the end for no line."""
        if line is None:
            return len(self.text)
        index = max(0, min(line - 1, len(self.line_starts) - 1))
        line_start = self.line_starts[index]
        line_end = self.line_starts[index + 1] if index + 1 < len(self.line_starts) else None
        encoded = self.text[line_start:line_end].encode("utf-8", "surrogatepass")
        return line_start + len(encoded[: byte_col or 0].decode("utf-8", "ignore"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        """Where ``node`` starts and ends, as character offsets."""
        start = self.offset(getattr(node, "lineno", None), getattr(node, "col_offset", 0))
        end = self.offset(getattr(node, "end_lineno", None), getattr(node, "end_col_offset", 0))
        return start, max(start, end)

    def error(self, node: ast.AST, message: str) -> ExpressionError:
        """An error pointing at the whole of ``node``."""
        return ExpressionError(message, self.text, *self.span(node))

    def operator_error(self, node: ast.BinOp, symbol: str, message: str) -> ExpressionError:
        """An error pointing at the operator ``symbol`` itself, e.g. the ``/`` of ``1 / 0``."""
        left_end = self.span(node.left)[1]
        right_start = self.span(node.right)[0]
        found = self.text.find(symbol, left_end, right_start)
        if found < 0:
            return self.error(node, message)
        return ExpressionError(message, self.text, found, found + len(symbol))
