"""Instructions a child process executes, counted by valgrind's callgrind."""

from __future__ import annotations

import os
import subprocess
import sys


def child_instructions(script: str, *args: str, **env: str) -> int:
    """Instructions of ``python script --child args...`` under callgrind (output discarded).

    The hash seed is fixed and numpy's BLAS runs one thread, so the count is the same from
    run to run; ``env`` adds to the environment.
    """
    env = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", **env}
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    cmd += [sys.executable, script, "--child", *args]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stderr
    line = next(x for x in out.splitlines() if "Collected :" in x)
    return int(line.rsplit(":", 1)[1])
