"""Records a launch imports (ops, groups, code views, examples...): frozen values, made cheaply."""

import copy
import dataclasses
import pickle

import pytest

from engine.autograd.frozen_record import replaced
from engine.autograd.op_rule import ADD
from engine.autograd.ops import TABLE, OpCall
from engine.drawing.grouping import Group
from engine.drawing.layout import layout_graph
from engine.drawing.node_sizes import NodeSizes
from engine.explain.code_source import CodeView
from engine.explain.gradcheck import GradCheckRow
from engine.explain.numeric_check import NodeCheck
from engine.sources.built import BuiltGraph, GraphSource
from engine.sources.examples import EXAMPLES, get_example
from engine.trace.trace import record
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
    GraphSource("example", "neuron", "A neuron"),
    BuiltGraph(1.0, (), 0.1, "a note"),
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


def test_replaced_copies_a_record_with_some_fields_changed_checked_by_its_init():
    source = GraphSource("example", "neuron", "A neuron")
    built = BuiltGraph(1.0, source=source)
    moved = replaced(built, source=replaced(source, title="Renamed"), note="n")
    assert (moved.source.title, moved.source.ref, moved.note, moved.root) == (
        "Renamed",
        "neuron",
        "n",
        1.0,
    )
    assert built.source.title == "A neuron"  # the original is as it was
    with pytest.raises(ValueError, match="unknown source kind"):
        replaced(source, kind="nonsense")
    with pytest.raises(TypeError, match="no field colour"):
        replaced(source, colour="red")


def test_a_layout_of_arrays_is_compared_by_identity_as_its_dataclass_was():
    built = get_example("neuron").build()
    drawn = layout_graph(record(built.root).graph)
    again = replaced(drawn)
    assert drawn in [drawn]
    assert again != drawn  # the same arrays, another layout: no element-wise compare
    assert len({drawn, again}) == 2
    assert again.x is drawn.x


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


def test_a_graph_is_frozen_compared_by_identity_and_keeps_its_cached_names():
    graph = record(get_example("neuron").build().root).graph
    assert not dataclasses.is_dataclass(graph)
    with pytest.raises(dataclasses.FrozenInstanceError):
        graph.root = 0
    assert graph.names is graph.names  # computed once, kept in the instance
    same = type(graph)(graph.nodes, graph.children, graph.ops, graph.labels, graph.root)
    assert same != graph
    assert len({graph, same}) == 2
    assert repr(same).startswith("Graph(nodes=(")
    assert pickle.loads(pickle.dumps(graph)).names == graph.names
