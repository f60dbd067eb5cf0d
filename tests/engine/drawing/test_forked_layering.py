"""The first layering worked out by networkx in a forked child: used only when it is exact.

A forked child needs a process with one thread: pytest's has more (numpy's BLAS threads),
so the children are forked in fresh interpreters, numpy loaded with one BLAS thread.
"""

import os

import pytest

from engine.drawing import forked_layering
from tests.fresh_python import run_python

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")

#: Sets up: moons' collapsed drawn graph (groups that stay, as the canvas opens it) and
#: ``forked``, which forks a child answering for ``inputs`` and reports whether one exists.
SETUP = """
import os, sys, time
os.environ["OPENBLAS_NUM_THREADS"] = "1"
import numpy as np
from engine.autograd.graph import Graph
from engine.drawing import forked_layering, grouping, layered
from engine.drawing.layout import GROUP, drawn_structure
from engine.sources.examples import get_example

forked_layering.machine_load = lambda: (0.0, 1)  # an idle machine, whatever the test machine's
forked_layering.WAIT_S = 60  # whatever the machine's load, the child's answer is awaited
graph = Graph.from_root(get_example(sys.argv[1]).build().root)
groups, collapsed, visible, _ = grouping.opening_view(graph, 6000, 20000)
kind, _, edges, _, _ = drawn_structure(graph, grouping.owner_array(graph, groups, collapsed), visible)
inputs = (len(kind), edges, kind == GROUP)

def child_alive():
    try:
        return os.waitpid(-1, os.WNOHANG) == (0, 0)  # a child, not exited (or not reaped)
    except ChildProcessError:
        return False
"""

#: The child's answer against the same layering computed here, and the layout either way.
SAME = (
    SETUP
    + """
assert forked_layering.start(lambda: inputs, layered.networkx_layering)
before = "networkx" in sys.modules
taken = forked_layering.take(*inputs)
with_child = layered.layered_positions(np.ones(inputs[0]), edges, inputs[2])
mine = layered.networkx_layering(*inputs)
alone = layered.layered_positions(np.ones(inputs[0]), edges, inputs[2])
same_layering = all(np.array_equal(a, b) for a, b in zip(taken, mine))
same_layout = all(np.array_equal(a, b) for a, b in zip(with_child[:3], alone[:3]))
same_layout &= all(np.array_equal(a, b) for a, b in zip(with_child[3], alone[3]))
print(before, same_layering, same_layout, child_alive(), forked_layering.pending())
"""
)


@needs_fork
@pytest.mark.parametrize("example", ["lecture-mlp", "moons"])
def test_the_childs_layering_is_networkxs_for_these_inputs_and_lays_out_the_same(example):
    # moons opens collapsed: its groups stay in their generation, part of the inputs
    out = run_python(SAME, example).split()
    assert out == ["False", "True", "True", "False", "False"]


#: Answers asked for other inputs are not given; the right inputs still get theirs.
OTHER = (
    SETUP
    + """
assert forked_layering.start(lambda: inputs, layered.networkx_layering)
n, e, stay = inputs
other = [
    forked_layering.take(n + 1, e, stay),
    forked_layering.take(n, e[:-1], stay),
    forked_layering.take(n, e, ~stay),
    forked_layering.take(n, e.astype(np.int32), stay),
    forked_layering.take(n, e, None),
]
right = forked_layering.take(*inputs)
print(*[x is None for x in other], right is not None, forked_layering.take(*inputs) is None)
"""
)


@needs_fork
def test_an_answer_is_only_taken_for_identical_inputs_and_only_once():
    assert run_python(OTHER, "neuron").split() == ["True"] * 7


#: A child that fails, or hangs past the wait: no answer, and no child left behind.
BROKEN = (
    SETUP
    + """
def fails():
    raise RuntimeError("broken")

def hangs():
    time.sleep(600)

forked_layering.WAIT_S = 0.2  # read by take at each call
results = []
for inputs_of in (fails, hangs):
    assert forked_layering.start(inputs_of, layered.networkx_layering)
    results += [forked_layering.take(*inputs) is None, child_alive()]
assert forked_layering.start(hangs, layered.networkx_layering)
forked_layering.discard()  # never asked: killed and reaped all the same
print(*results, child_alive(), forked_layering.pending())
"""
)


@needs_fork
def test_a_child_that_fails_or_hangs_gives_no_answer_and_is_reaped():
    out = run_python(BROKEN, "neuron").split()
    assert out == ["True", "False", "True", "False", "False", "False"]


#: With a thread running, or threads that cannot be counted, no child is forked (a thread's
#: locks would stay held in it), nor with no core idle; with one thread, one is.
THREADED = (
    SETUP
    + """
import threading
ncores = len(os.sched_getaffinity(0))
started = [forked_layering.start(lambda: inputs, layered.networkx_layering)]
forked_layering.discard()
listdir = os.listdir

def unlisted(path):
    raise OSError("no /proc here")

os.listdir = unlisted
started += [forked_layering.start(lambda: inputs, layered.networkx_layering), child_alive()]
os.listdir = listdir
forked_layering.machine_load = lambda: (0.0, ncores)  # as many running as cores: none idle
started.append(forked_layering.start(lambda: inputs, layered.networkx_layering))
forked_layering.machine_load = lambda: (float(ncores), 1)  # idle now, busy on average
started.append(forked_layering.start(lambda: inputs, layered.networkx_layering))
forked_layering.machine_load = lambda: (0.0, 1)
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
started += [forked_layering.start(lambda: inputs, layered.networkx_layering), child_alive()]
stop.set()
print(*started)
"""
)


@needs_fork
def test_no_child_is_forked_from_a_process_running_or_unable_to_count_threads():
    out = run_python(THREADED, "neuron").split()
    assert out == ["True", "False", "False", "False", "False", "False", "False"]


def test_without_fork_no_child_starts_and_nothing_is_pending(monkeypatch):
    monkeypatch.delattr(os, "fork")
    assert not forked_layering.start(lambda: (0, None, None), lambda *_: None)
    assert not forked_layering.pending()


@pytest.mark.skipif(not os.path.exists("/proc/loadavg"), reason="reads /proc/loadavg")
def test_the_machines_load_counts_this_process_as_runnable():
    average, running = forked_layering.machine_load()
    assert average >= 0.0 and running >= 1  # this process runs while it reads
