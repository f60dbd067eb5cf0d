"""Loading a user's script: the build() / root convention, its errors, and the deadline."""

import signal
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from engine.autograd.value import Value, topological_order
from engine.sources.built import BuiltGraph
from engine.sources.examples import EXAMPLES
from engine.sources.script_loader import ScriptError, load_script

SCRIPTS = Path(__file__).resolve().parents[3] / "resources" / "examples"


def write(tmp_path: Path, source: str, name: str = "script.py") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def error_of(path: Path, timeout: float = 5.0) -> ScriptError:
    with pytest.raises(ScriptError) as info:
        load_script(path, timeout=timeout)
    return info.value


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_each_resource_script_builds_the_same_graph_as_the_registry(name):
    built = load_script(SCRIPTS / f"{name.replace('-', '_')}.py")
    expected = EXAMPLES[name].build()
    assert built.root.data == expected.root.data
    assert len(topological_order(built.root)) == len(topological_order(expected.root))
    assert [p.data for p in built.params] == [p.data for p in expected.params]
    assert built.lr == expected.lr


def test_buggy_backward_script_reproduces_its_bug_with_its_own_value_class():
    built = load_script(SCRIPTS / "buggy_backward.py")
    assert type(built.root).__name__ == "Value" and not isinstance(built.root, Value)
    assert built.root.data == -4.0
    topo, seen = [], set()

    def build_topo(v):  # micrograd's own backward, with the script's closures
        if v not in seen:
            seen.add(v)
            for child in v._prev:
                build_topo(child)
            topo.append(v)

    build_topo(built.root)
    built.root.grad = 1.0
    for node in reversed(topo):
        node._backward()
    (a,) = [v for v in topo if v.label == "a"]
    assert a.grad == -3.0  # the correct gradient is b + 1 = -2.0


def test_build_function_returning_a_value(tmp_path):
    path = write(tmp_path, """
        from engine.autograd.value import Value
        def build():
            x = Value(2.0, label="x")
            return x * x
    """)  # fmt: skip
    built = load_script(path)
    assert built.root.data == 4.0
    assert built.params == () and built.lr is None


def test_module_level_root_variable(tmp_path):
    path = write(tmp_path, "from engine.autograd.value import Value\nroot = Value(1.0) + 2\n")
    assert load_script(path).root.data == 3.0


def test_build_returning_root_params_lr(tmp_path):
    path = write(tmp_path, """
        from engine.autograd.value import Value
        def build():
            w = Value(0.5, label="w")
            return w * 3, [w], 0.1
    """)  # fmt: skip
    built = load_script(path)
    assert [p.label for p in built.params] == ["w"]
    assert built.lr == 0.1


def test_build_returning_a_built_keeps_its_note(tmp_path):
    path = write(tmp_path, """
        from engine.sources.built import BuiltGraph
        from engine.autograd.value import Value
        def build():
            return BuiltGraph(Value(1.0), note="hello")
    """)  # fmt: skip
    assert load_script(path).note == "hello"


def test_script_that_raises_gives_its_traceback_without_loader_frames(tmp_path):
    path = write(tmp_path, """
        def helper():
            return 1 / 0
        def build():
            return helper()
    """)  # fmt: skip
    error = error_of(path)
    assert "ZeroDivisionError" in error.message
    assert f'File "{path}", line 3, in helper' in error.traceback_text
    assert "script_loader.py" not in error.traceback_text


def test_syntax_error_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, "def build(:\n    pass\n")
    error = error_of(path)
    assert "syntax error" in error.message
    assert "line 1" in error.traceback_text


def test_sys_exit_in_a_script_does_not_exit(tmp_path):
    path = write(tmp_path, "import sys\nsys.exit(3)\n")
    assert "SystemExit" in error_of(path).message


def test_result_that_is_not_a_value_is_named(tmp_path):
    path = write(tmp_path, "def build():\n    return [1, 2, 3]\n")
    error = error_of(path)
    assert "is a list ([1, 2, 3])" in error.message
    assert "expected a Value" in error.message


def test_bad_params_and_lr_are_named(tmp_path):
    bad_param = write(
        tmp_path, "from engine.autograd.value import Value\nroot = (Value(1.0), [2.0], 0.1)\n"
    )
    assert "params[0] is a float" in error_of(bad_param).message
    bad_lr = write(
        tmp_path, "from engine.autograd.value import Value\nroot = (Value(1.0), [], 'x')\n"
    )
    assert "lr is a str" in error_of(bad_lr).message


def test_script_without_build_or_root_says_what_to_add(tmp_path):
    path = write(tmp_path, "x = 1\n")
    assert "neither a function build() nor a variable named root" in error_of(path).message


def test_missing_file_is_a_script_error(tmp_path):
    assert "Cannot read" in error_of(tmp_path / "nope.py").message


def test_endless_loop_is_stopped_on_the_main_thread(tmp_path):
    path = write(tmp_path, """
        def build():
            while True:
                try:
                    pass
                except Exception:
                    pass
    """)  # fmt: skip
    start = time.monotonic()
    error = error_of(path, timeout=0.3)
    assert time.monotonic() - start < 3
    assert "still running after 0.3 s" in error.message
    assert f'File "{path}"' in error.traceback_text
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_endless_loop_is_stopped_on_a_worker_thread(tmp_path):
    path = write(tmp_path, "x = 0\nwhile True:\n    x += 1\n")
    errors = []
    previous_trace = sys.gettrace()

    def load():
        try:
            load_script(path, timeout=0.3)
        except ScriptError as exc:
            errors.append(exc)

    worker = threading.Thread(target=load)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert "still running" in errors[0].message
    assert sys.gettrace() is previous_trace


def test_script_imports_its_own_sibling_module_and_forgets_it_afterwards(tmp_path):
    write(tmp_path, """
        class Value:
            def __init__(self, data):
                self.data, self.grad, self._prev = data, 0.0, set()
            def _backward(self):
                pass
    """, name="my_tiny_grad.py")  # fmt: skip
    path = write(tmp_path, "from my_tiny_grad import Value\nroot = Value(5.0)\n")
    path_before = list(sys.path)
    built = load_script(path)
    assert built.root.data == 5.0
    assert "my_tiny_grad" not in sys.modules
    assert sys.path == path_before
    assert isinstance(built, BuiltGraph)
