"""Frozen records without dataclass(): their methods written once, not compiled per class.

``@dataclass(frozen=True)`` compiles ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` from generated source for each class when its module is
imported (with ``slots=True`` it also builds the class twice): 2.5-3.7 M instructions a class,
paid by every launch for the records it imports. A ``FrozenRecord`` subclass lists its fields
in ``__slots__`` and writes its own ``__init__`` (with ``set_field``); the rest is here, and
``replaced`` makes a copy with some fields changed, as ``dataclasses.replace`` does.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from operator import attrgetter
from typing import Any, ClassVar, TypeVar

FrozenRecordT = TypeVar("FrozenRecordT", bound="FrozenRecord")
set_field = object.__setattr__  # how an __init__ writes the fields of a frozen record


def fields_repr(record: object, names: tuple[str, ...]) -> str:
    """``Class(name=value, ...)`` for ``record``'s fields ``names``, as a dataclass shows it."""
    shown = ", ".join(f"{name}={getattr(record, name)!r}" for name in names)
    return f"{type(record).__qualname__}({shown})"


class FrozenRecord:
    """Frozen fields (``__slots__``, in ``__init__``'s order) with ==, hash and repr from them."""

    __slots__ = ()
    #: The fields == and the hash compare (all, or those the class names), as one getter.
    _compared: ClassVar[attrgetter]

    def __init_subclass__(
        cls, compared: tuple[str, ...] = (), eq: bool = True, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if not eq:  # compared and hashed by identity, as @dataclass(eq=False): arrays inside
            cls.__eq__ = object.__eq__  # type: ignore[method-assign]
            cls.__hash__ = object.__hash__  # type: ignore[method-assign]
        if cls.__slots__:  # a record, not a base
            names = compared or cls.__slots__
            # a tuple of the fields, as dataclass's == and hash use (attrgetter of one name
            # returns the value alone)
            one = names[0]
            cls._compared = attrgetter(*names) if len(names) > 1 else lambda r: (getattr(r, one),)
            cls.__match_args__ = cls.__slots__

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._compared(self) == self._compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared(self))

    def __repr__(self) -> str:
        return fields_repr(self, self.__slots__)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # copy and pickle build it again through __init__ (its __setattr__ refuses)
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


def replaced(record: FrozenRecordT, **changes: Any) -> FrozenRecordT:
    """A copy of ``record`` with ``changes`` to its fields, made as ``dataclasses.replace`` does.

    Through the class's ``__init__``, so what it checks is checked again.
    """
    fields = {name: getattr(record, name) for name in record.__slots__}
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {', '.join(sorted(unknown))}")
    return type(record)(**{**fields, **changes})
