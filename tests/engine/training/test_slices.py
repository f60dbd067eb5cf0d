"""Sliced computations: a Slicer runs them a budget at a time to the same result as in one go."""

import numpy as np
import pytest

from engine.sources.examples import get_example
from engine.trace.trace import record
from engine.training.fastpath import SLICE_NODES, CompiledGraph
from engine.training.live_numbers import LiveNumbers
from engine.training.slices import Slicer, finish
from tests.engine.training.test_live_numbers import assert_same_numbers


def countdown(n: int):
    """Yields n times, then returns how many times it yielded."""
    for _ in range(n):
        yield
    return n


def test_a_slicer_with_no_budget_runs_one_slice_per_advance_and_keeps_the_result():
    slicer = Slicer(countdown(3))
    with pytest.raises(RuntimeError, match="not ended"):
        _ = slicer.result
    advances = 1
    while not slicer.advance(0.0):
        advances += 1
    assert advances == 4 and slicer.done and slicer.result == 3
    assert slicer.seconds > 0.0
    assert finish(countdown(5)) == 5


def test_a_slicer_with_a_budget_runs_many_slices_at_once():
    slicer = Slicer(countdown(50))
    assert slicer.advance(10.0) and slicer.result == 50


def test_an_error_of_the_computation_is_raised_by_advance():
    def broken():
        yield
        raise ValueError("no numbers")

    slicer = Slicer(broken())
    assert not slicer.advance(0.0)
    with pytest.raises(ValueError, match="no numbers"):
        slicer.advance(0.0)


@pytest.fixture(scope="module")
def moons_trace():
    """Micrograd's moons demo recorded: 65,814 nodes, the live canvas' biggest graph."""
    built = get_example("moons").build()
    return record(built.root, params=list(built.params), lr=built.lr)


def slices(work) -> tuple[int, object]:
    """How many slices a computation took, and its result."""
    slicer, n = Slicer(work), 1
    while not slicer.advance(0.0):
        n += 1
    return n, slicer.result


def test_the_moons_compile_pauses_every_few_thousand_nodes_and_compiles_the_same(moons_trace):
    graph = moons_trace.graph
    n, sliced = slices(CompiledGraph.sliced(graph))
    assert n > 2 * len(graph) / SLICE_NODES
    whole = CompiledGraph(graph)
    for c in (sliced, whole):
        c.data[:] = moons_trace.initial_data
    assert sliced.forward() == whole.forward()
    np.testing.assert_array_equal(sliced.backward(), whole.backward())


def test_moons_numbers_at_new_parameters_come_in_slices_and_equal_those_in_one_go(moons_trace):
    n_compile, numbers = slices(LiveNumbers.sliced(moons_trace))
    params = np.array([moons_trace.initial_data[p] for p in moons_trace.params]) + 0.01
    n_numbers, sliced = slices(numbers.sliced_trace_at(params))
    # the passes, then the grads' sums, then the trace (its numbers kept in numpy: no lists)
    assert n_compile > 20 and n_numbers >= 3
    assert_same_numbers(sliced, LiveNumbers(moons_trace).trace_at(params))
