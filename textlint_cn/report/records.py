"""The report's input: the JSON records ``textlint --format json`` (or ``json-lines``) emits.

A report built from a run converts the run's results to these records first, so a report from
``--from-json`` and one from a run are built from exactly the same data.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from ..diagnostics import Diagnostic


class RecordError(Exception):
    """The input is not what ``textlint --format json`` writes; the message names the input."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One record: the diagnostic and the per-document figures the CLI attached to it."""

    diagnostic: Diagnostic
    document: Mapping[str, Any] = field(default_factory=dict)

    @property
    def internal(self) -> bool:
        return bool(self.diagnostic.data.get("internal"))


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A file the run looked at, with or without findings (known only when the report ran the linter)."""

    path: str
    chars: int
    encoding: str | None


def records_from_results(results: Iterable[Any]) -> list[dict[str, Any]]:
    """Run results as the JSON records the CLI prints."""
    from ..formats.jsonfmt import records

    return records(list(results))


def checked_from_results(results: Iterable[Any]) -> list[CheckedFile]:
    return [CheckedFile(r.path, int(r.stats.get("chars", 0)), r.stats.get("encoding"))
            for r in results if r.stats]


def parse_json_text(text: str, name: str) -> list[dict[str, Any]]:
    """A JSON array of records, or JSON lines with one record a line; empty input is no records."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        return []
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except ValueError as exc:
            raise RecordError(f"{name}: not valid JSON: {exc}") from None
        if not isinstance(data, list):
            raise RecordError(f"{name}: expected a JSON array of diagnostics")
        return data
    if stripped.startswith("{") and "\n" in stripped.strip():
        try:
            whole = json.loads(stripped)
        except ValueError:
            whole = None
        if isinstance(whole, dict):
            raise RecordError(f"{name}: {_what_else(whole)}; the report reads `textlint --format json` "
                              "(or json-lines) output")
    out = []
    for number, line in enumerate(stripped.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except ValueError as exc:
            hint = " (is this `textlint --format json` output?)" if number == 1 else ""
            raise RecordError(f"{name}: line {number} is not valid JSON: {exc}{hint}") from None
    return out


def _what_else(data: Mapping[str, Any]) -> str:
    if "runs" in data:
        return "this is SARIF output"
    if "rules" in data and "documents" in data:
        return "this is --statistics output"
    return "a single JSON object spread over several lines"


def to_findings(raw: Sequence[Any], name: str) -> list[Finding]:
    """Validate records into findings; the first bad record is named with its position."""
    findings = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise RecordError(f"{name}: record {index} is not a JSON object")
        try:
            diagnostic = Diagnostic.from_dict(item)
        except KeyError as exc:
            raise RecordError(f"{name}: record {index} has no {exc.args[0]!r} field") from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise RecordError(f"{name}: record {index} is not a textlint diagnostic: {exc}") from None
        problem = _shape_problem(item, diagnostic)
        if problem:
            raise RecordError(f"{name}: record {index}: {problem}")
        document = item.get("document") or {}
        if not isinstance(document, dict):
            raise RecordError(f"{name}: record {index}: 'document' must be an object")
        findings.append(Finding(diagnostic, document))
    return findings


def _shape_problem(item: Mapping[str, Any], d: Diagnostic) -> str | None:
    """What is wrong with a record's field types, if anything (a hot path: plain type checks)."""
    for key in ("path", "code", "name", "category", "message"):
        if type(item[key]) is not str:
            return f"{key!r} must be a string"
    positions = (d.start, d.end, *(p for r in d.related for p in (r.start, r.end))) if d.related else (d.start, d.end)
    for p in positions:
        o, line, col = p.offset, p.line, p.column
        if type(o) is not int or type(line) is not int or type(col) is not int or o < 0 or line < 0 or col < 0:
            return "positions need whole-number offset, line and column"
    if not isinstance(d.data, Mapping):
        return "'data' must be an object"
    return None
