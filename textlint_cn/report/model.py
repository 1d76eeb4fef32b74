"""What the report shows, computed from the findings: totals, per-file density, clusters, encodings.

Everything here is plain data; reading files for context and writing HTML happen elsewhere.
Engine findings (unreadable or skipped files, failed rules) are listed apart and do not count
as artifacts.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .._types import CATEGORIES, Severity
from ..diagnostics import Diagnostic
from .records import CheckedFile, Finding

_CORPUS_RECORD = re.compile(r"^(?P<file>.+\.(?:jsonl|ndjson)):(?P<record>[0-9]+)$")


def split_record_path(path: str) -> tuple[str, int | None]:
    """``corpus.jsonl:12`` is record 12 of ``corpus.jsonl``; any other path is a file of its own."""
    m = _CORPUS_RECORD.match(path)
    if m:
        return m.group("file"), int(m.group("record"))
    return path, None


@dataclass
class FileSummary:
    """One file of the run (a JSON-lines corpus counts as one file)."""

    path: str
    chars: int | None = None
    encoding: str | None = None
    redactions: int = 0
    findings: list[Diagnostic] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # engine findings: unreadable, skipped
    by_category: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return len(self.findings)

    @property
    def density(self) -> float | None:
        """Findings per 10,000 characters."""
        if not self.chars:
            return None
        return self.count * 10000 / self.chars


@dataclass(frozen=True, slots=True)
class RuleTotal:
    code: str
    name: str
    category: str
    severity: str
    count: int
    files: int
    fixable: int
    unsafe: int


@dataclass(frozen=True, slots=True)
class CategoryTotal:
    category: str
    count: int
    files: int
    fixable: int


@dataclass(frozen=True, slots=True)
class Member:
    """One copy in a duplicate cluster: a file and its line range."""

    path: str
    start_line: int
    end_line: int
    start_offset: int
    end_offset: int


@dataclass(frozen=True, slots=True)
class Cluster:
    key: str
    members: tuple[Member, ...]
    similarity: float | None
    size: int | None
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportModel:
    files: tuple[FileSummary, ...]  # every file known, densest first
    categories: tuple[CategoryTotal, ...]
    rules: tuple[RuleTotal, ...]
    clusters: tuple[Cluster, ...]
    encodings: tuple[tuple[str, int, int], ...]  # encoding, files, characters
    problems: tuple[Diagnostic, ...]  # engine findings
    total_findings: int
    total_chars: int
    severities: Counter[str]
    fixable: int
    unsafe: int
    checked_known: bool  # the run's full file list is known (not only files with findings)

    @property
    def files_with_findings(self) -> list[FileSummary]:
        return [f for f in self.files if f.count]

    @property
    def density(self) -> float | None:
        return self.total_findings * 10000 / self.total_chars if self.total_chars else None

    @property
    def redactions(self) -> int:
        return sum(f.redactions for f in self.files)

    @property
    def failed(self) -> bool:
        return any(d.severity >= Severity.ERROR for d in self.problems)


def _sort_key(f: FileSummary) -> tuple[float, int, str]:
    return (-(f.density if f.density is not None else -1.0), -f.count, f.path)


def build_model(findings: Sequence[Finding], checked: Iterable[CheckedFile] | None = None) -> ReportModel:
    files: dict[str, FileSummary] = {}
    for c in checked or ():
        files[c.path] = FileSummary(c.path, c.chars, c.encoding)
    for item in findings:
        d = item.diagnostic
        name, _ = split_record_path(d.path)
        f = files.get(name)
        if f is None:
            f = files[name] = FileSummary(name)
        doc = item.document
        if f.chars is None and isinstance(doc.get("chars"), int):
            f.chars = doc["chars"]
        if f.encoding is None and isinstance(doc.get("encoding"), str):
            f.encoding = doc["encoding"]
        if item.internal:
            f.problems.append(d)
            continue
        f.findings.append(d)
        f.by_category[d.category] += 1
        f.by_rule[d.code] += 1
        if d.category == "redaction":
            f.redactions += 1
    ordered = tuple(sorted(files.values(), key=_sort_key))
    real = [d for f in ordered for d in f.findings]
    return ReportModel(
        files=ordered,
        categories=_category_totals(ordered),
        rules=_rule_totals(ordered),
        clusters=tuple(clusters_of(real)),
        encodings=_encodings(ordered),
        problems=tuple(d for f in ordered for d in f.problems),
        total_findings=len(real),
        total_chars=sum(f.chars or 0 for f in ordered),
        severities=Counter(str(d.severity) for d in real),
        fixable=sum(1 for d in real if _fix(d) == "SAFE"),
        unsafe=sum(1 for d in real if _fix(d) == "UNSAFE"),
        checked_known=checked is not None,
    )


def _fix(d: Diagnostic) -> str | None:
    return d.fix.applicability.name if d.fix is not None else None


def _category_totals(files: Sequence[FileSummary]) -> tuple[CategoryTotal, ...]:
    count: Counter[str] = Counter()
    touched: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    for f in files:
        for cat, n in f.by_category.items():
            count[cat] += n
            touched[cat] += 1
        for d in f.findings:
            if _fix(d) == "SAFE":
                fixable[d.category] += 1
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return tuple(CategoryTotal(c, count[c], touched[c], fixable[c])
                 for c in sorted(count, key=lambda c: (-count[c], order.get(c, 99), c)))


def _rule_totals(files: Sequence[FileSummary]) -> tuple[RuleTotal, ...]:
    first: dict[str, Diagnostic] = {}
    count: Counter[str] = Counter()
    touched: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    unsafe: Counter[str] = Counter()
    for f in files:
        for code in f.by_rule:
            touched[code] += 1
        for d in f.findings:
            first.setdefault(d.code, d)
            count[d.code] += 1
            kind = _fix(d)
            if kind == "SAFE":
                fixable[d.code] += 1
            elif kind == "UNSAFE":
                unsafe[d.code] += 1
    return tuple(
        RuleTotal(code, first[code].name, first[code].category, str(first[code].severity), count[code],
                  touched[code], fixable[code], unsafe[code])
        for code in sorted(count, key=lambda c: (-count[c], c))
    )


def _encodings(files: Sequence[FileSummary]) -> tuple[tuple[str, int, int], ...]:
    n: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for f in files:
        key = f.encoding or "not read"
        n[key] += 1
        chars[key] += f.chars or 0
    return tuple((enc, n[enc], chars[enc]) for enc in sorted(n, key=lambda e: (-n[e], e)))


# ---------------------------------------------------------------------------------------------
# Duplicate clusters


def _member(path: str, start: object, end: object) -> Member:
    return Member(path, start.line, end.line, start.offset, end.offset)  # type: ignore[attr-defined]


def _member_key(m: Member) -> tuple[str, int, int]:
    return (m.path, m.start_offset, m.end_offset)


def clusters_of(findings: Iterable[Diagnostic]) -> list[Cluster]:
    """Duplicate findings grouped into clusters: by ``data["cluster"]`` when the rule gives one,
    otherwise by joining every copy with the copies it names as related."""
    parent: dict[Member, Member] = {}

    def find(m: Member) -> Member:
        parent.setdefault(m, m)
        while parent[m] != m:
            parent[m] = parent[parent[m]]
            m = parent[m]
        return m

    def union(a: Member, b: Member) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            low, high = sorted((ra, rb), key=_member_key)
            parent[high] = low

    labelled: dict[str, set[Member]] = defaultdict(set)
    info: dict[Member, list[Diagnostic]] = defaultdict(list)
    for d in findings:
        if d.category != "duplicate":
            continue
        own = _member(d.path, d.start, d.end)
        others = [_member(r.path, r.start, r.end) for r in d.related]
        info[own].append(d)
        label = d.data.get("cluster")
        if label is not None and not isinstance(label, (dict, list)):
            labelled[str(label)].update([own, *others])
        else:
            find(own)
            for o in others:
                union(own, o)
    groups: dict[str, set[Member]] = {f"#{k}": v for k, v in labelled.items()}
    loose: dict[Member, set[Member]] = defaultdict(set)
    for m in parent:
        loose[find(m)].add(m)
    for root, members in loose.items():
        groups[f"{root.path}:{root.start_line}"] = members
    out = []
    for key, members in groups.items():
        ds = [d for m in members for d in info.get(m, ())]
        sims = [float(d.data["similarity"]) for d in ds if _number(d.data.get("similarity"))]
        sizes = [int(d.data["size"]) for d in ds if _number(d.data.get("size"))]
        out.append(Cluster(key, tuple(sorted(members, key=_member_key)),
                           min(sims) if sims else None, max(sizes) if sizes else None,
                           tuple(sorted({d.code for d in ds}))))
    out.sort(key=lambda c: (-len(c.members), -(c.size or 0), c.key))
    return out


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
