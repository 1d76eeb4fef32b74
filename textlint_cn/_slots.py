"""Fast construction of the frozen, slotted records made by the hundred thousand on big files.

A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__``,
several times slower than setting the slots through their descriptors. Both build the same
record (equal, hashing and pickling alike), so the hot records swap in the faster form.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def _fields(cls: type) -> list[dataclasses.Field[Any]]:
    if not dataclasses.is_dataclass(cls) or not hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__} is not a slotted dataclass")
    return list(dataclasses.fields(cls))


def _compile(source: list[str], namespace: dict[str, Any], name: str) -> Any:
    exec("\n".join(source), namespace)  # noqa: S102 - built from the class's own field names
    return namespace[name]


def fast_init(cls: type[T]) -> type[T]:
    """Class decorator, applied above ``@dataclass``: the same ``__init__`` (defaults, default
    factories, ``__post_init__`` checks), setting slots directly."""
    namespace: dict[str, Any] = {"_MISSING": dataclasses.MISSING}
    params, body = [], []
    for f in _fields(cls):
        namespace[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(f"    if {f.name} is _MISSING: {f.name} = _factory_{f.name}()")
        else:
            params.append(f.name)
        body.append(f"    _set_{f.name}(self, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    init = _compile([f"def __init__(self, {', '.join(params)}):", *body], namespace, "__init__")
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls


def slot_constructor(cls: type[T], trusted: bool = False) -> Callable[..., T]:
    """``make(*fields)`` returning what ``cls(*fields)`` would, skipping even the call to
    ``__init__``: for records rebuilt from values already checked (the cache, the engine).

    Every field is passed, in declaration order. A class with ``__post_init__`` (a check, a
    normalisation) is refused unless ``trusted``: then the values must come from a record that
    passed it.
    """
    names = [f.name for f in _fields(cls)]
    if hasattr(cls, "__post_init__") and not trusted:
        raise TypeError(f"{cls.__name__} checks its fields in __post_init__; pass trusted=True for checked values")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{n}": getattr(cls, n).__set__ for n in names})
    source = [f"def make({', '.join(names)}):", "    self = _new(_cls)"]
    source += [f"    _set_{n}(self, {n})" for n in names]
    source.append("    return self")
    return _compile(source, namespace, "make")  # type: ignore[no-any-return]
