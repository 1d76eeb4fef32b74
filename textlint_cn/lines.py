"""Offset -> line/column mapping where only ``\\n``, ``\\r\\n`` and ``\\r`` end a line.

``str.splitlines`` also splits on ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028 and
U+2029, which OCR leaves inside lines; line numbers built on it disagree with every editor.
"""
from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from typing import Any, Callable, TypeVar

from .diagnostics import Position

T = TypeVar("T")

_LINE_END = re.compile(r"\r\n|\r|\n")


def slot_constructor(cls: type[T], trusted: bool = False) -> Callable[..., T]:
    """``make(*fields)`` returning what ``cls(*fields)`` would, in about half the time.

    A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__``;
    setting the slots through their descriptors builds the same record (equal, hashing alike).
    Positions and diagnostics are made by the hundred thousand on big files. Every field is
    passed, in declaration order. A class with ``__post_init__`` (a check, a normalisation) is
    refused unless ``trusted``: then the values must come from a record that passed it.
    """
    if not dataclasses.is_dataclass(cls) or not hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__} is not a slotted dataclass")
    if hasattr(cls, "__post_init__") and not trusted:
        raise TypeError(f"{cls.__name__} checks its fields in __post_init__; pass trusted=True for checked values")
    names = [f.name for f in dataclasses.fields(cls)]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{n}": getattr(cls, n).__set__ for n in names})
    source = [f"def make({', '.join(names)}):", "    self = _new(_cls)"]
    source += [f"    _set_{n}(self, {n})" for n in names]
    source.append("    return self")
    exec("\n".join(source), namespace)  # noqa: S102 - built from the field names above
    return namespace["make"]  # type: ignore[no-any-return]


_position = slot_constructor(Position)


class LineIndex:
    """Start offsets of every line, computed once per text."""

    __slots__ = ("_starts", "_length")

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
        self._length = len(text)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> Position:
        if offset < 0:
            offset = 0
        elif offset > self._length:
            offset = self._length
        line = bisect_right(self._starts, offset)  # 1-based: the count of line starts at or before
        return _position(offset, line, offset - self._starts[line - 1] + 1)

    def line_span(self, line: int) -> tuple[int, int]:
        """Start and end offsets (end excludes the line break) of 1-based ``line``."""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else self._length
        return start, end


def split_lines(text: str) -> list[str]:
    """Lines without their breaks, split only at ``\\n``, ``\\r\\n``, ``\\r``."""
    return _LINE_END.split(text)


def strip_line_end(line: str) -> str:
    return line.rstrip("\r\n")
