"""Offset -> line/column mapping where only ``\\n``, ``\\r\\n`` and ``\\r`` end a line.

``str.splitlines`` also splits on ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028 and
U+2029, which OCR leaves inside lines; line numbers built on it disagree with every editor.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ._slots import slot_constructor
from .diagnostics import Position

_LINE_END = re.compile(r"\r\n|\r|\n")


_position = slot_constructor(Position)


class LineIndex:
    """Start offsets of every line, computed once per text."""

    __slots__ = ("_starts", "_length")

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
        self._length = len(text)

    @property
    def length(self) -> int:
        """Length of the text indexed, in code points."""
        return self._length

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

    def span(self, start: int, end: int) -> tuple[Position, Position]:
        """The positions of ``start`` and ``end`` (``0 <= start <= end <= length``), with one
        bisection when both lie on one line, as most findings do."""
        starts = self._starts
        line = bisect_right(starts, start)
        first = starts[line - 1]
        a = _position(start, line, start - first + 1)
        if end == start:
            return a, a
        if line == len(starts) or end < starts[line]:
            return a, _position(end, line, end - first + 1)
        return a, self.position(end)

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
