"""The trace's records (events, recorded code): frozen values, made cheaply at import."""

import copy
import inspect
import pickle
from dataclasses import FrozenInstanceError

import pytest

from engine.trace.events import (
    BACKWARD,
    FORWARD,
    TOPO,
    UPDATE,
    BackwardStep,
    Create,
    GradWrite,
    ParamUpdate,
    SeedGrad,
    TopoAppend,
    TopoEnter,
    TopoSkip,
    ZeroGrad,
)
from engine.trace.recorded import RecordedNode, SourceText, UserCode
from tests.fresh_python import WATCH_COMPILED, run_python

ONE_OF_EACH = [
    GradWrite(1, None, 2.0),
    Create(0, 1.5, "a = 1.5"),
    TopoEnter(2, None, "enter"),
    TopoSkip(3, 1),
    TopoAppend(4, 0, "append"),
    ZeroGrad(5, None, "zero"),
    SeedGrad(6, 0.0),
    BackwardStep(7, "+", (GradWrite(1, None, 2.0),), (GradWrite(7, 1.0, 1.0),), "t", ("l",)),
    ParamUpdate(8, 1.0, 0.9, 0.1, 0.1, "update"),
]


@pytest.mark.parametrize("event", ONE_OF_EACH, ids=lambda e: type(e).__name__)
def test_an_event_is_a_frozen_value_that_copies_and_pickles_equal(event):
    assert copy.copy(event) == event
    assert pickle.loads(pickle.dumps(event)) == event
    assert hash(copy.deepcopy(event)) == hash(event)
    with pytest.raises(FrozenInstanceError):
        event.before = 0.0
    with pytest.raises(FrozenInstanceError):
        del event.text
    assert not hasattr(event, "__dict__")  # slots: a long trace's events stay small


def test_events_compare_by_their_numbers_not_their_text():
    assert Create(0, 1.0, "a = 1.0") == Create(0, 1.0, "a=1")
    assert hash(Create(0, 1.0, "a = 1.0")) == hash(Create(0, 1.0, ""))
    assert BackwardStep(1, "*", (), text="x", lines=("y",)) == BackwardStep(1, "*", ())
    assert Create(0, 1.0) != Create(0, 2.0)
    assert TopoEnter(0, 1) != TopoSkip(0, 1)  # same fields, another kind of step
    assert ParamUpdate(1, 1.0, 0.9, 0.1, 0.1) != ParamUpdate(1, 1.0, 0.9, 0.1, 0.2)
    nan = float("nan")
    assert Create(0, nan) == Create(0, nan)  # the same float object, as tuples compare it


def test_an_event_shows_every_field_by_name_and_knows_its_phase():
    assert repr(Create(0, 1.5, "t")) == "Create(node=0, data=1.5, text='t')"
    assert repr(GradWrite(1, None, 2.0)) == "GradWrite(child=1, before=None, after=2.0)"
    assert repr(BackwardStep(7, "+", ())) == (
        "BackwardStep(node=7, op='+', writes=(), stray=(), text='', lines=())"
    )
    assert [type(e).phase for e in ONE_OF_EACH[1:]] == [FORWARD] + [TOPO] * 3 + [BACKWARD] * 3 + [
        UPDATE
    ]
    assert Create.__match_args__ == ("node", "data", "text")


def test_an_event_names_the_nodes_it_changes():
    writes = (GradWrite(2, None, 1.0), GradWrite(3, None, 1.0), GradWrite(2, 1.0, 2.0))
    assert BackwardStep(1, "+", writes, (GradWrite(1, 1.0, 0.0),)).changed == (2, 3, 1)
    assert TopoSkip(4, 1).changed == ()
    assert TopoEnter(4, 1).changed == (4,)


def test_recorded_code_is_frozen_and_a_recorded_node_is_compared_by_identity():
    code = UserCode(SourceText("backward", ("def backward(self):",), "engine.py:9"))
    assert pickle.loads(pickle.dumps(code)) == code
    assert code == UserCode(SourceText("backward", ("def backward(self):",), "engine.py:9"))
    with pytest.raises(FrozenInstanceError):
        code.backward.where = ""
    node = RecordedNode("a", "+", 1.0)
    node.grad = 2.0  # the pass's end writes it
    assert node != RecordedNode("a", "+", 1.0, 2.0)
    assert repr(node) == (
        "RecordedNode(label='a', _op='+', data=1.0, grad=2.0, type_name='Value', "
        "forward_code=None, backward_code=None)"
    )


#: Imports what the record modules need, then them, counting the code made from a string and run
#: by exec on the way (what dataclass() does for each method of each class it makes); the
#: modules' own code, run by the import system, comes from files.
COMPILED_AT_IMPORT = (
    "import dataclasses, operator, typing"
    + WATCH_COMPILED
    + "import engine.trace.events, engine.trace.recorded\nprint(len(made))"
)


def test_importing_the_trace_records_compiles_no_code():
    # A launch imports them: as twelve dataclasses, 44 M instructions of generated source
    assert run_python(COMPILED_AT_IMPORT).split() == ["0"]


def test_events_keep_their_own_init_and_recorded_code_takes_its_fields():
    # made per step of a trace: a hand-written __init__, not the generic one of a record
    assert Create.__init__.__module__ == "engine.trace.events"
    assert (
        str(inspect.signature(Create)) == "(node: 'int', data: 'float', text: 'str' = '') -> 'None'"
    )
    assert Create(node=1, data=2.0) == Create(1, 2.0, "other text")
    assert str(inspect.signature(SourceText)) == "(name, lines, where='')"
    assert UserCode(topo_list="topo") == UserCode(None, None, "topo", "", None)
    with pytest.raises(TypeError, match=r"SourceText.__init__\(\) missing 1 required .*: 'lines'"):
        SourceText("backward")
