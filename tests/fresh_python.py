"""Code run in a fresh interpreter from the repository root, for what only a new process shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Lines for a fresh interpreter's code: from there on, ``made`` collects each code object made
#: from a string and run by exec (what dataclass() does for each method of each class it makes).
WATCH_COMPILED = """
import sys
made = []
def watch(event, args):
    if event == "exec" and getattr(args[0], "co_filename", "") == "<string>":
        made.append(args[0])
sys.addaudithook(watch)
"""


def run_python(
    code: str, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> str:
    """What ``python -c code args`` prints; fails the test, with its stderr, if it exits non-zero."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
