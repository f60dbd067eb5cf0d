"""A recording of the user's program: its passes, as data that goes through a file.

The file is versioned JSON::

    {"format": "gradstep-recording", "version": 1, "script": "train.py",
     "passes": [{"index": 1, "root": "L", "loss": 3.2, "nodes": 41,
                 "problems": [{"kind": ..., "node": ..., "position": ..., "text": ...}],
                 "trace": {...}}],
     "errors": [...]}

It opens with no access to the user's code: each pass's trace holds placeholder nodes
and the source text of the functions that ran. Long lists are written a group of items a
line (engine.sources.program.chunked_json), so reading a big recording in a thread leaves
the GIL to the others between groups; any JSON reader reads the file as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.explain.diagnoses import Problem
from engine.sources.atomic_file import write_atomically
from engine.sources.program import chunked_json
from engine.sources.program.trace_codec import (
    RecordingFormatError,
    json_number,
    number_from_json,
    trace_from_dict,
    trace_to_dict,
)
from engine.trace.trace import Trace

RECORDING_FORMAT = "gradstep-recording"
RECORDING_VERSION = 1

__all__ = [
    "RECORDING_FORMAT",
    "RECORDING_VERSION",
    "RecordedPass",
    "Recording",
    "RecordingFormatError",
    "load_recording",
    "save_recording",
]


@dataclass(frozen=True)
class RecordedPass:
    """One ``backward()`` call of the user's program: its trace and the problems found.

    ``index`` counts from 1 in the order the program called ``backward()``; ``root`` is the
    root's display name and ``loss`` its data when ``backward()`` was called.
    """

    index: int
    root: str
    loss: float
    nodes: int
    problems: tuple[Problem, ...]
    trace: Trace

    def summary(self) -> dict[str, Any]:
        """The export form without the trace: index, root, loss, nodes and problems."""
        return {
            "index": self.index,
            "root": self.root,
            "loss": json_number(self.loss),
            "nodes": self.nodes,
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass(frozen=True)
class Recording:
    """Every pass a program recorded, in order, and what went wrong while recording.

    ``errors`` are messages about the program itself (a ``backward()`` that raised, say);
    ``script`` names what was run, for titles and messages.
    """

    passes: tuple[RecordedPass, ...]
    errors: tuple[str, ...] = ()
    script: str = ""

    def __len__(self) -> int:
        return len(self.passes)

    def losses(self) -> list[float]:
        """The roots' data, pass by pass: what the loss plot shows."""
        return [p.loss for p in self.passes]

    def pass_at(self, number: int) -> RecordedPass:
        """The ``number``-th pass, 1-based; negative counts from the end (-1: the last)."""
        n = len(self.passes)
        if number == 0 or not -n <= number <= n:
            raise IndexError(f"pass {number} out of range: the recording has {n} pass(es)")
        return self.passes[number - 1 if number > 0 else number]

    def to_dict(self) -> dict[str, Any]:
        """The recording as JSON-able data (versioned)."""
        return {
            "format": RECORDING_FORMAT,
            "version": RECORDING_VERSION,
            "script": self.script,
            "errors": list(self.errors),
            "passes": [{**p.summary(), "trace": trace_to_dict(p.trace)} for p in self.passes],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Recording:
        """A recording from ``to_dict()``'s data; RecordingFormatError saying what is wrong."""
        if not isinstance(data, dict) or data.get("format") != RECORDING_FORMAT:
            raise RecordingFormatError(f"not a {RECORDING_FORMAT} file")
        version = data.get("version")
        if version != RECORDING_VERSION:
            raise RecordingFormatError(
                f"recording version {version!r} is not supported (this gradstep reads "
                f"version {RECORDING_VERSION})"
            )
        try:
            passes = tuple(_pass_from_dict(p) for p in data["passes"])
            errors = tuple(str(e) for e in data.get("errors", ()))
            script = str(data.get("script", ""))
        except (KeyError, TypeError, ValueError) as exc:
            raise RecordingFormatError(f"malformed recording: {exc!r}") from None
        return cls(passes, errors, script)


def _pass_from_dict(data: dict[str, Any]) -> RecordedPass:
    problems = tuple(
        Problem(
            str(p["kind"]),
            int(p.get("node_id", -1)),
            str(p["node"]),
            int(p["position"]),
            str(p["text"]),
        )
        for p in data["problems"]
    )
    return RecordedPass(
        index=int(data["index"]),
        root=str(data["root"]),
        loss=number_from_json(data["loss"]),
        nodes=int(data["nodes"]),
        problems=problems,
        trace=trace_from_dict(data["trace"]),
    )


def save_recording(recording: Recording, path: str | Path, *, sync: bool = True) -> None:
    """Write ``recording`` to ``path`` atomically (engine.sources.atomic_file; ``sync`` there)."""
    write_atomically(path, chunked_json.dumps(recording.to_dict()).encode("utf-8"), sync=sync)


def load_recording(path: str | Path) -> Recording:
    """Read a recording written by ``save_recording``; RecordingFormatError if it is not one."""
    try:
        with open(path, encoding="utf-8") as file:
            pieces = chunked_json.read_lines(file)
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordingFormatError(f"cannot read {path}: {exc}") from None
    try:
        data = chunked_json.decode(pieces)
    except json.JSONDecodeError as exc:
        # a whole recording always ends with its closing brace
        last = next((piece for piece in reversed(pieces) if piece.strip()), "")
        hint = " (the file looks truncated)" if not last.rstrip().endswith("}") else ""
        raise RecordingFormatError(f"cannot read {path}: {exc}{hint}") from None
    recording = Recording.from_dict(data)  # it keeps none of data's lists or dicts
    chunked_json.discard(data)
    return recording
