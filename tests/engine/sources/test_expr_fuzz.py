"""Fuzzing the expression parser: any text gives a graph or an ExpressionError, never runs code."""

import math
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.sources.expr import build_expression
from engine.sources.expr_errors import ExpressionError

_WATCHING: list[list[str]] = []
# Audit events that mean Python code was compiled to run, imported or a process/file touched.
_FORBIDDEN_EVENTS = ("exec", "import", "os.system", "subprocess.Popen", "open", "os.exec")


def _audit(event: str, args: tuple) -> None:
    # CPython's parser tries to open the pseudo file "<unknown>" to quote a syntax error's line.
    pseudo_file = event == "open" and str(args[0]).startswith("<")
    if _WATCHING and event.startswith(_FORBIDDEN_EVENTS) and not pseudo_file:
        _WATCHING[-1].append(event)


sys.addaudithook(_audit)  # hooks cannot be removed; it records only while a test watches


def build_watched(text: str) -> list[str]:
    """Build ``text`` and return the forbidden audit events raised while doing it."""
    events: list[str] = []
    _WATCHING.append(events)
    try:
        build_expression(text)
    except ExpressionError:
        pass
    finally:
        _WATCHING.pop()
    return events


TOKENS = st.sampled_from(
    [
        "x", "y", "w1", "b", "tanh", "exp", "log", "relu", "sigmoid", "__import__", "os",
        "eval", "exec", "open", "lambda", "for", "in", "if", "import", "0", "1", "2.5", "-3",
        "1e308", "1e400", "1000", "0.0", "+", "-", "*", "/", "**", "//", "%", "@", "(", ")",
        "[", "]", "{", "}", ",", ".", ":", ";", "=", "==", "\n", " ", "'s'", "#", "\\", "\t",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_random_text_raises_only_expression_error(text):
    try:
        build_expression(text)
    except ExpressionError as error:
        assert 0 <= error.start <= error.end <= len(text)
        assert error.line >= 1 and error.column >= 1


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, max_size=30).map("".join))
def test_token_soup_raises_only_expression_error_and_runs_nothing(text):
    assert build_watched(text) == []


def test_audit_watch_would_notice_code_execution():
    events: list[str] = []
    _WATCHING.append(events)
    try:
        eval("1")
    finally:
        _WATCHING.pop()
    assert "exec" in events


def test_dangerous_programs_run_nothing():
    for text in (
        "__import__('os').system('echo hacked')",
        "open('/etc/passwd')",
        "eval('1')",
        "exec('import os')",
        "().__class__.__base__.__subclasses__()",
        "import os",
    ):
        assert build_watched(text) == []
        with pytest.raises(ExpressionError):
            build_expression(text)


# Random well-formed programs: the built root equals the same arithmetic done with floats.
LEAVES = st.sampled_from(["a", "b", "2", "0.5"])


def expressions(depth: int) -> st.SearchStrategy[str]:
    """Random expressions over a=1.5, b=-0.25 using every operator and function."""
    if depth == 0:
        return LEAVES
    sub = expressions(depth - 1)
    return st.one_of(
        LEAVES,
        st.tuples(sub, st.sampled_from(["+", "-", "*"]), sub).map(
            lambda t: f"({t[0]}{t[1]}{t[2]})"
        ),
        st.tuples(st.sampled_from(["tanh", "sigmoid", "relu"]), sub).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        sub.map(lambda s: f"-({s})"),
        sub.map(lambda s: f"({s})**2"),
    )


def reference(text: str) -> float:
    """The float value of a generated expression, by Python on plain floats (test only)."""
    functions = {
        "tanh": math.tanh,
        "sigmoid": lambda v: 1 / (1 + math.exp(-v)),
        "relu": lambda v: max(v, 0.0),
    }
    return eval(text, {"__builtins__": {}}, {"a": 1.5, "b": -0.25, **functions})


@settings(max_examples=150, deadline=None)
@given(expressions(4))
def test_generated_programs_compute_what_python_computes(text):
    built = build_expression(f"a = 1.5; b = -0.25; out = {text}")
    assert built.root.data == pytest.approx(reference(text), rel=1e-12, abs=1e-12)
