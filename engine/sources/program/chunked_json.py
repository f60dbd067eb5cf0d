"""JSON that can be decoded in small pieces, and is plain JSON to every other reader.

A recording of micrograd's moons step is ~18 MB of JSON; ``json.loads`` decodes it in one
C call that holds the GIL for about half a second, freezing a GUI whose other thread only
waits for it. ``dumps`` writes every list longer than ``CHUNK`` items as groups of items,
one group a line (raw newlines are whitespace to JSON, and never occur inside a JSON string,
so they can only be these line breaks). ``loads`` decodes each group with its own short
``json.loads`` call, letting other threads run in between. A list nested inside an item of
a chunked list is written whole; so is a text without line breaks (an older file), which
``loads`` reads in one call.
"""

from __future__ import annotations

import functools
import json
import secrets
from typing import Any, TextIO

CHUNK = 2048
"""Items per line of a long list: a few milliseconds of decoding each."""

_plain = functools.partial(json.dumps, allow_nan=False, separators=(",", ":"))


def dumps(obj: Any, chunk: int = CHUNK) -> str:
    """``obj`` as compact JSON (no nan/inf), its long lists one group of items a line."""
    out: list[str] = []
    _write(obj, out, chunk)
    return "".join(out)


def _write(obj: Any, out: list[str], chunk: int) -> None:
    if isinstance(obj, dict):
        out.append("{")
        for i, (key, value) in enumerate(obj.items()):
            out.append(("," if i else "") + _plain(str(key)) + ":")
            _write(value, out, chunk)
        out.append("}")
    elif isinstance(obj, (list, tuple)) and len(obj) > chunk:
        groups = (_plain(list(obj[i : i + chunk]))[1:-1] for i in range(0, len(obj), chunk))
        out.append("[\n" + ",\n".join(groups) + "\n]")
    elif isinstance(obj, (list, tuple)) and obj:
        out.append("[")
        for i, item in enumerate(obj):
            if i:
                out.append(",")
            _write(item, out, chunk)
        out.append("]")
    else:
        out.append(_plain(obj))


def loads(text: str) -> Any:
    """Decode what ``dumps`` wrote (or any JSON), a group of items at a time.

    Anything that is not shaped as ``dumps`` writes is decoded by ``json.loads`` whole, so
    a damaged file fails with json's own error.
    """
    return decode(text.split("\n"))


def read_lines(file: TextIO) -> list[str]:
    """The text of a text ``file`` split at its line breaks, as ``loads`` splits a text.

    Read a line at a time (each line one group of items): reading and decoding
    all 18 MB of a moons recording at once, or splitting it, each hold the GIL for 15-25 ms.
    """
    pieces = []
    for line in file:  # a Python loop: the GIL can pass to another thread between lines
        pieces.append(line)
    ended = not pieces or pieces[-1].endswith("\n")
    pieces = [line.removesuffix("\n") for line in pieces]
    return [*pieces, ""] if ended else pieces


def decode(pieces: list[str]) -> Any:
    """``loads`` of the text whose lines are ``pieces``, each piece decoded on its own."""
    if len(pieces) == 1:
        return json.loads(pieces[0])
    marker = f"@chunked-{secrets.token_hex(8)}:"
    if any(marker in piece for piece in pieces):  # never; a placeholder must be no real string
        return json.loads("\n".join(pieces))
    try:
        skeleton, lists = _split(pieces, marker)
    except (IndexError, ValueError):
        return json.loads("\n".join(pieces))
    return _fill(json.loads(skeleton), marker, lists)


def discard(doc: Any) -> None:
    """Free a decoded document a piece at a time, emptying its dicts and lists in place.

    Dropped whole, a moons recording's (some 2 million objects) is freed in one C call
    that holds the GIL for about 35 ms. Only for a document nothing else refers into.
    """
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
            item.clear()
        elif isinstance(item, list) and len(item) > CHUNK:
            while item:  # a Python loop: the GIL can pass to another thread between pieces
                del item[-CHUNK:]
        elif isinstance(item, list):
            stack.extend(x for x in item if isinstance(x, (dict, list)))
            item.clear()


def _split(pieces: list[str], marker: str) -> tuple[str, list[list[Any]]]:
    """The text with each chunked list replaced by a placeholder string, and those lists."""
    skeleton: list[str] = []
    lists: list[list[Any]] = []
    piece, at = pieces[0], 0
    while at < len(pieces) - 1:
        if not piece.endswith("["):
            raise ValueError("a line break outside a chunked list")
        skeleton.append(piece[:-1] + json.dumps(f"{marker}{len(lists)}"))
        items: list[Any] = []
        at += 1
        while not pieces[at].startswith("]"):
            items.extend(json.loads("[" + pieces[at].removesuffix(",") + "]"))
            at += 1
        lists.append(items)
        piece = pieces[at][1:]
    skeleton.append(piece)
    return "".join(skeleton), lists


def _fill(obj: Any, marker: str, lists: list[list[Any]]) -> Any:
    """``obj`` with each placeholder string put back as the list it stands for."""
    if isinstance(obj, str) and obj.startswith(marker):
        return lists[int(obj[len(marker) :])]
    if isinstance(obj, dict):
        return {key: _fill(value, marker, lists) for key, value in obj.items()}
    if isinstance(obj, list):
        return [_fill(item, marker, lists) for item in obj]
    return obj
