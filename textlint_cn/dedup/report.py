"""What clusters become: ``textlint dedup`` JSON lines and diagnostics that point at the other copy."""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Mapping

from ..diagnostics import Position, Related, Violation
from .model import Cluster

__all__ = ["dedup_records", "cross_file_violations", "describe"]


def dedup_records(clusters: Iterable[Cluster]) -> Iterator[dict]:
    """One JSON-ready record per cluster: ``{"cluster", "similarity", "size", "members"}``.

    ``members`` is a list of ``{"path", "start", "end"}`` (code-point offsets), first copy first.
    """
    for c in clusters:
        yield {
            "cluster": c.id,
            "similarity": c.similarity,
            "size": c.size,
            "members": [{"path": m.path, "start": m.start, "end": m.end} for m in c.members],
        }


def describe(c: Cluster) -> str:
    """``similarity 0.97, 1,234 chars`` (``identical after normalisation`` at 1.0)."""
    sim = "identical after normalisation" if c.similarity >= 1.0 else f"similarity {c.similarity:.2f}"
    return f"{sim}, {c.size:,} chars"


def cross_file_violations(
    clusters: Iterable[Cluster],
    position: Callable[[str, int], Position],
) -> Mapping[str, list[Violation]]:
    """Violations for copies in other files, by path: the runner's half of ``duplicate-across-files``.

    Every copy but the first of a cluster that spans two or more files gets one violation whose
    ``related`` lists all the other copies (path and span), so a user can jump between them;
    clusters inside one file are left to the in-document rules. ``position(path, offset)``
    gives line and column (``Document.lines.position`` of that file). No fix is offered:
    which copy to keep across files is the user's call.
    """
    out: dict[str, list[Violation]] = {}
    for c in clusters:
        if not c.across_files:
            continue
        first = c.members[0]
        # Each copy's location once (a cluster of k copies lists k - 1 others in each of k - 1
        # findings: placing them per finding was most of the cross-file pass on big clusters).
        copies = [Related(o.path, position(o.path, o.start), position(o.path, o.end),
                          "first copy" if j == 0 else "another copy") for j, o in enumerate(c.members)]
        loc = copies[0].start
        summary = f"({len(c.members)} copies, {describe(c)})"
        for i, m in enumerate(c.members):
            if i == 0:
                continue
            related = tuple(copies[:i] + copies[i + 1:])
            where = first.path if first.path != m.path else "this file"
            msg = f"{c.kind} copied from {where}:{loc.line} {summary}"
            out.setdefault(m.path, []).append(Violation(
                m.start, m.end, msg, related=related,
                data={"cluster": c.id, "similarity": c.similarity, "size": c.size, "copies": len(c.members)},
            ))
    return out
