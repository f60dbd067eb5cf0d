"""Scripts of the build()/root convention, run in the worker: the graph they build is stepped."""

from pathlib import Path

import pytest

from engine.autograd.value import topological_order
from engine.sources.examples import EXAMPLES
from engine.sources.running import messages
from engine.sources.running.runner import run_program

SCRIPTS = Path(__file__).resolve().parents[4] / "resources" / "examples"


def run_source(tmp_path, source, name="script.py"):
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return run_program(path, timeout=20)


def only_pass(result):
    assert result.ok, result.failure_line()
    (recorded,) = result.recording.passes
    return recorded


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_each_resource_script_builds_the_same_graph_as_the_registry(name):
    recorded = only_pass(run_program(SCRIPTS / f"{name.replace('-', '_')}.py"))
    expected = EXAMPLES[name].build()
    trace = recorded.trace
    assert recorded.loss == expected.root.data
    assert recorded.nodes == len(topological_order(expected.root))
    assert [trace.initial_data[i] for i in trace.params] == [p.data for p in expected.params]
    assert trace.lr == expected.lr


def test_build_may_return_a_root_or_root_params_lr_and_a_root_variable_is_read(tmp_path):
    head = "from engine.autograd.value import Value\n"
    alone = only_pass(run_source(tmp_path, head + "def build():\n    return Value(2.0) * 2\n"))
    assert alone.loss == 4.0 and alone.trace.lr is None
    update = "def build():\n    w = Value(0.5, label='w')\n    return w * 3, [w], 0.1\n"
    updated = only_pass(run_source(tmp_path, head + update))
    assert [updated.trace.names[i] for i in updated.trace.params] == ["w"]
    assert updated.trace.lr == 0.1
    assert only_pass(run_source(tmp_path, head + "root = Value(1.0) + 2\n")).loss == 3.0


def test_a_build_that_raises_names_the_users_line_and_shows_only_their_frames(tmp_path):
    source = "def helper():\n    return 1 / 0\n\ndef build():\n    return helper()\n"
    result = run_source(tmp_path, source)
    assert result.failure.reason == messages.RAISED
    assert result.failure_line() == (
        "script.py raised ZeroDivisionError: division by zero at line 2, in helper"
    )
    assert "engine" not in result.failure.traceback


def test_a_result_that_is_not_a_graph_is_named_as_a_type_error(tmp_path):
    result = run_source(tmp_path, "def build():\n    return [1, 2, 3]\n")
    assert result.failure.reason == messages.RAISED
    assert result.failure.text.startswith(
        "raised TypeError: script.py's result is a list ([1, 2, 3]): expected a Value"
    )
    assert "engine" not in result.failure.traceback


def test_a_syntax_error_is_reported_with_its_line(tmp_path):
    result = run_source(tmp_path, "def build(:\n    pass\n")
    assert result.failure.reason == messages.RAISED and "SyntaxError" in result.failure.text
    assert result.failure.where == "line 1"


def test_a_missing_script_cannot_be_read(tmp_path):
    result = run_program(tmp_path / "nope.py")
    assert result.failure.reason == messages.WORKER and "cannot be read" in result.failure.text


def test_a_script_imports_its_own_sibling_module_with_its_own_value_class(tmp_path):
    own = (
        "class TinyValue:\n"
        "    def __init__(self, data, prev=()):\n"
        "        self.data, self.grad, self._prev = data, 0.0, set(prev)\n"
        "    def _backward(self):\n"
        "        pass\n"
    )
    (tmp_path / "my_tiny_grad.py").write_text(own, encoding="utf-8")
    source = "from my_tiny_grad import TinyValue\nroot = TinyValue(5.0)\n"
    recorded = only_pass(run_source(tmp_path, source))
    assert recorded.loss == 5.0 and recorded.trace.graph.nodes[0].type_name == "TinyValue"
