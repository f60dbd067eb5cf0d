"""A script's result as a graph to step: what is accepted, and what each refusal names."""

import pytest

from engine.autograd.value import Value
from engine.sources.built import BuildResultError, BuiltGraph, GraphSource, as_built, is_value_like

SOURCE = GraphSource("script", "/tmp/script.py", "script.py")


class OwnValue:
    """A user's own micrograd-style Value: only the attributes gradstep reads."""

    def __init__(self, data, prev=()):
        self.data, self.grad, self._prev = data, 0.0, set(prev)

    def _backward(self):
        pass


def refusal(result):
    with pytest.raises(BuildResultError) as info:
        as_built(result, SOURCE)
    return str(info.value)


def test_a_value_a_users_own_value_and_a_number_are_told_apart():
    assert is_value_like(Value(1.0)) and is_value_like(OwnValue(2))
    assert not is_value_like(1.0) and not is_value_like(OwnValue(True))
    half = OwnValue(1.0)
    half._backward = None  # not callable: not a Value
    assert not is_value_like(half)


def test_a_root_alone_is_a_graph_without_an_update():
    root = Value(2.0) * 2
    built = as_built(root, SOURCE)
    assert built.root is root and built.params == () and built.lr is None
    assert built.source == SOURCE


def test_root_params_lr_become_the_update():
    w = OwnValue(0.5)
    built = as_built((OwnValue(1.5, (w,)), [w], 1), SOURCE)
    assert built.params == (w,) and built.lr == 1.0 and isinstance(built.lr, float)


def test_a_built_graph_keeps_its_note_and_takes_the_scripts_source():
    built = as_built(BuiltGraph(Value(1.0), note="hello"), SOURCE)
    assert built.note == "hello" and built.source == SOURCE


def test_a_result_that_is_not_a_value_is_named():
    text = refusal([1, 2, 3])
    assert "script.py's result is a list ([1, 2, 3])" in text and "expected a Value" in text
    assert "is a str ('" + "x" * 56 + "...)" in refusal("x" * 100)  # a long repr is cut


def test_bad_params_and_lr_are_named():
    assert "params[0] is a float (2.0), not a Value" in refusal((Value(1.0), [2.0], 0.1))
    assert "params is an int (3), not a list" in refusal((Value(1.0), 3, 0.1))
    assert "lr is a str ('x'), not a number" in refusal((Value(1.0), [], "x"))
    assert "lr is a bool" in refusal((Value(1.0), [], True))
    assert "params are given without a learning rate" in refusal((Value(1.0), [Value(2.0)], None))
