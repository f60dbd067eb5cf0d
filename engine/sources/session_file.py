"""Saved sessions (``.gradstep.json``): what was open, its parameters, history and position.

Plain, versioned JSON, for example::

    {"format": "gradstep-session", "version": 1,
     "source": {"kind": "expression", "text": "a = 2; b = a * 3"},
     "parameters": [0.5, -0.25], "lr": 0.1,
     "history": {"loss": [3.2761, 2.0967]},
     "position": 12, "view": {"zoom": 1.5}}

``source`` is ``{"kind": "example", "name": ...}``, ``{"kind": "expression", "text": ...}``,
``{"kind": "script", "path": ...}`` (a relative path is read from the session file's
folder) or ``{"kind": "recording", "path": ...}``.

Version 2 adds ``"recording": {"pass": N, "data": {...}}``: a recording (the format of
``engine.sources.program.recording``) kept in the session, and the pass that was open. A
recording's session needs no other file; a script's session keeps its script's recording
for when the script cannot give the same graph again (unseeded random weights in the user's
own Value class, say). Sessions without one are written as version 1.

``parameters`` are the data of ``BuiltGraph.params`` in order. Numbers that JSON cannot
hold (nan, inf) are written as the strings "NaN", "Infinity" and "-Infinity". Loading
validates everything before returning; saving writes a temporary file in the same folder
and renames it over the target, so a crash never leaves half a file. The saved file has the
permissions of the one it replaces, or a new file's under the user's umask.
``engine.sources.session_graph`` builds the graph a session names again.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from engine.sources.atomic_file import write_atomically
from engine.sources.program.recording import Recording, RecordingFormatError
from engine.sources.program.trace_codec import json_number

SESSION_FORMAT = "gradstep-session"
SESSION_VERSION = 2
#: The version of a session without a recording (what gradstep wrote before recordings).
PLAIN_SESSION_VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024
SOURCE_FIELDS = {"example": "name", "expression": "text", "script": "path", "recording": "path"}
_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class SessionFileError(ValueError):
    """A session file that cannot be read or written; the message says what and where."""


@dataclass(frozen=True)
class SavedSession:
    """Everything a session file holds.

    ``kind`` is "example", "expression", "script" or "recording"; ``source`` is the example's
    name, the expression's text or the script's or recording's path. ``view`` holds the
    window's view settings (numbers, strings, booleans, null, or lists of numbers).
    ``recording`` is a recording kept in the session, ``recording_pass`` the pass that was
    open (1-based).
    """

    kind: str
    source: str
    parameters: tuple[float, ...] = ()
    lr: float | None = None
    history: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    position: int = 0
    view: Mapping[str, Any] = field(default_factory=dict)
    recording: Recording | None = None
    recording_pass: int = 0


# ---------------------------------------------------------------------------------- saving


def session_to_json(state: SavedSession) -> str:
    """The JSON text of ``state`` (validated first: an invalid state raises SessionFileError)."""
    try:
        document = {
            "format": SESSION_FORMAT,
            "version": PLAIN_SESSION_VERSION if state.recording is None else SESSION_VERSION,
            "source": {"kind": state.kind, SOURCE_FIELDS.get(state.kind, "name"): state.source},
            "parameters": [_encode_number(v) for v in state.parameters],
            "lr": None if state.lr is None else _encode_number(state.lr),
            "history": {k: [_encode_number(v) for v in vs] for k, vs in state.history.items()},
            "position": state.position,
            "view": {k: _encode_view_value(v) for k, v in state.view.items()},
        }
        if state.recording is not None:
            document["recording"] = {"pass": state.recording_pass,
                                     "data": state.recording.to_dict()}  # fmt: skip
        text = json.dumps(document, indent=1, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise SessionFileError(f"The session cannot be saved: {exc}") from None
    session_from_json(text)  # never write a file that would not load back
    return text


def save_session(path: str | os.PathLike[str], state: SavedSession) -> None:
    """Write ``state`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    text = session_to_json(state)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in the text: escape everything instead
        data = json.dumps(json.loads(text), indent=1, ensure_ascii=True).encode("ascii")
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise SessionFileError(f"Cannot save the session to {Path(path)}: {exc}") from None


def _encode_number(value: float) -> float | str | None:
    return json_number(float(value))  # a recording's numbers are written the same way


def _encode_view_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_encode_number(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        # Tagged: a bare "NaN" string in the view would read back as text, not a number.
        return {"number": _encode_number(value)}
    return value


# --------------------------------------------------------------------------------- loading


def load_session(path: str | os.PathLike[str]) -> SavedSession:
    """The session saved at ``path``; SessionFileError (naming the problem) if it is not one."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SessionFileError(f"{path.name} is too large for a session ({size} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise SessionFileError(f"Cannot open {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SessionFileError(f"{path.name} is not a text file (byte {exc.start})") from None
    state = session_from_json(text, name=path.name)
    if state.kind == "script" and not Path(state.source).is_absolute():
        state = _replace_source(state, str(path.parent / state.source))
    return state


def session_from_json(text: str, name: str = "the session") -> SavedSession:
    """Parse and validate a session document; SessionFileError if anything is wrong."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        # a whole session document always ends with its closing brace
        hint = " (the file looks truncated)" if not text.rstrip().endswith("}") else ""
        raise SessionFileError(f"{name} is not valid JSON at {where}: {exc.msg}{hint}") from None
    except RecursionError:
        raise SessionFileError(f"{name} is nested too deeply to be a session") from None
    if not isinstance(document, dict) or document.get("format") != SESSION_FORMAT:
        raise SessionFileError(f"{name} is not a gradstep session file (no \"format\": "
                               f"\"{SESSION_FORMAT}\")")  # fmt: skip
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise SessionFileError(f'{name}: "version" must be a whole number, got {version!r}')
    if version > SESSION_VERSION:
        raise SessionFileError(f"{name} was written by a newer gradstep (session version "
                               f"{version}); this one reads version {SESSION_VERSION}")  # fmt: skip
    return _validated(document, name)


def _validated(document: dict[str, Any], name: str) -> SavedSession:
    kind, source = _source(document.get("source"), name)
    parameters = _numbers(document.get("parameters", []), f"{name}: parameters")
    lr = document.get("lr")
    lr = None if lr is None else _number(lr, f"{name}: lr")
    history = document.get("history", {})
    if not isinstance(history, dict):
        raise SessionFileError(f"{name}: history must be an object of number lists")
    history = {k: _numbers(v, f"{name}: history.{k}") for k, v in history.items()}
    position = document.get("position", 0)
    if type(position) is not int or position < 0:
        raise SessionFileError(f"{name}: position must be a whole number >= 0, got {position!r}")
    view = document.get("view", {})
    if not isinstance(view, dict):
        raise SessionFileError(f"{name}: view must be an object")
    view = {k: _view_value(v, f"{name}: view.{k}") for k, v in view.items()}
    recording, number = _recording(document.get("recording"), name)
    if kind == "recording" and recording is None:
        raise SessionFileError(f"{name}: a recording's session must hold the recording")
    return SavedSession(kind, source, parameters, lr, history, position, view, recording, number)


def _recording(kept: Any, name: str) -> tuple[Recording | None, int]:
    """The recording a session keeps and its open pass; (None, 0) when it keeps none."""
    if kept is None:
        return None, 0
    number = kept.get("pass") if isinstance(kept, dict) else None
    if type(number) is not int:
        raise SessionFileError(f'{name}: "recording" must hold a pass number and its data')
    try:
        recording = Recording.from_dict(kept.get("data"))
        recording.pass_at(number)
    except (RecordingFormatError, IndexError) as exc:
        raise SessionFileError(f"{name}: the recording it keeps cannot be read: {exc}") from None
    return recording, number


def _source(source: Any, name: str) -> tuple[str, str]:
    if not isinstance(source, dict) or source.get("kind") not in SOURCE_FIELDS:
        kinds = ", ".join(SOURCE_FIELDS)
        raise SessionFileError(f"{name}: source must be an object whose kind is one of {kinds}")
    kind = source["kind"]
    value = source.get(SOURCE_FIELDS[kind])
    if not isinstance(value, str) or (kind != "expression" and not value):
        raise SessionFileError(f"{name}: source.{SOURCE_FIELDS[kind]} must be a non-empty text")
    return kind, value


def _number(value: Any, where: str) -> float:
    if isinstance(value, str) and value in _SPECIAL:
        return _SPECIAL[value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SessionFileError(f"{where}: expected a number, got {value!r:.40}")
    try:
        return float(value)
    except OverflowError:  # a huge JSON integer
        raise SessionFileError(f"{where}: the number {str(value)[:20]}... is too large") from None


def _numbers(values: Any, where: str) -> tuple[float, ...]:
    if not isinstance(values, list):
        raise SessionFileError(f"{where}: expected a list of numbers")
    return tuple(_number(v, f"{where}[{i}]") for i, v in enumerate(values))


def _view_value(value: Any, where: str) -> Any:
    if value is None or isinstance(value, (bool, str)) or type(value) is int:
        return value
    if isinstance(value, list):
        return _numbers(value, where)
    if isinstance(value, dict) and set(value) == {"number"}:
        return _number(value["number"], where)
    return _number(value, where)


def _replace_source(state: SavedSession, source: str) -> SavedSession:
    return replace(state, source=source)
