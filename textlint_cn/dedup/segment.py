"""Paragraphs and sections: the passages whose copies are looked for.

A *block* is a run of lines that belong together: a paragraph (running text, with lines that a
broken wrap split joined again), a heading or title line, or another layout line (byline,
note, masthead, table-of-contents entry, markup). A *section* is a heading and its body up to
the next heading of the same or a higher level, ending at its last paragraph. Line kinds come
from :mod:`textlint_cn.kinds.structure`, shared with the layout rules, so a line every other
rule treats as a heading is a heading here too.

Units (what is compared) are paragraphs whose key has at least ``min_chars`` characters and
sections whose paragraphs do: headings, table-of-contents entries and short stock sentences
are never units on their own, so they are never reported as duplicates.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..kinds.structure import (
    BLANK_CHARS, CLOSERS, FINAL_PUNCT, LineKind, Structure, ends_sentence, enumeration, intrinsic_kind,
)
from .normalize import Keyed, char_set

__all__ = ["PARA", "HEAD", "OTHER", "PARAGRAPH", "SECTION", "Segments", "segment", "heading_level"]

PARA, HEAD, OTHER = 0, 1, 2  # block kinds
PARAGRAPH, SECTION = 0, 1  # unit kinds

# Lines longer than this are running text (or an enumerated item carrying text); only shorter
# lines, and lines starting with ``#``, are asked what they are.
_LONG_LINE = 60

# Heading levels: titles and top markdown headings first, then the enumeration families from
# the outside in. Only the order matters: a section runs to the next heading of a level <= its own.
_CHAPTER_LEVEL = {"编": 2, "篇": 2, "部分": 2, "卷": 2, "章": 3, "节": 4}
_FAMILY_LEVEL = {"cn-comma": 5, "cn-paren": 6, "digit-dot": 7, "digit-paren": 8, "circled": 9, "cn-shi": 10}
_OTHER_LEVEL = 11


def heading_level(kind: LineKind, stripped: str) -> int:
    """The level of a heading line (1 is the top), or 0 when the line is not a heading."""
    if kind is LineKind.TITLE:
        return 1
    if kind is LineKind.MARKUP:
        hashes = len(stripped) - len(stripped.lstrip("#"))
        if 1 <= hashes <= 6 and stripped[hashes:hashes + 1] in (" ", "\t", "\u3000"):
            return hashes
        return 0
    if kind is LineKind.HEADING:
        e = enumeration(stripped)
        if e is None:
            return _OTHER_LEVEL
        if e.family == "chapter":
            for suffix, level in _CHAPTER_LEVEL.items():
                if e.marker.endswith(suffix):
                    return level
        return _FAMILY_LEVEL.get(e.family, _OTHER_LEVEL)
    return 0


@dataclass(frozen=True, slots=True)
class Segments:
    """Blocks and units of one document, as parallel arrays (line indexes are 0-based).

    Block ``b`` covers lines ``block_first[b]..block_last[b]``; unit ``u`` covers blocks
    ``unit_b0[u]..unit_b1[u] - 1`` and lines ``unit_first[u]..unit_last[u]``.
    """

    block_kind: np.ndarray  # int8
    block_first: np.ndarray  # int64
    block_last: np.ndarray  # int64
    unit_kind: np.ndarray  # int8: PARAGRAPH or SECTION
    unit_b0: np.ndarray  # int64
    unit_b1: np.ndarray  # int64
    unit_first: np.ndarray  # int64
    unit_last: np.ndarray  # int64

    @property
    def unit_count(self) -> int:
        return len(self.unit_kind)


_FULL_STOP = char_set("。！？!?；;")  # a line ending in one of these is running text
_SENTENCE_END = char_set(FINAL_PUNCT + CLOSERS)
_BLANK = char_set(BLANK_CHARS)


def _line_kinds(text: str, k: Keyed, st: Structure) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Content lines with their block kind, heading level and whether they may run on.

    Long lines and lines ending in a full stop are running text, decided for all lines at once;
    only the rest (headings, titles, bylines, short lines cut mid-sentence) are looked at one
    by one, from their own text, with the structure module's :func:`intrinsic_kind`. Its
    neighbourhood checks cost tens of microseconds a line, too much for every short line of a
    50 MB file, so a heading-like line is taken for a line of a hard-wrapped paragraph on
    cheaper evidence (:func:`_maybe_wrapped`).
    """
    key_len = np.diff(k.line_key)
    raw_len = k.line_end - k.line_start
    lines = np.flatnonzero(key_len > 0)
    first, last = k.line_first[lines], k.line_last[lines]
    trailing_blank = _BLANK(last)
    fast = ~trailing_blank & (((raw_len[lines] > _LONG_LINE) & (first != 0x23)) | _FULL_STOP(last))
    kinds = np.full(len(lines), PARA, dtype=np.int8)
    levels = np.zeros(len(lines), dtype=np.int16)
    open_end = fast & ~_SENTENCE_END(last)
    title_max = st.title_max
    table = _LineTable(text, k.line_start.tolist(), k.line_end.tolist(), key_len.tolist(), raw_len.tolist())
    raw = table.raw_len
    drop: list[int] = []
    runs_on: list[tuple[int, bool]] = []  # (j, open end) of the running-text lines looked at
    heads: list[tuple[int, int]] = []  # (j, level) of the heading and layout lines
    slow = np.flatnonzero(~fast)
    for j, i in zip(slow.tolist(), lines[slow].tolist()):
        stripped = table.stripped(i)
        if raw[i] > _LONG_LINE and stripped[:1] != "#":
            lk = LineKind.BODY
        else:
            lk = intrinsic_kind(stripped, title_max)
            if lk in (LineKind.TITLE, LineKind.HEADING) and _maybe_wrapped(table, i):
                lk = LineKind.BODY  # a line of a hard-wrapped paragraph, not a heading
        if lk is LineKind.BLANK:
            drop.append(j)
            continue
        if lk in (LineKind.BODY, LineKind.ITEM) or (lk is LineKind.LATIN and raw[i] > _LONG_LINE):
            runs_on.append((j, not ends_sentence(stripped)))
        else:
            heads.append((j, heading_level(lk, stripped)))
    if runs_on:
        at, value = zip(*runs_on)
        open_end[list(at)] = value
    if heads:
        at, level = zip(*heads)
        levels[list(at)] = level
        kinds[list(at)] = np.where(np.array(level) > 0, HEAD, OTHER)
    if drop:
        keep = np.ones(len(lines), dtype=bool)
        keep[drop] = False
        lines, kinds, levels, open_end = lines[keep], kinds[keep], levels[keep], open_end[keep]
    return lines, kinds, levels, open_end


@dataclass(frozen=True, slots=True)
class _LineTable:
    """The per-line numbers the line-by-line checks read, as lists: reading a list item costs a
    fraction of reading a numpy element, and a few thousand lines are looked at per megabyte."""

    text: str
    start: list[int]
    end: list[int]
    key_len: list[int]
    raw_len: list[int]

    def stripped(self, i: int) -> str:
        return self.text[self.start[i]:self.end[i]].strip(BLANK_CHARS)


def _maybe_wrapped(table: _LineTable, i: int) -> bool:
    """Does a heading-like line look like one line of a hard-wrapped paragraph?

    Evidence: the line above runs on into it (no blank line, no sentence end, at least as
    long), or the line below is as wide (a column cut at a fixed width), not tiny, and not the
    next entry of a list.
    """
    key_len, raw_len = table.key_len, table.raw_len
    if i > 0 and key_len[i - 1] > 0:
        prev = table.stripped(i - 1)
        if prev and not ends_sentence(prev) and len(prev) >= raw_len[i]:
            here = table.stripped(i)
            # two entries of one list in a row are a list, not a wrapped paragraph
            return enumeration(here) is None or enumeration(prev) is None
    if i + 1 < len(raw_len) and key_len[i + 1] > 0 and raw_len[i] >= 12 and abs(raw_len[i] - raw_len[i + 1]) <= 2:
        return enumeration(table.stripped(i + 1)) is None  # a list of entries is not a wrapped paragraph
    return False


def _continues(text: str, start: list[int], end: list[int], j: int) -> bool:
    """May content line ``j`` continue the paragraph above it (not a list item of its own)?"""
    return enumeration(text[start[j]:end[j]].strip(BLANK_CHARS)) is None


def segment(text: str, k: Keyed, st: Structure, min_chars: int) -> Segments:
    """Blocks, paragraphs and sections of ``text`` (``k`` and ``st`` are its key and structure)."""
    lines, kinds, levels, open_end = _line_kinds(text, k, st)
    n = len(lines)
    # a broken wrap: a paragraph line ending mid-sentence joins the next content line when that
    # one is plain running text (not a heading, not an enumerated item of its own)
    joins = np.zeros(n, dtype=bool)  # joins[j]: line j continues the block of line j - 1
    if n > 1:
        cand = np.flatnonzero(open_end[:-1] & (kinds[:-1] == PARA) & (kinds[1:] == PARA)) + 1
        if len(cand):
            at = lines[cand]
            start, end = k.line_start[at].tolist(), k.line_end[at].tolist()
            joins[cand] = [_continues(text, start, end, j) for j in range(len(cand))]
    starts = np.flatnonzero(~joins)
    ends = np.concatenate((starts[1:], [n]))[:len(starts)] - 1  # no lines: no blocks
    block_kind = kinds[starts]
    block_first = lines[starts].astype(np.int64)
    block_last = lines[ends].astype(np.int64)
    b_level = levels[starts].tolist()
    block_chars = k.line_key[block_last + 1] - k.line_key[block_first] if n else np.zeros(0, dtype=np.int64)
    para_chars = np.where(block_kind == PARA, block_chars, 0)

    u_kind: list[int] = []
    u_b0: list[int] = []
    u_b1: list[int] = []
    paragraphs = np.flatnonzero((block_kind == PARA) & (block_chars >= min_chars))
    u_kind.extend([PARAGRAPH] * len(paragraphs))
    u_b0.extend(paragraphs.tolist())
    u_b1.extend((paragraphs + 1).tolist())

    heads = np.flatnonzero(block_kind == HEAD).tolist()
    if heads:
        # last paragraph block at an index < b, for every b
        is_para = block_kind == PARA
        idx = np.where(is_para, np.arange(len(block_kind)), -1)
        last_para_before = np.concatenate(([-1], np.maximum.accumulate(idx))) if len(idx) else np.array([-1])
        body_prefix = np.concatenate(([0], np.cumsum(para_chars)))
        stack: list[tuple[int, int]] = []

        def close(h: int, end: int) -> None:
            lp = int(last_para_before[end])
            if lp > h and body_prefix[lp + 1] - body_prefix[h] >= min_chars:
                u_kind.append(SECTION)
                u_b0.append(h)
                u_b1.append(lp + 1)

        for h in heads:
            level = b_level[h]
            while stack and stack[-1][0] >= level:
                close(stack.pop()[1], h)
            stack.append((level, h))
        while stack:
            close(stack.pop()[1], len(block_kind))

    unit_b0 = np.array(u_b0, dtype=np.int64)
    unit_b1 = np.array(u_b1, dtype=np.int64)
    return Segments(
        block_kind=block_kind,
        block_first=block_first,
        block_last=block_last,
        unit_kind=np.array(u_kind, dtype=np.int8),
        unit_b0=unit_b0,
        unit_b1=unit_b1,
        unit_first=block_first[unit_b0] if len(unit_b0) else np.zeros(0, dtype=np.int64),
        unit_last=block_last[unit_b1 - 1] if len(unit_b1) else np.zeros(0, dtype=np.int64),
    )
