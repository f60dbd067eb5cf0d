"""Programs that loop, exit, crash, fork or eat memory: each is a message, and the caller lives.

Every test runs a real worker process; the test process itself is the caller that survives.
"""

import os
import time

import pytest

from engine.sources.running import messages
from engine.sources.running.runner import ProgramRun, run_program
from tests.engine.sources.program.programs import NEURON, lecture_value, training_loop

DEADLINE = 2.0  # seconds; short, so the endless cases end quickly


def run_source(tmp_path, source, name="program.py", **options):
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return run_program(path, **options)


def backward_that(statement):
    """The lecture's Value, with ``statement`` put first in the ``+`` node's _backward."""
    old = "        def _backward():\n            self.grad += 1.0 * out.grad\n"
    new = f"        def _backward():\n            {statement}\n            self.grad += 1.0 * out.grad\n"
    assert old in lecture_value()
    return lecture_value().replace(old, new, 1) + NEURON


def test_an_endless_loop_in_the_script_is_stopped_at_the_deadline_naming_its_line(tmp_path):
    start = time.monotonic()
    result = run_source(tmp_path, "n = 0\nwhile True:\n    n += 1\n", timeout=DEADLINE)
    assert time.monotonic() - start < DEADLINE + 5
    assert result.failure.reason == messages.TIMEOUT
    assert result.failure_line().startswith(f"program.py was still running after {DEADLINE:g} s")
    assert result.failure.where in ("line 2", "line 3")


def test_an_endless_loop_in_a_backward_is_stopped_and_the_passes_before_kept(tmp_path):
    source = backward_that("while True: pass").replace("o.backward()", "o.backward()", 1)
    source = lecture_value() + training_loop(2) + "\n" + source.split("import math", 1)[1]
    result = run_source(tmp_path, "import math" + source, timeout=DEADLINE + 2)
    assert result.failure.reason == messages.TIMEOUT
    assert result.failure.where.endswith("in _backward")
    assert result.passes >= 2  # the training loop's passes, made before the loop hung


def test_the_deadline_holds_where_no_signal_reaches_and_the_line_is_still_named(tmp_path):
    result = run_source(tmp_path, "x = 1\ny = sum(range(10**13))\n", timeout=1.0)
    assert result.failure.reason == messages.TIMEOUT
    assert "was killed" in result.failure.text and result.failure.where == "line 2"


@pytest.mark.parametrize(
    ("statement", "reason", "text"),
    [
        ("breakpoint()", messages.BREAKPOINT, "called breakpoint()"),
        ("input('lr? ')", messages.NO_INPUT, "called input(), but there is no terminal"),
        ("import os; os._exit(3)", messages.EXITED, "called os._exit(3)"),
        ("import sys; sys.exit(4)", messages.EXITED, "called sys.exit(4)"),
    ],
)
def test_a_call_that_would_hang_or_kill_the_worker_is_a_message_in_script_and_backward(
    tmp_path, statement, reason, text
):
    in_script = run_source(tmp_path, f"x = 1\n{statement}\n", timeout=10)
    assert in_script.failure.reason == reason
    assert in_script.failure_line() == f"program.py {in_script.failure.text} at line 2"
    assert text in in_script.failure.text
    in_backward = run_source(tmp_path, backward_that(statement), "deep.py", timeout=10)
    assert in_backward.failure.reason == reason
    assert in_backward.failure.where.endswith(", in _backward")
    assert in_backward.recording is not None  # the worker lived to write what it had


def test_a_segfault_is_a_crash_message_with_its_line(tmp_path):
    result = run_source(tmp_path, "import ctypes\nprint('ok')\nctypes.string_at(0)\n")
    assert result.failure.reason == messages.CRASHED
    assert result.failure_line() == ("program.py crashed: segmentation fault (SIGSEGV) at line 3")
    assert result.recording is None and "ok" in result.stdout_tail


def test_a_fork_and_a_thread_that_never_end_do_not_outlive_the_recording(tmp_path):
    pid_file = tmp_path / "child.pid"
    source = (
        "import os, threading, time\n"
        "threading.Thread(target=lambda: time.sleep(3600)).start()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        f"    open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "    while True:\n"
        "        time.sleep(0.05)\n" + lecture_value().split("import math", 1)[1] + NEURON
    )
    start = time.monotonic()
    result = run_source(tmp_path, "import math\n" + source, timeout=20)
    assert time.monotonic() - start < 10
    assert result.ok and result.passes == 1
    for _ in range(50):  # the child is killed with the group; give the kernel a moment
        if pid_file.exists() and not _alive(int(pid_file.read_text() or 0)):
            break
        time.sleep(0.1)
    assert pid_file.exists() and not _alive(int(pid_file.read_text()))


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_two_gigabytes_of_memory_is_a_message_not_a_dead_machine(tmp_path):
    result = run_source(tmp_path, "x = 1\nbig = bytearray(2 * 1024**3)\n")
    assert result.failure.reason == messages.MEMORY
    assert result.failure_line() == "program.py ran out of memory (the limit is 2,048 MB) at line 2"


def test_memory_that_grows_step_by_step_is_stopped_at_the_limit(tmp_path):
    source = "chunks = []\nwhile True:\n    chunks.append(bytearray(10**6))\n"
    result = run_source(tmp_path, source, memory_limit_mb=300, timeout=30)
    assert result.failure.reason == messages.MEMORY and result.failure.where == "line 3"


def test_cancel_stops_a_running_program_soon_and_keeps_its_passes(tmp_path):
    path = tmp_path / "long.py"
    path.write_text(lecture_value() + training_loop(10_000), encoding="utf-8")
    passes = []
    run = ProgramRun(path, timeout=60, on_progress=lambda p: passes.append(p.passes))
    run.start()
    deadline = time.monotonic() + 30
    while max(passes, default=0) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    cancelled_at = time.monotonic()
    run.cancel()
    result = run.wait(30)
    assert result is not None and time.monotonic() - cancelled_at < 5
    assert result.failure.reason == messages.CANCELLED
    assert result.failure_line().startswith("long.py was cancelled at line")
    assert result.passes >= 2


def test_a_script_that_raises_names_the_exception_and_line(tmp_path):
    result = run_source(tmp_path, "def f():\n    return 1 / 0\n\nf()\n")
    assert result.failure_line() == (
        "program.py raised ZeroDivisionError: division by zero at line 2, in f"
    )
    assert "ZeroDivisionError" in result.failure.traceback
    assert "engine" not in result.failure.traceback  # only the user's frames are shown
