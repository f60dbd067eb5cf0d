"""A read-only column of a trace's numbers kept in numpy, read one Python float at a time.

A live canvas swaps new numbers in many times a second and reads back only the drawn
nodes' (moons: 111 of 65,814): building a Python list of every number for that costs
more than computing them. A column reads as a sequence (an index, a slice, iteration);
``tolist`` builds the list once someone needs them all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np


class Column(Sequence):
    """Numbers in a float64 array, None where ``none`` is set (a grad not computed yet)."""

    __slots__ = ("_none", "_values")

    def __init__(self, values: np.ndarray, none: np.ndarray | None = None) -> None:
        self._values = values
        self._none = none if none is not None and none.any() else None

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.tolist()[i]
        if self._none is not None and self._none[i]:
            return None
        return self._values.item(i)  # a Python float, as a list of them holds

    def __iter__(self) -> Iterator[float | None]:
        return iter(self.tolist())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (Sequence, np.ndarray)) or isinstance(other, str):
            return NotImplemented
        return self.tolist() == list(other)

    __hash__ = None  # type: ignore[assignment]  # compared by value, like a list

    def __repr__(self) -> str:
        return f"Column({self.tolist()!r})"

    def tolist(self) -> list[float | None]:
        """Every number as a Python float (None where none), in a new list."""
        values = self._values.tolist()
        if self._none is not None:
            for i in np.flatnonzero(self._none).tolist():
                values[i] = None
        return values

    def replaced(self, where: Sequence[int], values: Sequence[float]) -> Column:
        """A copy with ``values`` at the indices ``where`` (none of them None)."""
        new = self._values.copy()
        new[np.asarray(where, dtype=np.intp)] = values
        none = None
        if self._none is not None:
            none = self._none.copy()
            none[np.asarray(where, dtype=np.intp)] = False
        return Column(new, none)


def as_list(numbers: Sequence) -> list:
    """``numbers`` in a new list this caller may change (a column's copied out at once)."""
    return numbers.tolist() if isinstance(numbers, Column) else list(numbers)


def replaced(numbers: Sequence, values: dict[int, float]) -> Sequence:
    """``numbers`` with ``values`` at their indices: a column (itself if no values), or a list."""
    if isinstance(numbers, Column):
        return numbers.replaced(list(values), list(values.values())) if values else numbers
    numbers = list(numbers)
    for i, x in values.items():
        numbers[i] = x
    return numbers
