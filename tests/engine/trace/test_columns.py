"""Column: numbers kept in numpy read back as the list of Python floats they stand for."""

import numpy as np
import pytest

from engine.trace.columns import Column, as_list, replaced


def test_a_column_reads_as_its_list_of_python_floats_with_none_where_masked():
    values = [0.1, -2.5, 1e-300, 3.0]
    column = Column(np.array(values), np.array([False, False, False, True]))
    want = [0.1, -2.5, 1e-300, None]
    assert len(column) == 4
    assert [column[i] for i in range(4)] == want
    assert all(type(column[i]) is float for i in range(3))  # not numpy scalars
    assert column[-2] == 1e-300 and column[1:3] == want[1:3]
    assert list(column) == want and column.tolist() == want
    assert column == want and want == column and column == tuple(want)
    assert column != [0.1, -2.5, 1e-300, 3.0]
    with pytest.raises(IndexError):
        column[4]


def test_a_column_without_none_reads_every_number():
    column = Column(np.array([1.5, 2.5]), np.array([False, False]))
    assert column.tolist() == [1.5, 2.5] and Column(np.array([1.5, 2.5])) == column


def test_replaced_numbers_leave_the_original_as_it_was():
    values = np.array([1.0, 2.0, 3.0])
    column = Column(values, np.array([False, True, False]))
    new = replaced(column, {1: 9.0, 2: 8.0})
    assert isinstance(new, Column) and new == [1.0, 9.0, 8.0]
    assert column == [1.0, None, 3.0] and values.tolist() == [1.0, 2.0, 3.0]
    assert replaced(column, {}) is column
    numbers = (1.0, 2.0)
    assert replaced(numbers, {0: 5.0}) == [5.0, 2.0] and numbers == (1.0, 2.0)


def test_as_list_gives_a_new_list_the_caller_may_change():
    column = Column(np.array([1.0, 2.0]), np.array([True, False]))
    mine = as_list(column)
    mine[1] = 7.0
    assert type(mine) is list and column == [None, 2.0]
    numbers = [1.0, 2.0]
    assert as_list(numbers) == numbers and as_list(numbers) is not numbers
