"""Findings as rows: the compact form the cache stores and worker processes send, read lazily.

A row is one tuple per diagnostic (the fields of ``Diagnostic.to_dict`` without their keys).
Reading a row back gives what ``Diagnostic.from_dict(json.loads(json.dumps(d.to_dict())))``
gives, field for field; the records are rebuilt without re-checking what was checked when they
were first made.

Building the records is most of what a run served from the cache would spend: five objects per
finding, for 100,000s of findings. :class:`StoredFindings` keeps the rows and builds the records
only when something reads them. What nearly every run does with its findings (count them, tell
the worst severity, print them one line each, merge a file's own with its cross-file ones) reads
the rows straight, through the functions at the end of this module, which take records as well.
"""
from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any, Callable, Iterable, Iterator, NamedTuple, overload

from ._slots import slot_constructor
from ._types import Applicability, Severity
from .diagnostics import Diagnostic, Edit, Fix, Position, Related

Row = tuple[Any, ...]

# The places of a row's fields.
_WHERE, _CODE, _SEVERITY_AT, _MESSAGE, _START, _LINE, _COLUMN, _END, _FIX, _DATA = 0, 1, 4, 5, 6, 7, 8, 9, 12, 14
_first, _fix_of, _severity_of, _where_of = itemgetter(0), itemgetter(_FIX), itemgetter(_SEVERITY_AT), itemgetter(_WHERE)
_brief_fields = itemgetter(_WHERE, _LINE, _COLUMN, _CODE, _FIX, _MESSAGE)
_here_key = itemgetter(_START, _END, _CODE)  # the sort key of rows that all lie in their own file
SORT_KEY = attrgetter("path", "start.offset", "end.offset", "code")  # Diagnostic.sort_key, in C


def _same(value: str, _: str) -> str:
    return value


def to_row(d: Diagnostic, path: str, shared: Callable[[str, str], str] = _same) -> Row:
    """``d`` as a row; ``None`` stands for ``path``, the file the row is kept with. ``shared(s, s)``
    gives the one object kept for each distinct string (so marshal writes it once); by default
    each string stands for itself."""
    fix = d.fix
    return (
        None if d.path == path else d.path, shared(d.code, d.code), shared(d.name, d.name),
        shared(d.category, d.category), int(d.severity), shared(d.message, d.message),
        d.start.offset, d.start.line, d.start.column, d.end.offset, d.end.line, d.end.column,
        None if fix is None else (int(fix.applicability), shared(fix.title, fix.title),
                                  tuple((e.start, e.end, shared(e.content, e.content)) for e in fix.edits)),
        tuple((shared(r.path, r.path), *_pos(r.start), *_pos(r.end), shared(r.message, r.message))
              for r in d.related) if d.related else None,
        dict(d.data) if d.data else None,
    )


def share_strings(row: Row, shared: Callable[[str, str], str]) -> Row:
    """``row`` with its strings replaced by ``shared``'s: the same row as ``to_row`` gives for
    its record, without building the record (rows that came from another process)."""
    (where, code, name, category, severity, message, so, sl, sc, eo, el, ec, fix, related, data) = row
    if fix is not None:
        fix = (fix[0], shared(fix[1], fix[1]), tuple((s, e, shared(c, c)) for s, e, c in fix[2]))
    if related is not None:
        related = tuple((shared(r[0], r[0]), *r[1:7], shared(r[7], r[7])) for r in related)
    return (where, shared(code, code), shared(name, name), shared(category, category), severity,
            shared(message, message), so, sl, sc, eo, el, ec, fix, related, data)


def _pos(p: Position) -> tuple[int, int, int]:
    return p.offset, p.line, p.column


_diagnostic = slot_constructor(Diagnostic)
_position = slot_constructor(Position)
_related = slot_constructor(Related)
_edit = slot_constructor(Edit, trusted=True)
_fix = slot_constructor(Fix, trusted=True)
_SEVERITIES = {int(s): s for s in Severity}
_APPLICABILITIES = {int(a): a for a in Applicability}


def _related_of(r: Sequence[Any]) -> Related:
    return _related(r[0], _position(r[1], r[2], r[3]), _position(r[4], r[5], r[6]), r[7])


def shared_related() -> Callable[[Sequence[Any]], Related]:
    """``_related_of`` building each distinct location once: every copy of a section duplicated
    across files lists the other copies, so the same locations recur from file to file."""
    built: dict[Any, Related] = {}

    def related_of(r: Sequence[Any]) -> Related:
        found = built.get(r)
        if found is None:
            found = built[r] = _related_of(r)
        return found

    return related_of


def from_row(row: Sequence[Any], path: str, related_of: Callable[[Sequence[Any]], Related] = _related_of) -> Diagnostic:
    (where, code, name, category, severity, message, so, sl, sc, eo, el, ec, fix, related, data) = row
    if fix is not None:
        applicability, title, edits = fix
        fix = _fix(tuple([_edit(start, end, content) for start, end, content in edits]),
                   _APPLICABILITIES[applicability], title)
    return _diagnostic(path if where is None else where, code, name, category, _SEVERITIES[severity], message,
                       _position(so, sl, sc), _position(eo, el, ec), fix,
                       tuple(map(related_of, related)) if related else (), data or {})


def from_rows(rows: Sequence[Sequence[Any]], path: str,
              related_of: Callable[[Sequence[Any]], Related] = _related_of) -> tuple[Diagnostic, ...]:
    return tuple(map(from_row, rows, repeat(path), repeat(related_of)))


class StoredFindings(Sequence[Diagnostic]):
    """A file's findings kept as rows, read as a tuple of records (built on first use).

    It compares, hashes, adds and prints as that tuple does, so code that reads a result's
    findings need not know how they are kept.
    """

    __slots__ = ("rows", "path", "_related_of", "_records")

    def __init__(self, rows: Sequence[Row], path: str,
                 related_of: Callable[[Sequence[Any]], Related] = _related_of) -> None:
        self.rows = tuple(rows)
        self.path = path
        self._related_of = related_of
        self._records: tuple[Diagnostic, ...] | None = None

    def records(self) -> tuple[Diagnostic, ...]:
        if self._records is None:
            self._records = from_rows(self.rows, self.path, self._related_of)
        return self._records

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @overload
    def __getitem__(self, i: int) -> Diagnostic: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Diagnostic, ...]: ...
    def __getitem__(self, i: int | slice) -> Diagnostic | tuple[Diagnostic, ...]:
        return self.records()[i]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.records())

    def __add__(self, other: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        return self.records() + tuple(other)

    def __radd__(self, other: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        return tuple(other) + self.records()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredFindings):
            return self.records() == other.records()
        if isinstance(other, tuple):
            return self.records() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.records())

    def __repr__(self) -> str:
        return repr(self.records())

    def __reduce__(self) -> tuple[Any, ...]:
        return StoredFindings, (self.rows, self.path)


def rows_of(found: Sequence[Diagnostic], path: str, shared: Callable[[str, str], str] = _same) -> list[Row]:
    """The rows of ``found`` kept with ``path`` (see :func:`to_row`): taken as they are when
    ``found`` holds them."""
    if isinstance(found, StoredFindings) and found.path == path:
        return list(found.rows) if shared is _same else [share_strings(r, shared) for r in found.rows]
    return [to_row(d, path, shared) for d in found]


# ---------------------------------------------------------------------------------------------
# What runs read of their findings, from rows or from records alike.


def briefs(found: Sequence[Diagnostic]) -> Iterable[tuple[str, int, int, str, int | None, str]]:
    """What the one-line format prints of each finding: (path, line, column, code, the
    applicability of its fix or None, message), as plain tuples (made by the 100,000)."""
    if isinstance(found, StoredFindings) and found._records is None:
        path = found.path
        return [(path if where is None else where, line, column, code, None if fix is None else fix[0], message)
                for where, line, column, code, fix, message in map(_brief_fields, found.rows)]
    return [(d.path, d.start.line, d.start.column, d.code, None if d.fix is None else d.fix.applicability,
             d.message) for d in found]


class Tally(NamedTuple):
    safe: int  # findings with a safe fix
    unsafe: int  # findings with an unsafe fix
    worst: int  # the highest severity, 0 for none


def tally(found: Sequence[Diagnostic]) -> Tally:
    if isinstance(found, StoredFindings) and found._records is None:
        rows = found.rows
        applicabilities = list(map(_first, filter(None, map(_fix_of, rows))))
        worst = max(map(_severity_of, rows), default=0)
    else:
        applicabilities = [d.fix.applicability for d in found if d.fix is not None]
        worst = max([d.severity for d in found], default=0)
    return Tally(applicabilities.count(Applicability.SAFE), applicabilities.count(Applicability.UNSAFE), worst)


def has_internal_error(found: Sequence[Diagnostic]) -> bool:
    """An internal error among ``found`` (unreadable file, crashed rule, rejected fix)."""
    if isinstance(found, StoredFindings) and found._records is None:
        rows = found.rows
        if not rows or max(map(_severity_of, rows)) < Severity.ERROR:  # the common case, in C
            return False
        return any(r[_SEVERITY_AT] >= Severity.ERROR and r[_DATA].get("internal") for r in rows if r[_DATA])
    return any(d.severity >= Severity.ERROR and d.data.get("internal") for d in found if d.data)


def _row_key(path: str) -> Callable[[Row], tuple[Any, ...]]:
    return lambda r: (path if r[_WHERE] is None else r[_WHERE], r[_START], r[_END], r[_CODE])


def merge_sorted(found: Sequence[Diagnostic], more: Sequence[Diagnostic]) -> Sequence[Diagnostic]:
    """``found`` and ``more`` in one sequence in ``Diagnostic.sort_key`` order (a stable sort,
    ``found`` first among equals). When ``found`` is kept as rows, the two are merged as rows
    (the few cross-file findings of ``more`` turned into rows, not the file's own into records)."""
    if isinstance(found, StoredFindings) and found._records is None:
        path = found.path
        related_of = more._related_of if isinstance(more, StoredFindings) else found._related_of
        rows = found.rows + tuple(rows_of(more, path))
        order = _here_key if set(map(_where_of, rows)) == {None} else _row_key(path)
        return StoredFindings(sorted(rows, key=order), path, related_of)
    return tuple(sorted(tuple(found) + tuple(more), key=SORT_KEY))
