"""Code run in a fresh interpreter from the repository root, for what only a new process shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
