"""The lines around a finding, read back from the file it came from.

Files are decoded the way the linter decoded them, so code-point offsets line up. A record of
a JSON-lines corpus (``corpus.jsonl:12``) is read from that line's text field. When a file is
missing or no longer matches the finding (edited since the run), there is simply no excerpt.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..decoding import DecodeError, decode_bytes
from ..diagnostics import Diagnostic, Position
from ..lines import LineIndex
from .model import split_record_path

WINDOW = 70  # characters kept on each side of a finding on a long line
PLAIN_WIDTH = 160  # characters kept of a context line without the finding
MAX_SPAN_LINES = 4  # a longer finding shows its first lines and its last one


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    marked: bool = False


@dataclass(frozen=True, slots=True)
class ExcerptLine:
    number: int | None  # None: an elision marker between lines
    segments: tuple[Segment, ...]
    clipped_left: bool = False
    clipped_right: bool = False
    break_marked: bool = False  # the finding covers this line's line break


@dataclass(frozen=True, slots=True)
class Excerpt:
    lines: tuple[ExcerptLine, ...]


class _Text:
    __slots__ = ("index", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)


class SourceReader:
    """Reads each file once (the few the report shows excerpts from) and cuts excerpts."""

    def __init__(self, root: Path | None = None, encoding: str | None = None, text_field: str = "text",
                 context: int = 1, max_bytes: int = 256 * 1024 * 1024) -> None:
        self.root = root
        self.encoding = encoding
        self.text_field = text_field
        self.context = max(0, context)
        self.max_bytes = max_bytes
        self._texts = lru_cache(maxsize=8)(self._load)
        self._containers = lru_cache(maxsize=2)(self._container_lines)

    def locate(self, path: str) -> Path | None:
        """The file on disk a reported path names, if it exists."""
        name, _ = split_record_path(path)
        if name in ("-", "<text>") or name.startswith("<"):
            return None
        candidate = Path(name)
        if self.root is not None and not candidate.is_absolute():
            candidate = self.root / candidate
        try:
            return candidate if candidate.is_file() else None
        except (OSError, ValueError):
            return None

    def _read(self, file: Path) -> str | None:
        try:
            if os.path.getsize(file) > self.max_bytes:
                return None
            return decode_bytes(file.read_bytes(), self.encoding).text
        except (OSError, DecodeError, ValueError):
            return None

    def _container_lines(self, file: Path) -> list[str] | None:
        text = self._read(file)
        # The runner numbers records with str.splitlines; so do we.
        return text.splitlines() if text is not None else None

    def _load(self, path: str) -> _Text | None:
        file = self.locate(path)
        if file is None:
            return None
        _, record = split_record_path(path)
        if record is None:
            text = self._read(file)
            return _Text(text) if text is not None else None
        lines = self._containers(file)
        if lines is None or not 0 < record <= len(lines):
            return None
        try:
            value = json.loads(lines[record - 1])[self.text_field]
        except (ValueError, KeyError, TypeError, IndexError):
            return None
        return _Text(value) if isinstance(value, str) else None

    def text(self, path: str) -> _Text | None:
        return self._texts(path)

    def line_text(self, path: str, line: int) -> str | None:
        src = self.text(path)
        if src is None or not 0 < line <= src.index.line_count:
            return None
        a, b, _ = _bounds(src, line)
        return src.text[a:b]

    def excerpt(self, d: Diagnostic) -> Excerpt | None:
        return self.excerpt_at(d.path, d.start, d.end)

    def excerpt_at(self, path: str, start: Position, end: Position) -> Excerpt | None:
        src = self.text(path)
        if src is None or not _consistent(src, start, end):
            return None
        first = max(1, start.line - self.context)
        last = min(src.index.line_count, end.line + self.context)
        numbers = list(range(first, last + 1))
        span_lines = end.line - start.line + 1
        if span_lines > MAX_SPAN_LINES:
            keep = set(range(first, start.line + MAX_SPAN_LINES - 1)) | set(range(end.line, last + 1))
            numbers = [n for n in numbers if n in keep]
        out: list[ExcerptLine] = []
        previous = None
        for n in numbers:
            if previous is not None and n != previous + 1:
                out.append(ExcerptLine(None, (Segment(f"{n - previous - 1} more lines"),)))
            out.append(_cut_line(src, n, start.offset, end.offset))
            previous = n
        return Excerpt(tuple(out))


def _consistent(src: _Text, start: Position, end: Position) -> bool:
    """The finding still fits the file: offsets in range and on the lines it names."""
    if not 0 <= start.offset <= end.offset <= len(src.text):
        return False
    return src.index.position(start.offset).line == start.line and src.index.position(end.offset).line == end.line


def _bounds(src: _Text, number: int) -> tuple[int, int, int]:
    """Start of line ``number``, end of its text (before the break), start of the next line."""
    start, after = src.index.line_span(number)  # ``after`` may include the line break
    end = after
    text = src.text
    if end > start and text[end - 1] == "\n":
        end -= 1
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end, after


def _cut_line(src: _Text, number: int, start: int, end: int) -> ExcerptLine:
    """One line, cut around the finding; the finding's part of it marked."""
    a, b, next_start = _bounds(src, number)
    line = src.text[a:b]
    break_marked = start < next_start and end > b and b < next_start
    touches = (start < b and end > a) or (start == end and a <= start <= b)
    if not touches or (start != end and a == b):
        clipped = len(line) > PLAIN_WIDTH
        if break_marked and clipped:  # the finding starts at this line's end: show the end
            return ExcerptLine(number, (Segment(line[-WINDOW:]),), True, False, break_marked)
        return ExcerptLine(number, (Segment(line[:PLAIN_WIDTH]),), False, clipped, break_marked)
    lo, hi = max(start, a) - a, min(end, b) - a
    left = max(0, lo - WINDOW)
    right = min(len(line), hi + WINDOW)
    marked = line[lo:hi]
    if len(marked) > 2 * WINDOW:
        marked = marked[:WINDOW] + " … " + marked[-WINDOW:]
    segments = (Segment(line[left:lo]), Segment(marked, True), Segment(line[hi:right]))
    return ExcerptLine(number, tuple(s for s in segments if s.text or s.marked), left > 0, right < len(line),
                       break_marked)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width]
