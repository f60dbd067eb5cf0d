"""The code panel reads a function's source as inspect does, without inspect's module walk."""

import inspect
import linecache
import types

import pytest

from engine.autograd import ops, value
from engine.explain import code_source
from engine.explain.code_source import _source_lines


def nested_codes(code: types.CodeType):
    """``code`` and every code object defined inside it (closures such as ``_backward``)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from nested_codes(const)


def module_codes(module) -> list[types.CodeType]:
    """Every function's code in ``module``, methods and their closures included."""
    codes = []
    for obj in vars(module).values():
        members = vars(obj).values() if isinstance(obj, type) else [obj]
        for member in members:
            fn = getattr(member, "__func__", member)
            if isinstance(fn, types.FunctionType) and fn.__module__ == module.__name__:
                codes.extend(nested_codes(fn.__code__))
    return codes


def outcome(read, code: types.CodeType):
    """What ``read(code)`` returns, or the type of error it raises (no source: OSError)."""
    try:
        return read(code)
    except (OSError, TypeError) as exc:
        return type(exc)


@pytest.mark.parametrize("module", [value, ops, code_source])
def test_every_function_and_closure_reads_as_inspect_reads_it(module):
    codes = module_codes(module)
    assert len(codes) >= 10  # ops.py: 10 since its records have no __init__ of their own
    for code in codes:
        mine, theirs = outcome(_source_lines, code), outcome(inspect.getsourcelines, code)
        assert mine == theirs, code.co_name


def test_a_lambda_a_decorated_function_and_text_known_only_to_linecache():
    def decorate(fn):
        return fn

    @decorate
    def decorated(x):
        return x * 2

    twice = lambda x: x * 2  # noqa: E731 - the lambda is the point
    for fn in (decorated, twice):
        assert _source_lines(fn.__code__) == inspect.getsourcelines(fn.__code__)
    text = "def made(x):\n    y = x + 1\n    return y\n"
    name = "<gradstep-test-made>"
    linecache.cache[name] = (len(text), None, text.splitlines(True), name)
    namespace = {}
    exec(compile(text, name, "exec"), namespace)
    assert _source_lines(namespace["made"].__code__) == (text.splitlines(True), 1)
