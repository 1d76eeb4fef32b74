"""Human formats: ``concise`` (one line each), ``full`` (with the source line and a caret
aligned by display width, so it lines up under Chinese characters) and ``github`` annotations."""
from __future__ import annotations

import unicodedata
from typing import Any, Sequence, TextIO

from .._types import Applicability
from ..findings import briefs


_MARKS = {Applicability.SAFE: " [*]", Applicability.UNSAFE: " [*unsafe]"}


def write_concise(results: Sequence[Any], out: TextIO) -> None:
    """One line per finding; a file's lines are written together (big runs print 100,000s)."""
    marks = _MARKS
    for r in results:
        if r.diagnostics:
            out.write("".join([f"{path}:{line}:{column}: {code}{'' if fix is None else marks.get(fix, '')} {message}\n"
                               for path, line, column, code, fix, message in briefs(r.diagnostics)]))


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def _visible(text: str) -> str:
    """Tabs and control characters shown so the caret still lines up."""
    return "".join(" " if c == "\t" else (chr(0x2400 + ord(c)) if ord(c) < 0x20 else c) for c in text)


def write_full(results: Sequence[Any], out: TextIO) -> None:
    sources: dict[str, list[str]] = {}
    for r in results:
        for d in r.diagnostics:
            out.write(f"{d.path}:{d.start.line}:{d.start.column}: {d.code} [{d.name}] {d.message}\n")
            lines = sources.get(d.path)
            if lines is None:
                lines = sources[d.path] = _read_lines(d.path)
            if 0 < d.start.line <= len(lines):
                line = lines[d.start.line - 1]
                gutter = f"{d.start.line:>5} | "
                end_col = d.end.column if d.end.line == d.start.line else len(line) + 1
                lead = display_width(_visible(line[: d.start.column - 1]))
                mark = max(1, display_width(_visible(line[d.start.column - 1: end_col - 1])))
                out.write(f"{gutter}{_visible(line)}\n")
                out.write(" " * (len(gutter) - 2) + "| " + " " * lead + "^" * mark + "\n")
            if d.fix is not None:
                out.write(f"      = fix ({d.fix.applicability}): {d.fix.title}\n")
            for rel in d.related:
                out.write(f"      = see also {rel.path}:{rel.start.line}:{rel.start.column} {rel.message}\n")
            out.write("\n")


def _read_lines(path: str) -> list[str]:
    from ..decoding import DecodeError, decode_bytes
    from ..lines import split_lines

    try:
        with open(path, "rb") as handle:
            return split_lines(decode_bytes(handle.read()).text)
    except (OSError, DecodeError):
        return []


def _escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def write_github(results: Sequence[Any], out: TextIO) -> None:
    level = {"INFO": "notice", "WARNING": "warning", "ERROR": "error"}
    for r in results:
        for d in r.diagnostics:
            props = [f"file={_escape(d.path, True)}", f"line={d.start.line}", f"col={d.start.column}",
                     f"endLine={d.end.line}"]
            if d.end.line == d.start.line:
                props.append(f"endColumn={d.end.column}")
            props.append(f"title={_escape(d.code + ' ' + d.name, True)}")
            out.write(f"::{level[d.severity.name]} {','.join(props)}::{_escape(d.message)}\n")
