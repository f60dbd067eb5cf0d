"""Records a launch imports (ops, groups, code views, examples...): frozen values, made cheaply."""

import copy
import dataclasses
import functools
import inspect
import pickle
import weakref
from typing import ClassVar

import pytest

from engine.autograd.frozen_record import FrozenRecord, replaced
from engine.autograd.op_rule import ADD
from engine.autograd.ops import TABLE, OpCall
from engine.drawing.grouping import Group
from engine.drawing.layout import layout_graph
from engine.drawing.node_sizes import NodeSizes
from engine.explain.code_source import CodeView
from engine.explain.gradcheck import GradCheck, GradCheckRow
from engine.explain.numeric_check import NodeCheck
from engine.sources.built import BuiltGraph, GraphSource
from engine.sources.examples import EXAMPLES, get_example
from engine.trace.trace import record
from engine.training.setups import SETUPS
from tests.fresh_python import WATCH_COMPILED, run_python

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
COMPILED_AT_IMPORT = (
    "import dataclasses, operator, typing, numpy"
    + WATCH_COMPILED
    + "import engine.autograd.ops\nprint(len(made))"
)


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


#: Imports the trace and the gradient check (every launch does) in a fresh interpreter, their
#: own imports first, counting code made from a string and run by exec.
TRACE_AND_CHECK_COMPILED = (
    "import engine.autograd.graph, engine.trace.recorder, engine.trace.events, "
    "engine.trace.recorded, engine.trace.event_text, engine.explain.nudging, engine.explain.rerun"
    + WATCH_COMPILED
    + "import engine.trace.trace, engine.explain.gradcheck\nprint(len(made))"
)


def test_importing_the_trace_and_the_gradient_check_compiles_no_code():
    # As two dataclasses, 9 methods compiled from generated source (~1.7 ms a launch)
    assert run_python(TRACE_AND_CHECK_COMPILED).split() == ["0"]


def test_a_trace_is_frozen_compared_by_identity_and_copied_with_its_fields_changed():
    trace = record(get_example("neuron").build().root)
    assert not dataclasses.is_dataclass(trace)
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.lr = 0.1
    assert trace.names is trace.names  # computed once, kept in the instance
    again = replaced(trace, warnings=("w",))
    assert again != trace
    assert (again.kind, again.warnings, again.user_code) == (trace.kind, ("w",), None)
    assert repr(trace).startswith("Trace(graph=Graph(") and "kind=" not in repr(trace)
    assert pickle.loads(pickle.dumps(trace)).names == trace.names


def test_a_gradient_check_is_frozen_and_compared_by_its_fields():
    graph = record(get_example("neuron").build().root).graph
    row = GradCheckRow(0, "x1", 1.0, 1.0, 0.0, True)
    check = GradCheck(graph, (row,), 1e-6)
    assert not dataclasses.is_dataclass(check)
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.h = 0.1
    assert check == GradCheck(graph, (row,), 1e-6)
    assert len({check, GradCheck(graph, (row,), 1e-6)}) == 1
    assert check != GradCheck(graph, (row,), 1e-5)
    assert check.row(0) is row
    assert repr(check).startswith("GradCheck(graph=Graph(") and repr(check).endswith("h=1e-06)")


#: Declares a record in a fresh interpreter, makes it every way and reads its signature, counting
#: code made from a string and run by exec (the modules around the records make some of their own:
#: namedtuples, the trace's dataclasses).
RECORD_DECLARED = (
    "import inspect\nfrom engine.autograd.frozen_record import FrozenRecord, replaced"
    + WATCH_COMPILED
    + """
class Record(FrozenRecord):
    a: int
    b: str = "b"
    c: float = 1.0
record = replaced(Record(1, c=2.0), b="x")
print(len(made), record, inspect.signature(Record))
"""
)


def test_declaring_and_making_a_record_compiles_no_code():
    assert run_python(RECORD_DECLARED).split(maxsplit=1) == [
        "0",
        "Record(a=1, b='x', c=2.0) (a, b='b', c=1.0)\n",
    ]


class Point(FrozenRecord, compared=("x",)):
    """A record for the tests: two fields, one with a default, one compared."""

    x: int
    y: str = "y"  # a default, as a dataclass field's
    unit: ClassVar[str] = "px"  # not a field

    def __post_init__(self) -> None:
        if self.x < 0:
            raise ValueError("x < 0")


@dataclasses.dataclass(frozen=True)
class PointDataclass:
    """The dataclass Point stands for: its errors are the ones Point raises."""

    x: int
    y: str = "y"


def test_a_record_declared_by_its_fields_takes_them_as_a_dataclass_does():
    assert Point.__slots__ == ("x", "y")
    assert str(inspect.signature(Point)) == "(x, y='y')"
    assert Point(1) == Point(1, "y") == Point(x=1) == Point(1, y="y") == Point(y="y", x=1)
    assert Point(1, "a") == Point(1, "b")  # one compared field, as a tuple of one
    assert hash(Point(1, "a")) == hash((1,))
    assert repr(Point(2, y="b")) == "Point(x=2, y='b')"
    assert Point.unit == "px"
    assert pickle.loads(pickle.dumps(Point(3, "c"))).y == "c"
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(1).x = 2
    with pytest.raises(ValueError, match="x < 0"):  # __post_init__, through replaced() too
        replaced(Point(1), x=-1)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {}), ((1, "a", 3), {}), ((1,), {"x": 2}), ((1,), {"z": 2}), ((), {"y": "a"})],
)
def test_a_record_rejects_the_arguments_its_dataclass_rejects_with_the_same_message(args, kwargs):
    with pytest.raises(TypeError) as theirs:
        PointDataclass(*args, **kwargs)
    with pytest.raises(TypeError) as mine:
        Point(*args, **kwargs)
    assert str(mine.value) == str(theirs.value).replace("PointDataclass", "Point")


def test_a_record_names_every_missing_field_as_a_dataclass_does():
    with pytest.raises(TypeError, match=r"missing 4 required positional arguments: "):
        Group()
    with pytest.raises(TypeError, match=r"3 .*: 'kind', 'name' and 'members'$"):
        Group(head=1)


def test_records_of_the_launch_keep_their_signatures_and_defaults():
    assert str(inspect.signature(OpCall)) == "(op, rule, k=None)"
    assert list(inspect.signature(TABLE[0].__class__).parameters)[-1] == "activation"
    assert Group(kind="sum", name="s", members=(1,), head=1) == Group("sum", "s", (1,), 1)
    assert NodeSizes((1.0,), (2.0,)) == NodeSizes(record_width=(1.0,), op_width=(2.0,))
    assert replaced(ADD, min_arity=2).max_arity == ADD.max_arity
    with pytest.raises(ValueError, match="unknown source kind"):
        GraphSource(kind="nonsense", ref="r", title="t")


def test_a_layout_gets_a_list_of_bends_of_its_own():
    drawn = layout_graph(record(get_example("neuron").build().root).graph)
    bare = replaced(drawn, bends=None)
    assert bare.bends == [] and bare.bends is not replaced(drawn, bends=None).bends


def test_a_record_refuses_a_default_shared_by_every_instance_or_fields_out_of_order():
    with pytest.raises(ValueError, match="mutable default"):

        class Shared(FrozenRecord):
            items: list = []  # noqa: RUF012 (the mistake the metaclass refuses)

    with pytest.raises(TypeError, match="extends no record"):

        class Point3(Point):
            z: int = 0

    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        class Unordered(FrozenRecord):
            a: int = 0
            b: int


class Cached(FrozenRecord, cached=True):
    """A record with a cached property: its value kept in the record's own dict."""

    n: int
    label: str = "c"

    @functools.cached_property
    def doubled(self) -> int:
        return 2 * self.n


def test_a_cached_record_keeps_its_cached_values_and_takes_weak_references():
    c = Cached(2)
    assert c.doubled is c.doubled == 4 and c.__dict__ == {"doubled": 4}
    assert weakref.ref(c)() is c
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.n = 3
    # its fields are its declared ones (not its __dict__ or weak reference slots)
    assert Cached.__match_args__ == ("n", "label") and repr(c) == "Cached(n=2, label='c')"
    assert c == Cached(2) and hash(c) == hash(Cached(2)) and c != Cached(2, "d")
    assert replaced(c, n=5).doubled == 10
    assert pickle.loads(pickle.dumps(c)) == c
    assert list(inspect.signature(Cached).parameters) == ["n", "label"]
