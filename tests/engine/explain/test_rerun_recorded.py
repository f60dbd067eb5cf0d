"""A recorded pass's unknown op is never re-run in the app: the check says why, in words."""

from engine.explain.numeric_check import GradChecker
from engine.sources.built import BuiltGraph
from engine.sources.program.replay import replayed_pass
from tests.engine import foreign_engines as foreign


class CountingSinScalar(foreign.SinScalar):
    """SinScalar that counts the calls of its ``sin``: the app must make none."""

    calls = 0

    def sin(self):
        """Counted, then SinScalar's own sine."""
        type(self).calls += 1
        return super().sin()


def test_an_unknown_op_of_a_recorded_pass_is_not_rerun_and_says_so():
    trace = replayed_pass(BuiltGraph(foreign.sine_of_product(CountingSinScalar))).trace
    made = CountingSinScalar.calls
    labels = trace.graph.labels
    checker = GradChecker(trace)
    below = checker.check(labels.index("x"))
    assert below.ok is None
    assert "op 'sin' is not in gradstep's op table" in below.text
    assert "recorded from the program's run in a worker" in below.text
    assert "CountingSinScalar.sin is not run in the app" in below.text
    assert checker.check(labels.index("k")).ok  # known ops on the way: still checked
    assert CountingSinScalar.calls == made
