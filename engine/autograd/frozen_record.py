"""Frozen records without dataclass(): their methods written once, not compiled per class.

``@dataclass(frozen=True)`` compiles ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` from generated source for each class when its module is
imported (with ``slots=True`` it also builds the class twice): 2.5-3.7 M instructions a class,
paid by every launch for the records it imports. A ``FrozenRecord`` subclass is declared as a
dataclass is, by annotated fields with optional defaults; its metaclass turns them into
``__slots__`` and gives it one generic ``__init__`` (a closure, nothing compiled). A class made
in the hundred thousands (trace events) lists ``__slots__`` and writes its own ``__init__``
with ``set_field`` instead. ``replaced`` makes a copy with some fields changed, as
``dataclasses.replace`` does.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from itertools import repeat
from operator import attrgetter
from typing import Any, ClassVar, TypeVar, dataclass_transform

FrozenRecordT = TypeVar("FrozenRecordT", bound="FrozenRecord")
set_field = object.__setattr__  # how an __init__ writes the fields of a frozen record
_MISSING = object()


def fields_repr(record: object, names: tuple[str, ...]) -> str:
    """``Class(name=value, ...)`` for ``record``'s fields ``names``, as a dataclass shows it."""
    shown = ", ".join(f"{name}={getattr(record, name)!r}" for name in names)
    return f"{type(record).__qualname__}({shown})"


def _is_class_var(annotation: object) -> bool:
    # a string under ``from __future__ import annotations``, else the typing object
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return annotation is ClassVar or getattr(annotation, "__origin__", None) is ClassVar


def _declared_fields(name: str, namespace: dict[str, Any]) -> tuple[tuple[str, ...], tuple]:
    """The annotated fields of a class body and its defaults (popped: slots take their names)."""
    names = tuple(
        field
        for field, annotation in namespace.get("__annotations__", {}).items()
        if not _is_class_var(annotation)
    )
    defaults = []
    for field in names:
        if field in namespace:
            default = namespace.pop(field)
            if isinstance(default, (list, dict, set)):  # shared by every record, as dataclass says
                raise ValueError(f"mutable default {type(default)} for field {field} of {name}")
            defaults.append(default)
        elif defaults:
            raise TypeError(f"non-default argument {field!r} follows default argument in {name}")
    return names, tuple(defaults)


def _bound(
    qualname: str, names: tuple[str, ...], defaults: tuple, args: tuple, kwargs: dict
) -> tuple:
    """All fields' values from ``args`` and ``kwargs``; the TypeError a dataclass raises if not."""
    if len(args) > len(names):
        takes = f"from {len(names) - len(defaults) + 1} to " if defaults else ""
        raise TypeError(
            f"{qualname}.__init__() takes {takes}{len(names) + 1} positional arguments "
            f"but {len(args) + 1} were given"
        )
    values = [*args, *(_MISSING,) * (len(names) - len(args))]
    for field, value in kwargs.items():
        if field not in names:
            raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument {field!r}")
        i = names.index(field)
        if i < len(args):
            raise TypeError(f"{qualname}.__init__() got multiple values for argument {field!r}")
        values[i] = value
    required = len(names) - len(defaults)
    for i, default in enumerate(defaults, required):
        if values[i] is _MISSING:
            values[i] = default
    missing = [repr(field) for field, value in zip(names, values, strict=True) if value is _MISSING]
    if missing:
        listed = ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
        raise TypeError(
            f"{qualname}.__init__() missing {len(missing)} required positional "
            f"argument{'s' if len(missing) > 1 else ''}: {listed}"
        )
    return tuple(values)


def _generic_init(qualname: str, names: tuple[str, ...], defaults: tuple, post_init: Any) -> Any:
    """An ``__init__(self, *fields)`` binding arguments as a dataclass's does, then post-init."""
    count = len(names)
    required = count - len(defaults)

    def init(self: FrozenRecord, *args: object, **kwargs: object) -> None:
        if kwargs or not required <= len(args) <= count:
            args = _bound(qualname, names, defaults, args, kwargs)
        elif len(args) < count:
            args += defaults[len(args) - required :]
        # one C loop over the fields (set_field returns None, so any() runs them all): about
        # twice as fast as a Python for loop, 1.5x a hand-written __init__
        any(map(set_field, repeat(self), names, args))
        if post_init is not None:  # the class's checks, as a dataclass's __post_init__
            post_init(self)

    init.__name__, init.__qualname__ = "__init__", f"{qualname}.__init__"
    return init


def _signature(names: tuple[str, ...], defaults: tuple) -> Any:
    """The ``inspect.Signature`` of a generic ``__init__``'s class: its fields, as parameters."""
    from inspect import Parameter, Signature  # noqa: PLC0415 (asked for by tools, not a launch)

    required = len(names) - len(defaults)
    return Signature(
        [
            Parameter(field, Parameter.POSITIONAL_OR_KEYWORD)
            if i < required
            else Parameter(field, Parameter.POSITIONAL_OR_KEYWORD, default=defaults[i - required])
            for i, field in enumerate(names)
        ]
    )


@dataclass_transform(frozen_default=True)
class RecordMeta(type):
    """Makes a record from a class body of annotated fields: slots, ``__init__``, == and hash."""

    _declared: tuple[tuple[str, ...], tuple] | None

    def __new__(
        mcls,
        name: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        *,
        compared: tuple[str, ...] = (),
        eq: bool = True,
        cached: bool = False,
        **kwargs: Any,
    ) -> RecordMeta:
        """The class, with slots and an ``__init__`` from its annotated fields if it has neither.

        ``cached``: the records also get a ``__dict__`` (for their ``cached_property`` values)
        and weak references (caches keyed by them), beside the slots of their fields.
        """
        declared = None  # the fields and defaults a generic __init__ takes
        if "__slots__" not in namespace:  # declared by annotations: slots, defaults, an __init__
            if any(getattr(base, "_fields", ()) for base in bases):  # fields cannot be redeclared
                raise TypeError(f"{name}: a record declared by its fields extends no record")
            names, defaults = _declared_fields(name, namespace)
            namespace["__slots__"] = names + (("__dict__", "__weakref__") if cached else ())
            namespace["_fields"] = names
            if "__init__" not in namespace:
                qualname = namespace.get("__qualname__", name)
                post_init = namespace.get("__post_init__")
                namespace["__init__"] = _generic_init(qualname, names, defaults, post_init)
                declared = (names, defaults)
        elif namespace["__slots__"]:  # a record that lists its slots: they are its fields
            namespace["_fields"] = tuple(namespace["__slots__"])
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        cls._declared = declared
        if not eq:  # compared and hashed by identity, as @dataclass(eq=False): arrays inside
            cls.__eq__ = object.__eq__  # type: ignore[method-assign]
            cls.__hash__ = object.__hash__  # type: ignore[method-assign]
        fields = namespace.get("_fields")
        if fields:  # a record, not a base (nor a subclass adding methods only)
            names = compared or fields
            # a tuple of the fields, as dataclass's == and hash use (attrgetter of one name
            # returns the value alone; a lambda is kept static, not bound to the record)
            one = names[0]
            cls._compared = (
                attrgetter(*names) if len(names) > 1 else staticmethod(lambda r: (getattr(r, one),))
            )
            cls.__match_args__ = fields
        return cls

    @property
    def __signature__(cls) -> Any:
        """The fields as ``__init__``'s parameters (built when asked: inspect is not imported)."""
        declared = cls.__dict__.get("_declared")
        return None if declared is None else _signature(*declared)


class FrozenRecord(metaclass=RecordMeta):
    """Frozen fields (``_fields``, in ``__init__``'s order) with ==, hash and repr from them."""

    __slots__ = ()
    #: The fields, in ``__init__``'s order (its slots, less ``__dict__`` for cached ones).
    _fields: ClassVar[tuple[str, ...]] = ()
    #: The fields == and the hash compare (all, or those the class names), as one getter.
    _compared: ClassVar[attrgetter]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._compared(self) == self._compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared(self))

    def __repr__(self) -> str:
        return fields_repr(self, self._fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # copy and pickle build it again through __init__ (its __setattr__ refuses)
        return type(self), tuple(getattr(self, name) for name in self._fields)


def replaced(record: FrozenRecordT, **changes: Any) -> FrozenRecordT:
    """A copy of ``record`` with ``changes`` to its fields, made as ``dataclasses.replace`` does.

    Through the class's ``__init__``, so what it checks is checked again.
    """
    fields = {name: getattr(record, name) for name in record._fields}
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {', '.join(sorted(unknown))}")
    return type(record)(**{**fields, **changes})
