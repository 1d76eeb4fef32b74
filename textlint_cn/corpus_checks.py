"""Checks that look at all files of a run together: duplicates across files (DU003).

In a plain lint run every worker extracts the passages of the documents it lints
(:func:`document_passages`) and the parent only clusters them (:class:`Passages`), so the
expensive half runs in parallel with the rest of the lint and nothing is read twice. Other runs
(fixes, JSON-lines corpora, a partly cached folder, a Ray cluster) stream the documents once
through the duplicate finder afterwards and read again only the files that hold a copy (to
place line and column). The rule is raised here rather than per file, so it never runs when
only one document is checked.
"""
from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from .config import Settings
from .diagnostics import Diagnostic, Position
from .document import Document
from .engine import diagnostic_at
from .files import is_corpus
from .lines import LineIndex
from .reading import iter_texts
from .ruleset import Rule

if TYPE_CHECKING:
    from .dedup import DedupOptions

CROSS_FILE_RULE = "duplicate-across-files"
_log = logging.getLogger("textlint_cn")
_PARALLEL_FROM = 16_000_000  # bytes: below this, starting worker processes costs more than it saves


def cross_file_options(paths: Sequence[str], rules: Sequence[Rule], ray_address: str | None = None,
                       jobs: int = 1, note: bool = True) -> DedupOptions | None:
    """The duplicate finder's options for DU003 over ``paths``, or None when it does not run:
    the rule is off, one plain document is checked, the dedup extra is missing, or the run is
    over the rule's ``max-bytes`` (logged when ``note``). ``jobs``: worker processes for the
    local engine (0: one per CPU), used for runs over more than 16 MB, in batches of two million
    characters."""
    rule = _rule(rules)
    if rule is None or not paths:
        return None
    if len(paths) == 1 and not is_corpus(paths[0]):
        return None  # one document: its copies are DU001's and DU002's
    try:
        from .dedup import DedupOptions
    except ImportError:  # the dedup extra is not installed
        return None
    total = _total_bytes(paths)
    limit = rule.option("max-bytes")
    if not ray_address and limit is not None and total > int(limit):
        if not note:
            return None
        _log.warning("textlint: note: %s (%s) not checked: the run holds %s MB, over its max-bytes (%s MB); "
                     "`textlint dedup` or --ray-address compare corpora of any size",
                     rule.code, rule.spec.name, f"{total / 1e6:,.1f}", f"{int(limit) / 1e6:,.1f}")
        return None
    overrides: dict[str, object] = {}
    if rule.option("threshold") is not None:
        overrides["threshold"] = float(rule.option("threshold"))
    if rule.option("min-chars") is not None:
        overrides["min_chars"] = int(rule.option("min-chars"))
    if ray_address:
        overrides.update(engine="ray", ray_address=ray_address)
    elif jobs != 1 and total > _PARALLEL_FROM:
        overrides.update(jobs=jobs, batch_chars=2_000_000)
    return DedupOptions(**overrides)


def document_passages(doc: Document, options: DedupOptions) -> tuple[Any, LineIndex]:
    """One document's share of DU003, computed where the document is linted (a worker), so
    the run neither reads it again nor extracts its passages in one process: its passages
    (sharing the structure with the lint, and with DU001/DU002, which read their copies from
    them when computed first) and its line index, to place copies later."""
    from .kinds.duplicates import corpus_units

    return corpus_units(doc, options), doc.lines


class Passages:
    """Every document's passages, added in the run's path order as the workers return them.

    Documents go into the duplicate finder's table as they come (its keys spill to disk past
    a limit, as in a corpus run); what is kept per document besides is its line index.
    """

    def __init__(self, options: DedupOptions) -> None:
        from .dedup.corpus import TableBuilder

        self.options = options
        self._builder = TableBuilder(options)
        self._lines: dict[str, LineIndex] = {}

    def add(self, units: Any, lines: LineIndex) -> None:
        self._builder.add(units)
        self._lines[units.path] = lines

    def clusters(self) -> list[Any]:
        from .dedup.cluster import find_clusters

        try:
            return find_clusters(self._builder.table(), self._builder.codes.get, self.options)
        finally:
            self._builder.codes.close()

    def lines(self, path: str) -> LineIndex | None:
        return self._lines.get(path)


def cross_file_diagnostics(paths: Sequence[str], rules: Sequence[Rule], settings: Settings,
                           ray_address: str | None = None, jobs: int = 1,
                           passages: Passages | None = None) -> Mapping[str, list[Diagnostic]]:
    """DU003 for every file of the run: from the ``passages`` the workers extracted when given,
    else by streaming every document through the duplicate finder (see :func:`cross_file_options`)."""
    rule = _rule(rules)
    if rule is None:
        return {}
    if passages is not None:
        clusters, lines = passages.clusters(), passages.lines
    else:
        options = cross_file_options(paths, rules, ray_address, jobs)
        if options is None:
            return {}
        from .dedup import find_duplicates

        clusters = find_duplicates(iter_texts(paths, settings), options=options)
        lines = _reader(clusters, paths, settings)
    from .dedup import cross_file_violations

    def position(path: str, offset: int) -> Position:
        index = lines(path)
        return index.position(offset) if index else Position(offset, 1, offset + 1)

    out: dict[str, list[Diagnostic]] = {}
    for path, violations in cross_file_violations(clusters, position).items():
        index = lines(path)
        if index is None:
            continue
        out[_result_key(path)] = [diagnostic_at(path, index, rule, v) for v in violations]
    return out


def _rule(rules: Sequence[Rule]) -> Rule | None:
    return next((r for r in rules if r.spec.name == CROSS_FILE_RULE), None)


def _reader(clusters: Sequence[Any], paths: Sequence[str], settings: Settings) -> Callable[[str], LineIndex | None]:
    """Line indexes of the documents that hold a copy across files, read again (only those)."""
    wanted = {m.path for c in clusters if c.across_files for m in c.members}
    if not wanted:
        return lambda _path: None
    found = {name: Document(text, name).lines for name, text in iter_texts(paths, settings) if name in wanted}
    return found.get


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
