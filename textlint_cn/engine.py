"""Run rules over a document and turn what they yield into diagnostics.

A rule that raises does not stop the run: it becomes a ``TL001`` diagnostic against that
file and rule, and the caller exits 2.
"""
from __future__ import annotations

import contextlib
import gc
import traceback
from operator import attrgetter
from typing import Iterable, Iterator, Sequence

from ._slots import slot_constructor
from ._types import Severity
from .diagnostics import Diagnostic, Violation
from .document import Document
from .lines import LineIndex
from .ruleset import Rule
from .suppression import filter_suppressed

INTERNAL_CATEGORY = "other"

# Codes of the engine's own findings, documented in rules/internal.toml.
RULE_ERROR = ("TL001", "rule-error")
DECODE_ERROR = ("TL002", "unreadable-file")
NOT_CONVERGED = ("TL003", "fix-not-converged")
UNSAFE_EDIT = ("TL004", "fix-rejected")
WRITE_ERROR = ("TL005", "write-failed")
SKIPPED = ("TL006", "file-skipped")


def internal(path: str, which: tuple[str, str], message: str, severity: Severity = Severity.ERROR,
             doc: Document | None = None, start: int = 0, end: int = 0) -> Diagnostic:
    """An engine diagnostic (not from a rule), at the start of the file unless told otherwise."""
    from .diagnostics import Position

    if doc is not None:
        a, b = doc.lines.position(start), doc.lines.position(end)
    else:
        a = b = Position(0, 1, 1)
    return Diagnostic(path, which[0], which[1], INTERNAL_CATEGORY, severity, message, a, b,
                      data={"internal": True})


def is_internal_error(d: Diagnostic) -> bool:
    return bool(d.data.get("internal")) and d.severity >= Severity.ERROR


_diagnostic = slot_constructor(Diagnostic)


def to_diagnostic(doc: Document, rule: Rule, v: Violation) -> Diagnostic:
    return diagnostic_at(doc.path, doc.lines, rule, v)


def diagnostic_at(path: str, lines: LineIndex, rule: Rule, v: Violation) -> Diagnostic:
    """:func:`to_diagnostic` for a document known only by its name and line index."""
    spec = rule.spec
    if not 0 <= v.start <= v.end <= lines.length:
        raise ValueError(f"{spec.code} reported span {v.start}..{v.end} outside the text")
    position = lines.position
    return _diagnostic(path, spec.code, spec.name, spec.category, v.severity or spec.severity, v.message,
                       position(v.start), position(v.end), v.fix, v.related, v.data)


def run_rule(doc: Document, rule: Rule) -> list[Diagnostic]:
    """One rule's findings as diagnostics: hot when a rule reports thousands of times."""
    spec = rule.spec
    path, code, name, category, severity = doc.path, spec.code, spec.name, spec.category, spec.severity
    size = len(doc.text)
    span = doc.lines.span
    out: list[Diagnostic] = []
    append = out.append
    try:
        for v in rule.check(doc, rule):
            start, end = v.start, v.end
            if not 0 <= start <= end <= size:
                raise ValueError(f"{code} reported span {start}..{end} outside the text")
            a, b = span(start, end)
            append(_diagnostic(path, code, name, category, v.severity or severity, v.message,
                               a, b, v.fix, v.related, v.data))
        return out
    except Exception as exc:  # noqa: BLE001 - reported, never swallowed
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [internal(doc.path, RULE_ERROR,
                         f"rule {rule.code} ({rule.spec.name}) failed: {type(exc).__name__}: {exc} "
                         f"[{where.filename.rsplit('/', 1)[-1]}:{where.lineno}]")]


def lint_document(doc: Document, rules: Sequence[Rule], ignore_codes: Iterable[str] = ()) -> list[Diagnostic]:
    """Every diagnostic for ``doc``, suppression directives applied, sorted by position."""
    skip = set(ignore_codes)
    found: list[Diagnostic] = []
    with gc_paused():
        for rule in rules:
            if rule.code not in skip:
                found.extend(run_rule(doc, rule))
        found = filter_suppressed(doc.text, doc.lines, found)
        found.sort(key=_position_key)  # every diagnostic here has doc.path: the same order as sort_key
    return found


_position_key = attrgetter("start.offset", "end.offset", "code")


@contextlib.contextmanager
def gc_paused(long_lived: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while records are made by the hundred thousand.

    Findings hold no reference cycles; each collection would walk every object made so far
    (several percent of a big file's lint time, and most of reading a big cache back).
    Collection resumes, and catches up, when the block ends. ``long_lived``: what the block
    made lives as long as the run (a cache read back); it is frozen out of collection
    altogether instead of being walked when collection resumes and at every full collection.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if long_lived:
            gc.freeze()
        gc.enable()
