"""Records a launch imports (ops, groups, code views, examples...): frozen values, made cheaply."""

import copy
import dataclasses

import pytest

from engine.autograd.op_rule import ADD
from engine.autograd.ops import TABLE, OpCall
from engine.drawing.grouping import Group
from engine.drawing.node_sizes import NodeSizes
from engine.explain.code_source import CodeView
from engine.explain.gradcheck import GradCheckRow
from engine.explain.numeric_check import NodeCheck
from engine.sources.examples import EXAMPLES
from engine.training.setups import SETUPS
from tests.fresh_python import run_python

RECORDS = [
    ADD,
    TABLE[0],
    OpCall(TABLE[0], ADD),
    Group("sum", "s", (1, 2), 2),
    NodeSizes((40.0,), (20.0,)),
    CodeView("t", ("a = 1",), (0,)),
    GradCheckRow(3, "a", 1.0, 1.0, 0.0, True),
    NodeCheck(1.0, 1.0, True, "ok"),
    next(iter(EXAMPLES.values())),
    next(iter(SETUPS.values())),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_a_record_is_a_frozen_value_shown_as_its_dataclass_was(record):
    assert not dataclasses.is_dataclass(record)  # no methods compiled at import
    assert copy.copy(record) is not record
    if type(record).__name__ != "TrainingSetup":  # its arrays compare element by element
        assert copy.copy(record) == record
        assert hash(copy.copy(record)) == hash(record)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.name = "other"
    assert not hasattr(record, "__dict__")
    first = type(record).__slots__[0]
    assert repr(record).startswith(f"{type(record).__name__}({first}={getattr(record, first)!r}, ")


def test_records_with_other_fields_differ_and_defaults_fill_the_rest():
    assert Group("sum", "s", (1, 2), 2) != Group("sum", "s", (1, 2), 1)
    assert CodeView("t", ("a",)) == CodeView("t", ("a",), (), "")
    assert NodeSizes((1.0,), (2.0,)).row == NodeSizes((1.0,), (2.0,), row=60.0).row
    assert (
        repr(CodeView("t", ("a",))) == "CodeView(title='t', lines=('a',), highlight=(), where='')"
    )
    assert OpCall(TABLE[0], ADD).k is None
    assert {Group("l2", "x", (), 0), Group("l2", "x", (), 0)} == {Group("l2", "x", (), 0)}


#: Imports the op table in a fresh interpreter, counting code made from a string and run by
#: exec (what dataclass() does for each method of each class it makes).
COMPILED_AT_IMPORT = """
import sys, dataclasses, operator, typing, numpy
made = []
def watch(event, args):
    if event == "exec" and getattr(args[0], "co_filename", "") == "<string>":
        made.append(args[0])
sys.addaudithook(watch)
import engine.autograd.ops
print(len(made))
"""


def test_importing_the_op_table_compiles_no_code():
    # Every launch imports it: as three dataclasses, 18 methods compiled from generated source
    assert run_python(COMPILED_AT_IMPORT).split() == ["0"]
