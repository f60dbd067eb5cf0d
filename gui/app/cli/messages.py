"""What the command line says on stderr: progress and warnings, and a failure's message."""

from __future__ import annotations

import sys


def say(line: str) -> None:
    """Print ``line`` on stderr as gradstep's own, at once (a run's progress, a warning)."""
    print(f"gradstep: {line}", file=sys.stderr, flush=True)


def fail(message: str, code: int = 2) -> int:
    """Say ``message`` (if any) and return ``code``: 2 for a bad argument, as argparse does."""
    if message:
        say(message)
    return code
