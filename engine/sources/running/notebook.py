"""Reading a Jupyter notebook's code cells as plain Python, the way "Run All" runs them.

The ``.ipynb`` file is JSON (nbformat 4, or 3's worksheets); only code cells are kept, in
order, numbered from 1 as a fresh "Restart & Run All" numbers them (``In [n]``). IPython
syntax has no meaning outside a kernel, so it is skipped line by line and each skip is
reported: line magics (``%matplotlib inline``), shell lines (``!pip install ...``, ``x =
!ls``) and help lines (``obj?``). Each skipped line becomes ``pass`` at its indentation,
keeping every other line's number. A cell magic (``%%...``) runs its body as Python for
the magics that only watch it (``%%time``, ``%%capture`` ...) and skips the cell otherwise.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from engine.sources.file_kinds import NOTEBOOK_SUFFIX

BODY_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
"""Cell magics whose body is Python that runs as written; other cell magics are skipped."""

_MAGIC = re.compile(r"^(\s*)(?:%|!|[\w.,\s\[\]]+=\s*[%!])")
_HELP = re.compile(r"^(\s*)(?:\?\??[\w.]+|[\w.]+\?\??)\s*$")


class NotebookError(ValueError):
    """A file that is not a notebook this reader understands; the message says why."""


@dataclass(frozen=True)
class NotebookCell:
    """One code cell: its number (from 1), the Python to run and the IPython lines skipped."""

    number: int
    source: str
    skipped: tuple[str, ...] = ()
    skipped_whole: bool = False


def is_notebook_path(path: str | Path) -> bool:
    """Whether ``path`` names a Jupyter notebook (by its suffix)."""
    return str(path).lower().endswith(NOTEBOOK_SUFFIX)


def read_notebook(path: str | Path) -> list[NotebookCell]:
    """The code cells of the notebook at ``path``, in order; NotebookError if it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise NotebookError(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise NotebookError(f"{Path(path).name} is not a notebook (not JSON: {exc})") from None
    return notebook_cells(data, Path(path).name)


def notebook_cells(data: object, name: str = "notebook") -> list[NotebookCell]:
    """The code cells of a notebook's JSON data, magics and shell lines skipped."""
    if not isinstance(data, dict):
        raise NotebookError(f"{name} is not a notebook (its JSON is not an object)")
    cells = data.get("cells")
    if cells is None and isinstance(data.get("worksheets"), list):  # nbformat 3
        cells = [c for ws in data["worksheets"] for c in ws.get("cells", ())]
    if not isinstance(cells, list):
        raise NotebookError(f"{name} is not a notebook (no list of cells)")
    sources = [_cell_text(c, name) for c in cells if isinstance(c, dict)]
    code = [text for kind, text in sources if kind == "code"]
    return [_python_of(number, text) for number, text in enumerate(code, start=1)]


def _cell_text(cell: dict, name: str) -> tuple[str, str]:
    source = cell.get("source", cell.get("input", ""))  # nbformat 3 calls it "input"
    if isinstance(source, list):
        source = "".join(str(part) for part in source)
    if not isinstance(source, str):
        raise NotebookError(f"{name}: a cell's source is {type(source).__name__}, not text")
    return str(cell.get("cell_type", "")), source


def _python_of(number: int, text: str) -> NotebookCell:
    lines = text.split("\n")
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split(maxsplit=1)[0] if len(first) > 2 else ""
        if magic not in BODY_CELL_MAGICS:
            return NotebookCell(number, "", (first,), skipped_whole=True)
        lines[0] = ""  # the body runs; its line numbers stay those the user sees
        skipped = [first]
    else:
        skipped = []
    for i, line in enumerate(lines):
        match = _MAGIC.match(line) or _HELP.match(line)
        if match and not _is_python(line):
            skipped.append(line.strip())
            lines[i] = f"{match.group(1)}pass"
    return NotebookCell(number, "\n".join(lines), tuple(skipped))


def _is_python(line: str) -> bool:
    """Whether ``line`` alone is valid Python (``a = b % c`` matches the pattern but is)."""
    try:
        compile(line.strip(), "<line>", "exec")
    except SyntaxError:
        return False
    return True
