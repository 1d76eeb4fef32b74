"""Inline suppression that makes sense in plain text and markdown: HTML comments.

    <!-- textlint-disable SP001 -->      ... <!-- textlint-enable SP001 -->   (a range)
    <!-- textlint-disable-next-line redaction -->                           (one line)
    <!-- textlint-disable-file EN006 -->                                    (the whole file)

Without selectors a directive covers every rule. Selectors are codes, prefixes, names or
categories, separated by commas or spaces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .diagnostics import Diagnostic
from .lines import LineIndex

_DIRECTIVE = re.compile(
    r"<!--\s*textlint-(disable-file|disable-next-line|disable|enable)\b([^>]*?)\s*-->"
)


@dataclass(frozen=True, slots=True)
class _Scope:
    start: int  # first line (1-based), inclusive
    end: int  # last line, inclusive
    selectors: tuple[str, ...]  # empty: every rule


def _matches(selectors: tuple[str, ...], d: Diagnostic) -> bool:
    if not selectors:
        return True
    return any(s in (d.code, d.name, d.category) or d.code.startswith(s) for s in selectors)


def _scopes(text: str, index: LineIndex) -> list[_Scope]:
    scopes: list[_Scope] = []
    open_ranges: dict[tuple[str, ...], int] = {}
    last = index.line_count
    for m in _DIRECTIVE.finditer(text):
        verb = m.group(1)
        sels = tuple(s for s in re.split(r"[,\s]+", m.group(2).strip()) if s)
        line = index.position(m.start()).line
        if verb == "disable-file":
            scopes.append(_Scope(1, last, sels))
        elif verb == "disable-next-line":
            scopes.append(_Scope(line + 1, line + 1, sels))
        elif verb == "disable":
            open_ranges.setdefault(sels, line)
        else:
            for key in [k for k in open_ranges if not sels or k == sels]:
                scopes.append(_Scope(open_ranges.pop(key), line, key))
    scopes.extend(_Scope(start, last, sels) for sels, start in open_ranges.items())
    return scopes


def filter_suppressed(text: str, index: LineIndex, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    diagnostics = list(diagnostics)
    if "textlint-" not in text or not diagnostics:
        return diagnostics
    scopes = _scopes(text, index)
    if not scopes:
        return diagnostics
    return [
        d for d in diagnostics
        if not any(s.start <= d.start.line <= s.end and _matches(s.selectors, d) for s in scopes)
    ]
