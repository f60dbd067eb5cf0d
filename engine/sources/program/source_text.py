"""Reading the source text of the user's functions, once per code object."""

from __future__ import annotations

import inspect
import linecache
import textwrap
import types
from functools import lru_cache
from typing import Any

from engine.trace.recorded import SourceText

CALL_SITE_LINES = 8
"""Lines shown on each side of the line that called ``backward()``."""


def code_text(code: types.CodeType) -> SourceText | None:
    """The dedented source of ``code`` and where it is, or None if it cannot be read."""
    # Code objects compare equal across files: the file name is part of the key.
    return _code_text(code, code.co_filename)


@lru_cache(maxsize=1024)
def _code_text(code: types.CodeType, _filename: str) -> SourceText | None:
    try:
        lines, start = inspect.getsourcelines(code)
    except (OSError, TypeError):
        return None
    text = textwrap.dedent("".join(lines)).rstrip("\n")
    return SourceText(_qualname(code), tuple(text.split("\n")), f"{code.co_filename}:{start}")


def function_text(fn: Any) -> SourceText | None:
    """The source of a function, bound method or callable object, or None."""
    fn = getattr(fn, "__func__", fn)
    code = getattr(fn, "__code__", None)
    if code is None:
        call = type(fn).__call__ if callable(fn) else None
        code = getattr(call, "__code__", None)
    return None if code is None else code_text(code)


def call_site_text(frame: types.FrameType | None) -> SourceText | None:
    """The lines around the line ``frame`` is executing (the ``backward()`` call), or None."""
    if frame is None:
        return None
    code, line = frame.f_code, frame.f_lineno
    lines = linecache.getlines(code.co_filename, frame.f_globals)
    if not lines or not 0 < line <= len(lines):
        return None
    lo = max(0, line - 1 - CALL_SITE_LINES)
    window = [text.rstrip("\n") for text in lines[lo : line + CALL_SITE_LINES]]
    return SourceText(_qualname(code), tuple(window), f"{code.co_filename}:{lo + 1}")


def _qualname(code: types.CodeType) -> str:
    return getattr(code, "co_qualname", code.co_name)  # co_qualname is new in Python 3.11
