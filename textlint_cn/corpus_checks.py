"""Checks that look at all files of a run together: duplicates across files (DU003).

Per-file results carry no text, so documents are streamed once through the duplicate finder
and read again only for the files that hold a copy (to place line and column). The rule is
raised here rather than per file, so it never runs when only one document is checked.
"""
from __future__ import annotations

import logging
import os
from typing import Mapping, Sequence

from .config import Settings
from .diagnostics import Diagnostic, Position
from .document import Document
from .engine import to_diagnostic
from .files import is_corpus
from .reading import iter_texts
from .ruleset import Rule

CROSS_FILE_RULE = "duplicate-across-files"
_log = logging.getLogger("textlint_cn")
_PARALLEL_FROM = 16_000_000  # bytes: below this, starting worker processes costs more than it saves


def cross_file_diagnostics(paths: Sequence[str], rules: Sequence[Rule], settings: Settings,
                           ray_address: str | None = None, jobs: int = 1) -> Mapping[str, list[Diagnostic]]:
    """DU003 for every file of the run. ``jobs``: worker processes for the local engine (0: one
    per CPU), used for runs over more than 16 MB, in batches of two million characters."""
    rule = next((r for r in rules if r.spec.name == CROSS_FILE_RULE), None)
    if rule is None or not paths:
        return {}
    if len(paths) == 1 and not is_corpus(paths[0]):
        return {}  # one document: its copies are DU001's and DU002's
    try:
        from .dedup import DedupOptions, cross_file_violations, find_duplicates
    except ImportError:  # the dedup extra is not installed
        return {}
    total = _total_bytes(paths)
    limit = rule.option("max-bytes")
    if not ray_address and limit is not None and total > int(limit):
        _log.warning("textlint: note: %s (%s) not checked: the run holds %s MB, over its max-bytes (%s MB); "
                     "`textlint dedup` or --ray-address compare corpora of any size",
                     rule.code, rule.spec.name, f"{total / 1e6:,.1f}", f"{int(limit) / 1e6:,.1f}")
        return {}
    overrides: dict[str, object] = {}
    if rule.option("threshold") is not None:
        overrides["threshold"] = float(rule.option("threshold"))
    if rule.option("min-chars") is not None:
        overrides["min_chars"] = int(rule.option("min-chars"))
    if ray_address:
        overrides.update(engine="ray", ray_address=ray_address)
    elif jobs != 1 and total > _PARALLEL_FROM:
        overrides.update(jobs=jobs, batch_chars=2_000_000)
    clusters = find_duplicates(iter_texts(paths, settings), options=DedupOptions(**overrides))
    wanted = {m.path for c in clusters if c.across_files for m in c.members}
    if not wanted:
        return {}
    docs: dict[str, Document] = {name: Document(text, name) for name, text in iter_texts(paths, settings)
                                 if name in wanted}

    def position(path: str, offset: int) -> Position:
        doc = docs.get(path)
        return doc.lines.position(offset) if doc else Position(offset, 1, offset + 1)

    out: dict[str, list[Diagnostic]] = {}
    for path, violations in cross_file_violations(clusters, position).items():
        doc = docs.get(path)
        if doc is None:
            continue
        out[_result_key(path)] = [to_diagnostic(doc, rule, v) for v in violations]
    return out


def _total_bytes(paths: Sequence[str]) -> int:
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path)
        except OSError:
            pass
    return total


def _result_key(name: str) -> str:
    """Records of a JSON-lines corpus are named ``file.jsonl:LINE``; their result is the file's."""
    head, sep, tail = name.rpartition(":")
    return head if sep and tail.isdigit() and head.endswith((".jsonl", ".ndjson")) else name
