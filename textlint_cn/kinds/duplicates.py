"""The ``duplicate-block`` check kind: paragraphs and sections repeated inside one document.

It runs the corpus machinery (:mod:`textlint_cn.dedup`) on the one document: exact copies
after normalisation first, MinHash and exact Jaccard only for near copies. The analysis is
computed once per document and option set (``doc.memo``) and shared by the paragraph and the
section rule. A cluster of copies is reported once, at the second copy, with every other copy
in ``related``; the (unsafe) fix removes every copy but the first, with its line break. It is
offered only from ``fix-min-similarity`` (default 0.9): removing a copy that is only 70 % the
same would lose the other 30 %.

Copies across files are the runner's job (``duplicate-across-files``); this kind yields nothing
for the options ``unit = "corpus"``.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from itertools import accumulate
from typing import TYPE_CHECKING, Iterable

import regex

from ..diagnostics import Edit, Fix, Related, Violation
from ..document import Document
from ..ruleset import Rule
from .structure import BLANK_CHARS, structure

if TYPE_CHECKING:
    from ..dedup import DedupOptions
    from ..dedup.extract import DocUnits

__all__ = ["corpus_units", "duplicate_blocks", "removal_span", "units_key"]

_BREAK = re.compile(r"\r\n|\r|\n")
_MEMO = "duplicates:{threshold}:{min_chars}:{sections}"
_SMALLEST = 2  # a document needs at least this many passages to hold a copy


_VISIBLE = re.compile(f"[^{re.escape(BLANK_CHARS)}\r\n]")


def _blank(text: str, a: int, b: int) -> bool:
    """Only spaces and line breaks in ``text[a:b]`` (stops at the first visible character)."""
    return _VISIBLE.search(text, a, b) is None


def _line_start(text: str, offset: int, cr: bool = True) -> int:
    nl = text.rfind("\n", 0, offset)
    return max(nl, text.rfind("\r", nl + 1, offset) if cr else -1) + 1


def removal_span(text: str, start: int, end: int, cr: bool | None = None) -> tuple[int, int]:
    """What to delete to remove the passage ``text[start:end]``: its whole lines and line break,
    and the blank lines after it when it stood between blank lines, so no gap is left.
    ``cr``: whether the text holds carriage returns (computed when not given)."""
    cr = "\r" in text if cr is None else cr
    a = _line_start(text, start, cr)
    m = _BREAK.search(text, end)
    if m is None:  # the last line: take the break (and blank lines) before it instead
        while a > 0:
            brk = a - 2 if text[a - 2:a] == "\r\n" else a - 1
            prev = _line_start(text, brk, cr)
            if not _blank(text, prev, brk):
                return brk, len(text)
            a = prev
        return 0, len(text)
    b = m.end()
    if _blank(text, b, len(text)):  # nothing follows: take the blank lines before it, keep the last break
        while a > 0:
            brk = a - 2 if text[a - 2:a] == "\r\n" else a - 1
            prev = _line_start(text, brk, cr)
            if prev == 0 or not _blank(text, prev, brk):
                break
            a = prev
        return a, len(text) if _blank(text, b, len(text)) and a < b else b
    brk = a - 2 if text[a - 2:a] == "\r\n" else a - 1
    if a == 0 or _blank(text, _line_start(text, brk, cr), brk):
        while True:
            nxt = _BREAK.search(text, b)
            if nxt is None or not _blank(text, b, nxt.start()):
                break
            b = nxt.end()
    return a, b


_LETTERS_ONLY = regex.compile(r"[^\p{Han}\p{L}\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+|[xX×]+")
_GRAM = 5
_PRETEST_UP_TO = 100_000  # characters: past this, the analysis is about as cheap


def may_hold_copies(text: str, threshold: float, min_chars: int) -> bool:
    """A cheap test that rules copies out, so most documents never load the MinHash machinery.

    A passage and its copy, at similarity ``threshold``, share at least that fraction of their
    5-grams; so some line of the first copy has about that share of its 5-grams repeated
    further on. Letters only are compared (a coarser key than the engine's, so what it counts
    as a copy passes here too), and 5-grams run across line breaks, so re-wrapping does not
    hide a copy. False only when no line could belong to a copy.

    Counted in numpy when it is loaded already (a folder run, where the cross-file rule uses
    it), in plain Python otherwise: importing numpy costs a one-file run more than the test.
    """
    if len(text) > _PRETEST_UP_TO:
        return True
    cleaned = _LETTERS_ONLY.sub("", text).splitlines()  # line breaks kept, so the lines are text's
    flat = "".join(cleaned)
    if len(flat) - _GRAM + 1 < 2:
        return False
    count = _repeats_numpy if "numpy" in sys.modules else _repeats_python
    repeated = count(flat)
    if repeated is None:
        return False  # no 5-gram occurs twice
    need = max(0.3, threshold - 0.2)
    least = max(3, min(8, min_chars // 6))
    start, grams = 0, len(repeated) - 1
    for line in cleaned:
        end = min(start + len(line), grams)
        if end - start >= least and repeated[end] - repeated[start] >= need * (end - start):
            return True
        start += len(line)
    return False


def _repeats_python(flat: str) -> list[int] | None:
    """``repeated[j]``: how many of the first ``j`` 5-grams of ``flat`` occur elsewhere too (a
    running count), or None when none does."""
    grams = [flat[j:j + _GRAM] for j in range(len(flat) - _GRAM + 1)]
    counts = Counter(grams)
    if len(counts) == len(grams):
        return None
    return [0, *accumulate(counts[g] > 1 for g in grams)]


def _repeats_numpy(flat: str) -> list[int] | None:
    """:func:`_repeats_python` over hashed 5-grams: a collision can only make a 5-gram look
    repeated, so it can cost time, never hide a copy."""
    import numpy as np

    count = len(flat) - _GRAM + 1
    points = np.frombuffer(flat.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    grams = points[:count].copy()
    for k in range(1, _GRAM):
        grams *= np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it mixes every bit in
        grams += points[k:k + count]
    _, inverse, counts = np.unique(grams, return_inverse=True, return_counts=True)
    if len(counts) == count:
        return None
    return np.concatenate(([0], np.cumsum(counts[inverse] > 1))).tolist()  # type: ignore[no-any-return]


def _options(rule: Rule) -> DedupOptions:
    from ..dedup import DedupOptions

    return DedupOptions.from_rule(
        {k: v for k, v in rule.options.items() if k in ("threshold", "min-chars", "sections")})


def units_key(options: DedupOptions) -> str:
    """The memo key of a document's passages: every option they depend on (not the threshold,
    which only the clustering reads), so DU001/DU002 and DU003 share them when these agree."""
    o = options
    return f"duplicates.units:{(o.ngram, o.short_ngram, o.short_chars, o.num_perm, o.bands, o.rows, o.min_chars, o.sections, o.seed)}"


def corpus_units(doc: Document, options: DedupOptions) -> DocUnits:
    """``doc``'s passages with every paragraph's band keys, as DU003 compares them across files,
    memoised on the document: a folder run extracts them before the lint, and the in-document
    rules then read their copies from them instead of extracting again. The n-gram hashes (16
    bytes a character) are not kept: the few documents with candidate pairs hash their shingles
    again."""
    from ..dedup.extract import finish, prepare

    def compute() -> DocUnits:
        return finish([prepare(doc.path, doc.text, options, structure(doc))], options)[0]

    return doc.memo(units_key(options), compute)  # type: ignore[no-any-return]


def _analysis(doc: Document, options: DedupOptions):  # type: ignore[no-untyped-def]
    from ..dedup.cluster import UnitTable, find_clusters, may_pair
    from ..dedup.extract import extract

    def compute():  # type: ignore[no-untyped-def]
        units = doc.meta.get(units_key(options))  # extracted for DU003 already (a folder run)
        if units is None:  # only the paragraphs that share a band with another get a signature
            units = extract(doc.path, doc.text, options, structure(doc))
        if len(units) < _SMALLEST or not may_pair(units):
            return []
        hashes = units.hashes or {}
        return find_clusters(UnitTable.of(units), lambda _doc: units.codes, options,
                             lambda _doc, n: hashes.get(n))

    key = _MEMO.format(threshold=options.threshold, min_chars=options.min_chars, sections=options.sections)
    return doc.memo(key, compute)


def duplicate_blocks(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Repeated paragraphs (``unit = "paragraph"``) or sections and runs of paragraphs (``"section"``)."""
    unit = rule.option("unit") or "paragraph"
    if unit == "corpus" or len(doc.text) < (rule.option("min-chars") or 50) * 2:
        return
    from ..dedup.report import describe

    threshold = float(rule.option("threshold") or 0.7)
    min_chars = int(rule.option("min-chars") or 50)
    options = _options(rule)
    if units_key(options) not in doc.meta and not doc.memo(
            f"duplicates-possible:{threshold}:{min_chars}", lambda: may_hold_copies(doc.text, threshold, min_chars)):
        return  # the pretest spares a document without copies the extraction (not needed once done)
    text = doc.text
    cr = "\r" in text
    for c in _analysis(doc, options):
        if c.kind != unit:
            continue
        first, second = c.members[0], c.members[1]
        line = doc.lines.position(first.start).line
        noun = "paragraph" if unit == "paragraph" else "section"
        copies = f"{len(c.members)} copies, " if len(c.members) > 2 else ""
        message = f"{noun} repeats line {line} ({copies}{describe(c)})"
        related = tuple(
            Related(doc.path, doc.lines.position(m.start), doc.lines.position(m.end),
                    "first copy" if i == 0 else "another copy")
            for i, m in enumerate(c.members) if i != 1
        )
        spans = sorted(removal_span(text, m.start, m.end, cr) for m in c.members[1:])
        merged: list[list[int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        fix = None
        if rule.spec.fix is not None and c.similarity >= (rule.option("fix-min-similarity") or 0.0):
            title = "remove the later copy" if len(c.members) == 2 else "remove the later copies"
            fix = Fix(tuple(Edit(a, b) for a, b in merged), rule.spec.fix, rule.spec.fix_title or title)
        yield Violation(second.start, second.end, message, fix, related,
                        data={"cluster": c.id, "similarity": c.similarity, "size": c.size,
                              "copies": len(c.members)})
