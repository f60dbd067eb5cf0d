"""The standalone scripts in resources/examples build exactly the graphs of the built-in examples.

A user opens an example's script to read, copy and edit it; run as their program, it must be
the graph the built-in example steps: same nodes in the same order, same ops and numbers, same
parameters and learning rate. A label the script gives is the example's label; the example may
also name constants the script leaves bare (``price``, ``target``) so its drawing reads better.
"""

import importlib.util
import math

import pytest

from engine.autograd.value import topological_order
from engine.sources.built import GraphSource, as_built
from engine.sources.examples import EXAMPLES, example_script, get_example


def _run_script_build(name: str):
    path = example_script(name)
    spec = importlib.util.spec_from_file_location(f"example_script_{name.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # A script defines build(), or leaves its graph in a module-level `root` (as users may).
    result = module.build() if hasattr(module, "build") else module.root
    return as_built(result, GraphSource("script", str(path), name))


def _same_number(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def _signature(built):
    order = topological_order(built.root)
    index = {id(v): i for i, v in enumerate(order)}
    nodes = [(v._op, v.label, v.data, tuple(index[id(c)] for c in v._prev)) for v in order]
    params = [index.get(id(p)) for p in built.params]
    return nodes, params, built.lr


@pytest.mark.parametrize("name", [n for n in EXAMPLES if n != "moons"])
def test_script_builds_the_built_in_examples_graph(name):
    script_nodes, script_params, script_lr = _signature(_run_script_build(name))
    nodes, params, lr = _signature(get_example(name).build())
    assert len(script_nodes) == len(nodes)
    for i, (mine, theirs) in enumerate(zip(script_nodes, nodes, strict=True)):
        assert mine[0] == theirs[0] and mine[3] == theirs[3], (i, mine, theirs)
        assert mine[1] in ("", theirs[1]), (i, mine, theirs)
        assert _same_number(mine[2], theirs[2]), (i, mine, theirs)
    assert script_params == params
    assert script_lr == lr


def test_moons_script_builds_the_built_in_moons_graph():
    script = _run_script_build("moons")
    built = get_example("moons").build()
    script_order, order = topological_order(script.root), topological_order(built.root)
    assert len(script_order) == len(order)
    assert [v.data for v in script_order[-50:]] == [v.data for v in order[-50:]]
    assert script.root.data == built.root.data
    assert [p.data for p in script.params] == [p.data for p in built.params]
    assert script.lr == built.lr
