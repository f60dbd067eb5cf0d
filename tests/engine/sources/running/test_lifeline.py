"""A worker whose runner's process dies ends too, even stuck where no signal reaches."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
HOST = """
import sys, time
from engine.sources.running.runner import ProgramRun
run = ProgramRun(sys.argv[1], timeout=120)
run.start()
print(run.pid, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie nobody reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_worker_stuck_in_one_c_call_dies_with_the_process_that_ran_it(tmp_path):
    program = tmp_path / "stuck.py"
    program.write_text("x = 1\ny = sum(range(10**13))\n", encoding="utf-8")  # holds the GIL
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    host = subprocess.Popen(
        [sys.executable, "-c", HOST, str(program)], stdout=subprocess.PIPE, env=env, cwd=ROOT
    )
    worker = int(host.stdout.readline())
    try:
        deadline = time.monotonic() + 30
        while not _started(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _alive(worker)
        host.kill()  # the app's process dies without a word: no cancel, no deadline
        host.wait()
        deadline = time.monotonic() + 10
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(worker)
    finally:
        host.kill()
        host.stdout.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker, signal.SIGKILL)


def _started(pid: int) -> bool:
    """Whether the worker ``pid`` runs the program (its guardian forked: two in its group)."""
    group = [p for p in os.listdir("/proc") if p.isdigit() and _group_of(int(p)) == pid]
    return len(group) >= 2


def _group_of(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[2])
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return None
