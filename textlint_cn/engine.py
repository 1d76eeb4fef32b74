"""Run rules over a document and turn what they yield into diagnostics.

A rule that raises does not stop the run: it becomes a ``TL001`` diagnostic against that
file and rule, and the caller exits 2.
"""
from __future__ import annotations

import traceback
from typing import Iterable, Sequence

from ._types import Severity
from .diagnostics import Diagnostic, Violation
from .document import Document
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


def to_diagnostic(doc: Document, rule: Rule, v: Violation) -> Diagnostic:
    spec = rule.spec
    if not 0 <= v.start <= v.end <= len(doc.text):
        raise ValueError(f"{spec.code} reported span {v.start}..{v.end} outside the text")
    return Diagnostic(
        path=doc.path,
        code=spec.code,
        name=spec.name,
        category=spec.category,
        severity=v.severity or spec.severity,
        message=v.message,
        start=doc.lines.position(v.start),
        end=doc.lines.position(v.end),
        fix=v.fix,
        related=v.related,
        data=v.data,
    )


def run_rule(doc: Document, rule: Rule) -> list[Diagnostic]:
    try:
        return [to_diagnostic(doc, rule, v) for v in rule.check(doc, rule)]
    except Exception as exc:  # noqa: BLE001 - reported, never swallowed
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [internal(doc.path, RULE_ERROR,
                         f"rule {rule.code} ({rule.spec.name}) failed: {type(exc).__name__}: {exc} "
                         f"[{where.filename.rsplit('/', 1)[-1]}:{where.lineno}]")]


def lint_document(doc: Document, rules: Sequence[Rule], ignore_codes: Iterable[str] = ()) -> list[Diagnostic]:
    """Every diagnostic for ``doc``, suppression directives applied, sorted by position."""
    skip = set(ignore_codes)
    found: list[Diagnostic] = []
    for rule in rules:
        if rule.code not in skip:
            found.extend(run_rule(doc, rule))
    found = filter_suppressed(doc.text, doc.lines, found)
    found.sort(key=lambda d: d.sort_key)
    return found
