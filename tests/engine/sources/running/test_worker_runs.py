"""Programs run as written in a worker process: the recording that comes back is their run."""

import json
import threading
from pathlib import Path

import pytest

from engine.sources.running import messages
from engine.sources.running.runner import ProgramRun, run_program
from engine.trace.timeline import Timeline
from tests.engine.sources.program.programs import (
    NEURON,
    lecture_value,
    run_unobserved,
    training_loop,
)
from tests.engine.sources.running.test_notebook import notebook

ROOT = Path(__file__).resolve().parents[4]


def end_grads(recorded):
    """Each node's grad at the end of a recorded pass, by label."""
    tl = Timeline(recorded.trace)
    tl.seek(len(tl))
    return {recorded.trace.names[i]: tl.grad[i] for i in range(len(tl.grad))}


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_notebook(folder, name, *cells):
    return write(folder, name, json.dumps(notebook(*cells)))


def test_a_script_runs_unmodified_and_its_recorded_grads_are_its_own(tmp_path):
    source = lecture_value() + NEURON + "print('w1.grad', w1.grad)\n"
    result = run_program(write(tmp_path, "neuron.py", source))
    assert result.ok, result.failure_line()
    own = {}
    exec(compile(source, "neuron.py", "exec"), own)  # the user's own run, for comparison
    (recorded,) = result.recording.passes
    grads = end_grads(recorded)
    assert grads["w1"] == own["w1"].grad and grads["x1"] == own["x1"].grad
    assert "w1.grad" in result.stdout_tail
    assert recorded.problems == ()


def test_a_training_loop_comes_back_as_one_pass_per_backward_with_its_losses(tmp_path):
    source = lecture_value() + training_loop(5)
    result = run_program(write(tmp_path, "train.py", source))
    own = run_unobserved(source, tmp_path, "alone.py")
    assert result.ok, result.failure_line()
    # Set children iterate in address order, which differs between two processes, so grads
    # can sum in another order: equal up to rounding, as two runs of the user's code are.
    assert result.recording.losses() == pytest.approx(own["losses"], rel=1e-12)
    assert [p.index for p in result.recording.passes] == [1, 2, 3, 4, 5]
    assert all(p.problems == () for p in result.recording.passes)


def test_a_notebook_runs_cell_by_cell_with_missing_plotting_libraries_reported(tmp_path):
    # Whatever this machine has installed, the notebook's folder makes both missing.
    for lib in ("matplotlib", "graphviz"):
        write(tmp_path, f"{lib}.py", f"raise ModuleNotFoundError(\"No module named '{lib}'\")\n")
    path = write_notebook(
        tmp_path,
        "lecture.ipynb",
        "import math\nimport numpy as np\nimport matplotlib.pyplot as plt\n%matplotlib inline",
        "from graphviz import Digraph\n\ndef draw_dot(root):\n    return Digraph()",
        lecture_value(),
        NEURON.replace("o.backward()\n", ""),
        "draw_dot(o)",
        "o.backward()",
        "plt.plot([1, 2])",
        "print('x1.grad', x1.grad)",
    )
    progress = []
    result = run_program(path, on_progress=progress.append)
    assert result.ok, result.failure_line()
    (recorded,) = result.recording.passes
    assert end_grads(recorded)["x1"] == pytest.approx(-1.5)
    assert [(e.cell, e.text) for e in result.cell_errors] == [
        (1, "raised ModuleNotFoundError: No module named 'matplotlib'"),
        (2, "raised ModuleNotFoundError: No module named 'graphviz'"),
        (5, "raised NameError: name 'draw_dot' is not defined"),
        (7, "raised NameError: name 'plt' is not defined"),
    ]
    assert result.cell_errors[2].where == "cell 5, line 1"
    assert "x1.grad -1.49" in result.stdout_tail  # cells after the errors ran
    assert any("%matplotlib inline" in n for n in result.notes)
    assert progress[-1].passes == 1 and progress[-1].cells == 8


def test_a_notebook_training_loop_is_recorded_pass_by_pass(tmp_path):
    path = write_notebook(tmp_path, "train.ipynb", lecture_value(), training_loop(3))
    result = run_program(path)
    assert result.ok and result.passes == 3


def test_a_build_script_without_backward_is_stepped_as_gradstep_replays_it():
    result = run_program(ROOT / "resources" / "examples" / "buggy_backward.py")
    assert result.ok, result.failure_line()
    (recorded,) = result.recording.passes
    assert end_grads(recorded)["a"] == -3.0  # the overwrite the example is there to show
    (node,) = [n for n in recorded.trace.graph.nodes if n.label == "c"]
    assert "BUG: should be +=" in "\n".join(node.backward_code.lines)


def test_a_root_whose_class_has_its_own_backward_runs_that_backward(tmp_path):
    source = lecture_value("forgets the seed") + NEURON.replace("o.backward()\n", "root = o\n")
    result = run_program(write(tmp_path, "rooted.py", source))
    assert result.ok, result.failure_line()
    (recorded,) = result.recording.passes
    assert [p.kind for p in recorded.problems][:1] == ["not_seeded"]


def test_a_script_that_records_nothing_says_so(tmp_path):
    result = run_program(write(tmp_path, "empty.py", "x = 1\n"))
    assert result.failure.reason == messages.NOTHING_RECORDED
    assert "never called backward()" in result.failure_line()


COMPLEX_ROOT = """
a = Value(-6.0, label='a')
r = a ** 0.5; r.label = 'r'  # Python gives a complex number, not an error
r.backward()
"""


def test_a_backward_on_a_value_with_complex_data_says_why_it_was_not_recorded(tmp_path):
    result = run_program(write(tmp_path, "root.py", lecture_value() + COMPLEX_ROOT))
    assert result.failure.reason == messages.NOTHING_RECORDED
    line = result.failure_line()
    assert "backward() on a Value was not recorded: its .data is (" in line
    assert "a complex, not a real number" in line and "never called backward()" not in line


def test_a_run_reports_progress_and_finishes_without_blocking_the_caller(tmp_path):
    path = write(tmp_path, "train.py", lecture_value() + training_loop(3))
    finished = threading.Event()
    progress = []
    run = ProgramRun(path, on_progress=progress.append, on_finished=lambda _r: finished.set())
    run.start()
    assert run.running or finished.is_set()
    assert finished.wait(60)
    assert not run.running and run.result.passes == 3
    assert [p.passes for p in progress if p.text.startswith("pass")] == [1, 2, 3]
