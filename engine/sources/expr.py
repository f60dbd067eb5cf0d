"""The expression editor's safe parser: numbers, names, arithmetic and the engine's functions.

A program is assignments and expressions, one per line or separated by ``;``; the last one is
the root, e.g. ``x1 = 2; w1 = -3; b = 6.88; o = tanh(x1*w1 + b)``. The text is read with
Python's ``ast`` and every node is checked against a whitelist, then built into Values by an
explicit-stack walk (a chain of thousands of ``+`` never recurses). Nothing is ever evaluated
as Python: names only ever refer to Values this program assigned.
"""

from __future__ import annotations

import ast
import math
import warnings
from collections.abc import Callable

from engine.autograd.ops import CALLS, entry
from engine.autograd.value import Value
from engine.sources.built import BuiltGraph, GraphSource
from engine.sources.expr_errors import ExpressionError, TextPositions, quoted

FUNCTIONS: dict[str, Callable[[Value], Value]] = {
    name: getattr(Value, entry(name).method) for name in CALLS
}
MAX_EXPONENT = 1000
MAX_LENGTH = 100_000
#: An unknown name's message lists at most this many of the names defined so far.
LISTED_NAMES = 12

_OPERATORS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}
_ALLOWED = "numbers, names, + - * / ** and " + ", ".join(FUNCTIONS)
_WHAT: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access",
    ast.Lambda: "lambda",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.Subscript: "indexing",
    ast.Compare: "a comparison",
    ast.BoolOp: "and/or",
    ast.IfExp: "if/else",
    ast.JoinedStr: "an f-string",
    ast.NamedExpr: "the := operator",
    ast.Import: "import",
    ast.ImportFrom: "import",
    ast.FunctionDef: "def",
    ast.AugAssign: "augmented assignment (+= and friends)",
}


def build_expression(text: str) -> BuiltGraph:
    """The graph a small program builds; its last expression or assignment is the root."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the program is too long (over {MAX_LENGTH} characters)", text, 0)
    module = _parse(text)
    source = TextPositions(text)
    if not module.body:
        raise ExpressionError(
            "empty program: write an expression, e.g. o = tanh(2*-3 + 6.88)", text, 0
        )
    env: dict[str, Value] = {}
    root: Value | None = None
    for index, statement in enumerate(module.body):
        is_last = index == len(module.body) - 1
        root = _run_statement(statement, env, source, is_last)
    assert root is not None  # the last statement always yields the root
    name = root.label or "root"
    origin = GraphSource("expression", text, "Expression")
    return BuiltGraph(root, note=f"{name} = {root.data!r}", source=origin)


def _parse(text: str) -> ast.Module:
    try:
        with warnings.catch_warnings():
            # e.g. "invalid decimal literal" for 1if: the text is refused or built, never run
            warnings.simplefilter("ignore", SyntaxWarning)
            return ast.parse(text, mode="exec")
    except SyntaxError as exc:
        line_starts = TextPositions(text).line_starts
        start = line_starts[max(0, min((exc.lineno or 1) - 1, len(line_starts) - 1))]
        message = exc.msg or "invalid syntax"
        if "nested" in message:
            message = "the expression is nested too deeply"
        raise ExpressionError(message, text, start + max(0, (exc.offset or 1) - 1)) from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is nested too deeply", text, 0) from None
    except ValueError as exc:  # e.g. UnicodeEncodeError for a lone surrogate
        raise ExpressionError(f"unreadable text: {exc}", text, 0) from None


def _run_statement(
    statement: ast.stmt, env: dict[str, Value], source: TextPositions, is_last: bool
) -> Value | None:
    if isinstance(statement, ast.Expr):
        if not is_last:
            raise source.error(
                statement,
                "this value is not used: only the last line is the "
                "root (assign it to a name to use it later)",
            )
        return _evaluate(statement.value, env, source)
    if isinstance(statement, ast.Assign):
        target = statement.targets[0]
        if len(statement.targets) != 1 or not isinstance(target, ast.Name):
            raise source.error(statement, "assign to one plain name, e.g. w1 = -3")
        if target.id in FUNCTIONS:
            raise source.error(target, f"{target.id} is a function name; pick another name")
        value = _evaluate(statement.value, env, source)
        if not _is_alias(statement.value):
            value.label = target.id  # the name labels a new node; an alias keeps the old label
        env[target.id] = value
        return value
    what = _WHAT.get(type(statement), f"a {type(statement).__name__} statement")
    raise source.error(
        statement,
        f"{what} is not allowed: a program is assignments and expressions using {_ALLOWED}",
    )


def _is_alias(node: ast.expr) -> bool:
    """Whether ``node`` only names an existing Value (``b = a``, ``b = +a``), making nothing."""
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
        node = node.operand
    return isinstance(node, ast.Name)


def _literal_number(node: ast.expr) -> float | None:
    """The number a literal such as ``2``, ``-3`` or ``0.5`` stands for; None otherwise."""
    sign = 1.0
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        try:
            return sign * float(node.value)
        except OverflowError:
            return math.inf
    return None


def _operands(node: ast.expr, source: TextPositions, env: dict[str, Value]) -> list[ast.expr]:
    """The sub-expressions ``node`` builds on, after checking ``node`` is allowed."""
    if _literal_number(node) is not None:
        return []
    if isinstance(node, ast.Name):
        return []
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return [node.left] if isinstance(node.op, ast.Pow) else [node.left, node.right]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return [node.operand]
    if isinstance(node, ast.Call):
        _check_call(node, source)
        return [node.args[0]]
    raise source.error(node, _refusal(node))


def _refusal(node: ast.expr) -> str:
    if isinstance(node, ast.Constant):
        return f"{type(node.value).__name__} values are not allowed: only numbers"
    if isinstance(node, ast.BinOp):
        return f"this operator is not allowed: use {_ALLOWED}"
    if isinstance(node, ast.UnaryOp):
        return "only unary minus (-x) is allowed"
    if isinstance(node, ast.Attribute):
        return f"attribute access (.{node.attr}) is not allowed: use {_ALLOWED}"
    what = _WHAT.get(type(node), f"this kind of expression ({type(node).__name__})")
    return f"{what} is not allowed: use {_ALLOWED}"


def _check_call(node: ast.Call, source: TextPositions) -> None:
    if isinstance(node.func, ast.Attribute):
        raise source.error(node.func, _refusal(node.func))
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        called = quoted(node.func.id) if isinstance(node.func, ast.Name) else "'this'"
        raise source.error(
            node.func, f"unknown function {called}; the functions are " + ", ".join(FUNCTIONS)
        )
    if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
        raise source.error(
            node, f"{node.func.id}() takes exactly one argument, e.g. {node.func.id}(x)"
        )


def _evaluate(top: ast.expr, env: dict[str, Value], source: TextPositions) -> Value:
    """Build ``top`` into Values, children before parents, left to right."""
    results: dict[int, Value] = {}
    stack: list[tuple[ast.expr, bool]] = [(top, False)]
    while stack:
        node, expanded = stack.pop()
        operands = _operands(node, source, env)
        if expanded or not operands:
            results[id(node)] = _apply(node, [results.pop(id(o)) for o in operands], env, source)
            continue
        stack.append((node, True))
        stack.extend((operand, False) for operand in reversed(operands))
    return results[id(top)]


def _apply(
    node: ast.expr, args: list[Value], env: dict[str, Value], source: TextPositions
) -> Value:
    number = _literal_number(node)
    if number is not None:
        if not math.isfinite(number):
            raise source.error(node, "this number is too large")
        start, end = source.span(node)  # ast.get_source_segment re-splits the text each call
        return Value(number, label=source.text[start:end] or repr(number))
    if isinstance(node, ast.Name):
        return _lookup(node, env, source)
    if isinstance(node, ast.BinOp):
        out = _binary(node, args, source)
    elif isinstance(node, ast.UnaryOp):
        out = -args[0] if isinstance(node.op, ast.USub) else args[0]
    else:
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        if node.func.id == "log" and args[0].data <= 0:
            which = "zero" if args[0].data == 0 else f"a negative number ({args[0].data!r})"
            raise source.error(node, f"log of {which}: log needs a positive number")
        out = FUNCTIONS[node.func.id](args[0])
    if not math.isfinite(out.data):
        raise source.error(node, f"the result overflows ({out.data!r}): the numbers are too large")
    return out


def _lookup(node: ast.Name, env: dict[str, Value], source: TextPositions) -> Value:
    if node.id in env:
        return env[node.id]
    if node.id in FUNCTIONS:
        raise source.error(node, f"{node.id} is a function: call it, e.g. {node.id}(x)")
    names = [quoted(name)[1:-1] for name in list(env)[-LISTED_NAMES:]]
    earlier = f" and {len(env) - len(names)} earlier" if len(env) > len(names) else ""
    known = f"; defined so far: {', '.join(names)}{earlier}" if env else ""
    raise source.error(node, f"unknown name {quoted(node.id)}{known}")


def _binary(node: ast.BinOp, args: list[Value], source: TextPositions) -> Value:
    left, symbol = args[0], _OPERATORS[type(node.op)]
    if isinstance(node.op, ast.Pow):
        exponent = _literal_number(node.right)
        if exponent is None:
            raise source.error(
                node.right,
                "the exponent must be a number such as 2 or -1 "
                "(gradstep differentiates x**k for a constant k)",
            )
        if abs(exponent) > MAX_EXPONENT:
            raise source.error(
                node.right,
                f"exponent {exponent:g} is too large (at most {MAX_EXPONENT} either way)",
            )
        if left.data == 0 and exponent < 0:
            raise source.operator_error(node, symbol, "zero to a negative power (division by zero)")
        if left.data < 0 and not exponent.is_integer():
            raise source.operator_error(node, symbol, "a negative number to a fractional power")
        return left ** (int(exponent) if exponent.is_integer() else exponent)
    right = args[1]
    if isinstance(node.op, ast.Div) and right.data == 0:
        raise source.operator_error(node, symbol, "division by zero")
    operations: dict[type[ast.operator], Callable[[Value, Value], Value]] = {
        ast.Add: Value.__add__,
        ast.Sub: Value.__sub__,
        ast.Mult: Value.__mul__,
        ast.Div: Value.__truediv__,
    }
    return operations[type(node.op)](left, right)
