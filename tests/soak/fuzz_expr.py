"""Fuzz the expression parser: random text, token soup and generated programs with an oracle.

Properties: any text builds a graph or raises ExpressionError with a position inside the text
(never another exception, never running code: an audit hook watches for exec/import/open/...);
a generated program of numbers, names, + - * / ** and the engine's functions builds a root
whose value equals an independent float evaluation, and stepping its trace to the end gives
the grads of ``root.backward()``.

Full size: ``.venv/bin/python -m tests.soak.fuzz --expr 10000`` (``make fuzz``).
"""

from __future__ import annotations

import math
import sys

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from engine.autograd.graph import Graph
from engine.sources.expr import build_expression
from engine.sources.expr_errors import ExpressionError
from engine.trace.timeline import Timeline
from engine.trace.trace import record

FUNCS = ("tanh", "exp", "log", "relu", "sigmoid")
_WATCHING: list[list[str]] = []
_FORBIDDEN = ("exec", "compile", "import", "os.", "subprocess.", "open", "shutil.", "socket.")


def _audit(event: str, args: tuple) -> None:
    # The parser opens the pseudo file "<unknown>" to quote a syntax error's line.
    pseudo = event == "open" and str(args[0]).startswith("<")
    if _WATCHING and event.startswith(_FORBIDDEN) and not pseudo and event != "compile":
        _WATCHING[-1].append(event)


sys.addaudithook(_audit)  # cannot be removed; records only while a case is being watched

TOKENS = st.sampled_from(
    ["x", "y", "w1", "b", *FUNCS, "__import__", "os", "eval", "exec", "open", "lambda",
     "for", "in", "if", "import", "0", "1", "2.5", "-3", "1e308", "1e400", "999", "0.0",
     "+", "-", "*", "/", "**", "//", "%", "@", "(", ")", "[", "]", "{", "}", ",", ".", ":",
     ";", "=", "==", "\n", " ", "'s'", "#", "\\", "\t", "x.y", "_", "ε", "1_0", "0x1f"]
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(-20, 20).map(float),
    st.floats(-10, 10, allow_nan=False).map(lambda v: round(v, 3)),
)


def expr_trees(names: list[str]) -> st.SearchStrategy:
    """Expression trees over numbers and the given names (tuples, rendered and evaluated)."""
    leaves = NUMBERS.map(lambda v: ("num", v))
    if names:
        leaves = st.one_of(leaves, st.sampled_from(names).map(lambda n: ("name", n)))
    return st.recursive(
        leaves,
        lambda kids: st.one_of(
            st.tuples(st.just("bin"), st.sampled_from("+-*/"), kids, kids),
            st.tuples(st.just("pow"), kids, st.integers(0, 3)),
            st.tuples(st.just("call"), st.sampled_from(FUNCS), kids),
            st.tuples(st.just("neg"), kids),
        ),
        max_leaves=10,
    )


def render(tree: tuple) -> str:
    """Program text of a tree, fully parenthesised."""
    kind = tree[0]
    if kind == "num":
        return repr(tree[1])
    if kind == "name":
        return tree[1]
    if kind == "bin":
        return f"({render(tree[2])} {tree[1]} {render(tree[3])})"
    if kind == "pow":
        return f"({render(tree[1])})**{tree[2]}"
    if kind == "call":
        return f"{tree[1]}({render(tree[2])})"
    return f"(-{render(tree[1])})"


def evaluate(tree: tuple, env: dict[str, float], scale: list[float]) -> float:
    """Plain float value of a tree (math domain errors raise); tracks the largest magnitude."""
    kind = tree[0]
    if kind == "num":
        value = tree[1]
    elif kind == "name":
        value = env[tree[1]]
    elif kind == "bin":
        a, b = evaluate(tree[2], env, scale), evaluate(tree[3], env, scale)
        value = {"+": a + b, "-": a - b, "*": a * b}[tree[1]] if tree[1] != "/" else a / b
    elif kind == "pow":
        value = evaluate(tree[1], env, scale) ** tree[2]
    elif kind == "neg":
        value = -evaluate(tree[1], env, scale)
    else:
        x = evaluate(tree[2], env, scale)
        value = {
            "tanh": math.tanh,
            "exp": math.exp,
            "log": math.log,
            "relu": lambda v: max(0.0, v),
            "sigmoid": lambda v: 1.0 / (1.0 + math.exp(-v)),
        }[tree[1]](x)
    if not math.isfinite(value):
        raise OverflowError("not finite")
    scale[0] = max(scale[0], abs(value))
    return value


@st.composite
def programs(draw) -> tuple[str, float | None, float]:
    """A program text, its value by evaluate() (None on a math error) and the scale."""
    names: list[str] = []
    lines: list[str] = []
    env: dict[str, float] = {}
    scale = [1.0]
    value: float | None = 0.0
    for i in range(draw(st.integers(1, 4))):
        tree = draw(expr_trees(names))
        bare = i > 0 and draw(st.booleans())
        name = f"v{i}"
        lines.append(render(tree) if bare else f"{name} = {render(tree)}")
        try:
            value = evaluate(tree, env, scale) if value is not None else None
        except (ArithmeticError, ValueError):
            value = None
        if value is not None and not bare:
            env[name] = value
        if bare:
            break
        names.append(name)
    separator = draw(st.sampled_from(["; ", "\n", ";\n", " ;  "]))
    return separator.join(lines), value, scale[0]


def build_watched(text: str):
    """Build ``text``; the BuiltGraph or the ExpressionError, and the forbidden events seen."""
    events: list[str] = []
    _WATCHING.append(events)
    try:
        result = build_expression(text)
    except ExpressionError as error:
        assert 0 <= error.start <= error.end <= len(text), (text, error.start, error.end)
        assert error.line >= 1 and error.column >= 1
        result = error
    finally:
        _WATCHING.pop()
    assert events == [], f"{text!r} ran {events}"
    return result


def _same(a: float | None, b: float | None) -> bool:
    return a == b or (a is not None and b is not None and math.isnan(a) and math.isnan(b))


def check_program(case: tuple[str, float | None, float]) -> None:
    """A generated program builds to the oracle's value, and stepping matches backward()."""
    text, value, scale = case
    built = build_watched(text)
    if value is None:  # a math error on the way: a positioned error or any graph is fine
        return
    assert not isinstance(built, ExpressionError), f"{text!r}: {built}"
    tolerance = 1e-9 * max(1.0, scale)
    assert math.isclose(built.root.data, value, rel_tol=1e-9, abs_tol=tolerance), (text, value)
    timeline = Timeline(record(built.root))
    timeline.seek(len(timeline))
    fresh = build_expression(text).root
    fresh.backward()
    for i, node in enumerate(Graph.from_root(fresh).nodes):
        assert _same(timeline.grad[i], node.grad), f"{text!r}: node {i} grad"


CASES = st.one_of(
    st.text(max_size=80).map(lambda t: ("text", t)),
    st.lists(TOKENS, max_size=30).map(lambda t: ("soup", "".join(t))),
    programs().map(lambda p: ("program", p)),
)


def run(cases: int, *, shrink: bool = True) -> dict[str, int]:
    """Run ``cases`` hypothesis cases (``shrink``: minimise a failure); counts per kind."""
    counts = {"text": 0, "soup": 0, "program": 0, "built": 0}

    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=list(Phase) if shrink else [Phase.generate],
    )
    @given(CASES)
    def fuzz(case: tuple[str, object]) -> None:
        kind, payload = case
        counts[kind] += 1
        if kind == "program":
            check_program(payload)
            counts["built"] += payload[1] is not None
        else:
            build_watched(payload)

    fuzz()
    return counts
