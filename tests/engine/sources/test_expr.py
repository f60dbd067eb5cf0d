"""The expression editor's parser: programs build the right graph; bad input is refused."""

import math

import pytest

from engine.autograd.graph import Graph
from engine.sources.expr import build_expression
from engine.sources.expr_errors import ExpressionError


def error_of(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        build_expression(text)
    return info.value


def test_neuron_program_builds_labelled_graph_with_seed_values():
    built = build_expression("x1 = 2; w1 = -3; b = 6.8813735870195432; o = tanh(x1*w1 + b)")
    assert built.root.label == "o"
    assert built.root.data == pytest.approx(0.7071067811865476)
    built.root.backward()
    graph = Graph.from_root(built.root)
    grads = {graph.labels[i]: node.grad for i, node in enumerate(graph.nodes)}
    assert grads["x1"] == pytest.approx(-1.5)
    assert grads["w1"] == pytest.approx(1.0)
    assert "o = 0.7071" in built.note


def test_lines_and_semicolons_are_the_same_program():
    one_line = build_expression("a = 2; b = -3; c = a*b + 10")
    three_lines = build_expression("a = 2\nb = -3\nc = a*b + 10\n")
    assert one_line.root.data == three_lines.root.data == 4.0


def test_negative_literal_is_one_leaf_not_a_neg_node():
    built = build_expression("w1 = -3")
    assert built.root._prev == ()
    assert built.root.data == -3.0
    assert built.root.label == "w1"


def test_reusing_a_name_shares_the_node_so_gradients_accumulate():
    built = build_expression("a = 3; b = a + a")
    built.root.backward()
    a = built.root._prev[0]
    assert built.root._prev == (a, a)
    assert a.grad == 2.0


def test_alias_keeps_the_original_label():
    built = build_expression("a = 3; b = a; c = b * 2")
    assert built.root._prev[0].label == "a"


def test_every_function_and_operator_builds_its_op():
    built = build_expression("x = 0.5; y = exp(x) - log(x) / relu(x) + sigmoid(-x) ** 2")
    graph = Graph.from_root(built.root)
    assert {"exp", "log", "relu", "sigmoid", "**2", "/", "-", "+", "neg"} <= set(graph.ops)
    expected = math.exp(0.5) - math.log(0.5) / 0.5 + (1 / (1 + math.exp(0.5))) ** 2
    assert built.root.data == pytest.approx(expected)


def test_long_chain_builds_without_recursion():
    built = build_expression("+".join(["1"] * 2000))
    assert built.root.data == 2000.0


def test_syntax_error_points_at_the_position():
    error = error_of("x = 2\ny = x + * 3")
    assert (error.line, error.column) == (2, 9)
    assert "^" in str(error)


def test_unknown_name_is_refused_and_named():
    error = error_of("a = 1; b = a + c")
    assert "unknown name 'c'" in error.message
    assert (error.line, error.column) == (1, 16)


LONG_PROGRAM = "; ".join(f"a{i} = {i}" for i in range(200))


def test_an_error_in_a_long_line_quotes_only_the_excerpt_around_it():
    error = error_of(LONG_PROGRAM + "; b = a1 +* 2")
    _, excerpt, caret = str(error).split("\n")
    assert len(excerpt) < 90 and excerpt.startswith("    …") and excerpt.endswith("+* 2")
    assert "a0 = 0" not in str(error)
    assert excerpt[caret.index("^")] == "*"  # the caret is still under the fault


def test_an_error_at_the_start_of_a_long_line_cuts_its_end():
    error = error_of("b = zz * 2; " + LONG_PROGRAM)
    _, excerpt, caret = str(error).split("\n")
    assert excerpt.startswith("    b = zz * 2;") and excerpt.endswith("…") and len(excerpt) < 90
    assert excerpt[caret.index("^") :].startswith("zz")


def test_an_unknown_name_in_a_long_program_lists_only_the_last_names():
    error = error_of(LONG_PROGRAM + "; b = zz * 2")
    assert "defined so far: a188, a189," in error.message
    assert error.message.endswith("a199 and 188 earlier")
    assert len(str(error)) < 400


def test_a_huge_unknown_name_is_quoted_short():
    error = error_of("x" * 5000)
    assert error.message == "unknown name '" + "x" * 39 + "…'"
    assert len(str(error)) < 200


def test_dunder_import_is_an_unknown_function():
    error = error_of("__import__('os')")
    assert "unknown function '__import__'" in error.message


def test_attribute_access_is_refused():
    error = error_of("x = 1; x.data")
    assert "attribute access (.data)" in error.message
    assert error.column == 8


def test_lambda_is_refused():
    assert "lambda" in error_of("f = lambda: 1").message


def test_comprehensions_are_refused():
    assert "comprehension" in error_of("[x for x in y]").message
    assert "generator" in error_of("tanh(x for x in y)").message


def test_huge_exponent_is_refused_at_the_exponent():
    error = error_of("x = 2; y = x ** 5000")
    assert "too large" in error.message
    assert error.column == 17


def test_overflowing_result_is_refused():
    assert "overflows" in error_of("x = 10.0 ** 400").message
    assert "overflows" in error_of("exp(1000)").message


def test_number_literal_too_large_is_refused():
    assert "too large" in error_of("1e400 + 1").message


def test_exponent_must_be_a_number():
    assert "exponent must be a number" in error_of("x = 2; y = 3; x ** y").message


def test_division_by_zero_points_at_the_slash():
    error = error_of("x = 2; y = x / (x - 2)")
    assert error.message == "division by zero"
    assert (error.column, error.end - error.start) == (14, 1)


def test_log_of_negative_number_points_at_the_call():
    error = error_of("x = -1\ny = log(x)")
    assert "log of a negative number (-1.0)" in error.message
    assert (error.line, error.column) == (2, 5)


def test_log_of_zero_is_refused():
    assert "log of zero" in error_of("log(0)").message


def test_ten_thousand_deep_nesting_raises_expression_error_only():
    for text in (
        "(" * 10_000 + "1" + ")" * 10_000,
        "-" * 10_000 + "1",
        "+".join(["1"] * 10_000),
        "tanh(" * 10_000 + "1" + ")" * 10_000,
        "2**" * 10_000 + "2",
    ):
        assert "nested too deeply" in error_of(text).message


def test_statements_other_than_assignment_are_refused():
    assert "import" in error_of("import os").message
    assert "not allowed" in error_of("def f(): pass").message
    assert "augmented" in error_of("x = 1; x += 1").message


def test_unused_middle_expression_is_refused():
    assert "not used" in error_of("x = 1; x * 2; y = x").message


def test_empty_program_is_refused():
    assert "empty program" in error_of("  \n ").message


def test_function_name_cannot_be_assigned_or_used_bare():
    assert "function name" in error_of("tanh = 1").message
    assert "call it" in error_of("x = tanh").message


def test_wrong_argument_count_is_refused():
    assert "exactly one argument" in error_of("tanh(1, 2)").message
    assert "exactly one argument" in error_of("exp(x=1)").message


def test_strings_and_booleans_are_refused():
    assert "str values" in error_of("'a' + 1").message
    assert "bool values" in error_of("True").message


def test_columns_count_characters_not_bytes():
    error = error_of("é = 1; é + y")
    assert error.column == 12


def test_windows_line_endings_give_the_right_line():
    error = error_of("x = 1\r\ny = z")
    assert (error.line, error.column) == (2, 5)


def test_unary_plus_alias_keeps_the_original_label():
    built = build_expression("a = 3; b = +a; c = b * 2")
    assert built.root._prev[0].label == "a"


def test_five_thousand_line_program_builds():
    built = build_expression("\n".join(f"v{i} = {i}.5" for i in range(5000)) + "\nr = v1 + v4999")
    assert built.root.data == 1.5 + 4999.5
