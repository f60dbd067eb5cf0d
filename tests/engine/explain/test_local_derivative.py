"""The inspector's local-derivative lines: each ends in its value and says which input it is."""

from engine.explain.local_derivative import local_derivatives


def test_a_negative_base_is_bracketed_in_a_power_derivative():
    lines = local_derivatives("y", "**3", [("x", -2.0)], -8.0)
    assert lines == ["∂y/∂x = 3 · x^2 = 3 · (-2.0)^2 = 12.0"]


def test_the_log_derivative_line_ends_in_its_value():
    assert local_derivatives("l", "log", [("a", 4.0)], 1.386294) == [
        "∂l/∂a = 1 / a = 1 / 4.0 = 0.25"
    ]


def test_a_product_of_a_node_with_itself_says_which_factor_and_adds_them_up():
    lines = local_derivatives("s", "*", [("a", 3.0), ("a", 3.0)], 9.0)
    assert lines == [
        "∂s/∂a (as 1st input) = a.data = 3.0",
        "∂s/∂a (as 2nd input) = a.data = 3.0",
        "∂s/∂a in all = 3.0 + 3.0 = 6.0",
    ]


def test_an_op_known_by_an_alias_has_its_formula():
    assert local_derivatives("p", "mul", [("x", 2.0), ("w", -3.0)], -6.0) == [
        "∂p/∂x = w.data = -3.0",
        "∂p/∂w = x.data = 2.0",
    ]


def test_an_unknown_op_without_a_measure_says_the_table_does_not_know_it():
    assert local_derivatives("s", "sin", [("x", 1.0)], 0.84) == [
        "∂s/∂x: op 'sin' is not in gradstep's op table"
    ]
