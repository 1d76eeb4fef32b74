"""The core records: edits, fixes, violations a rule yields and diagnostics the engine reports.

Offsets are half-open code-point offsets into the decoded text (Python ``str`` indices).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ._slots import fast_init, slot_constructor
from ._types import Applicability, Severity


@fast_init
@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``content``."""

    start: int
    end: int
    content: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit range {self.start}..{self.end}")

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "content": self.content}


@fast_init
@dataclass(frozen=True, slots=True)
class Fix:
    """A set of non-overlapping edits applied together, or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    title: str = ""

    def __post_init__(self) -> None:
        if len(self.edits) == 1 and type(self.edits) is tuple:
            return  # one edit: in order, nothing to overlap (the common case)
        if not self.edits:
            raise ValueError("a fix needs at least one edit")
        ordered = tuple(sorted(self.edits))
        for a, b in zip(ordered, ordered[1:]):
            if b.start < a.end or (a.start == a.end == b.start == b.end):
                raise ValueError(f"overlapping edits {a} and {b}")
        object.__setattr__(self, "edits", ordered)

    @classmethod
    def replace(cls, start: int, end: int, content: str, applicability: Applicability, title: str = "") -> Fix:
        """A fix of one edit: nothing to order or overlap, so only its range is checked (rules
        make these by the hundred thousand on a big file)."""
        if not 0 <= start <= end:
            raise ValueError(f"bad edit range {start}..{end}")
        return _new_fix((_new_edit(start, end, content),), applicability, title)

    @property
    def start(self) -> int:
        return self.edits[0].start

    @property
    def end(self) -> int:
        return self.edits[-1].end

    def to_dict(self) -> dict[str, Any]:
        return {
            "applicability": str(self.applicability),
            "title": self.title,
            "edits": [e.to_dict() for e in self.edits],
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Position:
    """A point in a document: offset plus 1-based line and column (both in code points)."""

    offset: int
    line: int
    column: int

    def to_dict(self) -> dict[str, int]:
        return {"offset": self.offset, "line": self.line, "column": self.column}


@fast_init
@dataclass(frozen=True, slots=True)
class Related:
    """Another place that belongs to a finding: the other copy of a duplicate."""

    path: str
    start: Position
    end: Position
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "start": self.start.to_dict(), "end": self.end.to_dict(), "message": self.message}


@fast_init
@dataclass(frozen=True, slots=True)
class Violation:
    """What a check yields: a span, a message and maybe a fix. The engine adds the rest."""

    start: int
    end: int
    message: str
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    severity: Severity | None = None  # overrides the rule's severity when set
    data: Mapping[str, Any] = field(default_factory=dict)


@fast_init
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding as users see it: which rule, where, what, and how to fix it."""

    path: str
    code: str
    name: str
    category: str
    severity: Severity
    message: str
    start: Position
    end: Position
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start.offset, self.end.offset, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape documented in the README."""
        out: dict[str, Any] = {
            "path": self.path,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": str(self.severity),
            "message": self.message,
            "start": self.start.to_dict(),
            "end": self.end.to_dict(),
            "fix": self.fix.to_dict() if self.fix else None,
            "related": [r.to_dict() for r in self.related],
        }
        if self.data:
            out["data"] = dict(self.data)
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Diagnostic:
        """Inverse of :meth:`to_dict` (used by the cache and ``report --from-json``)."""

        def pos(p: Mapping[str, int]) -> Position:
            return Position(p["offset"], p["line"], p["column"])

        fix = None
        if d.get("fix"):
            f = d["fix"]
            fix = Fix(
                tuple(Edit(e["start"], e["end"], e["content"]) for e in f["edits"]),
                Applicability.parse(f["applicability"]),
                f.get("title", ""),
            )
        related = tuple(
            Related(r["path"], pos(r["start"]), pos(r["end"]), r.get("message", "")) for r in d.get("related", ())
        )
        return cls(
            d["path"], d["code"], d["name"], d["category"], Severity.parse(d["severity"]), d["message"],
            pos(d["start"]), pos(d["end"]), fix, related, d.get("data") or {},
        )


_new_edit = slot_constructor(Edit, trusted=True)
_new_fix = slot_constructor(Fix, trusted=True)
