"""A session's graph built again: its saved parameters applied, every node recomputed."""

import pytest

from engine.autograd.value import topological_order
from engine.sources.built import BuiltGraph, GraphSource
from engine.sources.examples import EXAMPLES
from engine.sources.session_file import SavedSession, SessionFileError
from engine.sources.session_graph import apply_parameters, build_session, build_source


def test_a_session_builds_its_example_with_its_parameters_titled_by_the_file():
    state = SavedSession("example", "house-price", parameters=(0.995, 0.005), lr=0.05)
    built = build_session(state, "/tmp/fit.gradstep.json")
    assert [p.data for p in built.params] == [0.995, 0.005]
    base = GraphSource("example", "house-price", "House-price perceptron")
    assert built.source == GraphSource("session", "/tmp/fit.gradstep.json", "fit", base)
    assert build_session(state).source.kind == "example"  # no file: the example itself


def test_an_expression_is_built_and_a_script_or_recording_is_not():
    assert build_source("expression", "a = 2; b = a * 3").root.data == 6.0
    with pytest.raises(SessionFileError, match=r"runs own\.py in a worker process"):
        build_source("script", "/somewhere/own.py")
    with pytest.raises(SessionFileError, match="from the recording it keeps"):
        build_source("recording", "run.gradstep-rec.json")


@pytest.mark.parametrize("name", [n for n in EXAMPLES if n != "moons"])
def test_applying_the_same_parameters_recomputes_every_node_bit_for_bit(name):
    built = EXAMPLES[name].build()
    before = [v.data for v in topological_order(built.root)]
    saved = tuple(p.data for p in built.params)
    for p in built.params:
        p.data += 1.0  # then every op node is recomputed back from the saved values
    apply_parameters(built, saved)
    assert [v.data for v in topological_order(built.root)] == before


def test_applied_parameters_change_the_forward_pass():
    built = EXAMPLES["house-price"].build()
    apply_parameters(built, (0.995, 0.005))
    assert built.root.data == pytest.approx(0.0, abs=1e-20)
    fresh = EXAMPLES["expression"].build()
    apply_parameters(fresh, ())  # no parameters: nothing to do
    assert fresh.root.data == -8.0


def test_parameter_count_mismatch_is_refused():
    built = EXAMPLES["house-price"].build()
    with pytest.raises(SessionFileError, match="3 parameters but the graph has 2"):
        apply_parameters(built, (1.0, 2.0, 3.0))


def test_foreign_graph_reopens_with_unchanged_parameters_and_refuses_changed_ones():
    class OwnValue:  # a user's own Value class: gradstep knows no forward rule for it
        def __init__(self, data, prev=()):
            self.data, self.grad, self._prev = data, 0.0, prev

        def _backward(self):
            pass

    def built():
        w = OwnValue(0.5)
        return BuiltGraph(OwnValue(1.0, (w,)), (w,), 0.1)

    apply_parameters(built(), (0.5,))
    with pytest.raises(SessionFileError, match="own Values"):
        apply_parameters(built(), (0.7,))
