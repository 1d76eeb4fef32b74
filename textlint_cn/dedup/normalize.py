"""The matching key: what two copies of a passage still share after OCR and scraping.

Copies of one article differ by inserted spaces, punctuation width, re-wrapped lines, a number
redacted to ``xx`` and other surface noise. The key drops whitespace (U+3000 and OCR spaces
included), punctuation and symbols of both widths, format and control characters; folds
full-width letters and digits to ASCII and upper to lower case; and maps every digit run and
every redaction mask (runs of ``x``/``X``/``×``/``*``/``＊``, runs of ``○``/``〇`` before a unit
such as ``年`` or ``项``) to one placeholder ``0``, so ``xx项``, ``12项`` and ``１２项`` agree.
The key is only ever compared, never written back.

The work is table look-ups over the text's code points in numpy (one pass each, no Python
loop over characters): ``regex`` substitution runs at about 20 MB/s on Chinese, this at well
over 100 MB/s, which the in-document rule needs on a 50 MB file. Line feeds are tracked so
that keys line up with the document's lines (ends at ``\\n``, ``\\r\\n`` or ``\\r`` only, as in
``lines.py``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

__all__ = ["KEY_VERSION", "Keyed", "char_set", "keyed", "normalize"]

# Bumped whenever keys change meaning, so stored signatures are never compared across versions.
KEY_VERSION = 1

_DROP = np.uint32(0xFFFFFFFF)
_BREAK = np.uint32(0xFFFFFFFE)
_MASK_X = np.uint32(0x110001)  # x or X: a mask unless it is part of a Latin word
_MASK = np.uint32(0x110002)  # × * ＊: always a mask
_CIRCLE = np.uint32(0x110003)  # ○ 〇: a mask (or zero) before a unit, else kept as 〇
_ZERO = np.uint32(0x30)

# Code point ranges (inclusive) removed from the key: whitespace but the line ends, controls,
# ASCII punctuation but ``*``, Latin-1 punctuation, spacing modifiers and combining marks,
# general punctuation (zero-width and bidi controls included), currency, letterlike, arrows,
# maths, technical, control pictures, enclosed alphanumerics, box drawing, shapes but ``○``,
# dingbats, supplemental punctuation, CJK symbols and punctuation but the iteration and
# numeral marks (U+3005-3007, U+3021-3029, U+3031-3035, U+3038-303C), the katakana middle
# dot, vertical and small forms, the BOM, full-width punctuation and specials.
_DROP_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x09), (0x0B, 0x0C), (0x0E, 0x29), (0x2B, 0x2F), (0x3A, 0x40), (0x5B, 0x60),
    (0x7B, 0x9F), (0xA0, 0xBF), (0xF7, 0xF7), (0x2B0, 0x36F), (0x1680, 0x1680),
    (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x25CA), (0x25CC, 0x2BFF), (0x2E00, 0x2E7F),
    (0x3000, 0x3004), (0x3008, 0x3020), (0x302A, 0x3030), (0x3036, 0x3037), (0x303D, 0x303F),
    (0x30FB, 0x30FB), (0xD800, 0xDFFF), (0xFE10, 0xFE1F), (0xFE30, 0xFE6F), (0xFEFF, 0xFEFF),
    (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65), (0xFFF0, 0xFFFF),
)
# What may follow a ○/〇 run for it to stand for a number: 二○○项 is a count, 二〇二一 a year.
UNITS = "年月日号號项項个個名人次万萬亿億元届屆期批件条條款章节節%％岁歲户戶家所座篇天"


@functools.cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """The code point map (to a key character, a mask class, a break or nothing) and the unit set."""
    table = np.arange(0x110000, dtype=np.uint32)
    table[0xFF01:0xFF5F] = np.arange(0x21, 0x7F, dtype=np.uint32)  # full width to ASCII
    dropped = np.zeros(0x110000, dtype=bool)
    for a, b in _DROP_RANGES:
        dropped[a:b + 1] = True
    dropped[0xFF0A] = False  # ＊ folds to *, a mask
    table[dropped[table]] = _DROP
    upper = (table >= 0x41) & (table <= 0x5A)
    table[upper] += 0x20
    table[(table >= 0x30) & (table <= 0x39)] = _ZERO
    table[table == 0x78] = _MASK_X
    for ch in "*×":
        table[table == ord(ch)] = _MASK
    table[[0x25CB, 0x3007]] = _CIRCLE
    table[[0x0A, 0x0D]] = _BREAK
    units = np.zeros(0x110004, dtype=bool)
    units[[ord(c) for c in UNITS]] = True
    return table, units


class char_set:  # noqa: N801 - used like a function
    """Membership of code points in a set of BMP characters, by table look-up (``np.isin`` costs
    a sort per call, which dominates on the many small arrays of a corpus of short documents)."""

    def __init__(self, chars: str) -> None:
        self.table = np.zeros(0x10001, dtype=bool)
        self.table[[ord(c) for c in chars if ord(c) < 0x10000]] = True

    def __call__(self, codes: np.ndarray) -> np.ndarray:
        return self.table[np.minimum(codes, 0x10000)]


@dataclass(frozen=True, slots=True)
class Keyed:
    """A text's key as code points, with where each line's key and raw content start and end.

    ``codes[line_key[i]:line_key[i + 1]]`` is the key of line ``i`` (0-based);
    ``text[line_start[i]:line_end[i]]`` is its raw content without the line break.
    """

    codes: np.ndarray  # uint32 key code points
    line_key: np.ndarray  # int64, one more than there are lines
    line_start: np.ndarray  # int64 offsets into the text
    line_end: np.ndarray  # int64 offsets into the text (the break excluded)
    line_first: np.ndarray  # uint32 code point of each line's first character (0: empty line)
    line_last: np.ndarray  # uint32 code point of each line's last character (0: empty line)

    @property
    def line_count(self) -> int:
        return len(self.line_start)

    def key(self, first: int = 0, last: int | None = None) -> str:
        """The key of lines ``first`` to ``last`` (inclusive) as a string."""
        last = self.line_count - 1 if last is None else last
        part = self.codes[self.line_key[first]:self.line_key[last + 1]]
        return part.tobytes().decode("utf-32-le")


def _resolve_masks(k: np.ndarray) -> None:
    """Masks to the placeholder ``0`` in place; an ``x`` inside a Latin word stays a letter.

    Only the few positions holding a mask candidate are looked at, run by run.
    """
    _, units = _tables()
    where = np.flatnonzero(k >= _MASK_X)
    if not len(where):
        return
    n = len(k)
    # runs of adjacent candidates of one class
    cls = k[where]
    cut = np.flatnonzero((np.diff(where) != 1) | (np.diff(cls.astype(np.int64)) != 0)) + 1
    for run in np.split(np.arange(len(where)), cut):
        s, e = int(where[run[0]]), int(where[run[-1]]) + 1
        c = cls[run[0]]
        if c == _MASK_X:
            latin = (s > 0 and 0x61 <= k[s - 1] <= 0x7A) or (e < n and 0x61 <= k[e] <= 0x7A)
            k[s:e] = 0x78 if latin else _ZERO
        elif c == _CIRCLE:
            k[s:e] = _ZERO if e < n and units[min(int(k[e]), 0x110003)] else 0x3007
        else:
            k[s:e] = _ZERO


def _segment_counts(flags: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """How many of ``flags`` are set in each segment ``bounds[i]:bounds[i + 1]``."""
    counts = np.zeros(len(bounds) - 1, dtype=np.int64)
    if len(flags) == 0:
        return counts
    starts = bounds[:-1]
    nonempty = bounds[1:] > starts
    if nonempty.any():
        counts[nonempty] = np.add.reduceat(flags.view(np.int8), starts[nonempty], dtype=np.int64)
    return counts


def keyed(text: str) -> Keyed:
    """The key of ``text`` line by line (line breaks fold away inside multi-line passages)."""
    table, _ = _tables()
    raw = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mapped = table[raw]
    is_break = mapped == _BREAK
    if "\r" in text:
        crlf = np.flatnonzero((raw[:-1] == 0x0D) & (raw[1:] == 0x0A))
        is_break[crlf] = False  # CRLF ends the line once, at its LF
        mapped[crlf] = _DROP
    else:
        crlf = np.empty(0, dtype=np.int64)
    ends = np.flatnonzero(is_break)
    line_start = np.concatenate(([0], ends + 1)).astype(np.int64)
    line_end = np.concatenate((ends, [len(raw)])).astype(np.int64)
    if len(crlf):
        at_lf = np.isin(ends, crlf + 1)
        line_end[:-1][at_lf] -= 1
    keep = mapped < _BREAK
    per_line = _segment_counts(keep, np.concatenate((line_start, [len(raw)])))
    k = mapped[keep]
    _resolve_masks(k)
    line_key = np.concatenate(([0], np.cumsum(per_line))).astype(np.int64)
    zero = k == _ZERO
    if zero.any():
        repeat = np.zeros(len(k), dtype=bool)
        repeat[1:] = zero[1:] & zero[:-1]
        starts = line_key[:-1]
        repeat[starts[starts < len(k)]] = False  # a run does not continue across a line break
        if repeat.any():
            line_key[1:] -= np.cumsum(_segment_counts(repeat, line_key))
            k = k[~repeat]
    nonempty = line_end > line_start
    padded = np.concatenate((raw, np.zeros(1, dtype=np.uint32)))
    line_first = np.where(nonempty, padded[line_start], 0).astype(np.uint32)
    line_last = np.where(nonempty, padded[np.maximum(line_end - 1, 0)], 0).astype(np.uint32)
    return Keyed(k, line_key, line_start, line_end, line_first, line_last)


def normalize(text: str) -> str:
    """The matching key of a passage as a string, line breaks folded away.

    >>> normalize("坚决做到“两个维护”， 选优配强支部委\\n员，xx项") == normalize('坚决做到"两个维护",选优配强支部委员,12项')
    True
    """
    return keyed(text).key()
